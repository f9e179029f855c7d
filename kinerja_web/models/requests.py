"""Requests that reach the agency admin: reopening a closed review period, and
correcting a wrong supervisor. Each is decided once, with a note, and audited."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utcnow
from .execution import Reopening
from .org import Employee, ReviewPeriod

REQUEST_STATES = ("pending", "approved", "refused")


class ReopenRequest(db.Model):
    """An employee asks the admin to reopen a closed review period for their input."""

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review_period.id"))
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")
    reopening_id: Mapped[int | None] = mapped_column(ForeignKey("reopening.id"))

    employee: Mapped[Employee] = relationship()
    review: Mapped[ReviewPeriod] = relationship()
    reopening: Mapped[Reopening | None] = relationship()

    @property
    def agency_id(self) -> int:
        return self.employee.agency_id


class SupervisorCorrection(db.Model):
    """An employee reports "this is not my supervisor", optionally naming the right one."""

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    current_supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    suggested_supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str] = mapped_column(Text, default="")

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    current_supervisor: Mapped[Employee | None] = relationship(foreign_keys=[current_supervisor_id])
    suggested_supervisor: Mapped[Employee | None] = relationship(foreign_keys=[suggested_supervisor_id])

    @property
    def agency_id(self) -> int:
        return self.employee.agency_id
