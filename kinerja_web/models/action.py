"""Rencana aksi: what someone will do for one RHK in one review period (e-Kinerja's action plans)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utcnow
from .org import ReviewPeriod
from .plan import Plan, PlanIndicator, WorkResult


class ActionPlan(db.Model):
    """One action of an approved SKP's RHK in one review period, optionally with a planned quantity of one
    of that RHK's indicators (its unit is the indicator's, so it is not stored twice).

    ``plan_id`` repeats the RHK's plan so a page reads a period's plans of one SKP by one indexed condition.
    """

    __table_args__ = (Index("ix_action_plan_plan_review", "plan_id", "review_id", "result_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    result_id: Mapped[int] = mapped_column(ForeignKey("work_result.id"))
    review_id: Mapped[int] = mapped_column(ForeignKey("review_period.id"))
    seq: Mapped[int] = mapped_column(default=1)
    description: Mapped[str] = mapped_column(Text)
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("plan_indicator.id"))
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime | None]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    plan: Mapped[Plan] = relationship()
    result: Mapped[WorkResult] = relationship()
    review: Mapped[ReviewPeriod] = relationship()
    indicator: Mapped[PlanIndicator | None] = relationship()
