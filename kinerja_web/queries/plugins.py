"""What the plugins page reads: recent faults and the switches (two statements, whatever the history)."""
from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import PluginFault, PluginSwitch, User

RECENT_FAULTS = 50


def recent_faults(limit: int = RECENT_FAULTS, agency_code: str | None = None) -> list:
    """The latest faults, newest first (of one agency's when ``agency_code`` is given)."""
    query = select(PluginFault).order_by(PluginFault.id.desc()).limit(limit)
    if agency_code is not None:
        query = query.where(PluginFault.agency_code == agency_code)
    return list(db.session.scalars(query))


def switches() -> dict[tuple[str, str], tuple]:
    """{(agency code, plugin): (switch, who changed it)} of every switch ever set."""
    rows = db.session.execute(select(PluginSwitch, User.username).outerjoin(
        User, User.id == PluginSwitch.changed_by_id)).all()
    return {(s.agency_code, s.plugin): (s, who) for s, who in rows}
