"""Admission to the public survey (issue 10): a flood of survey requests cannot take the staff's capacity.
Each worker lets ``IKM_MAX_CONCURRENT`` survey requests in at once; one more is refused at once, and a
refusal (this 503, or the rate limit's 429) reads neither the database, nor the form, nor the session."""
from __future__ import annotations

import threading
from contextlib import contextmanager

import pytest

from kinerja_web import create_app
from kinerja_web.extensions import db
from kinerja_web.queries import ikm as q
from kinerja_web.survey.admission import SLOTS
from tests.conftest import base_config
from tests.helpers import Client, count_queries
from tests.web.test_ikm import GOOD, HEAD, answers_of, survey

BUSY_ID = "Banyak yang sedang mengisi survei; coba lagi sebentar lagi."
BUSY_EN = "Many people are filling in the survey; try again in a moment."
NOT_SENT_ID = "Jawaban Anda belum terkirim"


@contextmanager
def taken(app, slots=1):
    """Other requests of this worker hold ``slots`` of its survey slots while the block runs."""
    semaphore = app.extensions[SLOTS]
    holding, done = threading.Barrier(slots + 1), threading.Event()

    def hold():
        if semaphore.acquire(timeout=5):
            try:
                holding.wait(5)
                done.wait(5)
            finally:
                semaphore.release()

    threads = [threading.Thread(target=hold) for _ in range(slots)]
    for thread in threads:
        thread.start()
    holding.wait(5)
    try:
        yield
    finally:
        done.set()
        for thread in threads:
            thread.join()


def _requests(s):
    return {"the form": ("GET", f"/survei/{s.token}"), "an answer": ("POST", f"/survei/{s.token}"),
            "the short link": ("GET", f"/s/{s.code}"), "the thanks page": ("GET", f"/survei/{s.token}/terima-kasih")}


@pytest.mark.parametrize("what", ["the form", "an answer", "the short link", "the thanks page"])
def test_a_survey_request_beyond_the_workers_slots_is_refused_at_once_without_the_database(app, client, what):
    s = survey()
    before = answers_of(s)
    client.get(f"/survei/{s.token}")  # the phone has its session and token from an earlier visit
    method, url = _requests(s)[what]
    with taken(app), count_queries() as statements:
        response = client.post(url, GOOD) if method == "POST" else client.get(url)
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"] == "2"
    assert BUSY_ID in page and BUSY_EN in page and 'data-testid="survey-refused"' in page
    assert (NOT_SENT_ID in page) == (method == "POST")
    assert statements == []
    assert "Set-Cookie" not in response.headers  # neither the session nor the device cookie was written
    assert answers_of(s) == before


def test_the_busy_page_is_the_same_whatever_language_the_visitor_chose(app, client):
    s = survey()
    client.get(f"/survei/{s.token}")
    client.post("/language", {"locale": "en", "next": f"/survei/{s.token}"})
    with taken(app):
        page = client.get(f"/survei/{s.token}").get_data(as_text=True)
    assert BUSY_ID in page and BUSY_EN in page


def test_a_request_enters_while_a_slot_is_free(app, database_url):
    two = create_app({**base_config(database_url), "IKM_MAX_CONCURRENT": 2})
    try:
        with two.app_context():
            token = survey().token
        with taken(two, slots=1):
            assert Client(two.test_client()).get(f"/survei/{token}").status_code == 200
        with taken(two, slots=2):
            assert Client(two.test_client()).get(f"/survei/{token}").status_code == 503
    finally:
        with two.app_context():
            db.engine.dispose()


@pytest.mark.parametrize("page", ["/beranda", "/skp", "/ikm", "/ikm/{id}"])
def test_staff_pages_are_served_while_every_survey_slot_is_taken(app, login, page):
    s = survey()
    head = login(HEAD)  # heads the Puskesmas: reads its survey's results
    with taken(app):
        response = head.get(page.format(id=s.id))
    assert response.status_code == 200


@pytest.mark.parametrize("propagate", [True, False], ids=["raised to the server", "answered 500"])
def test_the_slot_is_given_back_after_an_exception_in_the_view(app, client, monkeypatch, propagate):
    s = survey()
    app.config["PROPAGATE_EXCEPTIONS"] = propagate

    def broken(token):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(q, "by_token", broken)
    if propagate:
        with pytest.raises(RuntimeError):
            client.get(f"/survei/{s.token}")
    else:
        assert client.get(f"/survei/{s.token}").status_code == 500
    monkeypatch.undo()
    assert client.get(f"/survei/{s.token}").status_code == 200  # the one slot is free again


def test_a_post_over_the_rate_limit_is_refused_before_its_form_or_the_database_is_read(app, database_url):
    limited = create_app({**base_config(database_url), "RATELIMIT_ENABLED": True, "IKM_RATE_LIMIT": "2 per minute"})
    try:
        with limited.app_context():
            s = survey()
            token, before = s.token, answers_of(s)
        phone = Client(limited.test_client())
        address = {"REMOTE_ADDR": "10.7.7.7"}
        phone.get(f"/survei/{token}", environ_base=address)
        assert phone.post(f"/survei/{token}", GOOD, environ_base=address).status_code == 302
        assert phone.post(f"/survei/{token}", GOOD, environ_base=address, csrf=False).status_code == 400
        with limited.app_context(), count_queries() as statements:
            refused = phone.post(f"/survei/{token}", GOOD, environ_base=address)
        # Over the limit, neither the CSRF token nor the size of the body is looked at.
        unsigned = phone.post(f"/survei/{token}", GOOD, environ_base=address, csrf=False)
        huge = phone.post(f"/survei/{token}", {**GOOD, "comment": "x" * 100_000}, environ_base=address)
        with limited.app_context():
            after = answers_of(survey())
    finally:
        with limited.app_context():
            db.engine.dispose()
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "Terlalu banyak jawaban dikirim dari koneksi ini" in page and NOT_SENT_ID in page
    assert statements == []
    assert "Set-Cookie" not in refused.headers
    assert (unsigned.status_code, huge.status_code) == (429, 429)
    assert after == before + 1
