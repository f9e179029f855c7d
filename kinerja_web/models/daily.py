"""Progres harian: daily progress entries that add up into a period's realisation."""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .action import ActionPlan
from .audit import utcnow
from .org import ReviewPeriod
from .plan import Plan, PlanIndicator


class ProgressEntry(db.Model):
    """One piece of work on one day of an approved SKP, optionally counting towards an indicator.

    ``review_id`` is the review period the day falls in, stored so a period's entries are
    read (and added up) by one indexed condition instead of a date range per period.
    """

    __table_args__ = (Index("ix_progress_entry_plan_day", "plan_id", "day"),
                      Index("ix_progress_entry_review_indicator", "review_id", "indicator_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"))
    review_id: Mapped[int] = mapped_column(ForeignKey("review_period.id"))
    indicator_id: Mapped[int | None] = mapped_column(ForeignKey("plan_indicator.id"))
    # the rencana aksi the work serves (issue 13: an entry serves "the action plan or indicator")
    action_plan_id: Mapped[int | None] = mapped_column(ForeignKey("action_plan.id"))
    day: Mapped[date]
    starts_at: Mapped[time | None]
    ends_at: Mapped[time | None]
    activity: Mapped[str] = mapped_column(Text)
    quantity: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    unit: Mapped[str] = mapped_column(String(40), default="")
    link: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    plan: Mapped[Plan] = relationship()
    review: Mapped[ReviewPeriod] = relationship()
    indicator: Mapped[PlanIndicator | None] = relationship()
    action_plan: Mapped[ActionPlan | None] = relationship()
