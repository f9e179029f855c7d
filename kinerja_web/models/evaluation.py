"""Penilaian kinerja: periodic and annual evaluations with their provenance.

Everything the engine computed (attainments, suggested ratings, predikat) is
stored as a JSON snapshot with the rule reference and inputs it used, so a
plugin upgrade never changes a stored result. A final evaluation carries a
content hash that is checked whenever it is shown.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utcnow
from .org import ReviewPeriod
from .plan import Plan

EVALUATION_STATES = ("open", "self_assessed", "rated", "final")


class Evaluation(db.Model):
    __table_args__ = (UniqueConstraint("plan_id", "review_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id"), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review_period.id"))  # None: annual
    status: Mapped[str] = mapped_column(String(20), default="open")
    scores: Mapped[list | None] = mapped_column(JSON)  # attainments with provenance
    result_ratings: Mapped[dict | None] = mapped_column(JSON)  # per RHK suggested rating
    behaviour: Mapped[dict | None] = mapped_column(JSON)  # value code → {rating, feedback}
    results_suggested: Mapped[str | None] = mapped_column(String(20))
    results_final: Mapped[str | None] = mapped_column(String(20))
    results_reason: Mapped[str] = mapped_column(Text, default="")
    behaviour_suggested: Mapped[str | None] = mapped_column(String(20))
    behaviour_final: Mapped[str | None] = mapped_column(String(20))
    behaviour_reason: Mapped[str] = mapped_column(Text, default="")
    predicate: Mapped[str | None] = mapped_column(String(20))
    provenance: Mapped[dict | None] = mapped_column(JSON)  # rating policy and matrix refs
    # who appraised whom, in which position and unit, as it was when rated (the org chart changes later)
    snapshot: Mapped[dict | None] = mapped_column(JSON)
    notes: Mapped[str] = mapped_column(Text, default="")
    rated_at: Mapped[datetime | None]
    finalized_at: Mapped[datetime | None]
    finalized_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    content_hash: Mapped[str | None] = mapped_column(String(64))
    objection: Mapped[str | None] = mapped_column(Text)
    objection_at: Mapped[datetime | None]
    decision: Mapped[str | None] = mapped_column(Text)
    decision_outcome: Mapped[str | None] = mapped_column(String(20))  # upheld | rejected
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    plan: Mapped[Plan] = relationship()
    review: Mapped[ReviewPeriod | None] = relationship()
    self_assessments: Mapped[list[SelfAssessment]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", order_by="SelfAssessment.id")

    @property
    def agency_id(self) -> int:
        return self.plan.employee.agency_id


class SelfAssessment(db.Model):
    """Penilaian diri: the employee's own account of one RHK in the period."""

    __table_args__ = (UniqueConstraint("evaluation_id", "result_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id"), index=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("work_result.id"))
    text: Mapped[str] = mapped_column(Text)

    evaluation: Mapped[Evaluation] = relationship(back_populates="self_assessments")


class Calibration(db.Model):
    """Predikat kinerja organisasi for an agency (or unit) and period, and the
    distribution check of employee predikat against its pattern (RULES.md §5)."""

    __table_args__ = (UniqueConstraint("agency_id", "unit_id", "year", "review_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    year: Mapped[int]
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review_period.id"))  # None: annual
    org_predicate: Mapped[str | None] = mapped_column(String(20))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    set_at: Mapped[datetime | None]
    justification: Mapped[str] = mapped_column(Text, default="")
    snapshot: Mapped[dict | None] = mapped_column(JSON)  # counts and constraint results when finalised
    finalized_at: Mapped[datetime | None]
    finalized_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


class DevelopmentPlan(db.Model):
    """Tindak lanjut: development actions for the gaps of one final evaluation.

    ``items`` lists {area, kind (behaviour|result), gap, action_type, action};
    suggested from the evaluation, edited by the appraiser, read by the employee.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluation.id"), unique=True)
    items: Mapped[list] = mapped_column(JSON, default=list)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    evaluation: Mapped[Evaluation] = relationship()
