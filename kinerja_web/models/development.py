"""Pengembangan kompetensi: the open development items of final evaluations, as rows the training-needs
analysis can count in SQL, and the development each person records as completed (in JP).

A :class:`DevelopmentItem` is the read model of one entry of a ``DevelopmentPlan.items`` list: the
appraiser's plan stays the JSON the follow-up page edits, and its workflow function keeps these rows
in step in the same transaction. An item is closed by the completed development recorded against it.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utcnow
from .org import Employee

ITEM_KINDS = ("behaviour", "result", "other")
# what a person records as completed development (PermenPANRB 6/2022 tindak lanjut; Peraturan LAN 10/2018)
RECORD_KINDS = ("pelatihan", "mentoring", "coaching", "belajar_mandiri", "seminar", "lainnya")


class DevelopmentItem(db.Model):
    __table_args__ = (Index("ix_development_item_agency_year", "agency_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    development_plan_id: Mapped[int] = mapped_column(ForeignKey("development_plan.id"), index=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    year: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))  # behaviour | result | other
    # the BerAKHLAK value code of a behaviour item; a result item's area is the RHK's text
    value_code: Mapped[str | None] = mapped_column(String(40))
    area: Mapped[str] = mapped_column(String(500), default="")
    gap: Mapped[str] = mapped_column(Text, default="")
    action_type: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None]

    employee: Mapped[Employee] = relationship()

    @property
    def label(self) -> str:
        return self.action or self.area


class DevelopmentRecord(db.Model):
    """Completed development: a training (diklat), mentoring, coaching … with its hours in JP and evidence."""

    __table_args__ = (Index("ix_development_record_employee_year", "employee_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    year: Mapped[int]  # the year the development ended in: it counts against that year's target
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    started_on: Mapped[date]
    ended_on: Mapped[date]
    hours: Mapped[int]  # jam pelajaran (JP)
    evidence_link: Mapped[str] = mapped_column(String(500), default="")
    filename: Mapped[str | None] = mapped_column(String(200))
    stored_name: Mapped[str | None] = mapped_column(String(100))
    content_type: Mapped[str | None] = mapped_column(String(100))
    sha256: Mapped[str | None] = mapped_column(String(64))
    item_id: Mapped[int | None] = mapped_column(ForeignKey("development_item.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    employee: Mapped[Employee] = relationship()
    item: Mapped[DevelopmentItem | None] = relationship()
