"""The dashboard panel "Kunjungan wisatawan": per unit, the latest visits beside their target.

The growth shown is over the same period of last year, when the row carries that
figure (our ``kunjungan_tahun_lalu`` field): the comparison BPS makes in every
monthly release. The growth and source columns appear only when some row fills
them. Numbers stay numbers here: the template writes them with the host's
``number`` filter, in the reader's notation, and its words come from ``WORDS``
in the reader's language (the host's ``locale``).
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from kinerja_web.rules.types import DashboardPanel, TargetKind

from .fields import KUNJUNGAN_TAHUN_LALU, SUMBER_DATA, VISITS

TEMPLATE = "kinerja_pariwisata/kunjungan.html"
TENTH = Decimal("0.1")

# The panel's own words in each language the host speaks (the host's catalogue does not hold them).
WORDS = {
    "id": {"caption": "Kunjungan wisatawan per unit kerja: realisasi tahun ini sampai periode terakhir",
           "unit": "Unit kerja", "indicator": "Indikator", "period": "Periode", "value": "Realisasi",
           "target": "Target tahunan", "growth": "Pertumbuhan atas periode yang sama tahun lalu",
           "source": "Sumber data", "grow": "tumbuh", "empty": "Belum ada realisasi kunjungan wisatawan tahun ini.",
           "sources": dict(SUMBER_DATA.choices)},
    "en": {"caption": "Tourist visits per work unit: this year's realisation to the latest period",
           "unit": "Work unit", "indicator": "Indicator", "period": "Period", "value": "Realisation",
           "target": "Annual target", "growth": "Growth over the same period last year",
           "source": "Source of the figure", "grow": "growth of", "empty": "No tourist visits realised this year yet.",
           "sources": {"bps": "BPS (official statistics release)", "survei": "Survey or count by the Dinas",
                       "tiket": "Tickets or entrance fees of attractions"}},
}


def growth(value: Decimal | None, last_year) -> Decimal | None:
    """Growth in percent over last year's figure for the same period, to one decimal; None when unknown."""
    try:
        before = None if last_year in (None, "") else Decimal(str(last_year))
    except InvalidOperation:
        return None
    if value is None or not before:
        return None
    return ((value / before - 1) * 100).quantize(TENTH, ROUND_HALF_UP)


def line(row, catalogue: dict) -> dict:
    """What one table row shows for a realisation row of ``PanelData.realizations``; ``catalogue`` maps
    each code to its catalogue indicator (the target's kind, the English name)."""
    fields = row.fields or {}
    indicator = catalogue.get(row.code)
    source = fields.get(SUMBER_DATA.name)
    return {"unit": row.unit, "indicator": row.indicator, "indicator_en": indicator.name_en if indicator else "",
            "review": row.review, "value": row.value, "target": row.target,
            "growth_target": indicator is not None and indicator.target_kind is TargetKind.GROWTH,
            "growth": growth(row.value, fields.get(KUNJUNGAN_TAHUN_LALU.name)),
            "source": source if source in WORDS["id"]["sources"] else None}


def visits_panel(data, catalogue) -> DashboardPanel:
    """The panel for this year's realisations in ``data`` of the visit indicators in ``catalogue``."""
    order = [i.code for i in catalogue if i.code in VISITS]
    by_code = {i.code: i for i in catalogue}
    rows = sorted(data.realizations(order), key=lambda r: (r.unit, order.index(r.code)))
    lines = [line(r, by_code) for r in rows]
    # columns nobody's figures fill stay out of the table
    shown = {"growth": any(x["growth"] is not None for x in lines), "source": any(x["source"] for x in lines)}
    return DashboardPanel("Kunjungan wisatawan", TEMPLATE, {"rows": lines, "shown": shown, "words": WORDS},
                          title_en="Tourist visits")
