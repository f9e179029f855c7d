"""How the realisations of review periods add up to a realisation to date.

RULES.md §6.5 ``period_aggregation``: every indicator declares it (see
:class:`~kinerja_web.rules.types.Aggregation`); nothing is guessed from the
unit. Counts of events are summed, stocks and cumulative levels take the
latest period, rates and averages take the mean, and ``max`` the best period.
"""
from __future__ import annotations

from decimal import Decimal

from .scoring import own_english
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


class DueRule:
    """What share of a summed annual target is due after the first review periods.

    The national roll-up is pro rata (:func:`period_target`). A plugin declares a
    due rule (``kinerja_due_rules``) where its sector's year is uneven, and names it
    on an indicator (``Indicator.due_rule``). Subclasses set ``code``, ``version``,
    ``title`` and implement :meth:`share`; they may set ``formula`` (what is due, in Bahasa Indonesia),
    ``title_en`` and ``formula_en`` (shown when the interface is in English).
    """

    code: str = ""
    version: int = 1
    title: str = ""
    formula: str = ""
    title_en: str = ""
    formula_en: str = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own_english(cls)

    def share(self, seq: int, count: int) -> Decimal:
        """The fraction of the annual target due after review period ``seq`` of ``count``."""
        raise NotImplementedError


class Seasonal(DueRule):
    """A year weighted by month: what is due after a review period is the weight of its months so far.

    ``weights`` are twelve monthly weights (any scale; they are normalised). A review
    period of a year of ``count`` periods covers ``12 / count`` months. With equal
    weights this is the national pro rata. ``formula`` and ``formula_en`` state the
    weights unless the subclass writes its own.
    """

    weights: tuple[Decimal, ...] = (Decimal(1),) * 12
    formula = "target tahunan × bobot bulan sampai akhir periode / bobot setahun"
    formula_en = "annual target × weight of the months to the end of the period / weight of the year"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "weights" in cls.__dict__ and "formula" not in cls.__dict__:
            weights = ", ".join(str(w) for w in cls.weights)
            cls.formula = f"{Seasonal.formula}; bobot Jan–Des: {weights}"
            if "formula_en" not in cls.__dict__:
                cls.formula_en = f"{Seasonal.formula_en}; weights Jan–Dec: {weights}"

    def share(self, seq, count):
        if count <= 0 or 12 % count:
            return Decimal(seq) / Decimal(count) if count else Decimal(1)
        months = 12 // count * min(seq, count)
        total = sum(self.weights, Decimal(0))
        return sum(self.weights[:months], Decimal(0)) / total


def due(annual: Decimal | None, aggregation: str, seq: int, count: int, rule: DueRule | None = None) -> Decimal | None:
    """:func:`period_target`, or the due rule's share of a summed target when the indicator names one."""
    if annual is None or rule is None or aggregation != Aggregation.SUM:
        return period_target(annual, aggregation, seq, count)
    if seq >= count:
        return annual
    return annual * rule.share(seq, count)
