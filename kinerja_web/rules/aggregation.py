"""How the realisations of review periods add up to a realisation to date.

RULES.md §6.5 ``period_aggregation``: every indicator declares it (see
:class:`~kinerja_web.rules.types.Aggregation`); nothing is guessed from the
unit. Counts of events are summed, stocks and cumulative levels take the
latest period, rates and averages take the mean, and ``max`` the best period.
"""
from __future__ import annotations

from decimal import Decimal

from .types import Aggregation


def to_date(values: list[Decimal | None], aggregation: str) -> Decimal | None:
    """Combine per-period values in period order; None where nothing is known."""
    known = [v for v in values if v is not None]
    if not known:
        return None
    if aggregation == Aggregation.SUM:
        return sum(known, Decimal(0))
    if aggregation == Aggregation.LAST:
        return known[-1]
    if aggregation == Aggregation.AVERAGE:
        return sum(known, Decimal(0)) / len(known)
    if aggregation == Aggregation.MAX:
        return max(known)
    raise ValueError(f"unknown aggregation {aggregation!r}")


def period_target(annual: Decimal | None, aggregation: str, seq: int, count: int) -> Decimal | None:
    """The target a periodic evaluation compares the realisation to date with.

    Counts that add up over the year are due pro rata (a quarter of the annual
    target after Q1, three quarters after Q3); levels, rates and averages are
    due in full.
    """
    if annual is None:
        return None
    if aggregation == Aggregation.SUM:
        return annual * seq / count
    return annual
