"""Reads of the JSON API: an API token by its hash, and pages of employees, plans, realisations and
evaluations.

Every page is keyset-paginated on the id (``id > after``, ``limit + 1`` rows to know whether another page
follows), so a page costs the same statements on the first page and the thousandth, for ten rows or a
province: one for the rows with what they show of their employee, unit, position, period and review
period (joined), plus one per nested collection (a plan's RHK with their indicators; an evaluation's
self-assessments, which its content hash covers), loaded for the whole page at once (``MAX_LIMIT`` stays
under SQLAlchemy's chunk of 500 ids, so a page never needs a second chunk).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import aliased, contains_eager, joinedload, selectinload

from ..extensions import db
from ..models import (
    Agency,
    ApiToken,
    Employee,
    Evaluation,
    Evidence,
    Period,
    Plan,
    PlanIndicator,
    Realization,
    ReviewPeriod,
    WorkResult,
)

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class Filters:
    """What a list is narrowed to; ``agency_id`` None is every agency (a province token only)."""

    agency_id: int | None = None
    unit_id: int | None = None
    employee_id: int | None = None
    year: int | None = None
    plan_id: int | None = None
    status: str | None = None
    review: int | str | None = None  # a review period's number in its year, or "annual"
    after: int = 0
    limit: int = DEFAULT_LIMIT


def token_by_hash(token_hash: str) -> tuple[ApiToken, bool] | None:
    """The token with this hash and whether its agency is active (True for a province token), one statement."""
    row = db.session.execute(select(ApiToken, Agency.active).outerjoin(Agency, Agency.id == ApiToken.agency_id)
                             .where(ApiToken.token_hash == token_hash)).first()
    if row is None:
        return None
    token, active = row
    return token, True if active is None else bool(active)


def agency(agency_id: int) -> Agency | None:
    return db.session.get(Agency, agency_id)


def _page(query, model, f: Filters):
    rows = db.session.scalars(query.where(model.id > f.after).order_by(model.id).limit(f.limit + 1)).unique().all()
    return list(rows[:f.limit]), len(rows) > f.limit


def _people(query, f: Filters):
    """Narrow a query joined to Employee (and Period, when ``year`` is given) by the filters."""
    if f.agency_id is not None:
        query = query.where(Employee.agency_id == f.agency_id)
    if f.unit_id is not None:
        query = query.where(Employee.unit_id == f.unit_id)
    if f.employee_id is not None:
        query = query.where(Employee.id == f.employee_id)
    if f.year is not None:
        query = query.where(Period.year == f.year)
    return query


_EMPLOYEE = (joinedload(Employee.unit), joinedload(Employee.position), joinedload(Employee.agency),
             joinedload(Employee.supervisor))


def employees(f: Filters) -> tuple[list[Employee], bool]:
    """A page of employees (with unit, position, agency, supervisor) and whether more follow."""
    query = _people(select(Employee).options(*_EMPLOYEE), replace(f, year=None))
    if f.status is not None:
        query = query.where(Employee.active == (f.status == "active"))
    return _page(query, Employee, f)


def employee(employee_id: int) -> Employee | None:
    return db.session.scalar(select(Employee).where(Employee.id == employee_id).options(*_EMPLOYEE))


def _plans_query():
    return (select(Plan).join(Plan.employee).join(Plan.period)
            .options(contains_eager(Plan.employee).joinedload(Employee.agency), contains_eager(Plan.period),
                     # one statement for the RHK of the page's plans with their indicators: a second selectin
                     # would be cut in chunks of 500 RHK ids, more statements for plans with more RHK
                     selectinload(Plan.results).joinedload(WorkResult.indicators)))


def plans(f: Filters) -> tuple[list[Plan], bool]:
    """A page of plans (SKP) with their RHK and indicators: two statements."""
    query = _people(_plans_query(), f)
    if f.status is not None:
        query = query.where(Plan.status == f.status)
    return _page(query, Plan, f)


def plan(plan_id: int) -> Plan | None:
    return db.session.scalars(_plans_query().where(Plan.id == plan_id)).first()


def realisations(f: Filters) -> tuple[list, bool]:
    """A page of realisations: (realisation, its indicator, the plan id, the employee, the year, the number of
    evidence items) with the review period loaded, and whether more follow; one statement."""
    evidence = (select(func.count(Evidence.id)).where(Evidence.realization_id == Realization.id)
                .correlate(Realization).scalar_subquery())
    review = aliased(ReviewPeriod)
    query = (select(Realization, PlanIndicator, WorkResult.plan_id, Employee, Period.year, evidence)
             .join(Realization.indicator).join(PlanIndicator.result).join(WorkResult.plan)
             .join(Plan.employee).join(Plan.period).join(review, Realization.review)
             .options(contains_eager(Realization.review.of_type(review))))
    query = _people(query, f)
    if f.plan_id is not None:
        query = query.where(WorkResult.plan_id == f.plan_id)
    if isinstance(f.review, int):
        query = query.where(review.seq == f.review)
    rows = db.session.execute(query.where(Realization.id > f.after).order_by(Realization.id)
                              .limit(f.limit + 1)).all()
    return list(rows[:f.limit]), len(rows) > f.limit


def _evaluations_query():
    return (select(Evaluation).join(Evaluation.plan).join(Plan.employee).join(Plan.period)
            .outerjoin(Evaluation.review)
            .options(contains_eager(Evaluation.plan).contains_eager(Plan.employee),
                     contains_eager(Evaluation.plan).contains_eager(Plan.period),
                     contains_eager(Evaluation.review), selectinload(Evaluation.self_assessments)))


def evaluations(f: Filters) -> tuple[list[Evaluation], bool]:
    """A page of evaluations with their plan, employee, year and review period (one statement) and their
    self-assessments (one more), and whether more follow."""
    query = _people(_evaluations_query(), f)
    if f.plan_id is not None:
        query = query.where(Evaluation.plan_id == f.plan_id)
    if f.status is not None:
        query = query.where(Evaluation.status == f.status)
    if f.review == "annual":
        query = query.where(Evaluation.review_id.is_(None))
    elif isinstance(f.review, int):
        query = query.where(ReviewPeriod.seq == f.review)
    return _page(query, Evaluation, f)


def evaluation(evaluation_id: int) -> Evaluation | None:
    return db.session.scalars(_evaluations_query().where(Evaluation.id == evaluation_id)).first()


def tokens(agency_id: int | None) -> list[ApiToken]:
    """The tokens of an agency (None: the province-wide ones), newest first, with who made them; one statement."""
    where = ApiToken.agency_id == agency_id if agency_id is not None else ApiToken.agency_id.is_(None)
    return list(db.session.scalars(select(ApiToken).where(where).options(joinedload(ApiToken.created_by))
                                   .order_by(ApiToken.id.desc())))


def token_in(agency_id: int | None, token_id: int) -> ApiToken | None:
    """A token only within the agency of the URL (None: province-wide), so another agency's id is not found."""
    token = db.session.get(ApiToken, token_id)
    return token if token is not None and token.agency_id == agency_id else None
