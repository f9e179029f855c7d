"""Dinas Kesehatan: the agency and its organisation-level catalogue (RULES.md §6.2).

The twelve SPM services target 100% of their sasaran: that is the most a
region can attain, so they score as maximum-attainable targets. Their
coverage counts the year's sasaran served so far, a cumulative level: the
latest period counts. Other targets are illustrative defaults; each region
sets its own in the RPJMD, Renstra or Perjanjian Kinerja.

Each row states how its review periods add up (the roll-up): ``SUM`` for
counts of events, ``LAST`` for stocks and cumulative levels, ``AVERAGE`` for
rates and averages. The scoring rule follows from direction and target kind,
unless the row names a sector rule (``rules.py``).

A coverage measured against a population is a ``Ratio`` of two recorded counts
(``fields.py`` declares them): nobody types the percentage. Its counts follow
the roll-up: year-to-date counts where the latest period counts, the period's
own counts where the periods are averaged.

All twelve SPM services are derived that way: Permenkes 4/2019 defines each
service's achievement as the people served to standard (dilayani) divided by
the service's target population (sasaran) × 100 %, and scores it with
``cakupan_spm`` (capaian at most 100 %). Until 2.1.0 the first eight were typed
percentages scored ``max_attainable``.
"""
from __future__ import annotations

from kinerja_web.rules.types import Indicator, Ratio

from .individual import INDIVIDUAL_INDICATORS
from .rows import (
    AGENCY,
    AKB_RATIO,
    AKI_RATIO,
    AVERAGE,
    IKM,
    IKS,
    IKS_RATIO,
    LAST,
    MAX,
    ORGANISATION,
    PUSKESMAS,
    QUALITY,
    QUANTITY,
    RPJMN,
    SKDR,
    SPM,
    SPM_RATIO,
    STUNTING,
    SUM,
    TIME,
    iki,
)
from .rules import CakupanSPM, ToleransiDS

__all__ = ["AGENCY", "INDICATORS", "ORGANISATION_INDICATORS", "SPM"]


def spm(code, name, en, evidence, *, required=False) -> Indicator:
    """An SPM service: the share of the year's sasaran served so far, derived from dilayani/sasaran
    and scored by ``cakupan_spm`` (capaian at most 100 %)."""
    return iki(code, name, "%", QUANTITY, LAST, 100, SPM, evidence, en=en, kind=MAX, required=required,
               level=ORGANISATION, ratio=SPM_RATIO, rule=CakupanSPM.code)


def org(code, name, unit, aspect, roll_up, target, source, evidence, **kw) -> Indicator:
    """An organisation-level row (Renstra, IKU, Puskesmas indicator)."""
    return iki(code, name, unit, aspect, roll_up, target, source, evidence, level=ORGANISATION, **kw)


