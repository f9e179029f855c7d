"""The organisation: agencies, units, positions, employees, periods."""
from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db

POSITION_KINDS = ("jpt", "administrator", "pengawas", "pelaksana", "fungsional")
CADENCES = {"monthly": 12, "quarterly": 4, "semester": 2}


class Agency(db.Model):
    """Instansi / perangkat daerah; ``code`` matches a plugin's Agency record."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    # candidate rule sets adopted, [[code, version, start year, start seq], …] oldest first: a copy of the
    # audited ``rule_adoption`` rows, written in the same transaction, so that evaluating knows which rules
    # are in force from the agency row it already reads (no statement more per page)
    rules_adopted: Mapped[list | None] = mapped_column(JSON)


class AgencyGoal(db.Model):
    """A goal of the agency (Renstra / Perjanjian Kinerja) that the head's RHK serve."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    year: Mapped[int]
    text: Mapped[str] = mapped_column(String(500))


class Unit(db.Model):
    """Unit kerja, a tree inside an agency."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)

    agency: Mapped[Agency] = relationship()
    parent: Mapped[Unit | None] = relationship(remote_side=[id])


class Position(db.Model):
    """Jabatan; ``kind`` is the jenis jabatan (JPT, Administrator, ...)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)

    agency: Mapped[Agency] = relationship()


class Employee(db.Model):
    """Pegawai. ``supervisor`` is the Pejabat Penilai Kinerja."""

    # the admin list pages an agency's people by name
    __table_args__ = (Index("ix_employee_agency_name", "agency_id", "name", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    position_id: Mapped[int] = mapped_column(ForeignKey("position.id"))
    supervisor_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), index=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    rank: Mapped[str] = mapped_column(String(80), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # the latest status change (models/status.py holds them all): active, cuti, mutasi, …
    status: Mapped[str] = mapped_column(String(20), default="aktif", server_default="aktif")
    status_since: Mapped[date | None]

    agency: Mapped[Agency] = relationship()
    unit: Mapped[Unit] = relationship()
    position: Mapped[Position] = relationship()
    supervisor: Mapped[Employee | None] = relationship(remote_side=[id])


class Period(db.Model):
    """A performance year of an agency, split into review periods."""

    __table_args__ = (UniqueConstraint("agency_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    year: Mapped[int]
    cadence: Mapped[str] = mapped_column(String(20), default="quarterly")

    agency: Mapped[Agency] = relationship()
    reviews: Mapped[list[ReviewPeriod]] = relationship(
        back_populates="period", order_by="ReviewPeriod.seq", cascade="all, delete-orphan")


class ReviewPeriod(db.Model):
    """Periode penilaian periodik (a month, quarter or semester)."""

    __table_args__ = (UniqueConstraint("period_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    period_id: Mapped[int] = mapped_column(ForeignKey("period.id"), index=True)
    seq: Mapped[int]
    name: Mapped[str] = mapped_column(String(60))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    input_deadline: Mapped[date | None]

    period: Mapped[Period] = relationship(back_populates="reviews")
