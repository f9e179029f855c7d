"""The dashboard panel "Kunjungan wisatawan": per unit, the latest visits beside their target.

The growth shown is over the same period of last year, when the row carries that
figure (our ``kunjungan_tahun_lalu`` field): the comparison BPS makes in every
monthly release. The growth and source columns appear only when some row fills
them. Numbers are written here, the Indonesian way, so the template stays plain HTML.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kinerja_web.rules.types import DashboardPanel, TargetKind

from .fields import KUNJUNGAN_TAHUN_LALU, SUMBER_DATA, VISITS

TEMPLATE = "kinerja_pariwisata/kunjungan.html"
SOURCES = dict(SUMBER_DATA.choices)
TENTH = Decimal("0.1")


def number(value: Decimal | None) -> str:
    """1234567.5 → "1.234.567,5"; whole numbers without decimals; "–" for nothing."""
    if value is None:
        return "–"
    places = 0 if value == value.to_integral_value() else 2
    text = f"{value:,.{places}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return text.rstrip("0").rstrip(",") if places else text


def growth(value: Decimal | None, last_year) -> Decimal | None:
    """Growth in percent over last year's figure for the same period, to one decimal; None when unknown."""
    try:
        before = None if last_year in (None, "") else Decimal(str(last_year))
    except InvalidOperation:
        return None
    if value is None or not before:
        return None
    return ((value / before - 1) * 100).quantize(TENTH, ROUND_HALF_UP)


def line(row, kinds: dict[str, TargetKind]) -> dict:
    """What one table row shows for a realisation row of ``PanelData.realizations``."""
    fields = row.fields or {}
    grown = growth(row.value, fields.get(KUNJUNGAN_TAHUN_LALU.name))
    if kinds.get(row.code) is TargetKind.GROWTH and row.target is not None:
        target = f"tumbuh {number(row.target)} %"
    else:
        target = number(row.target)
    return {"unit": row.unit, "indicator": row.indicator, "review": row.review, "value": number(row.value),
            "target": target, "growth": "–" if grown is None else f"{'+' if grown > 0 else ''}{number(grown)} %",
            "source": SOURCES.get(fields.get(SUMBER_DATA.name), "–")}


def visits_panel(data, catalogue) -> DashboardPanel:
    """The panel for this year's realisations in ``data`` of the visit indicators in ``catalogue``."""
    order = [i.code for i in catalogue if i.code in VISITS]
    kinds = {i.code: i.target_kind for i in catalogue}
    rows = sorted(data.realizations(order), key=lambda r: (r.unit, order.index(r.code)))
    lines = [line(r, kinds) for r in rows]
    # columns nobody's figures fill stay out of the table
    shown = {"growth": any(x["growth"] != "–" for x in lines), "source": any(x["source"] != "–" for x in lines)}
    return DashboardPanel("Kunjungan wisatawan", TEMPLATE, {"rows": lines, "shown": shown},
                          title_en="Tourist visits")
