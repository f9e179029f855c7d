"""Logins and logouts (audited), failed logins (counted for the throttle) and
the interface language a user keeps."""
from __future__ import annotations

from .. import security
from ..models.audit import record
from .base import transition


@transition
def logged_in(user, name: str) -> None:
    """A login succeeded: forget the account's failures and audit it."""
    security.clear_failures(name)
    record(user, "auth.login", user)


@transition
def login_failed(name: str) -> None:
    security.record_failure(name)


@transition
def logged_out(user) -> None:
    """Every session of the user ends, on every server."""
    user.end_sessions()
    record(user, "auth.logout", user)


@transition
def set_locale(user, code: str) -> None:
    user.locale = code
