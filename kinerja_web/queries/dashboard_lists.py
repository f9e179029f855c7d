"""The rows behind a dashboard's numbers: late people, evaluations with a predikat, indicators' attainment.

Each list is a page of one scope (:class:`~kinerja_web.queries.dashboard.Scope`) and its total: two
statements whatever the agency's size, the counting done in SQL as on the dashboard, so a list holds
exactly the people its number counted.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, literal, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import AgencyGoal, Employee, Evaluation, Plan, PlanIndicator, Realization, ReviewPeriod, Unit, WorkResult
from .cache import cached
from .dashboard import LIST_PAGE, Scope, indicators, scope_where


@dataclass(frozen=True)
class Person:
    employee_id: int
    name: str
    nip: str
    unit: str
    supervisor: str | None
    missing: int  # realisations or evaluations missing; 0 for a missing SKP
    plan_status: str | None  # the newest SKP of the year, if any


def _page(query, order, page: int):
    """(the rows of page ``page``, how many rows in all): one statement, the total counted beside the rows by a
    window over the whole result (a second statement only for a page past the end)."""
    rows = db.session.execute(query.add_columns(func.count().over()).order_by(*order).limit(LIST_PAGE)
                              .offset((page - 1) * LIST_PAGE)).all()
    if rows:
        return [tuple(r)[:-1] for r in rows], int(rows[0][-1])
    if page <= 1:
        return [], 0
    return [], int(db.session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def late_people(scope: Scope, kind: str, today, page: int = 1) -> tuple[list[Person], int]:
    """People of the scope late with their SKP (none approved), their realisations (a value of an ended review
    period missing) or their evaluations (an ended review period not final), as the dashboard counts them."""
    return cached("late_people", (scope.key, kind, today, page), lambda: _late_people(scope, kind, today, page))


def _late_people(scope: Scope, kind: str, today, page: int) -> tuple[list[Person], int]:
    where = scope_where(scope)
    boss = aliased(Employee)
    newest = (select(Plan.status).where(Plan.employee_id == Employee.id, Plan.period_id == scope.period.id)
              .order_by(Plan.id.desc()).limit(1).correlate(Employee).scalar_subquery())
    cols = (Employee.id, Employee.name, Employee.nip, Unit.name, boss.name)
    base = (select(*cols).join(Unit, Unit.id == Employee.unit_id).outerjoin(boss, boss.id == Employee.supervisor_id))
    rev = aliased(ReviewPeriod)
    if kind == "skp":
        approved = select(Plan.id).where(Plan.employee_id == Employee.id, where.plans).exists()
        query = base.add_columns(literal(0), newest).where(where.people, ~approved)
    elif kind == "realisasi":
        real = aliased(Realization)
        query = (base.add_columns(func.count(), newest)
                 .join(Plan, Plan.employee_id == Employee.id).join(WorkResult, WorkResult.plan_id == Plan.id)
                 .join(PlanIndicator, and_(PlanIndicator.result_id == WorkResult.id,
                                           PlanIndicator.target_kind != "qualitative"))
                 .join(rev, and_(rev.period_id == Plan.period_id, rev.ends_on < today))
                 .outerjoin(real, and_(real.indicator_id == PlanIndicator.id, real.review_id == rev.id,
                                       real.value.is_not(None)))
                 .where(where.people, where.plans, real.id.is_(None)).group_by(*cols))
    else:
        query = (base.add_columns(func.count(), newest)
                 .join(Plan, Plan.employee_id == Employee.id)
                 .join(rev, and_(rev.period_id == Plan.period_id, rev.ends_on < today))
                 .outerjoin(Evaluation, and_(Evaluation.plan_id == Plan.id, Evaluation.review_id == rev.id,
                                             Evaluation.status == "final"))
                 .where(where.people, where.plans, Evaluation.id.is_(None)).group_by(*cols))
    rows, total = _page(query, (Unit.name, Employee.name, Employee.id), page)
    return [Person(r[0], r[1], r[2], r[3], r[4], int(r[5] or 0), r[6]) for r in rows], total


@dataclass(frozen=True)
class Rated:
    employee_id: int
    name: str
    nip: str
    unit: str
    review: str | None  # None: the annual evaluation
    results: str | None
    behaviour: str | None
    predicate: str


def evaluations_with(scope: Scope, predicate: str, review_id: int | None, page: int = 1) -> tuple[list[Rated], int]:
    """The final evaluations of one review period (None: annual) with ``predicate`` in the scope."""
    return cached("evaluations_with", (scope.key, predicate, review_id, page),
                  lambda: _evaluations_with(scope, predicate, review_id, page))


def _evaluations_with(scope: Scope, predicate: str, review_id: int | None, page: int) -> tuple[list[Rated], int]:
    where = scope_where(scope)
    query = (select(Employee.id, Employee.name, Employee.nip, Unit.name, ReviewPeriod.name, Evaluation.results_final,
                    Evaluation.behaviour_final, Evaluation.predicate)
             .select_from(Evaluation).join(Plan, Plan.id == Evaluation.plan_id)
             .join(Employee, Employee.id == Plan.employee_id).join(Unit, Unit.id == Employee.unit_id)
             .outerjoin(ReviewPeriod, ReviewPeriod.id == Evaluation.review_id)
             .where(where.people, Plan.period_id == scope.period.id, Evaluation.status == "final",
                    Evaluation.predicate == predicate,
                    Evaluation.review_id == review_id if review_id else Evaluation.review_id.is_(None)))
    rows, total = _page(query, (Unit.name, Employee.name, Employee.id), page)
    return [Rated(*r) for r in rows], total


@dataclass(frozen=True)
class Attained:
    employee_id: int
    employee: str
    unit: str
    result: str
    indicator: str
    target: object
    measure: str
    to_date: object
    attainment: float | None


def attainment_rows(scope: Scope, today, goal: int | None = None, rhk: int | None = None, key: str | None = None,
                    page: int = 1) -> tuple[list[Attained], int]:
    """The indicators behind an attainment of the dashboard, lowest attainment first (none last): of one agency
    goal's cascade, of one top RHK's, of one indicator (catalogue code or name), or all of the scope's."""
    return cached("attainment_rows", (scope.key, today, goal, rhk, key, page),
                  lambda: _attainment_rows(scope, today, goal, rhk, key, page))


