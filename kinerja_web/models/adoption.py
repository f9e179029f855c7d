"""The decision to adopt a candidate rule set from a review period on.

Results before the start period keep the rules they were computed with; from it on the engine
evaluates with the candidate. The row names the candidate's exact provenance (plugin, plugin
version, code, version) as it was declared when adopted, so a later upgrade of the plugin cannot
silently change which rules a period is under.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utcnow
from .org import Agency, ReviewPeriod


class RuleAdoption(db.Model):
    # one decision per agency and start period: a second one starts later, or is a mistake
    __table_args__ = (UniqueConstraint("agency_id", "start_review_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    candidate_code: Mapped[str] = mapped_column(String(60))
    candidate_version: Mapped[int]
    plugin: Mapped[str] = mapped_column(String(100))
    plugin_version: Mapped[str] = mapped_column(String(40))
    start_review_id: Mapped[int] = mapped_column(ForeignKey("review_period.id"))
    # the start period's year and number, copied so the engine orders periods without a join
    start_year: Mapped[int]
    start_seq: Mapped[int]
    reason: Mapped[str] = mapped_column(Text)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    agency: Mapped[Agency] = relationship()
    start_review: Mapped[ReviewPeriod] = relationship()
