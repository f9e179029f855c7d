"""In-app notifications, and mail through Flask-Mailman when ``MAIL_SERVER`` is set.

Notifications are rows added to the caller's transaction; the message text is
translated when shown, in the reader's language. A mail is written when the
notification is added, in the recipient's language and with an absolute link
(:func:`absolute_url`), and sent only once the transaction commits: a rolled-back
transaction sends nothing, and a failing mail server is logged, never raised.
"""
from __future__ import annotations

import logging
import textwrap
from urllib.parse import urlsplit

from flask import current_app, has_request_context, request
from flask_babel import force_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_mailman import EmailMessage
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from .extensions import db, mail
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
    "reopen_requested": _l("%(name)s asks to reopen %(period)s for input: %(reason)s"),
    "reopen_refused": _l("Your request to reopen %(period)s was refused: %(note)s"),
    "supervisor_reported": _l("%(name)s reports that %(supervisor)s is not their supervisor; your decision is needed."),
    "supervisor_report_accepted": _l("Your report was accepted: your supervisor is now %(name)s."),
    "supervisor_report_refused": _l("Your report about your supervisor was refused: %(note)s"),
    "supervisor_changed": _l("The agency admin recorded %(name)s as your supervisor."),
    "skp_needed": _l("%(count)s people wait for your approved SKP %(year)s to link their RHK to it."),
    "completion_late": _l("Your SKP, realisations or evidence for %(period)s are not complete; the input deadline "
                          "is %(deadline)s."),
    "completion_team_late": _l("%(count)s of your people have not completed %(period)s; the input deadline is "
                               "%(deadline)s."),
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


def notify_admins(agency_id: int, kind: str, link: str = "", **params) -> int:
    """Notify the active agency admins of an agency (accounts without an employee); returns how many."""
    if kind not in MESSAGES:
        raise ValueError(f"unknown notification kind {kind!r}")
    added = 0
    for user in db.session.scalars(select(User).where(User.role == "agency_admin", User.agency_id == agency_id,
                                                      User.active.is_(True))):
        note = Notification(user_id=user.id, kind=kind, params=params, link=link)
        db.session.add(note)
        _mail(user, note)
        added += 1
    return added


def init_mail(app) -> None:
    """Configure Flask-Mailman from ``app.config``; call again after changing the mail settings.

    ``MAIL_DEFAULT_SENDER`` falls back to the documented ``MAIL_FROM``. The backend is
    ``MAIL_BACKEND``, else SMTP: mail goes out only when :func:`mail_enabled`.
    """
    config = app.config
    for key in ("MAIL_USERNAME", "MAIL_PASSWORD"):  # KINERJA_MAIL_PASSWORD=123456 is parsed as JSON
        if config.get(key) is not None and not isinstance(config[key], str):
            config[key] = str(config[key])
    if config.get("MAIL_PORT") is not None:
        config["MAIL_PORT"] = int(config["MAIL_PORT"])
    state = mail.init_app(app)
    state.backend = config.get("MAIL_BACKEND") or "smtp"  # never Flask-Mailman's silent "locmem when testing"
    state.default_sender = config.get("MAIL_DEFAULT_SENDER") or config.get("MAIL_FROM") or "kinerja@localhost"
    if mail_enabled(app) and not (config.get("BASE_URL") or config.get("SERVER_NAME")):
        log.warning("mail is configured without BASE_URL or SERVER_NAME: links in mail use the request's host, "
                    "and mail sent outside a request (flask kinerja remind) carries no link")


def mail_enabled(app=None) -> bool:
    """Mail is attempted only with ``MAIL_SERVER`` or an explicit ``MAIL_BACKEND``."""
    config = (app or current_app).config
    return bool(config.get("MAIL_SERVER") or config.get("MAIL_BACKEND"))


def base_url() -> str | None:
    """Where the app is reached from outside, without a trailing slash, or None when unknown.

    ``BASE_URL`` (``KINERJA_BASE_URL``) first, else ``PREFERRED_URL_SCHEME://SERVER_NAME``
    plus ``APPLICATION_ROOT``, else, inside a request, the request's own root URL.
    """
    config = current_app.config
    if config.get("BASE_URL"):
        return str(config["BASE_URL"]).rstrip("/")
    if config.get("SERVER_NAME"):
        root = (config.get("APPLICATION_ROOT") or "/").rstrip("/")
        return f"{config.get('PREFERRED_URL_SCHEME') or 'http'}://{config['SERVER_NAME']}{root}"
    if has_request_context():
        return request.url_root.rstrip("/")
    return None


def absolute_url(link: str) -> str | None:
    """The absolute URL of an in-app link (``/skp/12/pemantauan``), for mail.

    A link made by ``url_for`` in a request already holds the request's script root;
    it is taken off so that a base URL naming the mount point is not doubled.
    """
    if urlsplit(link or "").scheme:
        return link
    base = base_url()
    if base is None:
        return None
    path = link or "/"
    if not path.startswith(("/", "#", "?")):
        path = "/" + path
    if has_request_context() and request.script_root and (
            path == request.script_root or path.startswith(request.script_root + "/")):
        path = path[len(request.script_root):] or "/"
    return base + path


def _mail(user: User, note: Notification) -> None:
    """Write the mail now, in the recipient's language; it is sent only once the transaction commits."""
    if not user.email or not mail_enabled():
        return
    languages = current_app.config["LANGUAGES"]
    locale = user.locale if user.locale in languages else current_app.config["BABEL_DEFAULT_LOCALE"]
    url = absolute_url(note.link)
    with force_locale(locale):
        text = message(note)
        body = [text, ""]
        if url:
            body += [gettext("Open it in kinerja: %(url)s", url=url), ""]
        body += ["-- ", gettext("This message was sent automatically by kinerja; please do not reply to it.")]
    letter = EmailMessage(subject=short(text, 120), body="\n".join(body) + "\n", to=[user.email])
    db.session.info.setdefault("mail_outbox", []).append((user.id, letter))


@event.listens_for(Session, "after_commit")
def _send_outbox(session) -> None:
    outbox = session.info.pop("mail_outbox", None)
    if outbox:
        deliver(outbox)


@event.listens_for(Session, "after_rollback")
def _drop_outbox(session) -> None:
    session.info.pop("mail_outbox", None)


def deliver(outbox) -> int:
    """Send ``(user id, EmailMessage)`` pairs over one connection; log failures, never raise.

    Returns how many were sent.
    """
    try:
        connection = mail.get_connection()
        connection.open()
    except Exception as exc:  # mail is a courtesy: no failure of the mail server breaks the request
        log.warning("could not reach the mail server; %d mail(s) not sent: %s", len(outbox), exc)
        return 0
    sent = 0
    try:
        for user_id, letter in outbox:
            try:
                letter.connection = connection
                sent += letter.send()
            except Exception as exc:  # a refused recipient or a dropped connection; the in-app note stays
                log.warning("could not send mail to user %s: %s", user_id, exc)
    finally:
        try:
            connection.close()
        except Exception as exc:
            log.warning("could not close the mail connection: %s", exc)
    return sent
