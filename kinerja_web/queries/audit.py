"""An agency's audit trail, newest first: the audit page reads a page of it, the export all of it."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..models import AuditEntry


def audit_trail(agency_id: int, action: str = "") -> Select:
    """The agency's entries with their actor (one statement), newest first; ``action`` is a prefix filter
    (``plan.`` finds every plan action)."""
    query = (select(AuditEntry).where(AuditEntry.agency_id == agency_id)
             .options(joinedload(AuditEntry.actor)).order_by(AuditEntry.id.desc()))
    if action:
        query = query.where(AuditEntry.action.startswith(action, autoescape=True))
    return query
