"""Evaluation: the engine suggests, the assessor decides, the matrix gives the predikat.

``compute`` snapshots attainments and suggested ratings with their provenance;
``finalize`` seals the evaluation with a content hash that ``verify`` checks.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..models import PluginFault, Realization, ReviewPeriod
from ..rules.evaluation import evaluate, prepare
from ..rules.scoring import RuleFailed
from ..rules.types import Rating, RuleRef, TargetKind
from ..ui import glossed

# Official terms, glossed in English pages ("Sesuai Ekspektasi (meets expectations)"); the value stays the term.
RATING_LABELS = {"di_atas": glossed("Di Atas Ekspektasi", _l("above expectations")),
                 "sesuai": glossed("Sesuai Ekspektasi", _l("meets expectations")),
                 "di_bawah": glossed("Di Bawah Ekspektasi", _l("below expectations"))}
PREDICATE_LABELS = {"sangat_baik": glossed("Sangat Baik", _l("outstanding")), "baik": glossed("Baik", _l("good")),
                    "butuh_perbaikan": glossed("Butuh Perbaikan", _l("needs improvement")),
                    "kurang": glossed("Kurang/Misconduct", _l("poor or misconduct")),
                    "sangat_kurang": glossed("Sangat Kurang", _l("very poor"))}
OBJECTION_DAYS = 14


def registry():
    return current_app.extensions["kinerja_registry"]


def _ref(declared, kind: str, code: str) -> dict:
    return asdict(RuleRef(declared.plugin, declared.plugin_version, kind, code, declared.record.version))


class Rules:
    """The registry's rules looked up once for a request or a batch of evaluations, not per indicator:
    scoring rules by code (instance, provenance, provenance as stored) and each agency's policies."""

    def __init__(self, reg=None):
        self.reg = registry() if reg is None else reg
        self._scoring: dict[str, tuple] = {}
        self._stored: dict[str, dict] = {}
        self._agencies: dict[str, tuple] = {}

    def scoring(self, code: str) -> tuple:
        """(rule instance, RuleRef) of a scoring rule, as ``Registry.scoring_rule`` gives them."""
        found = self._scoring.get(code)
        if found is None:
            found = self._scoring[code] = self.reg.scoring_rule(code)
        return found

    def due(self, code: str) -> tuple:
        """(due rule instance, RuleRef) of a due rule (a season), looked up once."""
        found = self._scoring.get(("due", code))
        if found is None:
            found = self._scoring[("due", code)] = self.reg.due_rule(code)
        return found

    def stored_ref(self, code: str) -> dict:
        """A scoring rule's provenance as a stored score names it (shared: copy before storing)."""
        found = self._stored.get(code)
        if found is None:
            found = self._stored[code] = asdict(self.scoring(code)[1])
        return found

    def policies(self, agency_code: str) -> tuple:
        """(rating policy, its provenance, predikat matrix, its provenance) of an agency, see :func:`policies`."""
        found = self._agencies.get(agency_code)
        if found is None:
            agency = self.reg.agencies.get(agency_code)
            results_code = agency.record.results_policy if agency else "national"
            matrix_code = agency.record.predicate_policy if agency else "national"
            policy, matrix = self.reg.rating_policies[results_code], self.reg.predicate_policies[matrix_code]
            found = self._agencies[agency_code] = (policy.record, _ref(policy, "rating", results_code),
                                                   matrix.record, _ref(matrix, "predicate", matrix_code))
        return found

    def prepare(self, results, reals, reviews):
        """``rules.evaluation.prepare`` with these scoring rules."""
        return prepare(results, reals, reviews, self.scoring, self.due)

    def evaluate(self, agency_code: str, plan, upto: int, judgements, behaviour, *, each_result: bool = True):
        """``rules.evaluation.evaluate`` with the agency's rating policy: the one engine call of ``compute``
        (ORM rows), the team page's suggestions and ``flask kinerja recompute`` (plain rows,
        ``queries.evaluation_inputs``)."""
        return evaluate(plan, upto, judgements, self.policies(agency_code)[0], behaviour, each_result=each_result)


