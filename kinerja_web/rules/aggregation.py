"""How the realisations of review periods add up to a realisation to date.

RULES.md §6.5 ``period_aggregation``: counts are summed, percentages and
indices take the latest period, some indicators take the mean or the best.
"""
from __future__ import annotations

from decimal import Decimal

AGGREGATIONS = ("sum", "last", "average", "max")
LEVEL_UNITS = {"%", "persen", "indeks", "index", "nilai", "skor", "rasio", "hari"}


def default_aggregation(unit: str) -> str:
    """Levels (percentages, indices) take the latest value; counts add up."""
    return "last" if (unit or "").strip().lower() in LEVEL_UNITS else "sum"


def to_date(values: list[Decimal | None], aggregation: str) -> Decimal | None:
    """Combine per-period values in period order; None where nothing is known."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    if aggregation == "sum":
        return sum(known, Decimal(0))
    if aggregation == "last":
        return known[-1]
    if aggregation == "average":
        return sum(known, Decimal(0)) / len(known)
    if aggregation == "max":
        return max(known)
    raise ValueError(f"unknown aggregation {aggregation!r}")


def period_target(annual: Decimal | None, aggregation: str, seq: int, count: int) -> Decimal | None:
    """The target a periodic evaluation compares the realisation to date with.

    Counts that add up over the year are due pro rata (a quarter of the annual
    target after Q1, three quarters after Q3); levels are due in full.
    """
    if annual is None:
        return None
    if aggregation == "sum":
        return annual * seq / count
    return annual
