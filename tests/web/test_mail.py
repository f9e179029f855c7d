"""Notifications by mail: Flask-Mailman's in-memory backend, absolute links, the recipient's language.

Mail is written when the notification is added and sent only after the commit; a
rollback sends nothing, and a mail server that fails never breaks the request.
"""
from __future__ import annotations

import logging
import socket
from datetime import date

import pytest
from sqlalchemy import select

from kinerja_web import create_app
from kinerja_web import notify as notify_module
from kinerja_web.extensions import db
from kinerja_web.models import Feedback, Notification, Realization, User
from kinerja_web.notify import absolute_url, base_url, init_mail, notify
from tests.conftest import base_config
from tests.helpers import plan_of

BASE = "https://kinerja.example.go.id"
ADDRESS = "fajar@dinkes.example.go.id"


def _outbox(app) -> list:
    return getattr(app.extensions["mailman"], "outbox", [])


def _staff(locale=None, email=ADDRESS) -> User:
    user = db.session.scalar(select(User).where(User.username == "staf.dinkes"))
    user.email, user.locale = email, locale
    db.session.commit()
    return user


@pytest.fixture
def mail_app(app):
    app.config.update(MAIL_BACKEND="locmem", BASE_URL=BASE, MAIL_FROM="kinerja@bkd.example.go.id")
    init_mail(app)
    return app


def _post_feedback(login, body="Cek data desa"):
    plan = plan_of("staf.dinkes")
    ids = [i.id for r in plan.results for i in r.indicators]
    real = db.session.scalar(select(Realization).where(Realization.indicator_id.in_(ids)))
    boss = login("kabid.dinkes")
    boss.get(f"/skp/{plan.id}/pemantauan")
    response = boss.post(f"/skp/{plan.id}/umpan-balik", {"body": body, "realization_id": real.id})
    return plan, response


def test_feedback_is_mailed_with_an_absolute_link_in_indonesian(mail_app, login):
    _staff()
    plan, response = _post_feedback(login)
    assert response.status_code == 302
    (letter,) = _outbox(mail_app)
    assert letter.to == [ADDRESS]
    assert letter.from_email == "kinerja@bkd.example.go.id"  # MAIL_FROM, the documented name, still works
    assert "memberi umpan balik atas" in letter.subject
    assert f"Buka di kinerja: {BASE}/skp/{plan.id}/pemantauan\n" in letter.body
    assert "memberi umpan balik atas" in letter.body and "left feedback" not in letter.body
    assert letter.message()["Content-Type"].startswith("text/plain")
    note = db.session.scalar(select(Notification).where(Notification.kind == "feedback").order_by(
        Notification.id.desc()))
    assert note.link == f"/skp/{plan.id}/pemantauan"  # in the app the link stays relative


def test_mail_is_in_the_recipients_language_not_the_senders(mail_app, login):
    _staff(locale="en")
    plan, _ = _post_feedback(login)
    (letter,) = _outbox(mail_app)
    assert "left feedback on" in letter.subject
    assert f"Open it in kinerja: {BASE}/skp/{plan.id}/pemantauan\n" in letter.body
    assert "sent automatically by kinerja" in letter.body
    assert "umpan balik atas" not in letter.body and "Buka di kinerja" not in letter.body


def test_a_rolled_back_transaction_sends_nothing(mail_app):
    user = _staff()
    assert notify([user.employee_id], "reopened", period="Triwulan IV", until="31-12-2026") == 1
    db.session.rollback()
    db.session.commit()  # a later commit does not send what was rolled back
    assert _outbox(mail_app) == []
    assert db.session.scalar(select(Notification).where(Notification.kind == "reopened")) is None

    notify([user.employee_id], "reopened", period="Triwulan IV", until="31-12-2026")
    assert _outbox(mail_app) == []  # not before the commit
    db.session.commit()
    (letter,) = _outbox(mail_app)
    assert letter.to == [ADDRESS] and "Triwulan IV" in letter.body
    assert f"Buka di kinerja: {BASE}/\n" in letter.body  # no link of its own: the home page