def policies(plan):
    """The rating policy and predikat matrix the employee's agency uses, with provenance."""
    return Rules().policies(plan.employee.agency.code)


def reviews_of(plan) -> list[ReviewPeriod]:
    """The review periods the SKP covers: all of its year, or for a part of the year (a move, RULES.md §1.2)
    the ones that overlap its dates (a period the move splits is evaluated in both parts)."""
    query = select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
    if plan.starts_on is not None:
        query = query.where(ReviewPeriod.ends_on >= plan.starts_on)
    if plan.ends_on is not None:
        query = query.where(ReviewPeriod.starts_on <= plan.ends_on)
    return list(db.session.scalars(query.order_by(ReviewPeriod.seq)))


def year_reviews(plan) -> list[ReviewPeriod]:
    """Every review period of the SKP's year (a part closed by a move keeps the year's pro rata targets)."""
    return list(db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                                   .order_by(ReviewPeriod.seq)))


def covers(plan, review) -> bool:
    """Whether the SKP (or its part of the year) covers the review period."""
    return ((plan.starts_on is None or review.ends_on >= plan.starts_on)
            and (plan.ends_on is None or review.starts_on <= plan.ends_on))


def judgements_of(ev) -> dict[int, dict]:
    """The assessor's judgements of qualitative indicators stored with the evaluation, by indicator id."""
    return judgements_in(ev.scores)


def judgements_in(scores: list | None) -> dict[int, dict]:
    """:func:`judgements_of` a stored score snapshot."""
    return {s["indicator_id"]: s["judgement"] for s in scores or () if s.get("judgement")}


def judged_on(judgement: dict):
    """The Jakarta calendar date a judgement was recorded."""
    from datetime import datetime

    from ..clock import local_date

    return local_date(datetime.fromisoformat(judgement["at"]))


def qualitative_indicators(plan) -> list:
    return [i for r in plan.results for i in r.indicators if i.target_kind == TargetKind.QUALITATIVE]


def unjudged(ev) -> list:
    """Qualitative indicators the assessor has not judged yet: rating must wait for them."""
    judged = judgements_of(ev)
    return [i for i in qualitative_indicators(ev.plan) if i.id not in judged]


def compute(ev, judgements: dict[int, dict] | None = None, *, reviews=None, reals=None, rules=None) -> None:
    """Snapshot attainments to the evaluation's period and the suggested ratings.

    A qualitative indicator has no capaian: the assessor's judgement (below,
    meets or above expectation, with who and when) is stored in its score and
    counts as its band. ``judgements`` replaces the stored ones; without it
    they are kept. ``reviews`` (of the plan's year, in order), ``reals`` ({(indicator id,
    review id): value}) and ``rules`` (:class:`Rules`) may be given by a caller that loaded
    them for many evaluations at once. The engine is ``rules.evaluation.evaluate``, which
    the team page and ``flask kinerja recompute`` call on plain rows.
    """
    plan = ev.plan
    judgements = judgements_of(ev) if judgements is None else judgements
    reviews = year_reviews(plan) if reviews is None else reviews
    steps = [(r.id, r.seq) for r in reviews]
    upto = ev.review.seq if ev.review else len(reviews)
    if plan.starts_on is not None:  # a part opened by a move: its targets are for the rest of the year only
        steps = [(r.id, n) for n, r in enumerate((r for r in reviews if covers(plan, r)), start=1)]
        upto = next((n for rid, n in steps if ev.review and rid == ev.review.id), len(steps))
    if reals is None:
        ind_ids = [i.id for r in plan.results for i in r.indicators]
        reals = {(x.indicator_id, x.review_id): x.value for x in db.session.scalars(
            select(Realization).where(Realization.indicator_id.in_(ind_ids)))} if ind_ids else {}
    if rules is None:  # the rules in force for this period: an adopted candidate from its start period on
        from .rule_sets import RuleBook

        agency = plan.employee.agency
        rules = RuleBook().rules(agency.code, plan.period.year, ev.review.seq if ev.review else None,
                                 agency.rules_adopted)
    policy, policy_ref, matrix, matrix_ref = rules.policies(plan.employee.agency.code)
    prepared = rules.prepare([(r.id, r.kind, r.indicators) for r in plan.results], reals,
                             steps)
    out = rules.evaluate(plan.employee.agency.code, prepared, upto, judgements, ev.behaviour)
    ev.scores = [score_snapshot(s, rules) for s in out.scores]
    for score in ev.scores:  # a rule error is kept for the province admin with the evaluation it spoiled
        if "rule_error" in score:
            db.session.add(PluginFault(plugin=score["rule"]["plugin"], hook="scoring " + score["rule"]["code"],
                                       agency_code=plan.employee.agency.code, message=score["rule_error"][:2000]))
    ev.result_ratings = out.result_ratings
    ev.results_suggested = out.results_suggested.value if out.results_suggested else None
    ev.behaviour_suggested = out.behaviour_suggested.value if out.behaviour_suggested else None
    judged = [{"indicator_id": s.indicator.id, "by_id": s.judgement["by_id"], "at": s.judgement["at"]}
              for s in out.scores if s.judgement]
    ev.provenance = {"rating_policy": policy_ref, "matrix": matrix_ref, "reviews_counted": out.counted,
                     "judgements": judged}  # qualitative bands: the assessor's, not a rule's


