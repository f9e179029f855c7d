"""Dinas Pendidikan: the agency and its indicator catalogue (RULES.md §6.1).

Targets are illustrative defaults; each region sets its own in the RPJMD,
Renstra or Perjanjian Kinerja. Lower-is-better indicators use the "kondisi
khusus" formula of RULES.md §3.3.

Each row states how its review periods add up (the roll-up): participation,
qualification and condition shares are stocks (``LAST``: the latest data
counts); a teacher's documents, reports and months on schedule are counts
that add up (``SUM``, due pro rata); the share of lessons or documents done
to standard is a rate per period (``AVERAGE``). The scoring rule follows
from direction and target kind.
"""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.scoring import rule_for_target
from kinerja_web.rules.types import Agency, Aggregation, Aspect, Direction, Indicator, TargetKind

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

SUM, LAST, AVERAGE = Aggregation.SUM, Aggregation.LAST, Aggregation.AVERAGE
QUANTITY, QUALITY, TIME = Aspect.QUANTITY, Aspect.QUALITY, Aspect.TIME
MAX = TargetKind.MAX_ATTAINABLE


def iki(code, name, unit, aspect, roll_up, target, source, evidence, *, lower=False,
        kind=TargetKind.SINGLE, required=False) -> Indicator:
    """One catalogue row; the scoring rule follows from direction and target kind."""
    return Indicator(agency=AGENCY.code, code=code, name=name, unit=unit, aspect=aspect, aggregation=roll_up,
                     direction=Direction.LOWER if lower else Direction.HIGHER,
                     scoring=rule_for_target(kind, lower), target_kind=kind, default_target=Decimal(target),
                     source=source, evidence=evidence, evidence_required=required)


INDICATORS = (
    # -- Organisation level: SPM and Renstra ---------------------------------
    #   code, name, unit, aspect, roll-up, default target, source, evidence
    iki("DIKDAS_APS_7_15", "Persentase anak usia 7-15 tahun yang berpartisipasi dalam pendidikan dasar", "%",
        QUANTITY, LAST, 100, SPM, "Data Dapodik dan data penduduk usia 7-15 tahun dari Disdukcapil",
        kind=MAX, required=True),
    iki("PAUD_APS_5_6", "Persentase anak usia 5-6 tahun yang berpartisipasi dalam PAUD", "%",
        QUANTITY, LAST, 100, SPM, "Data Dapodik PAUD dan data penduduk usia 5-6 tahun dari Disdukcapil", kind=MAX),
    iki("KESETARAAN_APS_7_18", "Persentase anak usia 7-18 tahun yang berpartisipasi dalam pendidikan kesetaraan",
        "%", QUANTITY, LAST, 46, SPM, "Data peserta didik Paket A, B dan C pada PKBM/SKB"),
    iki("APM_SD", "Angka Partisipasi Murni (APM) SD/MI", "%", QUANTITY, LAST, 97, RENSTRA,
        "Data Dapodik/EMIS dan proyeksi penduduk usia 7-12 tahun (BPS)"),
    iki("APM_SMP", "Angka Partisipasi Murni (APM) SMP/MTs", "%", QUANTITY, LAST, 80, RENSTRA,
        "Data Dapodik/EMIS dan proyeksi penduduk usia 13-15 tahun (BPS)"),
    # dropouts of the school year so far, as a share of pupils: a cumulative level
    iki("ANGKA_PUTUS_SEKOLAH", "Angka putus sekolah SD/SMP", "%", QUALITY, LAST, "0.5", RENSTRA,
        "Rekap peserta didik putus sekolah dari Dapodik", lower=True, required=True),
    iki("ANGKA_KELULUSAN", "Angka kelulusan SD/SMP", "%", QUALITY, LAST, 100, RENSTRA,
        "Rekap kelulusan peserta didik per satuan pendidikan", kind=MAX),
    iki("LITERASI_NUMERASI", "Persentase peserta didik dengan kemampuan literasi dan numerasi minimal kompeten",
        "%", QUALITY, LAST, 60, RAPOR, "Rapor Pendidikan kabupaten/kota hasil Asesmen Nasional", required=True),
    iki("GURU_S1_D4", "Persentase guru berkualifikasi akademik S1/D-IV", "%", QUALITY, LAST, 95, RENSTRA,
        "Data pendidik dan tenaga kependidikan (Dapodik GTK)"),
    iki("RUANG_KELAS_BAIK", "Persentase ruang kelas SD/SMP dalam kondisi baik", "%", QUALITY, LAST, 75, RENSTRA,
        "Data sarana prasarana Dapodik dan hasil verifikasi lapangan"),
    iki("AKREDITASI_MIN_B", "Persentase sekolah terakreditasi minimal B", "%", QUALITY, LAST, 90, RENSTRA,
        "Data hasil akreditasi BAN-PDM"),
    # -- Individual level: a teacher's SKP ------------------------------------
    iki("GURU_PERANGKAT_PEMBELAJARAN", "Jumlah dokumen perangkat pembelajaran", "dokumen", QUANTITY, SUM, 2,
        SKP_GURU, "Modul ajar/RPP, Prota dan Promes yang disahkan kepala sekolah", required=True),
    iki("GURU_PERANGKAT_LENGKAP", "Persentase dokumen perangkat pembelajaran yang lengkap", "%", QUALITY,
        AVERAGE, 100, SKP_GURU, "Lembar telaah perangkat pembelajaran oleh kepala sekolah", kind=MAX),
    iki("GURU_PEMBELAJARAN_SESUAI_PROTA", "Persentase pembelajaran yang terlaksana sesuai Prota/Promes", "%",
        QUALITY, AVERAGE, 100, SKP_GURU, "Jurnal mengajar dan daftar hadir peserta didik", kind=MAX),
    iki("GURU_LAPORAN_EVALUASI", "Jumlah laporan evaluasi pembelajaran", "laporan", QUANTITY, SUM, 4, SKP_GURU,
        "Laporan hasil penilaian dan analisis hasil belajar peserta didik"),
    # Months in which learning ran as scheduled: fewer months is worse, so this
    # time indicator is higher-is-better, unlike a deadline; the months add up.
    iki("GURU_KETEPATAN_WAKTU", "Ketepatan waktu pelaksanaan pembelajaran", "bulan", TIME, SUM, 12, SKP_GURU,
        "Jurnal mengajar bulanan yang diketahui kepala sekolah"),
)
