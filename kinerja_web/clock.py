"""The one clock: every date rule uses the Asia/Jakarta calendar date, or
``TODAY`` from the config when it is set (tests, demos).

Timestamps are stored as naive UTC. With ``TODAY`` set, :func:`utcnow` keeps
the time of day but moves to that date, so a row stamped "now" falls on the
pinned day and date rules built on stored timestamps agree with :func:`today`.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_ZONE = "Asia/Jakarta"


def zone() -> ZoneInfo:
    if has_app_context():
        return ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or DEFAULT_ZONE)
    return ZoneInfo(DEFAULT_ZONE)


def _fixed() -> date | None:
    if not has_app_context():
        return None
    fixed = current_app.config.get("TODAY")
    if not fixed:
        return None
    return fixed if isinstance(fixed, date) else date.fromisoformat(str(fixed))


def local_now() -> datetime:
    """Now in the deployment's time zone (aware), on the pinned date when ``TODAY`` is set."""
    real = datetime.now(zone())
    fixed = _fixed()
    if fixed is None:
        return real
    return datetime.combine(fixed, real.timetz())


def today() -> date:
    """Today in the deployment's time zone (Asia/Jakarta by default), not the server's."""
    return _fixed() or datetime.now(zone()).date()


def utcnow() -> datetime:
    """Now as naive UTC, the form every timestamp column stores."""
    return local_now().astimezone(UTC).replace(tzinfo=None)


def local_date(stamp: datetime | None) -> date | None:
    """The Jakarta calendar date of a stored (naive UTC) timestamp."""
    if stamp is None:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(zone()).date()


def local_time(stamp: datetime | None) -> datetime | None:
    """A stored timestamp in the deployment's time zone, for display."""
    if stamp is None:
        return None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    return stamp.astimezone(zone())


def start_of_day_utc(day: date) -> datetime:
    """00:00 Jakarta time of ``day`` as naive UTC, for comparing with stored timestamps."""
    return datetime.combine(day, time(0), tzinfo=zone()).astimezone(UTC).replace(tzinfo=None)