def score_snapshot(s, rules: Rules) -> dict:
    """One indicator's stored score: what was due, the realisation to date, the capaian, its rule and formula."""
    ind = s.indicator
    score = {"indicator_id": ind.id, "result_id": s.result_id, "name": ind.name, "unit": ind.unit,
             "target": _s(s.due), "upper": _s(s.upper), "annual_target": _s(ind.target_value),
             "realization": _s(s.realization), "percent": _s(s.percent), "rule": dict(rules.stored_ref(ind.scoring)),
             "formula": _worked(s),
             "max_attainable": s.max_attainable, "aggregation": ind.aggregation}
    if s.kind is TargetKind.QUALITATIVE:
        score.update(qualitative=True, target_text=ind.target_text, judgement=s.judgement)
    if s.kind is TargetKind.GROWTH:  # the growth and its baseline, as the plan recorded them
        score.update(growth=_s(ind.target_value), baseline=_s(s.target.baseline),
                     annual_baseline=_s(ind.baseline_value))
    if s.due_ref is not None:
        score["due_rule"] = asdict(s.due_ref)
    if isinstance(s.explanation, RuleFailed):  # a rule error is a result of its own, named
        score["rule_error"] = str(s.explanation)
    return score


def _worked(s) -> str:
    """The formula with the case's numbers; a plugin rule whose ``worked`` raises gives its plain formula."""
    if s.percent is None:
        return s.explanation
    try:
        return s.rule.worked(s.target, s.realization)
    except Exception:  # the capaian stands; only its worked text is missing
        return s.rule.formula


def predicate_of(plan, results: str, behaviour: str) -> str:
    _, _, matrix, _ = policies(plan)
    return matrix.predicate(Rating(results), Rating(behaviour)).value


def content(ev) -> dict:
    """Everything a final evaluation says, in a canonical form for hashing.

    Who appraised whom (the snapshot) is part of what the document says, so it is sealed too;
    evaluations sealed before snapshots existed have none, and their content (and hash) stays as it was.
    """
    data = {"plan_id": ev.plan_id, "review_id": ev.review_id, "scores": ev.scores,
            "result_ratings": ev.result_ratings, "behaviour": ev.behaviour,
            "results": [ev.results_suggested, ev.results_final, ev.results_reason],
            "behaviour_rating": [ev.behaviour_suggested, ev.behaviour_final, ev.behaviour_reason],
            "predicate": ev.predicate, "provenance": ev.provenance, "notes": ev.notes,
            "self": sorted([s.result_id, s.text] for s in ev.self_assessments),
            "decision": [ev.decision_outcome, ev.decision]}
    if getattr(ev, "snapshot", None) is not None:
        data["snapshot"] = ev.snapshot
    return data


