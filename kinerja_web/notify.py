"""In-app notifications, and mail through SMTP when ``MAIL_SERVER`` is set.

Notifications are rows added to the caller's transaction; the message text is
translated when shown, in the reader's language.
"""
from __future__ import annotations

import logging
import smtplib
import textwrap
from email.message import EmailMessage

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from .extensions import db
from .models import Notification, User

log = logging.getLogger(__name__)

MESSAGES = {
    "plan_submitted": _l("%(name)s submitted an SKP for your approval."),
    "plan_approved": _l("Your SKP %(year)s was approved."),
    "plan_returned": _l("Your SKP %(year)s was returned: %(reason)s"),
    "feedback": _l("%(name)s left feedback on %(what)s."),
    "reply": _l("%(name)s replied to your feedback on %(what)s."),
    "dialogue": _l("%(name)s recorded a performance dialogue with you."),
    "peer_request": _l("%(name)s asks for your input on the work of %(colleague)s (%(period)s)."),
    "peer_answered": _l("%(name)s answered your request for input on %(colleague)s."),
    "evidence_missing": _l("Evidence is missing for %(what)s (%(period)s); the deadline is %(deadline)s."),
    "reopened": _l("The input period %(period)s was reopened for you until %(until)s."),
    "evaluation_final": _l("Your evaluation %(period)s is final: %(predicate)s."),
    "objection": _l("%(name)s filed an objection to an evaluation; your decision is needed."),
    "objection_decided": _l("The objection to your evaluation was decided: %(predicate)s."),
}


def short(text: str, width: int = 80) -> str:
    """Shorten at a word boundary, with an ellipsis, for notification texts."""
    return textwrap.shorten(" ".join((text or "").split()), width=width, placeholder="…")


def message(note: Notification) -> str:
    """The notification text in the current language."""
    template = MESSAGES.get(note.kind)
    if template is None:
        return note.kind
    try:
        return str(template) % (note.params or {})
    except (KeyError, TypeError, ValueError):
        return str(template)


def notify(employee_ids, kind: str, link: str = "", dedupe_key: str | None = None, **params) -> int:
    """Notify the login accounts of these employees; returns how many were added.

    ``dedupe_key`` makes a reminder idempotent: a key already used adds nothing.
    """
    if kind not in MESSAGES:
        raise ValueError(f"unknown notification kind {kind!r}")
    ids = [i for i in employee_ids if i is not None]
    if not ids:
        return 0
    added = 0
    for user in db.session.scalars(select(User).where(User.employee_id.in_(ids), User.active.is_(True))):
        key = f"{dedupe_key}:{user.id}" if dedupe_key else None
        if key and db.session.scalar(select(Notification.id).where(Notification.dedupe_key == key)):
            continue
        note = Notification(user_id=user.id, kind=kind, params=params, link=link, dedupe_key=key)
        db.session.add(note)
        _mail(user, note)
        added += 1
    return added


def _mail(user: User, note: Notification) -> None:
    """Queue a mail; it is sent only once the transaction commits."""
    if not current_app.config.get("MAIL_SERVER") or not user.email:
        return
    with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
        text = message(note)
    db.session.info.setdefault("outbox", []).append((user.id, user.email, text, note.link))


@event.listens_for(Session, "after_commit")
def _send_outbox(session) -> None:
    for item in session.info.pop("outbox", []):
        _send(*item)


@event.listens_for(Session, "after_rollback")
def _drop_outbox(session) -> None:
    session.info.pop("outbox", None)


def _send(user_id: int, address: str, text: str, link: str) -> None:
    server = current_app.config.get("MAIL_SERVER")
    mail = EmailMessage()
    try:
        mail["From"] = current_app.config.get("MAIL_FROM", "kinerja@localhost")
        mail["To"] = address
        mail["Subject"] = " ".join(text.split())[:120]
        mail.set_content(text + ("\n\n" + link if link else ""))
    except ValueError as exc:
        log.warning("could not build mail for user %s: %s", user_id, exc)
        return
    try:
        with smtplib.SMTP(server, int(current_app.config.get("MAIL_PORT", 25)), timeout=10) as smtp:
            if current_app.config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if current_app.config.get("MAIL_USERNAME"):
                smtp.login(current_app.config["MAIL_USERNAME"], current_app.config.get("MAIL_PASSWORD", ""))
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:  # mail is a courtesy; the in-app note stays
        log.warning("could not send mail to user %s: %s", user_id, exc)
