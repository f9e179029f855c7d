"""One person's evaluation from plain inputs: capaian per indicator and the suggested ratings.

Every path that evaluates calls :func:`evaluate`: the write path (``evaluation.service.compute``,
which stores the snapshot), the team page's suggestions and ``flask kinerja recompute``, which
evaluate many people from rows read in a few statements. So they cannot disagree. The inputs are
anything with the right attributes (an ORM row or a plain result row); rule objects are looked up
through a callable the caller caches, so no registry lookup happens per indicator.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from .aggregation import period_target, to_date
from .rating import RatingPolicy, ScoredIndicator, ScoredResult
from .scoring import ScoringRule, capaian
from .types import Rating, ResultKind, RuleRef, Target, TargetKind

_KINDS = {k.value: k for k in TargetKind}
_RESULT_KINDS = {k.value: k for k in ResultKind}
_RATINGS = {r.value: r for r in Rating}


class IndicatorInput(Protocol):
    """The columns of a plan indicator the engine reads (``models.PlanIndicator`` has them)."""

    id: int
    target_kind: str
    target_value: Decimal | None
    target_upper: Decimal | None
    target_text: str
    scoring: str
    aggregation: str


class IndicatorScore(NamedTuple):
    """One indicator evaluated: what was due, the realisation to date, the capaian and its rule."""

    indicator: Any  # the IndicatorInput it was computed from
    result_id: int
    kind: TargetKind
    due: Decimal | None
    upper: Decimal | None
    realization: Decimal | None
    target: Target
    percent: Decimal | None
    max_attainable: bool
    explanation: str
    judgement: dict | None  # the assessor's judgement of a qualitative target
    rule: ScoringRule
    ref: RuleRef


class Evaluated(NamedTuple):
    scores: list[IndicatorScore]
    result_ratings: dict[str, str | None]  # RHK id (as a string, like the stored snapshot) → band
    results_suggested: Rating | None
    behaviour_suggested: Rating | None
    counted: int  # review periods counted


def _rating(value: str) -> Rating:
    return _RATINGS.get(value) or Rating(value)


def evaluate(results: Iterable[tuple[int, str, Sequence[IndicatorInput]]],
             reals: Mapping[tuple[int, int], Decimal | None], reviews: Sequence[tuple[int, int]], upto: int,
             judgements: Mapping[int, dict], scoring: Callable[[str], tuple[ScoringRule, RuleRef]],
             policy: RatingPolicy, behaviour: Mapping[str, dict] | None, *, each_result: bool = True) -> Evaluated:
    """Evaluate one plan up to review period ``upto`` (its seq; the number of reviews for the year).

    ``results`` are the plan's RHK in order as (id, kind, indicators in order); ``reals`` maps
    (indicator id, review id) to a value; ``reviews`` are the year's (review id, seq) in order;
    ``judgements`` the assessor's judgements of qualitative indicators by indicator id;
    ``scoring(code)`` gives a scoring rule and its provenance; ``behaviour`` the stored BerAKHLAK
    ratings ({value code: {"rating": …}}). ``each_result=False`` leaves out the rating of each RHK,
    which only the stored snapshot shows (``result_ratings`` is then empty).
    """
    counted = [rid for rid, seq in reviews if seq <= upto]
    count = len(reviews)
    get = reals.get
    scores, scored_results, result_ratings = [], [], {}
    for result_id, result_kind, indicators in results:
        scored = []
        for ind in indicators:
            ind_id, aggregation, upper = ind.id, ind.aggregation, ind.target_upper
            so_far = to_date([get((ind_id, rid)) for rid in counted], aggregation)
            kind = _KINDS.get(ind.target_kind) or TargetKind(ind.target_kind)
            due = period_target(ind.target_value, aggregation, upto, count)
            if upper is not None:  # most targets have no upper bound: spare the call
                upper = period_target(upper, aggregation, upto, count)
            rule, ref = scoring(ind.scoring)
            target = Target(kind, due, upper, ind.target_text)
            percent, top, why = capaian(rule, target, so_far)
            judgement = judgements.get(ind_id) if kind is TargetKind.QUALITATIVE else None
            scores.append(IndicatorScore(ind, result_id, kind, due, upper, so_far, target, percent, top, why,
                                         judgement, rule, ref))
            scored.append(ScoredIndicator(percent, top, _rating(judgement["rating"]) if judgement else None))
        item = ScoredResult(_RESULT_KINDS.get(result_kind) or ResultKind(result_kind), tuple(scored))
        if each_result:
            rating = policy.rate_result(item) if hasattr(policy, "rate_result") else None
            result_ratings[str(result_id)] = rating.value if rating else None
        scored_results.append(item)
    suggested = policy.rate_results(tuple(scored_results))
    marks = [_rating(v["rating"]) for v in (behaviour or {}).values() if v.get("rating")]
    behaviour_suggested = policy.rate_behaviour(tuple(marks)) if len(marks) == 7 else None
    return Evaluated(scores, result_ratings, suggested, behaviour_suggested, len(counted))
