"""The holes a probe found (issue 7 §2), each reproduced and shut."""
from __future__ import annotations

import socket
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from kinerja_web import create_app
from kinerja_web.extensions import db
from kinerja_web.models import Agency, Employee, LoginFailure, User
from tests.conftest import base_config
from tests.helpers import Client, employee


def _cookie(client: Client):
    return client.http.get_cookie("session")


def _copy_session(app, source: Client) -> Client:
    """A second browser holding a copy of ``source``'s session cookie (a stolen cookie)."""
    thief = Client(app.test_client())
    thief.http.set_cookie("session", _cookie(source).value)
    return thief


# --- sessions end when they should -------------------------------------------------------------


def test_a_session_cookie_copied_before_logout_no_longer_works(app, login):
    c = login("staf.disdik")
    thief = _copy_session(app, c)
    assert thief.get("/skp").status_code == 200
    c.post("/logout")
    assert thief.get("/skp").status_code == 302  # back to the login page
    thief.token = None
    response = thief.post("/logout")  # and it can post nothing either
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_ends_the_other_sessions_of_the_user_too(login):
    laptop, phone = login("staf.disdik"), login("staf.disdik")
    laptop.post("/logout")
    assert phone.get("/skp").status_code == 302


def test_a_password_reset_by_the_admin_ends_the_sessions(app, login):
    staff = login("staf.disdik")
    admin = login("admin.disdik")
    emp = employee("staf.disdik")
    page = admin.get(f"/admin/{emp.agency_id}/employees/{emp.id}")
    assert page.status_code == 200
    form = {"nip": emp.nip, "name": emp.name, "rank": emp.rank or "", "unit_id": emp.unit_id,
            "position_id": emp.position_id, "supervisor_id": emp.supervisor_id or "", "username": "staf.disdik",
            "password": "a-new-password-1"}
    assert admin.post(f"/admin/{emp.agency_id}/employees/{emp.id}", form).status_code == 302
    assert staff.get("/skp").status_code == 302
    Client(app.test_client()).login("staf.disdik", "a-new-password-1")


def test_deactivating_an_employee_ends_the_session(login):
    staff = login("staf.disdik")
    admin = login("admin.disdik")
    emp = employee("staf.disdik")
    admin.get(f"/admin/{emp.agency_id}/employees/{emp.id}")
    assert admin.post(f"/admin/{emp.agency_id}/employees/{emp.id}/status", {"active": "0"}).status_code == 302
    assert staff.get("/skp").status_code == 302
    db.session.expire_all()
    assert db.session.get(Employee, emp.id).active is False


def test_deactivating_an_agency_ends_the_sessions_of_its_people(login):
    staff, agency_admin = login("staf.dispar"), login("admin.dispar")
    other = login("staf.disdik")
    bkd = login("admin")
    agency = db.session.scalar(select(Agency).where(Agency.code == "dispar"))
    bkd.get("/admin/")
    assert bkd.post(f"/admin/{agency.id}/aktif", {"active": "0"}).status_code == 302
    assert staff.get("/skp").status_code == 302
    assert agency_admin.get(f"/admin/{agency.id}").status_code == 302
    assert other.get("/skp").status_code == 200


def test_a_session_lasts_a_working_day_unless_remembered(app, client):
    client.get("/login")
    response = client.post("/login", {"username": "staf.disdik", "password": "kinerja-demo"})
    assert app.permanent_session_lifetime.total_seconds() == 10 * 3600
    assert "remember_token" not in response.headers.get("Set-Cookie", "")
    remembered = Client(app.test_client())
    remembered.get("/login")
    answer = remembered.post("/login", {"username": "staf.dinkes", "password": "kinerja-demo", "remember": "y"})
    assert any(h.startswith("remember_token=") for h in answer.headers.getlist("Set-Cookie"))


def test_a_session_signed_before_a_version_bump_cannot_be_forged_back(app, login):
    """The session id carries the version; an id without it is refused."""
    c = login("staf.disdik")
    user = db.session.scalar(select(User).where(User.username == "staf.disdik"))
    with c.http.session_transaction() as sess:
        sess["_user_id"] = str(user.id)  # the old form of the id
    assert c.get("/skp").status_code == 302


# --- redirects ----------------------------------------------------------------------------------

