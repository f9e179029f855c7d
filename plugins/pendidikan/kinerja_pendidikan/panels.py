"""The dashboard panel of Dinas Pendidikan: school participation per unit (``kinerja_dashboard_panels``).

The host reads the latest realisation of the year per unit and indicator in one
statement (``data.realizations``); this module orders the rows, formats the
numbers the Indonesian way and says whether each rate reached its target. The
template renders them; no HTML is built here.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from kinerja_web.rules.types import DashboardPanel

from .indicators import GROSS_PARTICIPATION, PURE_PARTICIPATION

TEMPLATE = "kinerja_pendidikan/partisipasi.html"
# APM/APS first, then APK, each in catalogue order
PARTICIPATION = PURE_PARTICIPATION + GROSS_PARTICIPATION
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Row:
    """One unit × indicator line of the panel, ready to print."""

    unit: str
    code: str
    indicator: str
    review: str
    value: str
    target: str
    # "memenuhi" (at or above target), "di_bawah" (below it), "belum" (no realisation), "tanpa_target"
    status: str
    enrolled: str  # the numerator the rate was derived from, when recorded
    population: str  # its denominator


def number(value, places: int = 2) -> str:
    """``1234.5`` → ``1.234,50``: the Indonesian separators; "" for nothing."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    text = f"{value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def status(value: Decimal | None, target: Decimal | None) -> str:
    """Whether a participation rate (higher is better) reached its target."""
    if value is None:
        return "belum"
    if target is None:
        return "tanpa_target"
    return "memenuhi" if value >= target else "di_bawah"


def row(realization) -> Row:
    fields = realization.fields or {}
    return Row(unit=realization.unit, code=realization.code, indicator=realization.indicator,
               review=realization.review or "", value=number(realization.value), target=number(realization.target),
               status=status(realization.value, realization.target),
               enrolled=number(fields.get("peserta_didik"), 0), population=number(fields.get("penduduk_usia"), 0))


def participation_panel(year: int, data) -> DashboardPanel:
    """The latest APM/APK/APS per unit for the year, with target and status."""
    order = {code: i for i, code in enumerate(PARTICIPATION)}
    found = data.realizations(list(PARTICIPATION))
    rows = [row(r) for r in sorted(found, key=lambda r: (r.unit, order.get(r.code, len(order))))]
    # the counts show only where the host hands them over (a unit's mean carries none)
    counts = any(r.enrolled or r.population for r in rows)
    return DashboardPanel("Partisipasi sekolah per unit", TEMPLATE, {"year": year, "rows": rows, "counts": counts},
                          title_en="School participation per unit")
