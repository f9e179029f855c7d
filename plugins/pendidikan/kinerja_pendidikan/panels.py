"""The dashboard panel of Dinas Pendidikan: school participation per unit (``kinerja_dashboard_panels``).

The host reads the latest realisation of the year per unit and indicator in one
statement (``data.realizations``); this module orders the rows, rounds the
numbers and says whether each rate reached its target. The template renders
them in the reader's language (``WORDS``, chosen by the host's ``locale``), the
numbers with the host's ``number`` filter; no HTML is built here.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kinerja_web.rules.types import DashboardPanel

from .indicators import BY_CODE, GROSS_PARTICIPATION, PURE_PARTICIPATION

TEMPLATE = "kinerja_pendidikan/partisipasi.html"
# APM/APS first, then APK, each in catalogue order
PARTICIPATION = PURE_PARTICIPATION + GROSS_PARTICIPATION
CENT, ONE = Decimal("0.01"), Decimal(1)

# The panel's own words in each language the host speaks (the host's catalogue does not hold them).
WORDS = {
    "id": {"caption": "Angka partisipasi sekolah terakhir per unit, tahun", "unit": "Unit",
           "indicator": "Indikator", "period": "Periode", "enrolled": "Peserta didik",
           "population": "Penduduk usia sekolah", "value": "Realisasi", "target": "Target", "status": "Status",
           "empty": "Belum ada realisasi angka partisipasi sekolah pada tahun",
           "statuses": {"memenuhi": "Memenuhi target", "di_bawah": "Di bawah target", "tanpa_target": "Tanpa target",
                        "belum": "Belum ada realisasi"}},
    "en": {"caption": "Latest school participation rates per unit,", "unit": "Unit",
           "indicator": "Indicator", "period": "Period", "enrolled": "Pupils",
           "population": "School-age population", "value": "Realisation", "target": "Target", "status": "Status",
           "empty": "No school participation rate has a realisation yet in",
           "statuses": {"memenuhi": "Target met", "di_bawah": "Below target", "tanpa_target": "No target",
                        "belum": "No realisation yet"}},
}


@dataclass(frozen=True)
class Row:
    """One unit × indicator line of the panel, ready to print."""

    unit: str
    code: str
    indicator: str
    indicator_en: str  # the catalogue's English name
    review: str
    value: Decimal | None  # to two decimals
    target: Decimal | None
    # "memenuhi" (at or above target), "di_bawah" (below it), "belum" (no realisation), "tanpa_target"
    status: str
    enrolled: Decimal | None  # the numerator the rate was derived from, when recorded
    population: Decimal | None  # its denominator


def rounded(value, step: Decimal = CENT) -> Decimal | None:
    """``97.125`` → ``97.13`` (half up, as a rate is published); None for nothing."""
    if value is None or value == "":
        return None
    return Decimal(value).quantize(step, ROUND_HALF_UP)


def status(value: Decimal | None, target: Decimal | None) -> str:
    """Whether a participation rate (higher is better) reached its target."""
    if value is None:
        return "belum"
    if target is None:
        return "tanpa_target"
    return "memenuhi" if value >= target else "di_bawah"


def row(realization) -> Row:
    fields = realization.fields or {}
    catalogue = BY_CODE.get(realization.code)
    return Row(unit=realization.unit, code=realization.code, indicator=realization.indicator,
               indicator_en=catalogue.name_en if catalogue else "", review=realization.review or "",
               value=rounded(realization.value), target=rounded(realization.target),
               status=status(realization.value, realization.target),
               enrolled=rounded(fields.get("peserta_didik"), ONE), population=rounded(fields.get("penduduk_usia"), ONE))


def participation_panel(year: int, data) -> DashboardPanel:
    """The latest APM/APK/APS per unit for the year, with target and status."""
    order = {code: i for i, code in enumerate(PARTICIPATION)}
    found = data.realizations(list(PARTICIPATION))
    rows = [row(r) for r in sorted(found, key=lambda r: (r.unit, order.get(r.code, len(order))))]
    # the counts show only where the host hands them over (a unit's mean carries none)
    counts = any(r.enrolled is not None or r.population is not None for r in rows)
    return DashboardPanel("Partisipasi sekolah per unit", TEMPLATE,
                          {"year": year, "rows": rows, "counts": counts, "words": WORDS},
                          title_en="School participation per unit")
