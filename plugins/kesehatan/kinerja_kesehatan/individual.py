"""Dinas Kesehatan: individual indicators (IKI) per position kind.

``roles`` names the position kinds whose SKP an indicator belongs in: doctors
(``dokter``), midwives (``bidan``), nurses (``perawat``), Puskesmas heads
(``kepala_puskesmas``), and the Dinas staff (``kepala_bidang``, ``kepala_seksi``,
``epidemiolog``). A Puskesmas head is rated on the unit's results (RULES.md §3.1),
so their rows are the unit's SPM, accreditation and IKM.

Shares of a counted group (the midwife's cohort, the records audited) cannot
exceed their denominator; the counts follow the roll-up, as in indicators.py.
"""
from __future__ import annotations

from kinerja_web.rules.types import Ratio

from .rows import (
    AKREDITASI,
    AVERAGE,
    IKM,
    KEPERAWATAN,
    KIA,
    LAPORAN_SPM,
    LAST,
    MAX,
    PELAYANAN,
    PERKESMAS,
    QUALITY,
    QUANTITY,
    REKAM_MEDIS,
    RUJUKAN,
    SKDR,
    SPM,
    SUM,
    TIME,
    iki,
)

DOKTER, BIDAN, PERAWAT, KEPALA_PUSKESMAS = ("dokter",), ("bidan",), ("perawat",), ("kepala_puskesmas",)
STRUKTURAL, EPIDEMIOLOG = ("kepala_bidang", "kepala_seksi"), ("epidemiolog",)

