"""Requests to reopen a closed review period, as the agency admin sees them."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import Employee, ReopenRequest, ReviewPeriod

DECIDED_SHOWN = 30
PENDING_SHOWN = 100

_LOAD = (joinedload(ReopenRequest.employee).joinedload(Employee.position),
         joinedload(ReopenRequest.review).joinedload(ReviewPeriod.period),
         joinedload(ReopenRequest.reopening))


def of_agency(agency_id: int) -> tuple[list[ReopenRequest], list[ReopenRequest]]:
    """(waiting requests, oldest first; the latest decided ones, newest first), two statements."""
    base = select(ReopenRequest).join(ReopenRequest.employee).where(Employee.agency_id == agency_id).options(*_LOAD)
    pending = db.session.scalars(base.where(ReopenRequest.status == "pending")
                                 .order_by(ReopenRequest.id).limit(PENDING_SHOWN)).all()
    decided = db.session.scalars(base.where(ReopenRequest.status != "pending")
                                 .order_by(ReopenRequest.decided_at.desc(), ReopenRequest.id.desc())
                                 .limit(DECIDED_SHOWN)).all()
    return list(pending), list(decided)


def in_agency(agency_id: int, request_id: int) -> ReopenRequest | None:
    """One request, only when its employee belongs to this agency (an id from elsewhere is not found)."""
    return db.session.scalar(select(ReopenRequest).join(ReopenRequest.employee)
                             .where(ReopenRequest.id == request_id, Employee.agency_id == agency_id)
                             .options(*_LOAD))


def pending_count(agency_id: int) -> int:
    return db.session.scalar(select(func.count(ReopenRequest.id)).join(ReopenRequest.employee)
                             .where(Employee.agency_id == agency_id, ReopenRequest.status == "pending")) or 0
