"""The agency, the sources its indicators cite, and the row factory both catalogue modules use."""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.scoring import rule_for_target
from kinerja_web.rules.types import Agency, Aggregation, Aspect, Direction, Indicator, Level, Ratio, TargetKind

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
    # JP of competence development a year per employee: the national minimum (PP 11/2017 Pasal 203 ayat 4)
    development_hours=20,
)

SPM = "SPM Pendidikan (PP 2/2018; Permendikbud 32/2018)"
SPM_PROVINSI = "SPM Pendidikan provinsi (PP 2/2018; Permendikbud 32/2018; Permendagri 59/2021)"
RENSTRA = "Renstra Dinas Pendidikan (indikator RPJMD)"
RAPOR = "Rapor Pendidikan (Asesmen Nasional)"
SPM_AN = "Rapor Pendidikan (Asesmen Nasional); SPM Pendidikan: meningkat dari hasil sebelumnya"
IKM = "Indeks Kepuasan Masyarakat (PermenPANRB 14/2017)"
SKP_GURU = "SKP guru (PermenPANRB 6/2022)"
SKP_KEPALA_SEKOLAH = "SKP kepala sekolah (PermenPANRB 6/2022; Permendikbudristek 40/2021)"
SKP_PENGAWAS = "SKP pengawas sekolah (PermenPANRB 6/2022; PermenPANRB 21/2010)"
BOSP = "Juknis pengelolaan dana BOSP (Permendikbudristek 63/2023)"
DAPODIK = "Data Pokok Pendidikan (Permendikbud 79/2015)"
KOMPETENSI = "Pengembangan kompetensi ASN paling sedikit 20 JP setahun (PP 11/2017 jo. PP 17/2020)"
LAPORAN_SPM = "Laporan penerapan SPM (Permendagri 59/2021)"

SUM, LAST, AVERAGE = Aggregation.SUM, Aggregation.LAST, Aggregation.AVERAGE
QUANTITY, QUALITY, TIME = Aspect.QUANTITY, Aspect.QUALITY, Aspect.TIME
MAX, GROWTH = TargetKind.MAX_ATTAINABLE, TargetKind.GROWTH
ORGANISATION, INDIVIDUAL = Level.ORGANISATION, Level.INDIVIDUAL

# The counts a coverage is derived from (the field labels per indicator are in ``fields.COUNTS``).
PARTISIPASI = Ratio("peserta_didik", "penduduk_usia")  # pupils of the age group / population of the age group
GURU = Ratio("guru_memenuhi", "jumlah_guru")  # teachers meeting the criterion / all teachers
RUANG_KELAS = Ratio("ruang_kelas_baik", "jumlah_ruang_kelas")
SEKOLAH = Ratio("sekolah_memenuhi", "jumlah_sekolah")  # schools meeting the criterion / all schools
KELULUSAN = Ratio("lulus", "peserta_tingkat_akhir")
PUTUS_SEKOLAH = Ratio("putus_sekolah", "jumlah_peserta_didik")


def iki(code, name, unit, aspect, roll_up, target, source, evidence, *, name_en="", lower=False,
        kind=TargetKind.SINGLE, required=False, level=INDIVIDUAL, roles=(), rule=None, ratio=None,
        due="", feed="") -> Indicator:
    """One catalogue row.

    The scoring rule follows from direction and target kind (``rule_for_target``) unless
    the row names a sector rule (``rule``, a class of ``rules``); ``ratio`` names the two
    counts a coverage is derived from, ``due`` a due rule for a summed row.
    """
    return Indicator(agency=AGENCY.code, code=code, name=name, name_en=name_en, unit=unit, aspect=aspect,
                     aggregation=roll_up, level=level, roles=tuple(roles),
                     direction=Direction.LOWER if lower else Direction.HIGHER,
                     scoring=rule.code if rule else rule_for_target(kind, lower), target_kind=kind,
                     default_target=Decimal(target), source=source, evidence=evidence,
                     evidence_required=required, ratio=ratio, due_rule=due, feed=feed)