ORGANISATION_INDICATORS = (
    # -- The 12 SPM kesehatan services: 100% of sasaran, the maximum attainable --
    # Each derived from dilayani/sasaran (Permenkes 4/2019). A sasaran is an official estimate (a projection
    # of births, a prevalence applied to the population): served above it is capped at 100 %, not refused.
    spm("SPM_IBU_HAMIL",
        "Persentase ibu hamil yang mendapatkan pelayanan kesehatan ibu hamil sesuai standar",
        "Pregnant women receiving antenatal care to standard (%)",
        "Register kohort ibu dan laporan PWS KIA", required=True),
    spm("SPM_IBU_BERSALIN",
        "Persentase ibu bersalin yang mendapatkan pelayanan persalinan sesuai standar",
        "Women giving birth with delivery care to standard (%)",
        "Register persalinan di fasilitas pelayanan kesehatan dan laporan PWS KIA", required=True),
    spm("SPM_BAYI_BARU_LAHIR",
        "Persentase bayi baru lahir yang mendapatkan pelayanan kesehatan bayi baru lahir sesuai standar",
        "Newborns receiving neonatal care to standard (%)",
        "Register kohort bayi (kunjungan neonatal) dan laporan PWS KIA"),
    spm("SPM_BALITA",
        "Persentase balita yang mendapatkan pelayanan kesehatan balita sesuai standar",
        "Children under five receiving health care to standard (%)",
        "Register kohort balita dan laporan pemantauan pertumbuhan dan perkembangan"),
    spm("SPM_USIA_PENDIDIKAN_DASAR",
        "Persentase anak usia pendidikan dasar yang mendapatkan pelayanan kesehatan sesuai standar",
        "Children of basic-education age receiving health screening to standard (%)",
        "Laporan penjaringan kesehatan dan pemeriksaan berkala peserta didik (UKS)"),
    spm("SPM_USIA_PRODUKTIF",
        "Persentase warga negara usia 15-59 tahun yang mendapatkan skrining kesehatan sesuai standar",
        "Citizens aged 15-59 receiving health screening to standard (%)",
        "Laporan skrining kesehatan usia produktif (Posbindu PTM)"),
    spm("SPM_USIA_LANJUT",
        "Persentase warga negara usia 60 tahun ke atas yang mendapatkan skrining kesehatan sesuai standar",
        "Citizens aged 60 and over receiving health screening to standard (%)",
        "Laporan skrining kesehatan lanjut usia (Posyandu lansia)"),
    spm("SPM_HIPERTENSI",
        "Persentase penderita hipertensi yang mendapatkan pelayanan kesehatan sesuai standar",
        "People with hypertension receiving care to standard (%)",
        "Register pelayanan penderita hipertensi di FKTP"),
    spm("SPM_DIABETES_MELITUS",
        "Persentase penderita diabetes melitus yang mendapatkan pelayanan kesehatan sesuai standar",
        "People with diabetes mellitus receiving care to standard (%)",
        "Register pelayanan penderita diabetes melitus di FKTP"),
    spm("SPM_ODGJ_BERAT",
        "Persentase ODGJ berat yang mendapatkan pelayanan kesehatan jiwa sesuai standar",
        "People with severe mental disorders receiving mental health care to standard (%)",
        "Register kunjungan dan pelayanan ODGJ berat"),
    spm("SPM_TERDUGA_TBC",
        "Persentase orang terduga tuberkulosis yang mendapatkan pelayanan kesehatan sesuai standar",
        "People with presumptive tuberculosis receiving care to standard (%)",
        "Laporan Sistem Informasi Tuberkulosis (SITB)"),
    spm("SPM_RISIKO_HIV",
        "Persentase orang dengan risiko terinfeksi HIV yang mendapatkan pelayanan deteksi dini HIV sesuai standar",
        "People at risk of HIV infection receiving early HIV testing to standard (%)",
        "Laporan Sistem Informasi HIV AIDS (SIHA)"),
    # -- Other Dinas Kesehatan / Puskesmas indicators ----------------------
    #   code, name, unit, aspect, roll-up, default target, source, evidence
    # cumulative coverage of the year's cohort of infants: the latest period counts
    org("IDL", "Cakupan Imunisasi Dasar Lengkap (IDL)", "%", QUANTITY, LAST, 95, PUSKESMAS,
        "Laporan imunisasi rutin dan register kohort bayi", required=True,
        en="Complete basic immunisation coverage (%)", ratio=Ratio("bayi_idl", "sasaran_bayi")),
    # weighed each month: the period's D/S, the mean counts; a few points either way is the season
    org("BALITA_DITIMBANG_DS", "Persentase balita ditimbang (D/S)", "%", QUANTITY, AVERAGE, 80, PUSKESMAS,
        "Rekap penimbangan balita di posyandu (SKDN)", en="Children under five weighed (D/S, %)",
        ratio=Ratio("ditimbang", "jumlah_balita"), rule=ToleransiDS.code),
    # a prevalence measured at the weighing months: the latest measurement counts
    org("PREVALENSI_STUNTING", "Prevalensi balita stunting", "%", QUALITY, LAST, 14, STUNTING,
        "Hasil pengukuran balita (e-PPGBM) dan Survei Status Gizi", lower=True, required=True,
        en="Stunting prevalence among children under five (%)", ratio=Ratio("balita_stunting", "balita_diukur")),
    # deaths are events: they add up, and 0 is the maximum attainable target
    org("JUMLAH_KEMATIAN_IBU", "Jumlah kematian ibu", "kasus", QUALITY, SUM, 0, PUSKESMAS,
        "Laporan kematian ibu dan hasil Audit Maternal Perinatal (AMP)", lower=True, required=True,
        en="Number of maternal deaths"),
    # a rate per 1.000 live births of each period: the mean of the periods, never their sum
    org("ANGKA_KEMATIAN_BAYI", "Angka Kematian Bayi (AKB) per 1.000 kelahiran hidup", "per 1.000 KH", QUALITY,
        AVERAGE, 16, PUSKESMAS, "Laporan kematian bayi dan register kelahiran hidup", lower=True,
        en="Infant mortality rate per 1,000 live births", ratio=AKB_RATIO),
    # notified and treated against the estimated incidence, counted since January
    org("TBC_TREATMENT_COVERAGE", "Cakupan penemuan dan pengobatan kasus TBC (treatment coverage)", "%",
        QUANTITY, LAST, 90, PUSKESMAS, "Laporan Sistem Informasi Tuberkulosis (SITB)",
        en="TB treatment coverage: cases found and treated (%)",
        ratio=Ratio("kasus_tbc_diobati", "estimasi_kasus_tbc")),
    # the share of the period's outbreaks handled in time: a rate, the mean counts
    org("KLB_TERTANGANI_24_JAM", "Persentase kejadian luar biasa (KLB) yang ditangani kurang dari 24 jam", "%",
        TIME, AVERAGE, 100, SKDR, "Laporan W1 dan laporan penyelidikan epidemiologi", kind=MAX,
        en="Outbreaks (KLB) responded to within 24 hours (%)", ratio=Ratio("klb_24_jam", "jumlah_klb")),
    # the unit's public satisfaction index (§6.4), fed by its survey
    org("IKM_PUSKESMAS", "Indeks Kepuasan Masyarakat (IKM) Puskesmas", "indeks", QUALITY, AVERAGE, 82, IKM,
        "Laporan hasil survei kepuasan masyarakat", en="Public satisfaction index (IKM) of the health centre",
        feed="ikm"),
    # -- Added in 2.0.0 --------------------------------------------------------
    # AKI per 100.000 live births of each period, beside the count of deaths above
    org("ANGKA_KEMATIAN_IBU", "Angka Kematian Ibu (AKI) per 100.000 kelahiran hidup", "per 100.000 KH", QUALITY,
        AVERAGE, 183, RPJMN, "Laporan kematian ibu, hasil Audit Maternal Perinatal (AMP) dan register kelahiran "
        "hidup", lower=True, required=True, en="Maternal mortality ratio per 100,000 live births", ratio=AKI_RATIO),
    # families with IKS > 0,8 among the families visited so far (PIS-PK data is cumulative)
    org("INDEKS_KELUARGA_SEHAT", "Indeks Keluarga Sehat (IKS)", "indeks (0-1)", QUALITY, LAST, "0.8", IKS,
        "Rekap Profil Kesehatan Keluarga (aplikasi Keluarga Sehat)", en="Healthy Family Index (IKS)",
        ratio=IKS_RATIO),
    # visits are events: they add up; the target follows the unit's capacity
    org("KUNJUNGAN_RAWAT_JALAN", "Jumlah kunjungan rawat jalan Puskesmas", "kunjungan", QUANTITY, SUM, 24000,
        PUSKESMAS, "Laporan kunjungan rawat jalan (SIMPUS/e-Puskesmas, LB4)", en="Outpatient visits"),
    org("KUNJUNGAN_RAWAT_INAP", "Jumlah kunjungan rawat inap Puskesmas", "kunjungan", QUANTITY, SUM, 600,
        PUSKESMAS, "Register rawat inap Puskesmas (SIMPUS/e-Puskesmas)", en="Inpatient admissions"),
)

INDICATORS = ORGANISATION_INDICATORS + INDIVIDUAL_INDICATORS
