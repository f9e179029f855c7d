"""A supervisor's approval queue: the submitted SKP of direct reports, each with its RHK, indicators
and targets, so several can be approved after reading them. Three statements whatever the queue's size."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Employee, Plan, WorkResult
from .team import TEAM_PAGE


def submitted_query(supervisor_id: int) -> Select:
    """The submitted plans of my direct reports, oldest first, with employee, position, unit and period
    (one statement): the queue pages it, its export streams it."""
    return (select(Plan).join(Plan.employee).where(Employee.supervisor_id == supervisor_id, Plan.status == "submitted")
            .options(joinedload(Plan.employee).joinedload(Employee.position),
                     joinedload(Plan.employee).joinedload(Employee.unit), joinedload(Plan.period))
            .order_by(Plan.submitted_at, Plan.id))


def submitted_plans(supervisor_id: int, limit: int = TEAM_PAGE) -> list[Plan]:
    """The oldest submitted plans of my direct reports first, with RHK and indicators loaded too
    (plans in one statement, RHK in one, indicators in one)."""
    return list(db.session.scalars(
        submitted_query(supervisor_id).options(selectinload(Plan.results).selectinload(WorkResult.indicators))
        .limit(limit)))
