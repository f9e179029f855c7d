"""Notifications read by their recipient."""
from __future__ import annotations

from .. import access
from ..extensions import db
from ..models import Notification
from ..models.audit import utcnow
from .base import transition


@transition
def mark_read(note: Notification, actor) -> None:
    access.require(actor, "notification.read", note)
    if note.read_at is None:
        note.read_at = utcnow()


@transition
def mark_all_read(actor) -> None:
    db.session.execute(Notification.__table__.update().where(
        Notification.user_id == actor.id, Notification.read_at.is_(None)).values(read_at=utcnow()))