def _who(emp) -> dict | None:
    if emp is None:
        return None
    return {"id": emp.id, "name": emp.name, "nip": emp.nip, "rank": emp.rank, "position": emp.position.name,
            "unit": emp.unit.name, "agency": emp.agency.name}


def appraisal_snapshot(employee) -> dict:
    """The employee, the appraiser (Pejabat Penilai Kinerja: the supervisor; None for a head of agency,
    appraised by the head of region) and the appraiser's own supervisor (Atasan Pejabat Penilai), each
    with position and unit as the org chart says now. Stored when an evaluation is rated, so that a
    later transfer or a corrected supervisor does not rewrite who rated whom."""
    boss = employee.supervisor
    return {"employee": _who(employee), "appraiser": _who(boss),
            "second_appraiser": _who(boss.supervisor if boss is not None else None)}


def plan_snapshot(plan) -> dict:
    """Who appraises this SKP: as kept when a move closed it, else as the org chart says now."""
    return plan.closing_snapshot or appraisal_snapshot(plan.employee)


def appraisal(ev) -> dict:
    """The people of an evaluation: as stored when it was rated, else as the org chart says now."""
    return ev.snapshot or plan_snapshot(ev.plan)


def digest(ev) -> str:
    canonical = json.dumps(content(ev), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def verify(ev) -> bool | None:
    """True when a final evaluation is unchanged since it was sealed; None when not final."""
    if ev.content_hash is None:
        return None
    return digest(ev) == ev.content_hash


def number(value) -> str | None:
    """A number as a stored snapshot writes it."""
    return None if value is None else str(Decimal(value))


_s = number


def reviews_by_period(period_ids) -> dict[int, list[ReviewPeriod]]:
    grouped: dict[int, list[ReviewPeriod]] = {}
    for review in db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id.in_(set(period_ids)))
                                     .order_by(ReviewPeriod.seq)):
        grouped.setdefault(review.period_id, []).append(review)
    return grouped


def timing_problem(ev, action: str):
    """Why ``action`` cannot happen yet for this evaluation, or None.

    Self-assessment opens two weeks before the period ends; rating waits for
    the period's end, and for the self-assessment unless the input deadline
    has passed; the annual evaluation waits for every periodic one to be final.
    """
    from datetime import date, timedelta

    from flask_babel import lazy_gettext as _l

    from ..clock import today

    now = today()
    if ev.review is not None:
        ends, deadline = ev.review.ends_on, ev.review.input_deadline
    else:
        ends, deadline = date(ev.plan.period.year, 12, 31), None
    if action == "self_assess" and now < ends - timedelta(days=14):
        return _l("Self-assessment opens two weeks before the period ends.")
    if action == "rate":
        if now <= ends:
            return _l("The period can be rated after it ends.")
        if ev.review is None and not all_periodic_final(ev.plan):
            return _l("Every periodic evaluation of the year must be final first.")
        if ev.review is None and org_predicate(ev) is None:
            return _l("The head of agency must set the organisation predikat for the year first (Calibration).")
        if ev.status == "open" and deadline is not None and now <= deadline:
            return _l("Wait for the employee's self-assessment, or for the input deadline to pass.")
    return None


def periodic_evaluations(plan) -> list:
    from ..models import Evaluation

    return list(db.session.scalars(select(Evaluation).join(ReviewPeriod, Evaluation.review_id == ReviewPeriod.id)
                                   .where(Evaluation.plan_id == plan.id).order_by(ReviewPeriod.seq)))


