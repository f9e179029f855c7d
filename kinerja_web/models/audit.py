"""The audit trail: who did what to which row, before and after."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow  # re-exported: models stamp rows with the one clock
from ..extensions import db
from .auth import User

__all__ = ["AuditEntry", "record", "utcnow"]


class AuditEntry(db.Model):
    # the audit page reads an agency's entries newest first, a page at a time
    __table_args__ = (Index("ix_audit_entry_agency_newest", "agency_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    action: Mapped[str] = mapped_column(String(64))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None]
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(String(1000), default="")

    actor: Mapped[User | None] = relationship()


def record(actor, action: str, obj, before=None, after=None, note: str = "", agency_id=None) -> AuditEntry:
    """Add an audit entry to the current session (committed with the change)."""
    if getattr(obj, "id", 0) is None:
        db.session.flush()  # a new row needs its id before we can point at it
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None), action=action,
        object_type=type(obj).__name__, object_id=getattr(obj, "id", None),
        agency_id=agency_id if agency_id is not None else getattr(obj, "agency_id", None),
        before=before, after=after, note=note,
    )
    db.session.add(entry)
    return entry


def snapshot(obj, fields) -> dict:
    """A JSON-safe dict of some attributes, for before/after."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value if isinstance(value, (int, float, bool, type(None))) else str(value)
    return out
