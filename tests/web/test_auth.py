"""Log in and out, language, health check, rate limit, headers."""
from __future__ import annotations

from kinerja_web import create_app
from kinerja_web.extensions import db
from tests.conftest import base_config
from tests.helpers import Client


def test_login_page_has_a_csrf_protected_form(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page and 'name="username"' in page and 'name="password"' in page
    assert '<html lang="id">' in page and "Masuk" in page


def test_wrong_password_says_so_without_saying_which_part(client):
    client.get("/login")
    response = client.post("/login", {"username": "staf.disdik", "password": "salah"})
    assert response.status_code == 422
    assert "Nama pengguna atau kata sandi salah" in response.get_data(as_text=True)


def test_login_then_logout(login):
    c = login("staf.disdik")
    assert c.get("/skp").status_code == 200
    assert c.post("/logout").status_code == 302
    assert c.get("/skp").status_code == 302


def test_login_does_not_redirect_to_another_site(client):
    client.get("/login")
    response = client.post("/login?next=//evil.example/x", {"username": "staf.disdik", "password": "kinerja-demo"})
    assert response.headers["Location"] == "/"


def test_english_can_be_chosen_and_is_remembered_for_the_user(login):
    c = login("staf.disdik")
    c.get("/skp")
    c.post("/language", {"locale": "en", "next": "/skp"})
    assert "My SKP" in c.get("/skp").get_data(as_text=True)
    again = login("staf.disdik")  # a new session: the account remembers
    assert "My SKP" in again.get("/skp").get_data(as_text=True)


def test_healthz_answers_with_json(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_an_unreachable_database():
    app = create_app({**base_config("sqlite:////nonexistent-dir/x.sqlite3")})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_repeated_failed_logins_are_rate_limited(app, database_url):
    limited = create_app({**base_config(database_url), "RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute"})
    http = Client(limited.test_client())
    try:
        http.get("/login")
        codes = [http.post("/login", {"username": "x", "password": "y"}).status_code for _ in range(5)]
    finally:
        with limited.app_context():
            db.engine.dispose()
    assert codes[:3] == [422, 422, 422] and codes[-1] == 429


def test_pages_send_security_headers(client):
    headers = client.get("/login").headers
    assert headers["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in headers["Content-Security-Policy"]
