"""SKP (plan), RHK (work result), IKI (indicator) and behaviour expectations."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utcnow
from .org import AgencyGoal, Employee, Period
from .programme import ProgrammeResult

PLAN_STATES = ("draft", "submitted", "returned", "approved", "superseded")
EDITABLE_STATES = ("draft", "returned")


class Plan(db.Model):
    """One employee's SKP for one year (or, after a move, one part of it: ``part`` 1, 2, …), in one version."""

    __table_args__ = (UniqueConstraint("employee_id", "period_id", "part", "version"),
                      # a person's current plan, and a supervisor's queue, without walking a province's plans
                      Index("ix_plan_employee_status", "employee_id", "status"),
                      Index("ix_plan_supervisor_status", "supervisor_id", "status"))

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    version: Mapped[int] = mapped_column(default=1)
    # a transfer or a new post mid-year closes the SKP at the day before (``ends_on``) and opens part + 1 from
    # that day (``starts_on``) for the rest of the year (RULES.md §1.2); None: from 1 January / to 31 December
    part: Mapped[int] = mapped_column(default=1, server_default="1")
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    # who appraised whom, in which position and unit, when the part was closed (the org chart moves on)
    closing_snapshot: Mapped[dict | None] = mapped_column(JSON)
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("plan.id"))
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    approach: Mapped[str] = mapped_column(String(20), default="kuantitatif")
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    return_reason: Mapped[str | None] = mapped_column(Text)
    revision_reason: Mapped[str | None] = mapped_column(Text)
    resources: Mapped[str] = mapped_column(Text, default="")
    accountability: Mapped[str] = mapped_column(Text, default="")
    consequences: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    supervisor: Mapped[Employee | None] = relationship(foreign_keys=[supervisor_id])
    period: Mapped[Period] = relationship()
    previous: Mapped[Plan | None] = relationship(remote_side=[id])
    results: Mapped[list[WorkResult]] = relationship(
        back_populates="plan", order_by="WorkResult.position, WorkResult.id",
        cascade="all, delete-orphan")
    expectations: Mapped[list[BehaviourExpectation]] = relationship(
        back_populates="plan", cascade="all, delete-orphan")

    @property
    def agency_id(self) -> int:
        return self.employee.agency_id

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATES


class WorkResult(db.Model):
    """RHK: main (utama) or additional (tambahan), intervening a leader's RHK."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="utama")
    text: Mapped[str] = mapped_column(Text)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("work_result.id"), index=True)
    goal_id: Mapped[int | None] = mapped_column(ForeignKey("agency_goal.id"))
    cascading: Mapped[str | None] = mapped_column(String(20))
    # an intervention in a programme across agencies (models/programme.py), approved with the SKP
    programme_result_id: Mapped[int | None] = mapped_column(ForeignKey("programme_result.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)

    plan: Mapped[Plan] = relationship(back_populates="results")
    parent: Mapped[WorkResult | None] = relationship(remote_side=[id])
    programme_result: Mapped[ProgrammeResult | None] = relationship()
    goal: Mapped[AgencyGoal | None] = relationship()
    indicators: Mapped[list[PlanIndicator]] = relationship(
        back_populates="result", order_by="PlanIndicator.position, PlanIndicator.id",
        cascade="all, delete-orphan")


class PlanIndicator(db.Model):
    """IKI with its target; ``catalogue_code`` points at a plugin's catalogue entry."""

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("work_result.id"), index=True)
    catalogue_code: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(500))
    aspect: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(40), default="")
    target_kind: Mapped[str] = mapped_column(String(20), default="single")
    target_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    target_upper: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    target_text: Mapped[str] = mapped_column(Text, default="")
    # a growth target ("+5 % on last year's visitors") is stated over a baseline, with its source
    baseline_value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    baseline_source: Mapped[str] = mapped_column(String(300), default="", server_default="")
    scoring: Mapped[str] = mapped_column(String(64), default="higher_is_better")
    evidence_required: Mapped[bool] = mapped_column(default=False)
    aggregation: Mapped[str] = mapped_column(String(10), default="sum", server_default="sum")
    # the catalogue's due rule (a season) for a summed target; "" is the national pro rata
    due_rule: Mapped[str] = mapped_column(String(64), default="", server_default="")
    position: Mapped[int] = mapped_column(default=0)

    result: Mapped[WorkResult] = relationship(back_populates="indicators")


class BehaviourExpectation(db.Model):
    """Ekspektasi khusus pimpinan for one BerAKHLAK value, set by the supervisor."""

    __table_args__ = (UniqueConstraint("plan_id", "value_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    value_code: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")

    plan: Mapped[Plan] = relationship(back_populates="expectations")
