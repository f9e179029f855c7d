"""The agency, the sources its indicators cite, and the row factory both catalogue modules use."""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.scoring import rule_for_target
from kinerja_web.rules.types import Agency, Aggregation, Aspect, Indicator, Level, Ratio, TargetKind

AGENCY = Agency(
    code="dispar",
    name="Dinas Pariwisata",
    sector="pariwisata",
    goals=(
        "Meningkatnya kunjungan wisatawan nusantara dan mancanegara",
        "Meningkatnya kontribusi sektor pariwisata terhadap perekonomian daerah",
        "Meningkatnya daya saing destinasi, desa wisata dan usaha pariwisata",
        "Meningkatnya kualitas pelayanan informasi pariwisata",
    ),
    # JP of competence development a year per employee: the national minimum (PP 11/2017 Pasal 203 ayat 4)
    development_hours=20,
)

RENSTRA = "Renstra Dinas Pariwisata (indikator RPJMD)"
BPS = "Statistik pariwisata BPS (indikator RPJMD)"
HKPD = "APBD; pajak dan retribusi daerah (UU 1/2022 tentang HKPD)"
IKM = "Indeks Kepuasan Masyarakat (PermenPANRB 14/2017)"
SKP = "Renstra Dinas Pariwisata; SKP jabatan (PermenPANRB 6/2022)"
KALENDER = "Kalender event pariwisata daerah (Renstra/RKT Dinas Pariwisata)"
PENGADUAN = "Standar pelayanan TIC; pengelolaan pengaduan pelayanan publik (Perpres 76/2013)"

SUM, LAST, AVERAGE = Aggregation.SUM, Aggregation.LAST, Aggregation.AVERAGE
QUANTITY, QUALITY, TIME = Aspect.QUANTITY, Aspect.QUALITY, Aspect.TIME
GROWTH, MAX = TargetKind.GROWTH, TargetKind.MAX_ATTAINABLE


def iki(code, name, name_en, unit, aspect, roll_up, target, source, evidence, *, level=Level.ORGANISATION,
        roles=(), kind=TargetKind.SINGLE, upper=None, rule=None, due="", ratio: Ratio | None = None,
        feed="", required=False) -> Indicator:
    """One catalogue row. No tourism indicator is lower-is-better; a row with ``upper`` is a range target.

    The scoring rule follows from the target kind (``rule_for_target``) unless the row names a sector
    rule (``rule``); ``due`` names a due rule for a summed row, ``ratio`` the two counts its value comes from.
    """
    if upper is not None:
        kind = TargetKind.RANGE
    return Indicator(agency=AGENCY.code, code=code, name=name, name_en=name_en, unit=unit, aspect=aspect,
                     aggregation=roll_up, level=level, roles=tuple(roles),
                     scoring=rule or rule_for_target(kind, False), target_kind=kind,
                     default_target=Decimal(target), default_upper=None if upper is None else Decimal(upper),
                     source=source, evidence=evidence, evidence_required=required, due_rule=due, ratio=ratio,
                     feed=feed)
