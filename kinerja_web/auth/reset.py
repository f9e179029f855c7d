"""Forgotten passwords: a signed, expiring, single-use link by mail.

The token carries the user id and a fingerprint of the password hash and the
session version; setting the password changes both, so a link works once and
any older link dies with it. Nothing tells an asker whether an account exists.
"""
from __future__ import annotations

import hashlib

from flask import current_app, url_for
from flask_babel import force_locale, gettext
from flask_mailman import EmailMessage
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, or_, select

from ..extensions import db
from ..models import User
from ..models.audit import record
from ..notify import absolute_url, deliver
from ..workflow.base import transition

SALT = "kinerja-password-reset"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(user: User) -> str:
    seed = f"{user.password_hash}:{user.session_version or 0}"
    return hashlib.sha256(seed.encode()).hexdigest()[:24]


def make_token(user: User) -> str:
    return _serializer().dumps({"u": user.id, "f": _fingerprint(user)})


def user_of(token: str) -> User | None:
    """The active user a valid, unexpired, unused token belongs to, or None."""
    try:
        data = _serializer().loads(token, max_age=int(current_app.config.get("PASSWORD_RESET_MAX_AGE", 3600)))
    except (BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = db.session.get(User, data["u"])
    if user is None or not user.active or data.get("f") != _fingerprint(user):
        return None
    return user


def send_link(name: str) -> None:
    """Mail a reset link to the account with this username or e-mail address, if there is one."""
    name = (name or "").strip()
    user = db.session.scalar(select(User).where(
        or_(User.username == name, func.lower(User.email) == name.lower()), User.active.is_(True)).limit(1))
    if user is None or not user.email:
        return
    link = absolute_url(url_for("auth.reset_password", token=make_token(user)))
    if link is None:
        return
    languages = current_app.config["LANGUAGES"]
    locale = user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
    minutes = int(current_app.config.get("PASSWORD_RESET_MAX_AGE", 3600)) // 60
    with force_locale(locale):
        subject = gettext("Set a new kinerja password")
        body = "\n".join([
            gettext("Someone asked to set a new password for the kinerja account %(name)s.", name=user.username), "",
            gettext("Open this link within %(minutes)d minutes to choose a new password; it works once:",
                    minutes=minutes),
            link, "",
            gettext("If you did not ask for this, ignore this mail: your password stays as it is."), "",
            "-- ", gettext("This message was sent automatically by kinerja; please do not reply to it.")])
    deliver([(user.id, EmailMessage(subject=subject, body=body + "\n", to=[user.email]))])


@transition
def set_new_password(user: User, password: str) -> None:
    """The new password; every session and every reset link of the user ends."""
    user.set_password(password)
    user.end_sessions()
    record(user, "auth.password_reset", user)
