"""The public satisfaction survey (IKM, issue 10): the public page and its defences, the staff's
results, the admin's survey, and an indicator fed from the index."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kinerja_web import create_app
from kinerja_web.extensions import db
from kinerja_web.models import AuditEntry, Realization, ReviewPeriod, Survey, SurveyResponse, Unit
from kinerja_web.models.survey import ANSWERS
from kinerja_web.queries import ikm as q
from kinerja_web.rules import ikm
from tests.conftest import TODAY, base_config
from tests.helpers import Client, employee, plan_of

HEAD = "staf10.dinkes"  # heads the demo's Puskesmas; their SKP carries the indicator the survey feeds
GOOD = {f"u{n}": "3" for n in range(1, 10)}


def survey() -> Survey:
    return db.session.scalar(select(Survey).join(Survey.agency).where(Survey.title.like("%Puskesmas%")))


def answers_of(s: Survey) -> int:
    return db.session.scalar(select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == s.id))


def visitor(client, s, address="10.1.2.3") -> Client:
    """A phone opening the public page (which gives it the session, the CSRF token and the device cookie)."""
    response = client.get(f"/survei/{s.token}", environ_base={"REMOTE_ADDR": address})
    assert response.status_code == 200
    return client


def send(client, s, data=None, address="10.1.2.3", **kw):
    return client.post(f"/survei/{s.token}", {**GOOD, **(data or {})}, environ_base={"REMOTE_ADDR": address}, **kw)


# -- the public page --------------------------------------------------------------------------------------

def test_the_public_page_opens_without_login_in_indonesian_with_the_regulations_questions(client):
    s = survey()
    response = client.get(f"/survei/{s.token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "kesesuaian persyaratan pelayanan dengan jenis pelayanannya" in page
    assert "Sangat sopan dan ramah" in page and "Dikelola dengan baik" in page and "Gratis" in page
    assert page.count('type="radio"') == 36
    assert "ikm_perangkat=" in response.headers["Set-Cookie"]
    assert "/login" not in response.headers.get("Location", "")


def test_english_is_selectable(client):
    s = survey()
    client.get(f"/survei/{s.token}")
    client.post("/language", {"locale": "en", "next": f"/survei/{s.token}"})
    page = client.get(f"/survei/{s.token}").get_data(as_text=True)
    assert "How well do the service requirements fit the kind of service?" in page


def test_an_answer_is_stored_anonymously_and_thanked(client):
    s = survey()
    before, audited = answers_of(s), db.session.scalar(select(func.count(AuditEntry.id)))
    visitor(client, s)
    response = send(client, s, {"u1": "4", "u8": "1", "sex": "P", "education": "S1", "age_group": "30-39",
                                "occupation": "PNS", "comment": "  Antrean lama.  "})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/survei/{s.token}/terima-kasih")
    assert "Terima kasih" in client.get(response.headers["Location"]).get_data(as_text=True)
    row = db.session.scalar(select(SurveyResponse).order_by(SurveyResponse.id.desc()))
    assert answers_of(s) == before + 1
    assert row.answers == (4, 3, 3, 3, 3, 3, 3, 1, 3)
    assert (row.sex, row.education, row.age_group, row.occupation, row.comment) == ("P", "S1", "30-39", "PNS",
                                                                                     "Antrean lama.")
    assert len(row.device_key) == 64 and "10.1.2.3" not in row.device_key
    assert db.session.scalar(select(func.count(AuditEntry.id))) == audited  # anonymous answers: no audit row


def test_a_missing_or_impossible_answer_is_refused_with_the_question_marked(client):
    s = survey()
    before = answers_of(s)
    visitor(client, s)
    missing = send(client, s, {"u3": ""})
    assert missing.status_code == 422
    assert 'id="u3" aria-invalid="true"' in missing.get_data(as_text=True)
    assert "Pilih salah satu dari empat jawaban" in missing.get_data(as_text=True)
    for bad in ({"u1": "5"}, {"u2": "0"}, {"u4": "abc"}, {"sex": "X"}, {"education": "<b>"}):
        assert send(client, s, bad).status_code == 422, bad
    assert answers_of(s) == before


def test_a_device_answers_a_bounded_number_of_times_a_day(app, client):
    s = survey()
    limit = app.config["IKM_MAX_PER_DEVICE_PER_DAY"]
    visitor(client, s)
    codes = [send(client, s).status_code for _ in range(limit)]
    refused = send(client, s)
    assert codes == [302] * limit and refused.status_code == 429
    assert f"sudah menjawab survei ini {limit} kali hari ini" in refused.get_data(as_text=True)
    other_phone = visitor(Client(app.test_client()), s)  # another device at the same address
    assert send(other_phone, s).status_code == 302
    app.config["TODAY"] = TODAY + timedelta(days=1)
    assert send(client, s).status_code == 302  # tomorrow


def test_a_client_without_a_valid_device_cookie_shares_the_addresss_bound(app, client):
    s = survey()
    visitor(client, s, "10.9.9.9")
    limit = app.config["IKM_MAX_PER_DEVICE_PER_DAY"]
    codes = []
    for n in range(limit + 1):
        client.http.set_cookie("ikm_perangkat", f"forged-{n}", domain="localhost")
        codes.append(send(client, s, address="10.9.9.9").status_code)
    assert codes == [302] * limit + [429]


def test_a_closed_survey_refuses_answers(client, login):
    s = survey()
    before = answers_of(s)
    visitor(client, s)
    admin = login("admin.dinkes")
    admin.get(f"/admin/{s.agency_id}/ikm")
    assert admin.post(f"/admin/{s.agency_id}/ikm/{s.id}/tutup").status_code == 302
    assert 'data-testid="survey-closed"' in client.get(f"/survei/{s.token}").get_data(as_text=True)
    refused = send(client, s)
    assert refused.status_code == 409 and "sudah ditutup" in refused.get_data(as_text=True)
    assert answers_of(s) == before
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "survey.close"


def test_an_answer_without_the_csrf_token_is_refused(client):
    s = survey()
    before = answers_of(s)
    visitor(client, s)
    assert send(client, s, csrf=False).status_code == 400
    assert answers_of(s) == before


def test_lengths_are_bounded(app, client):
    s = survey()
    before = answers_of(s)
    visitor(client, s)
    long = send(client, s, {"comment": "x" * 1001})
    assert long.status_code == 422 and "Maksimal 1000 karakter" in long.get_data(as_text=True)
    huge = send(client, s, {"comment": "x" * (app.config["IKM_MAX_BODY"] + 10)})
    assert huge.status_code == 413
    assert send(client, s, {"comment": "x" * 1000}).status_code == 302
    assert answers_of(s) == before + 1
    assert client.get("/survei/" + "a" * 300).status_code == 404


def test_the_per_address_rate_limit_refuses_a_flood(app, database_url):
    app = create_app({**base_config(database_url), "RATELIMIT_ENABLED": True, "IKM_RATE_LIMIT": "3 per minute",
                      "IKM_MAX_PER_DEVICE_PER_DAY": 100})
    try:
        with app.app_context():
            s = survey()
            token = s.token
        phone = Client(app.test_client())
        phone.get(f"/survei/{token}", environ_base={"REMOTE_ADDR": "10.5.5.5"})
        codes = [phone.post(f"/survei/{token}", GOOD, environ_base={"REMOTE_ADDR": "10.5.5.5"}).status_code
                 for _ in range(4)]
        refused = phone.post(f"/survei/{token}", GOOD, environ_base={"REMOTE_ADDR": "10.5.5.5"})
        elsewhere = Client(app.test_client())
        elsewhere.get(f"/survei/{token}", environ_base={"REMOTE_ADDR": "10.6.6.6"})
        other = elsewhere.post(f"/survei/{token}", GOOD, environ_base={"REMOTE_ADDR": "10.6.6.6"}).status_code
    finally:
        with app.app_context():
            db.engine.dispose()
    assert codes == [302, 302, 302, 429]
    assert 'data-testid="survey-refused"' in refused.get_data(as_text=True)
    assert other == 302


def test_the_short_link_reads_a_printed_code(client):
    s = survey()
    typed = f"{s.code[:4].lower()}-{s.code[4:]}"
    response = client.get(f"/s/{typed}")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/survei/{s.token}")
    assert client.get("/s/NOPE0000").status_code == 404


def test_a_script_in_a_comment_is_shown_as_text(client, login):
    s = survey()
    visitor(client, s)
    assert send(client, s, {"comment": '<script>alert("x")</script><b onmouseover=alert(1)>'}).status_code == 302
    page = login("admin.dinkes").get(f"/ikm/{s.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in page
    assert "<script>alert" not in page and "<b onmouseover" not in page


# -- the results ------------------------------------------------------------------------------------------

def _q4() -> ReviewPeriod:
    s = survey()
    return db.session.scalar(select(ReviewPeriod).join(ReviewPeriod.period).where(
        ReviewPeriod.seq == 4, ReviewPeriod.period.has(agency_id=s.agency_id)))


def test_sql_sums_give_what_the_raw_answers_give(client):
    s = survey()
    visitor(client, s)
    send(client, s, {"u2": "1", "u9": "4"})
    q4 = _q4()
    rows = db.session.scalars(select(SurveyResponse).where(SurveyResponse.survey_id == s.id)).all()
    in_q4 = [r.answers for r in rows if q.start_of_day_utc(q4.starts_on) <= r.created_at
             < q.start_of_day_utc(q4.ends_on + timedelta(days=1))]
    per_period, _ = q.results(s.id, [q4])
    assert per_period[0].result == ikm.compute(in_q4)
    assert q.unit_index(s.unit_id, q4)[1].result == ikm.compute(in_q4)
    assert per_period[0].result.respondents == 31


def test_the_results_page_shows_each_period_with_index_grade_and_lowest_elements(login):
    s = survey()
    page = login("admin.dinkes").get(f"/ikm/{s.id}").get_data(as_text=True)
    per_period, year = q.results(s.id, q.years_of([s.agency_id])[s.agency_id].reviews)
    q4 = per_period[3].result
    row = page.split('data-testid="period-4"', 1)[1].split("</tr>", 1)[0]
    assert str(q4.shown).replace(".", ",") in row and f">{q4.grade.code}<" in row and q4.grade.label in row
    assert q4.lowest[0].name in row
    assert "sampel kecil" in page.split('data-testid="period-1"', 1)[1].split("</tr>", 1)[0]
    assert year.respondents == 40
    assert s.code[:4] + "-" + s.code[4:] in page and f"/s/{s.code}" in page and f"/survei/{s.token}" in page
    assert 'data-testid="comments"' in page


def test_comments_are_paginated(login):
    s = survey()
    for n in range(25):
        db.session.add(SurveyResponse(survey_id=s.id, device_key=f"k{n}", comment=f"Komentar nomor {n}",
                                      created_at=q.start_of_day_utc(TODAY), **dict.fromkeys(ANSWERS, 3)))
    db.session.commit()
    admin = login("admin.dinkes")
    first = admin.get(f"/ikm/{s.id}").get_data(as_text=True)
    assert "Komentar nomor 24" in first and "Komentar nomor 0<" not in first and "halaman=2" in first
    second = admin.get(f"/ikm/{s.id}?halaman=2").get_data(as_text=True)
    assert "Komentar nomor 0<" in second


# Who reads a unit's results: its head (staf10 heads the Puskesmas), the head of the unit above it (kabid),
# the head of the agency, the agency's admin and the province admin; nobody else, whatever the id.
READERS = {"staf10.dinkes": 200, "kabid.dinkes": 200, "kadis.dinkes": 200, "admin.dinkes": 200, "admin": 200,
           "staf.dinkes": 404, "staf5.dinkes": 404, "kabid.disdik": 404, "admin.disdik": 404}


@pytest.mark.parametrize("who", READERS)
def test_results_are_read_by_the_unit_head_and_the_agency_admin_only(login, who):
    s = survey()
    client = login(who)
    assert client.get(f"/ikm/{s.id}").status_code == READERS[who]
    listing = client.get("/ikm")
    assert listing.status_code == 200
    assert (f'data-testid="survey-{s.id}"' in listing.get_data(as_text=True)) == (READERS[who] == 200)


def test_the_head_of_a_unit_is_who_the_org_chart_says(app):
    from kinerja_web.access import is_unit_head

    assert is_unit_head(employee("staf10.dinkes"))  # the Puskesmas; supervisor in the unit above
    assert is_unit_head(employee("kabid.dinkes")) and is_unit_head(employee("kadis.dinkes"))
    assert not is_unit_head(employee("staf.dinkes"))  # supervisor in the same unit
    assert q.heads_of([survey().unit_id]) == {survey().unit_id: [employee("staf10.dinkes").name]}


# -- the admin ----------------------------------------------------------------------------------------------

def test_the_admin_creates_one_survey_per_unit_and_it_is_audited(login):
    s = survey()
    admin = login("admin.dinkes")
    page = admin.get(f"/admin/{s.agency_id}/ikm").get_data(as_text=True)
    assert s.title in page
    unit = db.session.scalar(select(Unit).where(Unit.agency_id == s.agency_id, Unit.parent_id.is_(None)))
    created = admin.post(f"/admin/{s.agency_id}/ikm", {"unit_id": str(unit.id), "title": "Survei Sekretariat"})
    assert created.status_code == 302
    new = db.session.scalar(select(Survey).where(Survey.unit_id == unit.id))
    assert new.is_open and len(new.token) >= 20 and len(new.code) == 8
    assert db.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == "survey.create"
    again = admin.post(f"/admin/{s.agency_id}/ikm", {"unit_id": str(s.unit_id), "title": "Lagi"})
    assert again.status_code == 422
    assert db.session.scalar(select(func.count(Survey.id)).where(Survey.unit_id == s.unit_id)) == 1


def test_another_agencys_admin_cannot_touch_the_survey_through_their_own_url(login):
    s = survey()
    disdik = db.session.scalar(select(Unit.agency_id).where(Unit.agency_id != s.agency_id))
    admin = login("admin.disdik")
    admin.get("/admin/")
    assert admin.post(f"/admin/{disdik}/ikm/{s.id}/tutup").status_code == 404
    assert admin.post(f"/admin/{s.agency_id}/ikm/{s.id}/tutup").status_code == 404
    assert survey().is_open


# -- an indicator fed from the index ------------------------------------------------------------------------

def _fed():
    plan = plan_of(HEAD)
    ind = plan.results[0].indicators[0]
    review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                          ReviewPeriod.seq == 4))
    return plan, ind, review


def test_the_realisation_form_offers_the_units_index_and_saves_it_with_provenance(login):
    plan, ind, review = _fed()
    url = f"/skp/{plan.id}/iki/{ind.id}/realisasi/{review.id}"
    head = login(HEAD)
    page = head.get(url).get_data(as_text=True)
    feed = q.unit_index(plan.employee.unit_id, review)[1]
    shown = str(feed.result.shown).replace(".", ",")
    assert 'data-testid="ikm-feed"' in page and shown in page and "30 responden" in page
    saved = head.post(url + "/ikm", {"version": "0"})
    assert saved.status_code == 302
    real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                       Realization.review_id == review.id))
    assert real.value == feed.result.shown
    assert real.provenance == {"kind": "ikm", "survey_id": survey().id, "respondents": 30,
                               "index": str(feed.result.shown), "rule": "ikm_permenpanrb_14_2017", "version": 1}
    assert "diambil dari survei" in head.get(url).get_data(as_text=True)
    monitor = head.get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    assert f'data-testid="from-ikm-{ind.id}-4"' in monitor
    again = head.post(url + "/ikm", {"version": "0"})  # a stale version: refused, nothing overwritten
    assert again.status_code == 302 and real.version == 1


def test_only_the_owner_uses_the_index_and_only_for_a_fed_indicator(login):
    plan, ind, review = _fed()
    url = f"/skp/{plan.id}/iki/{ind.id}/realisasi/{review.id}/ikm"
    assert login("kabid.dinkes").post(url, {"version": "0"}).status_code == 403
    assert login("staf.disdik").post(url, {"version": "0"}).status_code == 404
    other = plan_of("staf.dinkes")
    other_ind = other.results[0].indicators[0]
    own = login("staf.dinkes")
    assert 'data-testid="ikm-feed"' not in own.get(
        f"/skp/{other.id}/iki/{other_ind.id}/realisasi/{review.id}").get_data(as_text=True)
    own.post(f"/skp/{other.id}/iki/{other_ind.id}/realisasi/{review.id}/ikm", {"version": "0"})
    assert db.session.scalar(select(Realization).where(Realization.indicator_id == other_ind.id,
                                                       Realization.review_id == review.id)) is None


def test_a_unit_without_a_survey_says_so_on_the_form(login):
    plan, ind, review = _fed()
    s = survey()
    db.session.execute(SurveyResponse.__table__.delete().where(SurveyResponse.survey_id == s.id))
    db.session.delete(s)
    db.session.commit()
    page = login(HEAD).get(f"/skp/{plan.id}/iki/{ind.id}/realisasi/{review.id}").get_data(as_text=True)
    assert "belum memiliki survei" in page and 'data-testid="use-ikm"' not in page


def test_the_demo_survey_is_placed_relative_to_the_day_it_is_loaded(app):
    s = survey()
    stamps = db.session.scalars(select(SurveyResponse.created_at).where(SurveyResponse.survey_id == s.id)).all()
    assert len(stamps) == 40
    assert max(stamps) < q.start_of_day_utc(TODAY) and min(stamps).year == TODAY.year
    assert re.fullmatch(r"[A-Z2-9]{8}", s.code)
