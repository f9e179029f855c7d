"""Login throttling, the trusted proxy, and the response headers.

Failed logins are counted in the database, per account and per address, so the
limits hold across every worker and app server. Flask-Limiter adds a coarse
per-address limit on the login form; give it ``RATELIMIT_STORAGE_URI`` (Redis)
when several servers run, so its counters are shared too.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, request
from sqlalchemy import delete, func, select
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.security import check_password_hash, generate_password_hash

from .clock import utcnow
from .extensions import db
from .models import LoginFailure

_DUMMY_HASH: str | None = None


def client_address() -> str:
    return request.remote_addr or "unknown"


def _keys(username: str) -> tuple[str, str]:
    return f"user:{username.lower()[:100]}", f"addr:{client_address()[:100]}"


def _window() -> timedelta:
    return timedelta(seconds=int(current_app.config["LOGIN_FAILURE_WINDOW"]))


def throttled(username: str) -> bool:
    """Too many recent failures for this account, or from this address."""
    user_key, addr_key = _keys(username)
    since = utcnow() - _window()
    rows = dict(db.session.execute(
        select(LoginFailure.key, func.count(LoginFailure.id))
        .where(LoginFailure.key.in_((user_key, addr_key)), LoginFailure.at >= since)
        .group_by(LoginFailure.key)).all())
    config = current_app.config
    return (rows.get(user_key, 0) >= int(config["LOGIN_MAX_FAILURES_PER_ACCOUNT"])
            or rows.get(addr_key, 0) >= int(config["LOGIN_MAX_FAILURES_PER_ADDRESS"]))


def record_failure(username: str) -> None:
    """Count a failed login (committed by the caller); forget failures older than the window."""
    now = utcnow()
    keys = _keys(username)
    db.session.execute(delete(LoginFailure).where(LoginFailure.key.in_(keys), LoginFailure.at < now - _window()))
    db.session.add_all([LoginFailure(key=key, at=now) for key in keys])


def clear_failures(username: str) -> None:
    """A successful login forgets the account's failures (not the address's)."""
    db.session.execute(delete(LoginFailure).where(LoginFailure.key == _keys(username)[0]))


def check_password(user, password: str) -> bool:
    """Check a password; an unknown account costs the same hash, so timing tells nothing."""
    global _DUMMY_HASH
    if user is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = generate_password_hash("not a password of anyone")
        check_password_hash(_DUMMY_HASH, password)
        return False
    return user.check_password(password)


def install(app) -> None:
    """Trusted proxy, secure cookies and HSTS behind TLS, and the headers of every response."""
    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops:
        # One trusted TLS proxy in front: believe its X-Forwarded-* headers, and only its.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops)
        app.config.update(SESSION_COOKIE_SECURE=True, REMEMBER_COOKIE_SECURE=True, PREFERRED_URL_SCHEME="https")
        app.config.setdefault("HSTS_SECONDS", 31536000)
    hsts = int(app.config.get("HSTS_SECONDS") or 0)

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
        if hsts and request.is_secure:
            headers.setdefault("Strict-Transport-Security", f"max-age={hsts}; includeSubDomains")
        return response
