"""Dinas Pendidikan: individual indicators (IKI) per position kind.

``roles`` names the positions whose SKP an indicator belongs in: "guru"
(teachers), "kepala_sekolah" (principals), "pengawas_sekolah" (school
supervisors), and the Dinas' structural staff ("kepala_bidang",
"kepala_seksi"). The teacher rows are the real SKP of RULES.md §2.3 and §6.1.
"""
from __future__ import annotations

from .catalogue import (
    AVERAGE,
    BOSP,
    DAPODIK,
    GURU,
    KOMPETENSI,
    LAPORAN_SPM,
    LAST,
    MAX,
    QUALITY,
    QUANTITY,
    SEKOLAH,
    SKP_GURU,
    SKP_KEPALA_SEKOLAH,
    SKP_PENGAWAS,
    SUM,
    TIME,
    iki,
)
from .rules import AwalSemester, AwalTahunAnggaran

TEACHER, PRINCIPAL, SUPERVISOR = ("guru",), ("kepala_sekolah",), ("pengawas_sekolah",)
STRUCTURAL = ("kepala_bidang", "kepala_seksi")

GURU_INDICATORS = (
    iki("GURU_PERANGKAT_PEMBELAJARAN", "Jumlah dokumen perangkat pembelajaran", "dokumen", QUANTITY, SUM, 2,
        SKP_GURU, "Modul ajar/RPP, Prota dan Promes yang disahkan kepala sekolah", required=True,
        roles=TEACHER, due=AwalSemester.code, name_en="Number of teaching documents (lesson plans)"),
    iki("GURU_PERANGKAT_LENGKAP", "Persentase dokumen perangkat pembelajaran yang lengkap", "%", QUALITY,
        AVERAGE, 100, SKP_GURU, "Lembar telaah perangkat pembelajaran oleh kepala sekolah", kind=MAX,
        roles=TEACHER, name_en="Share of teaching documents that are complete"),
    iki("GURU_PEMBELAJARAN_SESUAI_PROTA", "Persentase pembelajaran yang terlaksana sesuai Prota/Promes", "%",
        QUALITY, AVERAGE, 100, SKP_GURU, "Jurnal mengajar dan daftar hadir peserta didik", kind=MAX,
        roles=TEACHER, name_en="Share of lessons delivered as planned in the annual/semester plan"),
    iki("GURU_LAPORAN_EVALUASI", "Jumlah laporan evaluasi pembelajaran", "laporan", QUANTITY, SUM, 4, SKP_GURU,
        "Laporan hasil penilaian dan analisis hasil belajar peserta didik", roles=TEACHER,
        name_en="Number of learning evaluation reports"),
    # Months in which learning ran as scheduled: fewer months is worse, so this
    # time indicator is higher-is-better, unlike a deadline; the months add up.
    iki("GURU_KETEPATAN_WAKTU", "Ketepatan waktu pelaksanaan pembelajaran", "bulan", TIME, SUM, 12, SKP_GURU,
        "Jurnal mengajar bulanan yang diketahui kepala sekolah", roles=TEACHER,
        name_en="Timeliness of teaching (months on schedule)"),
    iki("PENGEMBANGAN_KOMPETENSI_JP", "Jumlah jam pelajaran (JP) pengembangan kompetensi yang diikuti", "JP",
        QUANTITY, SUM, 20, KOMPETENSI, "Sertifikat pelatihan, lokakarya atau komunitas belajar yang mencantumkan JP",
        roles=TEACHER + PRINCIPAL + SUPERVISOR, name_en="Hours of professional development attended"),
)

