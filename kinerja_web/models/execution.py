"""Execution and monitoring: realisations, evidence, feedback, dialogues,
peer input, notifications and deadline reopenings."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utcnow
from .org import Employee, ReviewPeriod
from .plan import Plan, PlanIndicator, WorkResult


class Realization(db.Model):
    """Realisasi of one indicator in one review period.

    ``version`` is SQLAlchemy's version counter: a save based on an older
    version is refused, so two tabs never silently overwrite each other.
    """

    __table_args__ = (UniqueConstraint("indicator_id", "review_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    indicator_id: Mapped[int] = mapped_column(ForeignKey("plan_indicator.id"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review_period.id"), index=True)
    value: Mapped[Decimal | None] = mapped_column(Numeric(18, 4))
    note: Mapped[str] = mapped_column(Text, default="")
    # the agency plugin's own fields, namespaced per plugin: {"kesehatan": {"sasaran": "120", ...}}
    fields: Mapped[dict | None] = mapped_column(JSON)
    # where the value came from when nobody typed it: {"kind": "ratio", ...} or {"kind": "ikm", ...}
    provenance: Mapped[dict | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    indicator: Mapped[PlanIndicator] = relationship()
    review: Mapped[ReviewPeriod] = relationship()
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="realization", order_by="Evidence.id", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}


class Evidence(db.Model):
    """Bukti dukung: an uploaded file (stored under a generated name) or a link."""

    id: Mapped[int] = mapped_column(primary_key=True)
    realization_id: Mapped[int] = mapped_column(ForeignKey("realization.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))  # file | link
    filename: Mapped[str] = mapped_column(String(200), default="")
    stored_name: Mapped[str] = mapped_column(String(80), default="")
    content_type: Mapped[str] = mapped_column(String(120), default="")
    size: Mapped[int] = mapped_column(default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    url: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    realization: Mapped[Realization] = relationship(back_populates="evidence")


class Feedback(db.Model):
    """Umpan balik berkelanjutan on a realisation or an RHK, with replies."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    result_id: Mapped[int | None] = mapped_column(ForeignKey("work_result.id"))
    realization_id: Mapped[int | None] = mapped_column(ForeignKey("realization.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("feedback.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[Plan] = relationship()
    result: Mapped[WorkResult | None] = relationship()
    realization: Mapped[Realization | None] = relationship()
    author: Mapped[Employee] = relationship()
    replies: Mapped[list[Feedback]] = relationship(order_by="Feedback.id")


class Dialogue(db.Model):
    """A recorded dialog kinerja between supervisor and employee."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    held_on: Mapped[date]
    notes: Mapped[str] = mapped_column(Text)
    follow_ups: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[Employee] = relationship()


class PeerInput(db.Model):
    """A colleague's structured input on an employee's work in a review period."""

    __table_args__ = (UniqueConstraint("employee_id", "review_id", "rater_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review_period.id"))
    rater_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]
    strengths: Mapped[str] = mapped_column(Text, default="")
    improvements: Mapped[str] = mapped_column(Text, default="")
    collaboration: Mapped[str] = mapped_column(Text, default="")

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    rater: Mapped[Employee] = relationship(foreign_keys=[rater_id])
    review: Mapped[ReviewPeriod] = relationship()


class Notification(db.Model):
    """An in-app notification; ``params`` fill the translated message of ``kind``."""

    __table_args__ = (Index("ix_notification_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    link: Mapped[str] = mapped_column(String(300), default="")
    dedupe_key: Mapped[str | None] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[datetime | None]


class Reopening(db.Model):
    """An admin reopened a closed review period for one employee, with a reason."""

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review_period.id"))
    until: Mapped[date]
    reason: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee: Mapped[Employee] = relationship()
    review: Mapped[ReviewPeriod] = relationship()
