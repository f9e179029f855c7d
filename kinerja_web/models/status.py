"""Employee statuses with effective dates: leave, transfer, promotion, retirement, discipline."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utcnow
from .org import Employee

# aktif; cuti di luar tanggungan negara; mutasi (to another post in the agency); mutasi keluar (to another
# agency); promosi (a new post); pensiun; hukuman disiplin. A move inside the agency opens a new SKP.
STATUS_KINDS = ("aktif", "cuti", "mutasi", "mutasi_keluar", "promosi", "pensiun", "hukdis")
MOVES = ("mutasi", "promosi")
# who is left out of completion counts (listed apart, with the reason and the date)
EXCLUDED = ("cuti", "pensiun", "hukdis", "mutasi_keluar")


class StatusChange(db.Model):
    """One status change of an employee, from ``effective_on``; for a move, the post it moved from and to."""

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    effective_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    old_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    new_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    new_position_id: Mapped[int | None] = mapped_column(ForeignKey("position.id"))
    new_supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    closed_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"))
    opened_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
