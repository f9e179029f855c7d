"""Programmes across agencies (program lintas instansi): a lead agency, member agencies, shared goals and
shared programme RHK that staff of the member agencies link their own RHK to."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utcnow
from .org import Agency


class Programme(db.Model):
    """A programme of one year; ``goals`` holds the shared goals, one per line."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(index=True)
    lead_agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    goals: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    lead_agency: Mapped[Agency] = relationship()
    members: Mapped[list[ProgrammeAgency]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", order_by="ProgrammeAgency.id")
    results: Mapped[list[ProgrammeResult]] = relationship(
        back_populates="programme", cascade="all, delete-orphan",
        order_by="ProgrammeResult.position, ProgrammeResult.id")

    @property
    def agency_id(self) -> int:  # the audit trail files a programme's changes under its lead agency
        return self.lead_agency_id

    @property
    def member_ids(self) -> set[int]:
        """The agencies taking part: the lead and the members (the lead always has a row of its own)."""
        return {m.agency_id for m in self.members} | {self.lead_agency_id}

    @property
    def goal_lines(self) -> list[str]:
        return [line.strip() for line in (self.goals or "").splitlines() if line.strip()]


class ProgrammeAgency(db.Model):
    """An agency taking part in a programme (the lead included)."""

    __table_args__ = (UniqueConstraint("programme_id", "agency_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)

    programme: Mapped[Programme] = relationship(back_populates="members")
    agency: Mapped[Agency] = relationship()


class ProgrammeResult(db.Model):
    """A shared programme RHK with its indicator and target, which member agencies' RHK intervene in."""

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(ForeignKey("programme.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    indicator: Mapped[str] = mapped_column(String(500), default="")
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    unit: Mapped[str] = mapped_column(String(40), default="")
    position: Mapped[int] = mapped_column(default=0)

    programme: Mapped[Programme] = relationship(back_populates="results")

    @property
    def agency_id(self) -> int:
        return self.programme.lead_agency_id