KEPALA_SEKOLAH_INDICATORS = (
    # the school's plan for the year follows up the Rapor Pendidikan before the budget year starts
    iki("KS_PERENCANAAN_BERBASIS_DATA", "Jumlah dokumen RKT/RKAS yang menindaklanjuti Rapor Pendidikan", "dokumen",
        QUANTITY, SUM, 1, SKP_KEPALA_SEKOLAH,
        "RKT dan RKAS yang memuat kegiatan pembenahan dari Rapor Pendidikan, disahkan komite dan dinas",
        required=True, roles=PRINCIPAL, due=AwalTahunAnggaran.code,
        name_en="School plans (RKT/RKAS) following up the education report card"),
    iki("KS_KUNJUNGAN_SUPERVISI", "Jumlah kunjungan supervisi akademik ke kelas", "kunjungan", QUANTITY, SUM, 24,
        SKP_KEPALA_SEKOLAH, "Instrumen supervisi akademik yang diisi dan ditandatangani untuk setiap kunjungan",
        required=True, roles=PRINCIPAL, name_en="Number of classroom supervision visits"),
    iki("KS_GURU_DISUPERVISI", "Persentase guru yang telah disupervisi akademik", "%", QUANTITY, LAST, 100,
        SKP_KEPALA_SEKOLAH, "Rekap hasil supervisi akademik per guru dan tindak lanjutnya", kind=MAX,
        roles=PRINCIPAL, ratio=GURU, name_en="Share of the school's teachers supervised"),
    iki("KS_LAPORAN_BOSP", "Jumlah laporan realisasi penggunaan dana BOSP yang disampaikan tepat waktu", "laporan",
        TIME, SUM, 2, BOSP, "Laporan realisasi penggunaan dana BOSP dari ARKAS dan bukti penyampaiannya",
        required=True, roles=PRINCIPAL, name_en="School budget (RKAS/BOSP) reports delivered on time"),
)

PENGAWAS_INDICATORS = (
    # a supervision programme per semester, written before the semester starts
    iki("PENGAWAS_PROGRAM_PENGAWASAN", "Jumlah dokumen program pengawasan semester", "dokumen", QUANTITY, SUM, 2,
        SKP_PENGAWAS, "Program pengawasan semester yang disahkan kepala dinas", roles=SUPERVISOR,
        due=AwalSemester.code, name_en="Supervision programmes per semester"),
    iki("PENGAWAS_SEKOLAH_DISUPERVISI", "Persentase sekolah binaan yang disupervisi", "%", QUANTITY, LAST, 100,
        SKP_PENGAWAS, "Instrumen supervisi dan daftar hadir kunjungan per sekolah binaan", kind=MAX,
        roles=SUPERVISOR, ratio=SEKOLAH, name_en="Share of assigned schools supervised"),
    iki("PENGAWAS_LAPORAN_SUPERVISI", "Jumlah laporan hasil supervisi sekolah binaan", "laporan", QUANTITY, SUM, 2,
        SKP_PENGAWAS, "Laporan hasil pengawasan per semester dengan rekomendasi bagi sekolah binaan",
        required=True, roles=SUPERVISOR, name_en="Supervision reports on assigned schools"),
    iki("PENGAWAS_REKOMENDASI_DITINDAKLANJUTI", "Persentase rekomendasi supervisi yang ditindaklanjuti sekolah binaan",
        "%", QUALITY, LAST, 80, SKP_PENGAWAS, "Rekap tindak lanjut rekomendasi per sekolah binaan (RKT/RKAS, notulen)",
        roles=SUPERVISOR, name_en="Share of supervision recommendations followed up by the schools"),
)

DINAS_INDICATORS = (
    iki("DINAS_LAPORAN_SPM", "Jumlah laporan pemantauan penerapan SPM pendidikan", "laporan", QUANTITY, SUM, 4,
        LAPORAN_SPM, "Laporan triwulanan capaian SPM pendidikan yang disampaikan kepada kepala daerah",
        required=True, roles=STRUCTURAL, name_en="Monitoring reports on the education SPM"),
    iki("DINAS_DAPODIK_TEPAT_WAKTU", "Persentase satuan pendidikan yang memutakhirkan Dapodik sebelum batas waktu",
        "%", TIME, AVERAGE, 100, DAPODIK, "Rekap sinkronisasi Dapodik per semester (tanggal cut off)", kind=MAX,
        roles=STRUCTURAL, ratio=SEKOLAH, name_en="Share of schools updating Dapodik before the cut-off"),
    iki("DINAS_LAPORAN_BOSP_SEKOLAH", "Persentase sekolah yang menyampaikan laporan penggunaan dana BOSP tepat waktu",
        "%", TIME, AVERAGE, 100, BOSP, "Rekap laporan BOSP sekolah dari ARKAS per tahap penyaluran", kind=MAX,
        roles=STRUCTURAL, ratio=SEKOLAH, name_en="Share of schools reporting their BOSP spending on time"),
)

INDIVIDUAL = GURU_INDICATORS + KEPALA_SEKOLAH_INDICATORS + PENGAWAS_INDICATORS + DINAS_INDICATORS
