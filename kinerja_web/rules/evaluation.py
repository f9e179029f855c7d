"""One person's evaluation from plain inputs: capaian per indicator and the suggested ratings.

Every path that evaluates calls :func:`prepare` and :func:`evaluate`: the write path
(``evaluation.service.compute``, which stores the snapshot), the team page's suggestions and
``flask kinerja recompute``, which evaluate many people from rows read in a few statements. So they
cannot disagree. The inputs are anything with the right attributes (an ORM row or a plain result
row). :func:`prepare` does once per plan what does not depend on the review period (rule objects,
looked up through a callable the caller caches; each period's realisation), so that evaluating a
plan at Q1, Q2 and Q3 repeats only the arithmetic.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from .aggregation import DueRule, period_target, to_date
from .aggregation import due as due_of
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
    baseline_value: Decimal | None  # a growth target's baseline (annual)
    due_rule: str  # "" for the national pro rata


class Prepared(NamedTuple):
    """One indicator with what stays the same from one review period to the next."""

    indicator: Any  # the IndicatorInput
    result_id: int
    kind: TargetKind
    rule: ScoringRule
    ref: RuleRef
    target: Target  # the annual target
    values: list  # the realisation of each review period of the year, in order (None: not entered)
    due: DueRule | None  # the indicator's due rule, None for the national pro rata
    due_ref: RuleRef | None


class PreparedPlan(NamedTuple):
    results: list[tuple[int, ResultKind, list[Prepared]]]
    reviews: list[tuple[int, int]]  # (review id, seq) of the year, in order
    qualitative: bool  # whether an indicator waits for the assessor's judgement, not a formula


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
    due_ref: RuleRef | None  # the due rule that replaced the pro rata share, if any


class Evaluated(NamedTuple):
    scores: list[IndicatorScore]
    result_ratings: dict[str, str | None]  # RHK id (as a string, like the stored snapshot) → band
    results_suggested: Rating | None
    behaviour_suggested: Rating | None
    counted: int  # review periods counted


def _rating(value: str) -> Rating:
    return _RATINGS.get(value) or Rating(value)


def prepare(results: Iterable[tuple[int, str, Sequence[IndicatorInput]]],
            reals: Mapping[tuple[int, int], Decimal | None], reviews: Sequence[tuple[int, int]],
            scoring: Callable[[str], tuple[ScoringRule, RuleRef]],
            due_rules: Callable[[str], tuple[DueRule, RuleRef]] | None = None) -> PreparedPlan:
    """A plan ready to be evaluated at any review period of its year (:func:`evaluate`).

    ``results`` are the plan's RHK in order as (id, kind, indicators in order); ``reals`` maps
    (indicator id, review id) to a value; ``reviews`` are the year's (review id, seq) in order;
    ``scoring(code)`` gives a scoring rule and its provenance, ``due_rules(code)`` a due rule and its.
    """
    out, review_ids, get, qualitative = [], [rid for rid, _ in reviews], reals.get, False
    for result_id, result_kind, indicators in results:
        prepared = []
        for ind in indicators:
            kind, ind_id = _KINDS.get(ind.target_kind) or TargetKind(ind.target_kind), ind.id
            rule, ref = scoring(ind.scoring)
            due_rule, due_ref = (due_rules(ind.due_rule) if ind.due_rule and due_rules else (None, None))
            prepared.append(Prepared(ind, result_id, kind, rule, ref,
                                     Target(kind, ind.target_value, ind.target_upper, ind.target_text,
                                            ind.baseline_value),
                                     [get((ind_id, rid)) for rid in review_ids], due_rule, due_ref))
            qualitative = qualitative or kind is TargetKind.QUALITATIVE
        out.append((result_id, _RESULT_KINDS.get(result_kind) or ResultKind(result_kind), prepared))
    return PreparedPlan(out, list(reviews), qualitative)


def evaluate(plan: PreparedPlan, upto: int, judgements: Mapping[int, dict], policy: RatingPolicy,
             behaviour: Mapping[str, dict] | None, *, each_result: bool = True) -> Evaluated:
    """Evaluate a prepared plan up to review period ``upto`` (its seq; the number of reviews for the year).

    ``judgements`` are the assessor's judgements of qualitative indicators by indicator id;
    ``behaviour`` the stored BerAKHLAK ratings ({value code: {"rating": …}}). ``each_result=False``
    leaves out the rating of each RHK, which only the stored snapshot shows (``result_ratings`` is
    then empty).
    """
    positions = [n for n, (_, seq) in enumerate(plan.reviews) if seq <= upto]
    count, k = len(plan.reviews), len(positions)
    prefix = positions == list(range(k))
    scores, scored_results, result_ratings = [], [], {}
    for result_id, result_kind, indicators in plan.results:
        scored = []
        for p in indicators:
            ind, kind, annual = p.indicator, p.kind, p.target
            so_far = to_date(p.values[:k] if prefix else [p.values[n] for n in positions], ind.aggregation)
            if kind is TargetKind.GROWTH:  # the baseline is what is due to date; the growth stays the growth
                base = due_of(annual.baseline, ind.aggregation, upto, count, p.due)
                target = annual if base is annual.baseline else Target(kind, annual.value, None, annual.text, base)
                due, upper = (None if base is None or annual.value is None
                              else base * (1 + annual.value / 100)), None
            else:
                due = (due_of(annual.value, ind.aggregation, upto, count, p.due) if p.due is not None
                       else period_target(annual.value, ind.aggregation, upto, count))
                upper = annual.upper
                if upper is not None:  # most targets have no upper bound: spare the call
                    upper = period_target(upper, ind.aggregation, upto, count)
                # what is due in full is the annual target itself: its Target serves every period
                target = (annual if due is annual.value and upper is annual.upper
                          else Target(kind, due, upper, annual.text))
            percent, top, why = capaian(p.rule, target, so_far)
            judgement = judgements.get(ind.id) if kind is TargetKind.QUALITATIVE else None
            scores.append(IndicatorScore(ind, result_id, kind, due, upper, so_far, target, percent, top, why,
                                         judgement, p.rule, p.ref, p.due_ref))
            scored.append(ScoredIndicator(percent, top, _rating(judgement["rating"]) if judgement else None))
        item = ScoredResult(result_kind, tuple(scored))
        if each_result:
            rating = policy.rate_result(item) if hasattr(policy, "rate_result") else None
            result_ratings[str(result_id)] = rating.value if rating else None
        scored_results.append(item)
    suggested = policy.rate_results(tuple(scored_results))
    marks = [_rating(v["rating"]) for v in (behaviour or {}).values() if v.get("rating")]
    behaviour_suggested = policy.rate_behaviour(tuple(marks)) if len(marks) == 7 else None
    return Evaluated(scores, result_ratings, suggested, behaviour_suggested, k)