INDIVIDUAL_INDICATORS = (
    #   code, name, unit, aspect, roll-up, default target, source, evidence; roles
    # -- doctors -----------------------------------------------------------------
    iki("DOKTER_PASIEN_DIPERIKSA", "Jumlah pasien yang diperiksa dan ditangani", "pasien", QUANTITY, SUM, 2400,
        PELAYANAN, "Register pelayanan pasien (SIMPUS/e-Puskesmas) atas nama dokter pemeriksa",
        en="Patients examined and treated", roles=DOKTER),
    # the share of the period's referrals that the FKTP should have handled itself: lower is better
    iki("DOKTER_RUJUKAN_NON_SPESIALISTIK", "Persentase rujukan rawat jalan kasus non-spesialistik", "%", QUALITY,
        AVERAGE, 2, RUJUKAN, "Laporan rujukan P-Care BPJS Kesehatan", lower=True,
        en="Outpatient referrals of non-specialist cases (%)", roles=DOKTER,
        ratio=Ratio("rujukan_non_spesialistik", "jumlah_rujukan")),
    iki("DOKTER_REKAM_MEDIS_LENGKAP", "Persentase rekam medis yang diisi lengkap dalam 1×24 jam setelah pelayanan",
        "%", QUALITY, AVERAGE, 100, REKAM_MEDIS, "Hasil audit kelengkapan rekam medis", kind=MAX, required=True,
        en="Medical records completed within 24 hours of care (%)", roles=DOKTER,
        ratio=Ratio("rekam_medis_lengkap", "rekam_medis_diaudit")),
    # -- midwives: her cohort, counted since January ------------------------------
    iki("BIDAN_K6", "Persentase ibu bersalin binaan yang selama hamil mendapat pelayanan antenatal minimal 6 kali "
        "(K6)", "%", QUANTITY, LAST, 100, KIA, "Register kohort ibu dan buku KIA", kind=MAX,
        en="Women in the midwife's care who had at least six antenatal visits (K6, %)", roles=BIDAN,
        ratio=Ratio("ibu_k6", "ibu_bersalin")),
    iki("BIDAN_PERSALINAN", "Jumlah persalinan yang ditolong sesuai standar di fasilitas pelayanan kesehatan",
        "persalinan", QUANTITY, SUM, 48, KIA, "Register persalinan dan partograf", required=True,
        en="Deliveries attended to standard in a health facility", roles=BIDAN),
    iki("BIDAN_KF_LENGKAP", "Persentase ibu nifas binaan yang mendapat kunjungan nifas lengkap (KF1-KF4)", "%",
        QUANTITY, LAST, 90, KIA, "Register kohort ibu (kunjungan nifas) dan buku KIA",
        en="Postpartum women in the midwife's care with all four postnatal visits (%)", roles=BIDAN,
        ratio=Ratio("ibu_nifas_kf_lengkap", "ibu_nifas")),
    # -- nurses ------------------------------------------------------------------
    iki("PERAWAT_ASKEP_LENGKAP", "Persentase dokumentasi asuhan keperawatan yang lengkap", "%", QUALITY, AVERAGE,
        100, KEPERAWATAN, "Hasil audit dokumentasi asuhan keperawatan", kind=MAX,
        en="Nursing care records complete (%)", roles=PERAWAT, ratio=Ratio("askep_lengkap", "askep_diaudit")),
    iki("PERAWAT_KUNJUNGAN_RUMAH", "Jumlah kunjungan rumah perawatan kesehatan masyarakat (Perkesmas)", "kunjungan",
        QUANTITY, SUM, 96, PERKESMAS, "Register kunjungan rumah dan catatan asuhan keperawatan keluarga",
        en="Home visits (public health nursing)", roles=PERAWAT),
    # -- Puskesmas heads: the unit's results ----------------------------------------
    iki("KAPUS_CAPAIAN_SPM", "Rata-rata capaian 12 layanan SPM kesehatan di wilayah kerja Puskesmas", "%", QUANTITY,
        LAST, 100, SPM, "Laporan capaian SPM Puskesmas (rekap 12 layanan)", kind=MAX, required=True,
        en="Mean attainment of the 12 SPM health services in the health centre's area (%)",
        roles=KEPALA_PUSKESMAS),
    iki("KAPUS_TINDAK_LANJUT_AKREDITASI", "Persentase rekomendasi survei akreditasi Puskesmas yang ditindaklanjuti",
        "%", QUALITY, LAST, 100, AKREDITASI, "Sertifikat dan laporan survei akreditasi, Perencanaan Perbaikan "
        "Strategis (PPS) dan bukti tindak lanjutnya", kind=MAX, required=True,
        en="Accreditation survey recommendations followed up (%)", roles=KEPALA_PUSKESMAS,
        ratio=Ratio("rekomendasi_ditindaklanjuti", "rekomendasi_akreditasi")),
    iki("KAPUS_IKM", "Indeks Kepuasan Masyarakat (IKM) Puskesmas yang dipimpin", "indeks", QUALITY, AVERAGE, 82, IKM,
        "Laporan hasil survei kepuasan masyarakat", en="Public satisfaction index (IKM) of the health centre led",
        roles=KEPALA_PUSKESMAS, feed="ikm"),
    # -- Dinas staff -------------------------------------------------------------
    iki("LAPORAN_SPM_TEPAT_WAKTU", "Persentase Puskesmas yang menyampaikan laporan SPM kesehatan tepat waktu", "%",
        TIME, AVERAGE, 100, LAPORAN_SPM, "Rekap penerimaan laporan bulanan SPM dari Puskesmas", kind=MAX,
        en="Health centres reporting SPM on time (%)", roles=STRUKTURAL,
        ratio=Ratio("puskesmas_tepat_waktu", "jumlah_puskesmas")),
    iki("SKDR_TEPAT_WAKTU", "Persentase laporan mingguan SKDR yang diterima tepat waktu", "%", TIME, AVERAGE, 80,
        SKDR, "Rekap ketepatan laporan mingguan SKDR", en="Weekly early-warning (SKDR) reports on time (%)",
        roles=EPIDEMIOLOG, ratio=Ratio("laporan_tepat_waktu", "laporan_wajib")),
)
