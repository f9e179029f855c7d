"""A supervisor's team, summarised in SQL: one statement for a page of reports, whatever the team size.

For each direct report: the current approved SKP, how many realisations due so far are
not entered, how many required evidence is missing for, and how much feedback waits for
the employee's reply. Ordered with those needing attention first, then by name.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import Date, Integer, and_, bindparam, exists, func, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Employee, Evidence, Feedback, Plan, PlanIndicator, Realization, ReviewPeriod, WorkResult

TEAM_PAGE = 50


@dataclass(frozen=True)
class Report:
    employee_id: int
    name: str
    plan_id: int | None
    missing_values: int
    missing_evidence: int
    unanswered: int

    @property
    def attention(self) -> int:
        return self.missing_values + self.missing_evidence + self.unanswered


def current_plan_id(employee_id_col):
    """Correlated: the newest approved plan of that employee."""
    return (select(func.max(Plan.id)).where(Plan.employee_id == employee_id_col, Plan.status == "approved")
            .correlate_except(Plan).scalar_subquery())


def _missing_values(plan_col, today: date):
    """Indicator × ended review pairs of the plan with no value entered (qualitative targets excluded)."""
    real = aliased(Realization)
    return (select(func.count()).select_from(PlanIndicator)
            .join(WorkResult, WorkResult.id == PlanIndicator.result_id)
            .join(Plan, Plan.id == WorkResult.plan_id)
            .join(ReviewPeriod, and_(ReviewPeriod.period_id == Plan.period_id, ReviewPeriod.ends_on < today))
            .where(WorkResult.plan_id == plan_col, PlanIndicator.target_kind != "qualitative",
                   ~exists().where(real.indicator_id == PlanIndicator.id, real.review_id == ReviewPeriod.id,
                                   real.value.is_not(None)))
            .correlate_except(PlanIndicator, WorkResult, Plan, ReviewPeriod).scalar_subquery())


def _missing_evidence(plan_col, today: date):
    """Entered realisations of ended reviews whose indicator requires evidence and that have none."""
    return (select(func.count(Realization.id))
            .join(PlanIndicator, PlanIndicator.id == Realization.indicator_id)
            .join(WorkResult, WorkResult.id == PlanIndicator.result_id)
            .join(ReviewPeriod, ReviewPeriod.id == Realization.review_id)
            .where(WorkResult.plan_id == plan_col, PlanIndicator.evidence_required.is_(True),
                   ReviewPeriod.ends_on < today,
                   ~exists().where(Evidence.realization_id == Realization.id))
            .correlate_except(Realization, PlanIndicator, WorkResult, ReviewPeriod).scalar_subquery())


def _unanswered(plan_col, owner_col):
    """Top-level feedback by someone else that the employee has not replied to."""
    reply = aliased(Feedback)
    return (select(func.count(Feedback.id))
            .where(Feedback.plan_id == plan_col, Feedback.parent_id.is_(None), Feedback.author_id != owner_col,
                   ~exists().where(reply.parent_id == Feedback.id, reply.author_id == owner_col))
            .correlate_except(Feedback).scalar_subquery())


@cache
def _team_statements():
    """Built once: constructing these expressions costs more than running them."""
    supervisor = bindparam("supervisor_id", type_=Integer)
    today = bindparam("today", type_=Date)
    plan_id = current_plan_id(Employee.id).label("plan_id")
    inner = (select(Employee.id.label("employee_id"), Employee.name.label("name"), plan_id)
             .where(Employee.supervisor_id == supervisor, Employee.active.is_(True)).subquery())
    missing = func.coalesce(_missing_values(inner.c.plan_id, today), 0).label("missing_values")
    evidence = func.coalesce(_missing_evidence(inner.c.plan_id, today), 0).label("missing_evidence")
    unanswered = func.coalesce(_unanswered(inner.c.plan_id, inner.c.employee_id), 0).label("unanswered")
    # OFFSET 0 keeps the counts in a subquery of their own: otherwise PostgreSQL computes every
    # correlated count twice, once for the sort key and again for the page's columns after the LIMIT.
    counted = (select(inner.c.employee_id, inner.c.name, inner.c.plan_id, missing, evidence, unanswered)
               .offset(0).subquery())
    no_plan = (counted.c.plan_id.is_(None)).label("no_plan")
    attention = counted.c.missing_values + counted.c.missing_evidence + counted.c.unanswered
    rows = (select(counted.c.employee_id, counted.c.name, counted.c.plan_id, counted.c.missing_values,
                   counted.c.missing_evidence, counted.c.unanswered)
            .order_by(no_plan.desc(), attention.desc(), counted.c.name, counted.c.employee_id)
            .limit(bindparam("limit", type_=Integer)).offset(bindparam("offset", type_=Integer)))
    total = select(func.count(Employee.id)).where(Employee.supervisor_id == supervisor, Employee.active.is_(True))
    return rows, total


def team_page(supervisor_id: int, today: date, page: int = 1, per_page: int = TEAM_PAGE) -> tuple[list[Report], int]:
    """One page of a supervisor's active direct reports and how many there are (two statements)."""
    rows_stmt, total_stmt = _team_statements()
    rows = db.session.execute(rows_stmt, {"supervisor_id": supervisor_id, "today": today, "limit": per_page,
                                          "offset": (page - 1) * per_page}).all()
    total = db.session.scalar(total_stmt, {"supervisor_id": supervisor_id})
    return [Report(*row) for row in rows], total or 0


__all__ = ["Report", "TEAM_PAGE", "current_plan_id", "team_page"]
