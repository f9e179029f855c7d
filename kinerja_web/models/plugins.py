"""What the province admin controls and sees about plugins at run time.

``PluginSwitch`` turns one agency's use of a plugin off without unloading its
code (the blocked list in the configuration stays the way to unload code);
``PluginFault`` keeps the errors a plugin raised in a request-time hook, so the
province admin sees them on the plugins page, whichever app server logged them.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .audit import utcnow


class PluginSwitch(db.Model):
    """An agency's use of a plugin, switched off (or back on) by the province admin."""

    __table_args__ = (UniqueConstraint("agency_code", "plugin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(32))
    plugin: Mapped[str] = mapped_column(String(100))
    enabled: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class PluginFault(db.Model):
    """An exception a plugin raised in a request-time hook or a scoring rule."""

    id: Mapped[int] = mapped_column(primary_key=True)
    plugin: Mapped[str] = mapped_column(String(100), index=True)
    hook: Mapped[str] = mapped_column(String(80))
    agency_code: Mapped[str | None] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
