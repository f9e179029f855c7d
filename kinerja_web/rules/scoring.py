"""Scoring rules: how attainment (capaian) follows from target and realisation.

Formulas are those of PermenPANRB 8/2021 that RULES.md §3.3 adopts as
helpers: under 6/2022 the percentage informs the assessor, it does not decide.
Every rule is a small class with a stable ``code`` and ``version``; a change
of formula is a new version, so stored results stay explainable.
"""
from __future__ import annotations

import logging
from decimal import Decimal

from .types import Target, TargetKind

_log = logging.getLogger("kinerja_web.plugins")
HUNDRED = Decimal(100)
ONE = Decimal(1)
QUALITATIVE = "kualitatif: dinilai oleh pejabat penilai"
NOT_YET = "belum ada realisasi"


def own_english(cls) -> None:
    """Drop an inherited English text where ``cls`` writes its own Indonesian one without it."""
    for text in ("title", "formula"):
        if text in cls.__dict__ and f"{text}_en" not in cls.__dict__:
            setattr(cls, f"{text}_en", "")


class ScoringRule:
    """Base class. Subclasses set ``code``, ``version``, ``title`` and ``formula`` (Bahasa Indonesia), and
    may set ``title_en`` and ``formula_en``, shown when the interface is in English.

    An English text belongs to the Indonesian text it translates: a subclass that writes its own ``title`` or
    ``formula`` without the English one does not inherit its base's English (the page then shows the
    Indonesian text rather than an English text of another rule).
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
    title_en = "Normal condition (higher is better)"
    formula_en = "realisation / target × 100 %"

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
    title_en = "Special condition (lower is better)"
    formula_en = "(1 + (1 − realisation / target)) × 100 %, at least 0 %; a target of 0 is the maximum attainable"

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
    title_en = "Range target"
    formula_en = "realisation / upper bound (above the range) or / lower bound (below the range)"

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
    title_en = "Maximum attainable target"
    formula_en = "realisation / target × 100 %"

    def percent(self, target, realization):
        return HigherIsBetter().percent(target, realization)


class GrowthOverBaseline(ScoringRule):
    """A growth target over a recorded baseline: "+5 % on last year's visitors".

    The target states the growth in percent (``target.value``) and the baseline
    (``target.baseline``: last year's figure, due to date like any target of its
    roll-up, with its source recorded on the plan). The capaian compares the
    realisation with the level the growth implies, ``baseline × (1 + growth/100)``,
    as SAKIP reports compare a realised level with its target level. Comparing the
    realised growth with the planned growth instead would explode near a growth of
    0 and go negative on a small decline, which no assessor can read; the realised
    growth is still shown in the worked formula.
    """

    code = "growth_over_baseline"
    title = "Target pertumbuhan atas nilai dasar"
    formula = "realisasi / (nilai dasar × (1 + pertumbuhan/100)) × 100 %"
    title_en = "Growth target over a baseline"
    formula_en = "realisation / (baseline × (1 + growth/100)) × 100 %"

    def level(self, target: Target) -> Decimal | None:
        """The level the growth target implies, or None without a baseline."""
        if target.baseline is None or target.value is None:
            return None
        return target.baseline * (ONE + target.value / HUNDRED)

    def percent(self, target, realization):
        level = self.level(target)
        if not level:
            return None
        return realization / level * HUNDRED

    def worked(self, target, realization, fmt=str):
        level = self.level(target)
        grown = (realization / target.baseline - ONE) * HUNDRED if target.baseline else None
        return (f"{fmt(realization)} / ({fmt(target.baseline)} × (1 + {fmt(target.value)}/100) = {fmt(level)})"
                f" × 100 %; pertumbuhan {fmt(grown)} %")


class ToleranceBand(ScoringRule):
    """Within ``tolerance`` (in the indicator's unit) of the target, the target is met: 100 %.

    Outside the band the normal condition applies. For measures that naturally
    scatter around their target (an occupancy rate, a length of stay), where a
    realisation a hair below the target is not a shortfall. A plugin subclasses it
    with its own ``code``, ``version`` and ``tolerance``.
    """

    tolerance: Decimal = Decimal(0)
    title = "Target dengan pita toleransi"
    formula = "100 % bila |realisasi − target| ≤ toleransi, selain itu realisasi / target × 100 %"
    title_en = "Target with a tolerance band"
    formula_en = "100 % if |realisation − target| ≤ tolerance, otherwise realisation / target × 100 %"

    def percent(self, target, realization):
        if target.value is None or target.value == 0:
            return None
        if abs(realization - target.value) <= self.tolerance:
            return HUNDRED
        return realization / target.value * HUNDRED

    def worked(self, target, realization, fmt=str):
        if target.value is not None and abs(realization - target.value) <= self.tolerance:
            return f"|{fmt(realization)} − {fmt(target.value)}| ≤ {fmt(self.tolerance)} → 100 %"
        return super().worked(target, realization, fmt)


class Capped(ScoringRule):
    """A rule whose capaian never exceeds ``cap`` percent: ``min(base rule, cap)``.

    Where the sector caps it (a coverage reported over its population, a count
    whose excess is not merit). A plugin subclasses it with ``code``, ``version``,
    ``cap`` and ``base`` (the rule computing the uncapped capaian); ``formula`` and ``formula_en`` follow
    from the base's unless the subclass writes its own.
    """

    cap: Decimal = HUNDRED
    base: type[ScoringRule] = None  # type: ignore[assignment]
    title = "Capaian dibatasi"
    title_en = "Capped attainment"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.base is not None and "formula" not in cls.__dict__:
            cls.formula = f"{cls.base.formula}, paling tinggi {cls.cap} %"
            if "formula_en" not in cls.__dict__:
                cls.formula_en = f"{cls.base.formula_en}, at most {cls.cap} %" if cls.base.formula_en else ""

    def percent(self, target, realization):
        value = self.base().percent(target, realization)
        return None if value is None else min(value, self.cap)

    def worked(self, target, realization, fmt=str):
        raw = self.base().percent(target, realization)
        text = self.base().worked(target, realization, fmt)
        return text if raw is None or raw <= self.cap else f"{text} = {fmt(raw)} %, dibatasi {fmt(self.cap)} %"

    def max_attainable(self, target):
        return self.base().max_attainable(target)


STANDARD_RULES = (HigherIsBetter, LowerIsBetter, RangeTarget, MaxAttainable, GrowthOverBaseline)


class RuleFailed(str):
    """The explanation of a capaian whose rule raised: it names the rule and the error.

    A rule error is a result of its own, never a silent default: the score is
    stored with it, the page shows it and no rating is suggested from it.
    """


def rule_for_target(kind: TargetKind, lower_is_better: bool) -> str:
    """The standard rule code that fits a hand-written indicator."""
    if kind is TargetKind.RANGE:
        return RangeTarget.code
    if kind is TargetKind.GROWTH:
        return GrowthOverBaseline.code
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
    if target.baseline is not None:
        inputs["baseline"] = _s(target.baseline)
    percent, top, explanation = capaian(rule, target, realization)
    return Attainment(percent, ref, inputs, explanation, max_attainable=top)


def capaian(rule: ScoringRule, target: Target, realization: Decimal | None) -> tuple[Decimal | None, bool, str]:
    """(percent, maximum attainable, explanation): :func:`attain` without the records, for loops
    that evaluate many people."""
    if target.kind is TargetKind.QUALITATIVE:
        return None, False, QUALITATIVE
    if realization is None:
        return None, False, NOT_YET
    try:
        return rule.percent(target, realization), rule.max_attainable(target), rule.formula
    except Exception as exc:  # a plugin's rule must not take the page or the batch down
        _log.exception("scoring rule %s v%s failed", rule.code, rule.version)
        return None, False, RuleFailed(f"kesalahan aturan {rule.code} v{rule.version}: {type(exc).__name__}: {exc}")


def _s(value):
    return None if value is None else str(value)
