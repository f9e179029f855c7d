"""Scoring rules: how attainment (capaian) follows from target and realisation.

Formulas are those of PermenPANRB 8/2021 that RULES.md §3.3 adopts as
helpers: under 6/2022 the percentage informs the assessor, it does not decide.
Every rule is a small class with a stable ``code`` and ``version``; a change
of formula is a new version, so stored results stay explainable.
"""
from __future__ import annotations

from decimal import Decimal

from .types import Target, TargetKind

HUNDRED = Decimal(100)
ONE = Decimal(1)
QUALITATIVE = "kualitatif: dinilai oleh pejabat penilai"
NOT_YET = "belum ada realisasi"


class ScoringRule:
    """Base class. Subclasses set ``code``, ``version``, ``title`` and ``formula``."""

    code: str = ""
    version: int = 1
    title: str = ""
    formula: str = ""

    def percent(self, target: Target, realization: Decimal) -> Decimal | None:
        """Return the exact capaian in percent, or None when not computable."""
        raise NotImplementedError

    def worked(self, target: Target, realization: Decimal, fmt=str) -> str:
        """The formula with this case's numbers, e.g. ``(1 + (1 − 6,5/7)) × 100 %``."""
        return f"{fmt(realization)} / {fmt(target.value)} × 100 %"

    def max_attainable(self, target: Target) -> bool:
        """Whether the target is the most anyone can reach, so meeting it is above
        expectation (RULES.md §3.3: "100 % bebas temuan"; §3.5 step 2)."""
        return target.kind is TargetKind.MAX_ATTAINABLE


class HigherIsBetter(ScoringRule):
    """Normal condition: realisation / target × 100 %."""

    code = "higher_is_better"
    title = "Kondisi normal (semakin tinggi semakin baik)"
    formula = "realisasi / target × 100 %"

    def percent(self, target, realization):
        if target.value is None or target.value == 0:
            return None
        return realization / target.value * HUNDRED


class LowerIsBetter(ScoringRule):
    """Special condition: (1 + (1 − realisation / target)) × 100 %.

    A realisation of twice the target or more attains 0 %: the formula would go
    negative, which no assessor can read. A target of 0 ("0 kematian ibu", "0
    keluhan") has no ratio: it is the maximum attainable, like 100 % coverage.
    Meeting it (realisation 0) attains 100 % and counts as above expectation;
    anything above it attains 0 % (RULES.md §3.3 edge cases).
    """

    code = "lower_is_better"
    title = "Kondisi khusus (semakin rendah semakin baik)"
    formula = "(1 + (1 − realisasi / target)) × 100 %, paling rendah 0 %; target 0 adalah target maksimal"

    def percent(self, target, realization):
        if target.value is None:
            return None
        if target.value == 0:
            return HUNDRED if realization <= 0 else Decimal(0)
        return max(Decimal(0), (ONE + (ONE - realization / target.value)) * HUNDRED)

    def worked(self, target, realization, fmt=str):
        if target.value == 0:
            if realization <= 0:
                return f"target maksimal 0 tercapai (realisasi {fmt(realization)}) → 100 %"
            return f"realisasi {fmt(realization)} melebihi target maksimal 0 → 0 %"
        return f"(1 + (1 − {fmt(realization)}/{fmt(target.value)})) × 100 %"

    def max_attainable(self, target):
        return super().max_attainable(target) or target.value == 0


class RangeTarget(ScoringRule):
    """Range target: above the range use the upper bound, below it the lower.

    Inside the range the target is met: 100 %.
    """

    code = "range"
    title = "Target rentang"
    formula = "realisasi / batas atas (di atas rentang) atau / batas bawah (di bawah rentang)"

    def percent(self, target, realization):
        low, high = target.value, target.upper
        if low is None or high is None or low == 0:
            return None
        if realization > high:
            return realization / high * HUNDRED
        if realization < low:
            return realization / low * HUNDRED
        return HUNDRED

    def worked(self, target, realization, fmt=str):
        if realization > target.upper:
            return f"{fmt(realization)} / {fmt(target.upper)} × 100 %"
        if realization < target.value:
            return f"{fmt(realization)} / {fmt(target.value)} × 100 %"
        return f"{fmt(target.value)} ≤ {fmt(realization)} ≤ {fmt(target.upper)} → 100 %"


class MaxAttainable(ScoringRule):
    """A target that is already the maximum attainable (e.g. 100 % bebas temuan).

    Computed like the normal condition; the rating policy treats 100 % of such
    a target as above expectation (RULES.md §3.5 step 2).
    """

    code = "max_attainable"
    title = "Target maksimal yang dapat dicapai"
    formula = "realisasi / target × 100 %"

    def percent(self, target, realization):
        return HigherIsBetter().percent(target, realization)


STANDARD_RULES = (HigherIsBetter, LowerIsBetter, RangeTarget, MaxAttainable)


def rule_for_target(kind: TargetKind, lower_is_better: bool) -> str:
    """The standard rule code that fits a hand-written indicator."""
    if kind is TargetKind.RANGE:
        return RangeTarget.code
    if lower_is_better:  # "maksimal 0 keluhan" is a maximum attainable target too
        return LowerIsBetter.code
    if kind is TargetKind.MAX_ATTAINABLE:
        return MaxAttainable.code
    return HigherIsBetter.code


def attain(rule: ScoringRule, ref, target: Target, realization: Decimal | None):
    """Capaian of one indicator with its provenance and inputs.

    Qualitative targets and missing realisations yield ``percent=None``: the
    assessor judges the first, the second is simply not known yet.
    """
    from .types import Attainment

    inputs = {"target": _s(target.value), "upper": _s(target.upper),
              "kind": target.kind.value, "realization": _s(realization)}
    percent, top, explanation = capaian(rule, target, realization)
    return Attainment(percent, ref, inputs, explanation, max_attainable=top)


def capaian(rule: ScoringRule, target: Target, realization: Decimal | None) -> tuple[Decimal | None, bool, str]:
    """(percent, maximum attainable, explanation): :func:`attain` without the records, for loops
    that evaluate many people."""
    if target.kind is TargetKind.QUALITATIVE:
        return None, False, QUALITATIVE
    if realization is None:
        return None, False, NOT_YET
    return rule.percent(target, realization), rule.max_attainable(target), rule.formula


def _s(value):
    return None if value is None else str(value)
