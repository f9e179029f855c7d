"""Forgotten passwords: a mailed link that expires, works once, and tells nobody which accounts exist."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from kinerja_web import create_app
from kinerja_web.auth import reset
from kinerja_web.demo import DEMO_PASSWORD
from kinerja_web.extensions import db
from kinerja_web.models import User
from kinerja_web.notify import init_mail
from tests.conftest import base_config
from tests.helpers import Client

BASE = "https://kinerja.example.go.id"
ADDRESS = "fajar@dinkes.example.go.id"
LINK = re.compile(re.escape(BASE) + r"(/lupa-sandi/\S+)")


@pytest.fixture
def mail_app(app):
    app.config.update(MAIL_BACKEND="locmem", BASE_URL=BASE, MAIL_FROM="kinerja@bkd.example.go.id")
    init_mail(app)
    user = db.session.scalar(select(User).where(User.username == "staf.dinkes"))
    user.email = ADDRESS
    db.session.commit()
    return app


def _outbox(app) -> list:
    return getattr(app.extensions["mailman"], "outbox", [])


def _ask(client, name):
    client.get("/lupa-sandi")
    return client.post("/lupa-sandi", {"name": name})


def _link(app) -> str:
    (letter,) = _outbox(app)
    return LINK.search(letter.body).group(1)


def test_the_login_page_links_to_the_forgotten_password_page(client):
    assert 'href="/lupa-sandi"' in client.get("/login").get_data(as_text=True)


def test_without_mail_the_page_says_to_ask_the_agency_admin(client):
    page = client.get("/lupa-sandi").get_data(as_text=True)
    assert 'data-testid="reset-ask-admin"' in page and 'name="name"' not in page


@pytest.mark.parametrize("name", ["staf.dinkes", ADDRESS.upper()])
def test_a_known_username_or_address_gets_a_link_that_sets_the_password(mail_app, client, name):
    assert _ask(client, name).status_code == 200
    path = _link(mail_app)
    client.get(path)
    response = client.post(path, {"password": "baru-sekali-123", "confirm": "baru-sekali-123"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    fresh = Client(mail_app.test_client())
    fresh.login("staf.dinkes", "baru-sekali-123")


def test_known_and_unknown_accounts_get_the_same_answer(mail_app, client):
    known = _ask(client, "staf.dinkes").get_data(as_text=True)
    unknown = _ask(client, "nobody@nowhere.example").get_data(as_text=True)
    no_mail = _ask(client, "kabid.dinkes").get_data(as_text=True)  # an account without an address
    strip = re.compile(r'value="[^"]*"')
    assert strip.sub("", known) == strip.sub("", unknown) == strip.sub("", no_mail)
    assert len(_outbox(mail_app)) == 1


def test_a_link_works_once(mail_app, client):
    _ask(client, "staf.dinkes")
    path = _link(mail_app)
    client.get(path)
    assert client.post(path, {"password": "baru-sekali-123", "confirm": "baru-sekali-123"}).status_code == 302
    again = client.get(path)
    assert again.status_code == 410 and 'data-testid="reset-invalid"' in again.get_data(as_text=True)


def test_a_link_expires(mail_app, client, monkeypatch):
    _ask(client, "staf.dinkes")
    path = _link(mail_app)
    assert client.get(path).status_code == 200
    mail_app.config["PASSWORD_RESET_MAX_AGE"] = -1
    assert client.get(path).status_code == 410


def test_a_forged_or_other_users_token_is_refused(mail_app, client):
    assert client.get("/lupa-sandi/not-a-token").status_code == 410
    other = db.session.scalar(select(User).where(User.username == "kabid.dinkes"))
    token = reset.make_token(other)
    other.set_password("changed-meanwhile")
    db.session.commit()
    assert client.get(f"/lupa-sandi/{token}").status_code == 410


def test_a_short_or_mismatched_password_is_refused_and_the_old_one_stays(mail_app, client):
    _ask(client, "staf.dinkes")
    path = _link(mail_app)
    client.get(path)
    assert client.post(path, {"password": "short", "confirm": "short"}).status_code == 422
    assert client.post(path, {"password": "long-enough-1", "confirm": "long-enough-2"}).status_code == 422
    Client(mail_app.test_client()).login("staf.dinkes", DEMO_PASSWORD)


def test_requests_for_links_are_rate_limited(app, database_url):
    limited = create_app({**base_config(database_url), "RATELIMIT_ENABLED": True, "MAIL_BACKEND": "locmem",
                          "PASSWORD_RESET_RATE_LIMIT": "3 per minute"})
    http = Client(limited.test_client())
    try:
        http.get("/lupa-sandi")
        codes = [http.post("/lupa-sandi", {"name": f"user{i}"}).status_code for i in range(5)]
    finally:
        with limited.app_context():
            db.engine.dispose()
    assert codes[:3] == [200, 200, 200] and codes[-1] == 429