def _attainment_rows(scope: Scope, today, goal: int | None, rhk: int | None, key: str | None,
                     page: int) -> tuple[list[Attained], int]:
    ind = indicators(scope_where(scope), today, cascade=goal is not None or rhk is not None)
    query = (select(ind.c.employee_id, ind.c.employee, Unit.name, ind.c.result, ind.c.name, ind.c.target,
                    ind.c.measure, ind.c.to_date, ind.c.pct)
             .select_from(ind).join(Unit, Unit.id == ind.c.unit_id))
    if goal is not None or rhk is not None:
        query = query.where(or_(ind.c.goal_id == goal, ind.c.root_id == rhk))
    if key is not None:
        query = query.where(ind.c.key == key)
    rows, total = _page(query, (ind.c.pct.is_(None), ind.c.pct, ind.c.employee, ind.c.id), page)
    return [Attained(*r[:8], None if r[8] is None else float(r[8])) for r in rows], total


def subject(scope: Scope, goal: int | None, rhk: int | None, key: str | None) -> str | None:
    """What an attainment list is about, in words: the goal's or the RHK's text (None when it is not of the
    scope's agency), or the indicator's key; one statement for a goal or an RHK."""
    if goal is not None:
        return db.session.scalar(select(AgencyGoal.text).where(AgencyGoal.id == goal,
                                                               AgencyGoal.agency_id == scope.agency.id))
    if rhk is not None:
        return db.session.scalar(select(WorkResult.text).join(Plan, Plan.id == WorkResult.plan_id)
                                 .join(Employee, Employee.id == Plan.employee_id)
                                 .where(WorkResult.id == rhk, Employee.agency_id == scope.agency.id))
    return key