EVIL_NEXT = ["//evil.example", "/%09/evil.example", "/\t/evil.example", "/\\evil.example", "\\\\evil.example",
             "https://evil.example/", "/\n/evil.example", " //evil.example", "/%0a/evil.example", "javascript:x"]


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_login_redirects_only_to_a_local_path(client, target):
    client.get("/login")
    response = client.post("/login", {"username": "staf.disdik", "password": "kinerja-demo"},
                           query_string={"next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", EVIL_NEXT)
def test_language_redirects_only_to_a_local_path(client, target):
    client.get("/login")
    response = client.post("/language", {"locale": "en", "next": target})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_a_local_next_is_kept(client):
    client.get("/login")
    response = client.post("/login?next=/skp/antrian", {"username": "kabid.disdik", "password": "kinerja-demo"})
    assert response.headers["Location"] == "/skp/antrian"


def test_a_logged_in_user_opening_login_with_a_bad_next_stays_here(login):
    c = login("staf.disdik")
    response = c.get("/login", query_string={"next": "/\t/evil.example"})
    assert response.headers["Location"] == "/"


# --- bad input is a 4xx, never a 500 ------------------------------------------------------------

HUGE = str(2**64)


@pytest.mark.parametrize("who, url", [
    ("admin.disdik", "/admin/{agency}/employees?page=" + HUGE),
    ("admin.disdik", "/admin/{agency}/employees?page=-3"),
    ("admin.disdik", "/admin/{agency}/audit?page=" + HUGE),
    ("admin.disdik", "/kalibrasi/{agency}?periode=" + HUGE),
    ("admin.disdik", "/kalibrasi/{agency}?unit=" + HUGE),
    ("admin.disdik", "/kalibrasi/{agency}?tahun=" + HUGE),
    ("admin.disdik", "/tindak-lanjut/{agency}?periode=" + HUGE),
    ("admin.disdik", "/tindak-lanjut/{agency}?unit=" + HUGE),
    ("staf.dinkes", "/skp/" + HUGE),
    ("staf.dinkes", "/skp/" + HUGE + "/pemantauan"),
    ("admin.disdik", "/admin/" + HUGE),
    ("admin.disdik", "/admin/{agency}/employees/" + HUGE),
])
def test_huge_numbers_in_urls_are_not_a_server_error(login, who, url):
    agency = db.session.scalar(select(Agency.id).where(Agency.code == "disdik"))
    response = login(who).get(url.format(agency=agency))
    assert response.status_code in (200, 302, 400, 404), response.status_code


def test_huge_ids_in_forms_are_not_a_server_error(login):
    from tests.helpers import plan_of

    c = login("kabid.dinkes")
    plan = plan_of("staf.dinkes")
    c.get(f"/skp/{plan.id}/pemantauan")
    response = c.post(f"/skp/{plan.id}/umpan-balik", {"body": "Catatan", "result_id": HUGE, "realization_id": HUGE})
    assert response.status_code in (302, 400, 404, 422)


def test_a_newline_in_next_is_not_a_server_error(client):
    client.get("/login")
    assert client.post("/language", {"locale": "id", "next": "/skp\r\nSet-Cookie: x=1"}).status_code == 302
    response = client.post("/login", {"username": "staf.disdik", "password": "kinerja-demo"},
                           query_string={"next": "/skp\r\nX-Evil: 1"})
    assert response.status_code == 302 and response.headers["Location"] == "/"


# --- login throttle -----------------------------------------------------------------------------


def _apps(database_url, n=2, **extra):
    return [create_app({**base_config(database_url), "LOGIN_MAX_FAILURES_PER_ACCOUNT": 3, **extra})
            for _ in range(n)]


def _dispose(apps):
    for a in apps:
        with a.app_context():
            db.engine.dispose()


def _wrong(app, username, address="10.0.0.1"):
    c = Client(app.test_client())
    c.get("/login", environ_base={"REMOTE_ADDR": address})
    return c.post("/login", {"username": username, "password": "wrong"},
                  environ_base={"REMOTE_ADDR": address}).status_code


def test_failed_logins_are_counted_across_app_servers(app, database_url):
    """Two app instances (two workers or two servers) share the database counter."""
    first, second = apps = _apps(database_url)
    try:
        codes = [_wrong(first, "staf.disdik"), _wrong(second, "staf.disdik"), _wrong(first, "staf.disdik"),
                 _wrong(second, "staf.disdik")]
        right = Client(second.test_client())
        right.get("/login")
        blocked = right.post("/login", {"username": "staf.disdik", "password": "kinerja-demo"}).status_code
    finally:
        _dispose(apps)
    assert codes == [422, 422, 422, 429]
    assert blocked == 429  # even the right password waits until the window passes


def test_a_throttled_account_does_not_lock_out_colleagues_behind_the_same_address(app, database_url):
    (one,) = apps = _apps(database_url, 1)
    try:
        for _ in range(3):
            _wrong(one, "staf.disdik")
        colleague = Client(one.test_client())
        colleague.get("/login", environ_base={"REMOTE_ADDR": "10.0.0.1"})
        code = colleague.post("/login", {"username": "staf2.disdik", "password": "kinerja-demo"},
                              environ_base={"REMOTE_ADDR": "10.0.0.1"}).status_code
    finally:
        _dispose(apps)
    assert code == 302


def test_one_address_guessing_many_accounts_is_throttled(app, database_url):
    (one,) = apps = _apps(database_url, 1, LOGIN_MAX_FAILURES_PER_ADDRESS=4)
    try:
        codes = [_wrong(one, f"guess{i}", "10.9.9.9") for i in range(5)]
        elsewhere = _wrong(one, "guess-other", "10.1.1.1")
    finally:
        _dispose(apps)
    assert codes[:4] == [422] * 4 and codes[4] == 429
    assert elsewhere == 422


def test_old_failures_expire(app, database_url):
    (one,) = apps = _apps(database_url, 1)
    try:
        for _ in range(3):
            _wrong(one, "staf.disdik")
        one.config["TODAY"] = date(2026, 11, 24)  # a day later: the window has passed
        right = Client(one.test_client())
        right.login("staf.disdik")
    finally:
        _dispose(apps)
    assert db.session.scalar(select(func.count(LoginFailure.id)).where(LoginFailure.key == "user:staf.disdik")) == 0


def test_an_unknown_username_costs_as_much_as_a_known_one(client):
    client.get("/login")

    def timed(name):
        start = time.perf_counter()
        client.post("/login", {"username": name, "password": "wrong"})
        return time.perf_counter() - start

    timed("staf.disdik")  # warm up
    known = min(timed("staf.disdik") for _ in range(3))
    unknown = min(timed("nobody.at.all") for _ in range(3))
    assert unknown > known * 0.5, (known, unknown)


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="Redis does not answer on 127.0.0.1:6379")
def test_the_login_rate_limit_is_shared_through_redis(app, database_url):
    import uuid

    prefix = f"kinerja-test-{uuid.uuid4().hex}"
    extra = {"RATELIMIT_ENABLED": True, "LOGIN_RATE_LIMIT": "3 per minute",
             "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379", "RATELIMIT_KEY_PREFIX": prefix,
             "LOGIN_MAX_FAILURES_PER_ACCOUNT": 100}
    first, second = apps = _apps(database_url, **extra)
    try:
        codes = [_wrong(a, f"user{i}", "10.7.7.7") for i, a in enumerate((first, second, first, second))]
    finally:
        _dispose(apps)
    assert codes == [422, 422, 422, 429]