def parts_of_year(plan) -> list:
    """The year's SKP parts that count for its annual evaluation: per part the approved version (or the
    superseded one its approved revision replaced is not counted twice), oldest part first; one plan for a
    year nobody moved in."""
    if plan.part == 1 and plan.starts_on is None:
        return [plan]
    from ..models import Plan

    rows = db.session.scalars(select(Plan).where(Plan.employee_id == plan.employee_id,
                                                 Plan.period_id == plan.period_id, Plan.part < plan.part,
                                                 Plan.status == "approved").order_by(Plan.part))
    return [*rows, plan]


def all_periodic_final(plan) -> bool:
    for part in parts_of_year(plan):
        finals = [e for e in periodic_evaluations(part) if e.status == "final"]
        if len(finals) != len(reviews_of(part)):
            return False
    return True


def _share(part, review) -> float:
    """The share of the review period's days the part covers (1 for a whole period)."""
    first = max(review.starts_on, part.starts_on or review.starts_on)
    last = min(review.ends_on, part.ends_on or review.ends_on)
    return ((last - first).days + 1) / ((review.ends_on - review.starts_on).days + 1)


def annual_proposal(plan):
    """The mode of the final periodic predikat, ties toward the latest (RULES.md §3.5); over every part of
    a year someone moved in, each predikat weighted by the share of its period its part covered."""
    from ..rules.predicate import weighted_annual_proposal
    from ..rules.types import Predicate

    weighted = []
    for part in parts_of_year(plan):
        weighted += [(e.review, Predicate(e.predicate), _share(part, e.review)) for e in periodic_evaluations(part)
                     if e.status == "final" and e.predicate]
    proposal = weighted_annual_proposal([(p, w) for _r, p, w in weighted])
    return (proposal.value if proposal else None), [p.value for _r, p, _w in weighted]


def org_predicate(ev) -> str | None:
    """The organisation predikat that applies to the employee for this period, if any."""
    return org_predicate_source(ev)[0]


def org_predicate_source(ev):
    """(predikat, unit it was set for) for the employee's unit: its own, else the nearest
    unit up the tree that has one, else the agency's (unit None) — RULES.md §5."""
    from ..models import Calibration

    rows = dict(db.session.execute(select(Calibration.unit_id, Calibration.org_predicate).where(
        Calibration.agency_id == ev.plan.employee.agency_id, Calibration.year == ev.plan.period.year,
        Calibration.org_predicate.is_not(None),
        Calibration.review_id == ev.review_id if ev.review_id else Calibration.review_id.is_(None))).all())
    unit, seen = ev.plan.employee.unit, set()
    while unit is not None and unit.id not in seen:
        if unit.id in rows:
            return rows[unit.id], unit
        seen.add(unit.id)
        unit = unit.parent
    return rows.get(None), None


def context(ev) -> dict:
    """What the assessor weighs besides the numbers: evidence, feedback, peer input (bounded queries)."""
    from sqlalchemy.orm import selectinload

    from ..models import Feedback, PeerInput

    plan = ev.plan
    upto = ev.review.seq if ev.review else 99
    counted = [r.id for r in reviews_of(plan) if r.seq <= upto]
    ind_ids = [i.id for r in plan.results for i in r.indicators]
    evidence = {}
    for real in db.session.scalars(select(Realization).where(Realization.indicator_id.in_(ind_ids),
                                                             Realization.review_id.in_(counted))
                                   .options(selectinload(Realization.evidence))):
        evidence.setdefault(real.indicator_id, []).extend(real.evidence)
    feedback = {}
    for fb in db.session.scalars(select(Feedback).where(Feedback.plan_id == plan.id, Feedback.parent_id.is_(None))
                                 .order_by(Feedback.id)):
        key = fb.result_id or (fb.realization.indicator.result_id if fb.realization else None)
        feedback.setdefault(key, []).append(fb)
    peers = db.session.scalars(select(PeerInput).where(PeerInput.employee_id == plan.employee_id,
                                                       PeerInput.review_id.in_(counted),
                                                       PeerInput.answered_at.is_not(None))).all()
    return {"evidence": evidence, "feedback": feedback, "peers": peers}
