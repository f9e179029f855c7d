"""Rating policies: suggest a rating from attainments (RULES.md §3.5).

The regulation gives no formula; a policy only *suggests*. The assessor
confirms or overrides with a written reason.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from .types import Rating, ResultKind


@dataclass(frozen=True)
class ScoredIndicator:
    percent: Decimal | None
    max_attainable: bool = False


@dataclass(frozen=True)
class ScoredResult:
    kind: ResultKind
    indicators: tuple[ScoredIndicator, ...]


class RatingPolicy:
    code: str = ""
    version: int = 1
    title: str = ""

    def rate_results(self, results: tuple[ScoredResult, ...]) -> Rating | None:
        raise NotImplementedError

    def rate_behaviour(self, ratings: tuple[Rating, ...]) -> Rating | None:
        raise NotImplementedError


class NationalRatingPolicy(RatingPolicy):
    """The default of RULES.md §3.5, thresholds and per-RHK mode configurable."""

    code = "national"
    title = "Kebijakan rating nasional (RULES.md §3.5)"

    def __init__(self, hi=Decimal(110), ok=Decimal(100), per_result="weakest"):
        self.hi, self.ok, self.per_result = hi, ok, per_result

    def rate_indicator(self, ind: ScoredIndicator) -> Rating:
        hi = self.ok if ind.max_attainable else self.hi
        if ind.percent >= hi:
            return Rating.ABOVE
        return Rating.MEETS if ind.percent >= self.ok else Rating.BELOW

    def rate_result(self, result: ScoredResult) -> Rating | None:
        scored = [i for i in result.indicators if i.percent is not None]
        if not scored:
            return None
        if self.per_result == "mean":
            mean = sum(i.percent for i in scored) / len(scored)
            return self.rate_indicator(ScoredIndicator(mean, all(i.max_attainable for i in scored)))
        order = [Rating.BELOW, Rating.MEETS, Rating.ABOVE]
        return min((self.rate_indicator(i) for i in scored), key=order.index)

    def rate_results(self, results):
        rated = [(r.kind, self.rate_result(r)) for r in results]
        rated = [(k, r) for k, r in rated if r is not None]
        if not rated:
            return None
        counts = Counter(r for _, r in rated)
        half = len(rated) / 2
        main_below = any(k is ResultKind.MAIN and r is Rating.BELOW for k, r in rated)
        if counts[Rating.ABOVE] > half and not main_below:
            return Rating.ABOVE
        if counts[Rating.BELOW] > half:
            return Rating.BELOW
        return Rating.MEETS

    def rate_behaviour(self, ratings):
        if not ratings:
            return None
        if Rating.BELOW in ratings:
            return Rating.BELOW
        if Counter(ratings)[Rating.ABOVE] > len(ratings) / 2:
            return Rating.ABOVE
        return Rating.MEETS