# --- escaping -----------------------------------------------------------------------------------


def test_a_deactivated_agency_gives_one_message_at_login(client):
    agency = db.session.scalar(select(Agency).where(Agency.code == "dispar"))
    agency.active = False
    db.session.commit()
    client.get("/login")
    page = client.post("/login", {"username": "staf.dispar", "password": "kinerja-demo"}).get_data(as_text=True)
    assert "dinonaktifkan" in page
    assert "Nama pengguna atau kata sandi salah" not in page


# --- admin edits do not deactivate by omission --------------------------------------------------


def test_an_empty_post_to_the_employee_form_deactivates_nothing(login):
    admin = login("admin.disdik")
    emp = employee("staf.disdik")
    admin.get(f"/admin/{emp.agency_id}/employees/{emp.id}")
    admin.post(f"/admin/{emp.agency_id}/employees/{emp.id}", {})
    db.session.expire_all()
    assert db.session.get(Employee, emp.id).active is True
    account = db.session.scalar(select(User).where(User.employee_id == emp.id))
    assert account.active is True


def test_deactivation_is_its_own_action_with_a_confirmation(login):
    admin = login("admin.disdik")
    emp = employee("staf.disdik")
    page = admin.get(f"/admin/{emp.agency_id}/employees/{emp.id}").get_data(as_text=True)
    assert f'/admin/{emp.agency_id}/employees/{emp.id}/status' in page and "data-confirm" in page
    assert admin.post(f"/admin/{emp.agency_id}/employees/{emp.id}/status", {}).status_code == 400
    assert db.session.get(Employee, emp.id).active is True


def test_an_agency_toggle_needs_an_explicit_state(login):
    bkd = login("admin")
    agency = db.session.scalar(select(Agency).where(Agency.code == "dispar"))
    bkd.get("/admin/")
    assert bkd.post(f"/admin/{agency.id}/aktif", {}).status_code == 400
    assert db.session.get(Agency, agency.id).active is True


# --- behind a TLS proxy -------------------------------------------------------------------------


def test_behind_one_trusted_proxy_cookies_are_secure_and_hsts_is_sent(app, database_url):
    import re

    proxied = create_app({**base_config(database_url), "PROXY_HOPS": 1})
    try:
        http = proxied.test_client()
        headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Host": "kinerja.test",
                   "Referer": "https://kinerja.test/login"}
        page = http.get("/login", headers=headers, base_url="https://kinerja.test")
        assert "max-age=" in page.headers["Strict-Transport-Security"]
        value = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
        response = http.post("/login", data={"username": "staf.disdik", "password": "kinerja-demo",
                                             "csrf_token": value}, headers=headers, base_url="https://kinerja.test")
        assert response.status_code == 302
        session_cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")][0]
        assert "Secure" in session_cookie and "HttpOnly" in session_cookie
        assert response.headers["Location"] in ("/", "https://kinerja.test/")
    finally:
        with proxied.app_context():
            db.engine.dispose()


def test_without_a_proxy_setting_forwarded_headers_are_ignored(client):
    page = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in page.headers


def test_the_csp_forbids_base_and_object(client):
    csp = client.get("/login").headers["Content-Security-Policy"]
    assert "base-uri 'none'" in csp and "object-src 'none'" in csp
