"""What an SKP can start from: last year's SKP of the same person, or the supervisor's approved RHK.

Each function answers with at most two statements whatever the plan sizes.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Employee, Period, Plan, WorkResult

LIVE = ("draft", "submitted", "returned", "approved")  # a superseded version is history, not a source


def previous_plan(employee: Employee, year: int) -> Plan | None:
    """The person's newest live SKP of the latest year before ``year``, with its RHK and indicators."""
    return db.session.scalar(
        select(Plan).join(Plan.period)
        .where(Plan.employee_id == employee.id, Period.year < year, Plan.status.in_(LIVE))
        .options(selectinload(Plan.results).selectinload(WorkResult.indicators))
        .order_by(Period.year.desc(), Plan.version.desc()).limit(1))


def supervisor_results(employee: Employee, year: int) -> list[WorkResult]:
    """The RHK of the supervisor's newest approved SKP of ``year`` (with their indicators), in order.

    These are the RHK the person's unit can intervene in: the supervisor heads that unit, and an
    RHK can only intervene in the direct supervisor's RHK (RULES.md §2.2).
    """
    if employee.supervisor_id is None:
        return []
    boss_plan = db.session.scalar(
        select(Plan).join(Plan.period)
        .where(Plan.employee_id == employee.supervisor_id, Plan.status == "approved", Period.year == year)
        .options(selectinload(Plan.results).selectinload(WorkResult.indicators))
        .order_by(Plan.version.desc()).limit(1))
    return list(boss_plan.results) if boss_plan else []