def test_a_reminder_from_the_cli_carries_an_absolute_link(mail_app):
    _staff()
    plan = plan_of("staf.dinkes")
    indicator = plan.results[0].indicators[0]
    indicator.evidence_required = True
    db.session.commit()
    mail_app.config["TODAY"] = date(2027, 1, 5)  # five days before the Q4 input deadline
    result = mail_app.test_cli_runner().invoke(args=["kinerja", "remind"])
    assert result.exit_code == 0, result.output
    letters = [m for m in _outbox(mail_app) if f"#iki-{indicator.id}" in m.body]
    assert len(letters) == 1 and letters[0].to == [ADDRESS]
    assert f"{BASE}/skp/{plan.id}/pemantauan#iki-{indicator.id}" in letters[0].body


def test_without_a_mail_server_no_mail_is_attempted(app, login, monkeypatch):
    assert not app.config.get("MAIL_SERVER") and not app.config.get("MAIL_BACKEND")
    attempts = []
    monkeypatch.setattr(notify_module, "deliver", lambda outbox: attempts.append(outbox))
    _staff()
    before = db.session.query(Notification).count()
    _, response = _post_feedback(login)
    assert response.status_code == 302
    assert db.session.query(Notification).count() == before + 1
    assert attempts == [] and _outbox(app) == []


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_failing_mail_server_never_breaks_the_request(app, login, caplog, monkeypatch):
    # Alembic's logging set-up in the migrations of the session fixture disables existing loggers.
    monkeypatch.setattr(logging.getLogger("kinerja_web.notify"), "disabled", False)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_closed_port(), MAIL_TIMEOUT=5, BASE_URL=BASE)
    init_mail(app)
    assert app.extensions["mailman"].backend == "smtp"
    _staff()
    with caplog.at_level(logging.WARNING, logger="kinerja_web.notify"):
        _, response = _post_feedback(login, body="Server surat mati")
    assert response.status_code == 302
    assert db.session.scalar(select(Feedback).where(Feedback.body == "Server surat mati")) is not None
    assert "could not reach the mail server; 1 mail(s) not sent" in caplog.text


def test_links_start_with_base_url_else_server_name(app):
    app.config.update(BASE_URL=BASE + "/", SERVER_NAME="internal:8000")
    with app.test_request_context("/"):
        assert base_url() == BASE
        assert absolute_url("/skp/12/pemantauan") == BASE + "/skp/12/pemantauan"
        assert absolute_url("") == BASE + "/"
        assert absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"
    app.config.update(BASE_URL=None, SERVER_NAME="kinerja.example.go.id", PREFERRED_URL_SCHEME="https")
    with app.app_context():
        assert absolute_url("/skp/12/pemantauan") == BASE + "/skp/12/pemantauan"
    app.config.update(APPLICATION_ROOT="/kinerja")
    with app.test_request_context("/", base_url="http://10.0.0.5/kinerja"):  # mounted under /kinerja
        assert absolute_url("/kinerja/skp/12/pemantauan") == BASE + "/kinerja/skp/12/pemantauan"


def test_without_any_base_a_request_uses_its_own_host_and_the_cli_gives_no_link(app):
    app.config.update(BASE_URL=None, SERVER_NAME=None)
    with app.test_request_context("/", base_url="https://kinerja.example.go.id"):
        assert absolute_url("/beranda") == BASE + "/beranda"
    with app.app_context():
        assert base_url() is None and absolute_url("/beranda") is None


def test_mail_settings_come_from_kinerja_variables(database_url, monkeypatch):
    monkeypatch.setenv("KINERJA_MAIL_SERVER", "smtp.example.go.id")
    monkeypatch.setenv("KINERJA_MAIL_PORT", "587")
    monkeypatch.setenv("KINERJA_MAIL_USE_TLS", "true")
    monkeypatch.setenv("KINERJA_MAIL_USERNAME", "kinerja")
    monkeypatch.setenv("KINERJA_MAIL_PASSWORD", "123456")  # JSON would make it a number
    monkeypatch.setenv("KINERJA_MAIL_DEFAULT_SENDER", "Kinerja BKD <kinerja@example.go.id>")
    monkeypatch.setenv("KINERJA_BASE_URL", BASE)
    app = create_app(base_config(database_url))
    state = app.extensions["mailman"]
    assert (state.server, state.port, state.use_tls, state.use_ssl) == ("smtp.example.go.id", 587, True, False)
    assert (state.username, state.password) == ("kinerja", "123456")
    assert state.default_sender == "Kinerja BKD <kinerja@example.go.id>" and state.backend == "smtp"
    assert state.timeout == 10
    with app.app_context():
        assert base_url() == BASE
