"""Evaluation statuses of a person and their team: columns only, never the score snapshots."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import (
    Employee,
    Evaluation,
    Evidence,
    Plan,
    PlanIndicator,
    Realization,
    ReviewPeriod,
    SelfAssessment,
    WorkResult,
)
from .team import TEAM_PAGE, current_plan_id


@dataclass(frozen=True)
class PlanRow:
    plan_id: int
    period_id: int
    employee_id: int
    name: str


@dataclass(frozen=True)
class Status:
    status: str
    predicate: str | None


def evaluation_board(me_id: int, page: int = 1, per_page: int = TEAM_PAGE):
    """My current plan first, then a page of my direct reports' plans, with every evaluation status.

    Returns (rows, statuses {(plan id, review id or None): Status}, reviews {period id: [ReviewPeriod]},
    number of people). Four statements whatever the team size.
    """
    plan_id = current_plan_id(Employee.id)
    people = (select(Employee.id, Employee.name, plan_id.label("plan_id"))
              .where(or_(Employee.id == me_id, Employee.supervisor_id == me_id), Employee.active.is_(True))
              .subquery())
    base = (select(people.c.plan_id, Plan.period_id, people.c.id, people.c.name)
            .join(Plan, Plan.id == people.c.plan_id))
    rows = [PlanRow(*r) for r in db.session.execute(
        base.order_by(case((people.c.id == me_id, 0), else_=1), people.c.name, people.c.id)
        .limit(per_page).offset((page - 1) * per_page)).all()]
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    plan_ids = [r.plan_id for r in rows]
    statuses = {(p, r): Status(s, pred) for p, r, s, pred in db.session.execute(
        select(Evaluation.plan_id, Evaluation.review_id, Evaluation.status, Evaluation.predicate)
        .where(Evaluation.plan_id.in_(plan_ids)))} if plan_ids else {}
    reviews = defaultdict(list)
    if rows:
        for review in db.session.scalars(select(ReviewPeriod).where(
                ReviewPeriod.period_id.in_({r.period_id for r in rows})).order_by(ReviewPeriod.seq)):
            reviews[review.period_id].append(review)
    return rows, statuses, reviews, total or 0


# --- the team rating page: who is ready for a review period, and what is missing ------------------------------

@dataclass(frozen=True)
class TeamMember:
    """One direct report for one review period, as the team rating page shows it."""

    employee_id: int
    name: str
    plan_id: int | None
    missing_values: int
    missing_evidence: int
    evaluation_id: int | None
    status: str | None
    self_assessed: bool
    results_final: str | None
    behaviour_final: str | None
    predicate: str | None
    ready: bool

    @property
    def problems(self) -> list[str]:
        """Codes of what stops a batch confirmation (the template words them)."""
        if self.plan_id is None:
            return ["no_plan"]
        found = []
        if self.missing_values:
            found.append("values")
        if self.missing_evidence:
            found.append("evidence")
        if not self.self_assessed:
            found.append("self")
        return found


def _period_plan(period_col, employee_col):
    """Correlated: the employee's newest approved plan of the review period's year."""
    return (select(func.max(Plan.id)).where(Plan.employee_id == employee_col, Plan.period_id == period_col,
                                            Plan.status == "approved")
            .correlate_except(Plan).scalar_subquery())


def _readiness_columns(plan_col, review_id):
    """Missing values and missing evidence of one review period, correlated on a plan id column."""
    real = aliased(Realization)
    missing = (select(func.count(PlanIndicator.id)).join(WorkResult, WorkResult.id == PlanIndicator.result_id)
               .where(WorkResult.plan_id == plan_col, PlanIndicator.target_kind != "qualitative",
                      ~exists().where(real.indicator_id == PlanIndicator.id, real.review_id == review_id,
                                      real.value.is_not(None)))
               .correlate_except(PlanIndicator, WorkResult, real).scalar_subquery())
    # Driven from the plan's indicators, so the realisation is found through the unique
    # (indicator, review) index; starting from the realisations walks a whole period (32 s at 50,000).
    entered = aliased(Realization)
    evidence = (select(func.count(PlanIndicator.id)).join(WorkResult, WorkResult.id == PlanIndicator.result_id)
                .where(WorkResult.plan_id == plan_col, PlanIndicator.evidence_required.is_(True),
                       exists().where(entered.indicator_id == PlanIndicator.id, entered.review_id == review_id,
                                      entered.value.is_not(None),
                                      ~exists().where(Evidence.realization_id == entered.id)))
                .correlate_except(PlanIndicator, WorkResult, entered).scalar_subquery())
    return func.coalesce(missing, 0), func.coalesce(evidence, 0)


def readiness(plan_id: int, review_id: int) -> tuple[int, int]:
    """(realisations not entered, evidence missing) of one plan in one review period (one statement)."""
    missing, evidence = _readiness_columns(plan_id, review_id)
    return tuple(db.session.execute(select(missing, evidence)).one())


def _team_rows(me_id: int, review: ReviewPeriod):
    people = (select(Employee.id.label("employee_id"), Employee.name.label("name"),
                     _period_plan(review.period_id, Employee.id).label("plan_id"))
              .where(Employee.supervisor_id == me_id, Employee.active.is_(True)).subquery())
    missing, evidence = _readiness_columns(people.c.plan_id, review.id)
    has_self = exists().where(SelfAssessment.evaluation_id == Evaluation.id)
    counted = (select(people.c.employee_id, people.c.name, people.c.plan_id, missing.label("missing_values"),
                      evidence.label("missing_evidence"), Evaluation.id.label("evaluation_id"),
                      Evaluation.status, case((has_self, True), else_=False).label("self_assessed"),
                      Evaluation.results_final, Evaluation.behaviour_final, Evaluation.predicate)
               .outerjoin(Evaluation, and_(Evaluation.plan_id == people.c.plan_id,
                                           Evaluation.review_id == review.id))
               .subquery())
    ready = and_(counted.c.plan_id.is_not(None), counted.c.missing_values == 0, counted.c.missing_evidence == 0,
                 counted.c.self_assessed.is_(True), counted.c.status.in_(("open", "self_assessed")))
    return counted, case((ready, True), else_=False)


def team_rating_query(me_id: int, review: ReviewPeriod, ready_only: bool = False):
    """Every direct report for ``review``, ready people first, as :class:`TeamMember` columns (one statement):
    the team rating page reads a page of it, its export all of it."""
    counted, ready = _team_rows(me_id, review)
    rows = select(*counted.c, ready.label("ready"))
    if ready_only:
        rows = rows.where(ready)
    return rows.order_by(ready.desc(), counted.c.name, counted.c.employee_id)


def team_rating(me_id: int, review: ReviewPeriod, page: int = 1, ready_only: bool = False,
                per_page: int = TEAM_PAGE) -> tuple[list[TeamMember], int, int]:
    """A page of my direct reports for ``review``: readiness, status and stored ratings, ready people first.

    Returns (members, number of people, number ready). Two statements whatever the team size; the
    engine's suggestions for the page are :func:`suggestions`.
    """
    counted, ready = _team_rows(me_id, review)
    members = [TeamMember(*r) for r in db.session.execute(
        team_rating_query(me_id, review, ready_only).limit(per_page).offset((page - 1) * per_page)).all()]
    total, n_ready = db.session.execute(
        select(func.count(), func.coalesce(func.sum(case((ready, 1), else_=0)), 0))
        .select_from(counted)).one()
    return members, total or 0, n_ready or 0


def suggestions(members: list[TeamMember], review: ReviewPeriod, reviews: list[ReviewPeriod]) -> dict[int, tuple]:
    """The engine's suggested (results, behaviour) rating for each member not yet rated, by plan id,
    and whether a qualitative indicator still waits for the assessor's judgement.

    The rating policy is Python (a plugin's rule), so it runs here, on the page of people only, with
    its inputs loaded as plain rows in three statements: plans with RHK and indicators, their
    realisations to date, and the stored behaviour values and judgements. The engine is the one
    ``service.compute`` stores with (``rules.evaluation.evaluate``).
    """
    from ..evaluation import service
    from ..evaluation.rule_sets import RuleBook
    from ..rules.types import TargetKind
    from . import evaluation_inputs as inputs

    wanted = [m.plan_id for m in members if m.plan_id and m.status in (None, "open", "self_assessed")]
    if not wanted:
        return {}
    plans = inputs.plans(wanted)
    year = [(r.id, r.seq) for r in reviews]
    reals = inputs.realisations(wanted)
    stored = {p: (s, b) for p, s, b in db.session.execute(
        select(Evaluation.plan_id, Evaluation.scores, Evaluation.behaviour)
        .where(Evaluation.plan_id.in_(wanted), Evaluation.review_id == review.id))}
    book, out = RuleBook(), {}
    for plan_id, plan in plans.items():
        scores, behaviour = stored.get(plan_id, (None, None))
        rules = book.rules(plan.agency, plan.year, review.seq, plan.adopted)
        got = rules.evaluate(plan.agency, rules.prepare(plan.results, reals, year), review.seq,
                             service.judgements_in(scores), behaviour, each_result=False)
        out[plan_id] = (got.results_suggested.value if got.results_suggested else None,
                        got.behaviour_suggested.value if got.behaviour_suggested else None,
                        any(s.kind is TargetKind.QUALITATIVE and not s.judgement for s in got.scores))
    return out


def reviews_of_agency(agency_id: int) -> list[ReviewPeriod]:
    """Every review period of the agency's years, oldest first (one statement)."""
    from ..models import Period

    return list(db.session.scalars(select(ReviewPeriod).join(Period, Period.id == ReviewPeriod.period_id)
                                   .where(Period.agency_id == agency_id).order_by(ReviewPeriod.starts_on)))


def my_evaluations(me_id: int):
    """My current plan's id and period and its evaluation statuses {review id or None: Status} (one statement)."""
    plan_id = current_plan_id(Employee.id)
    mine = select(Plan.id, Plan.period_id).where(Plan.id == select(plan_id).where(Employee.id == me_id)
                                                 .scalar_subquery()).subquery()
    rows = db.session.execute(select(mine.c.id, mine.c.period_id, Evaluation.review_id, Evaluation.status,
                                     Evaluation.predicate)
                              .outerjoin(Evaluation, Evaluation.plan_id == mine.c.id)).all()
    if not rows:
        return None, None, {}
    return rows[0][0], rows[0][1], {r[2]: Status(r[3], r[4]) for r in rows if r[3] is not None}
