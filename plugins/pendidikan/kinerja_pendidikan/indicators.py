"""Dinas Pendidikan: the agency and its indicator catalogue (RULES.md §6.1).

Targets are illustrative defaults; each region sets its own in the RPJMD,
Renstra or Perjanjian Kinerja. Lower-is-better indicators use the "kondisi
khusus" formula of RULES.md §3.3.
"""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.types import Agency, Aspect, Direction, Indicator, TargetKind

AGENCY = Agency(
    code="disdik",
    name="Dinas Pendidikan",
    sector="pendidikan",
    goals=(
        "Meningkatnya akses dan mutu pendidikan anak usia dini",
        "Meningkatnya akses dan mutu pendidikan dasar",
        "Meningkatnya kualifikasi dan kompetensi pendidik dan tenaga kependidikan",
        "Meningkatnya kualitas sarana dan prasarana pendidikan",
    ),
    # TPP paid by predikat under the region's Perkada (illustrative figures, agency-specific).
    allowances=(
        ("sangat_baik", Decimal(100)),
        ("baik", Decimal(100)),
        ("butuh_perbaikan", Decimal(80)),
        ("kurang", Decimal(60)),
        ("sangat_kurang", Decimal(40)),
    ),
)

SPM = "SPM Pendidikan (PP 2/2018; Permendikbud 32/2018)"
RENSTRA = "Renstra Dinas Pendidikan (indikator RPJMD)"
RAPOR = "Rapor Pendidikan (Asesmen Nasional)"
SKP_GURU = "SKP guru (PermenPANRB 6/2022)"

INDICATORS = (
    # -- Organisation level: SPM and Renstra ---------------------------------
    Indicator(
        agency=AGENCY.code, code="DIKDAS_APS_7_15",
        name="Persentase anak usia 7-15 tahun yang berpartisipasi dalam pendidikan dasar",
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Data Dapodik dan data penduduk usia 7-15 tahun dari Disdukcapil", evidence_required=True,
    ),
    Indicator(
        agency=AGENCY.code, code="PAUD_APS_5_6",
        name="Persentase anak usia 5-6 tahun yang berpartisipasi dalam PAUD",
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Data Dapodik PAUD dan data penduduk usia 5-6 tahun dari Disdukcapil",
    ),
    Indicator(
        agency=AGENCY.code, code="KESETARAAN_APS_7_18",
        name="Persentase anak usia 7-18 tahun yang berpartisipasi dalam pendidikan kesetaraan",
        unit="%", aspect=Aspect.QUANTITY, default_target=Decimal(46), source=SPM,
        evidence="Data peserta didik Paket A, B dan C pada PKBM/SKB",
    ),
    Indicator(
        agency=AGENCY.code, code="APM_SD",
        name="Angka Partisipasi Murni (APM) SD/MI",
        unit="%", aspect=Aspect.QUANTITY, default_target=Decimal(97), source=RENSTRA,
        evidence="Data Dapodik/EMIS dan proyeksi penduduk usia 7-12 tahun (BPS)",
    ),
    Indicator(
        agency=AGENCY.code, code="APM_SMP",
        name="Angka Partisipasi Murni (APM) SMP/MTs",
        unit="%", aspect=Aspect.QUANTITY, default_target=Decimal(80), source=RENSTRA,
        evidence="Data Dapodik/EMIS dan proyeksi penduduk usia 13-15 tahun (BPS)",
    ),
    Indicator(
        agency=AGENCY.code, code="ANGKA_PUTUS_SEKOLAH",
        name="Angka putus sekolah SD/SMP",
        unit="%", aspect=Aspect.QUALITY, direction=Direction.LOWER, scoring="lower_is_better",
        default_target=Decimal("0.5"), source=RENSTRA,
        evidence="Rekap peserta didik putus sekolah dari Dapodik", evidence_required=True,
    ),
    Indicator(
        agency=AGENCY.code, code="ANGKA_KELULUSAN",
        name="Angka kelulusan SD/SMP",
        unit="%", aspect=Aspect.QUALITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=RENSTRA,
        evidence="Rekap kelulusan peserta didik per satuan pendidikan",
    ),
    Indicator(
        agency=AGENCY.code, code="LITERASI_NUMERASI",
        name="Persentase peserta didik dengan kemampuan literasi dan numerasi minimal kompeten",
        unit="%", aspect=Aspect.QUALITY, default_target=Decimal(60), source=RAPOR,
        evidence="Rapor Pendidikan kabupaten/kota hasil Asesmen Nasional", evidence_required=True,
    ),
    Indicator(
        agency=AGENCY.code, code="GURU_S1_D4",
        name="Persentase guru berkualifikasi akademik S1/D-IV",
        unit="%", aspect=Aspect.QUALITY, default_target=Decimal(95), source=RENSTRA,
        evidence="Data pendidik dan tenaga kependidikan (Dapodik GTK)",
    ),
    Indicator(
        agency=AGENCY.code, code="RUANG_KELAS_BAIK",
        name="Persentase ruang kelas SD/SMP dalam kondisi baik",
        unit="%", aspect=Aspect.QUALITY, default_target=Decimal(75), source=RENSTRA,
        evidence="Data sarana prasarana Dapodik dan hasil verifikasi lapangan",
    ),
    Indicator(
        agency=AGENCY.code, code="AKREDITASI_MIN_B",
        name="Persentase sekolah terakreditasi minimal B",
        unit="%", aspect=Aspect.QUALITY, default_target=Decimal(90), source=RENSTRA,
        evidence="Data hasil akreditasi BAN-PDM",
    ),
    # -- Individual level: a teacher's SKP ------------------------------------
    Indicator(
        agency=AGENCY.code, code="GURU_PERANGKAT_PEMBELAJARAN",
        name="Jumlah dokumen perangkat pembelajaran",
        unit="dokumen", aspect=Aspect.QUANTITY, default_target=Decimal(2), source=SKP_GURU,
        evidence="Modul ajar/RPP, Prota dan Promes yang disahkan kepala sekolah",
        evidence_required=True,
    ),
    Indicator(
        agency=AGENCY.code, code="GURU_PERANGKAT_LENGKAP",
        name="Persentase dokumen perangkat pembelajaran yang lengkap",
        unit="%", aspect=Aspect.QUALITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SKP_GURU,
        evidence="Lembar telaah perangkat pembelajaran oleh kepala sekolah",
    ),
    Indicator(
        agency=AGENCY.code, code="GURU_PEMBELAJARAN_SESUAI_PROTA",
        name="Persentase pembelajaran yang terlaksana sesuai Prota/Promes",
        unit="%", aspect=Aspect.QUALITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SKP_GURU,
        evidence="Jurnal mengajar dan daftar hadir peserta didik",
    ),
    Indicator(
        agency=AGENCY.code, code="GURU_LAPORAN_EVALUASI",
        name="Jumlah laporan evaluasi pembelajaran",
        unit="laporan", aspect=Aspect.QUANTITY, default_target=Decimal(4), source=SKP_GURU,
        evidence="Laporan hasil penilaian dan analisis hasil belajar peserta didik",
    ),
    # Months in which learning ran as scheduled: fewer months is worse, so this
    # time indicator is higher-is-better, unlike a deadline.
    Indicator(
        agency=AGENCY.code, code="GURU_KETEPATAN_WAKTU",
        name="Ketepatan waktu pelaksanaan pembelajaran",
        unit="bulan", aspect=Aspect.TIME, default_target=Decimal(12), source=SKP_GURU,
        evidence="Jurnal mengajar bulanan yang diketahui kepala sekolah",
    ),
)
