"""Rating policies: suggest a rating from attainments (RULES.md §3.5).

The regulation gives no formula; a policy only *suggests*. The assessor
confirms or overrides with a written reason.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from .types import Rating, ResultKind

WORST_FIRST = [Rating.BELOW, Rating.MEETS, Rating.ABOVE]
_WORST_FIRST_RANK = {r: n for n, r in enumerate(WORST_FIRST)}


@dataclass(frozen=True)
class ScoredIndicator:
    """One indicator as a rating policy sees it: a computed capaian, or the
    assessor's judgement of a qualitative target (RULES.md §2.3, §3.3)."""

    percent: Decimal | None
    max_attainable: bool = False
    judgement: Rating | None = None

    @property
    def rated(self) -> bool:
        return self.percent is not None or self.judgement is not None


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
    """The default of RULES.md §3.5, thresholds and per-RHK mode configurable.

    A qualitative indicator counts with the band the assessor judged it in, as
    a computed capaian counts with its threshold band. Version 2: judgements
    count, and a maximum-attainable target is recognised by the scoring rule
    (a lower-is-better target of 0 is one).
    """

    code = "national"
    version = 2
    title = "Saran rating hasil kerja dari capaian indikator (PermenPANRB 6/2022)"

    def __init__(self, hi=Decimal(110), ok=Decimal(100), per_result="weakest"):
        self.hi, self.ok, self.per_result = hi, ok, per_result

    def rate_indicator(self, ind: ScoredIndicator) -> Rating:
        if ind.judgement is not None:
            return ind.judgement
        hi = self.ok if ind.max_attainable else self.hi
        if ind.percent >= hi:
            return Rating.ABOVE
        return Rating.MEETS if ind.percent >= self.ok else Rating.BELOW

    def rate_result(self, result: ScoredResult) -> Rating | None:
        """The weakest band of the RHK's indicators, or the band of the mean capaian.

        In ``mean`` mode the computed capaian are averaged into one band; each
        judgement stays a band of its own, and the weakest band counts: a
        qualitative target judged below is never averaged away.
        """
        scored = [i for i in result.indicators if i.percent is not None or i.judgement is not None]  # i.rated
        if not scored:
            return None
        if self.per_result == "mean":
            computed = [i for i in scored if i.judgement is None]
            bands = [i for i in scored if i.judgement is not None]
            if computed:
                mean = sum(i.percent for i in computed) / len(computed)
                bands.append(ScoredIndicator(mean, all(i.max_attainable for i in computed)))
            scored = bands
        return min(map(self.rate_indicator, scored), key=_WORST_FIRST_RANK.__getitem__)

    def rate_results(self, results):
        # Counted in one pass: the province's recompute calls this for every evaluation.
        rated = above = below = 0
        main_below = False
        for result in results:
            rating = self.rate_result(result)
            if rating is None:
                continue
            rated += 1
            if rating == Rating.ABOVE:
                above += 1
            elif rating == Rating.BELOW:
                below += 1
                main_below = main_below or (result.kind is ResultKind.MAIN and rating is Rating.BELOW)
        if not rated:
            return None
        half = rated / 2
        if above > half and not main_below:
            return Rating.ABOVE
        if below > half:
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
