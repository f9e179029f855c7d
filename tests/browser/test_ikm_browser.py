"""The public satisfaction survey in a phone's browser (390 px): a citizen answers without logging in, a
device that keeps sending answers is refused, and the head of the Puskesmas takes the unit's index as the
realisation of the indicator it feeds."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kinerja_web.extensions import db
from kinerja_web.models import Realization, ReviewPeriod, Survey, SurveyResponse
from kinerja_web.queries import ikm as q
from tests.browser.test_planning_browser import log_in
from tests.helpers import plan_of

pytestmark = pytest.mark.browser
PHONE = (390, 844)


def _survey() -> Survey:
    return db.session.scalar(select(Survey).join(Survey.agency).where(Survey.title.like("%Puskesmas%")))


def _answers(survey) -> int:
    return db.session.scalar(select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey.id))


def _answer_all(page, choice: int) -> None:
    for n in range(1, 10):
        page.locator(f"[data-testid=question-{n}] label").nth(choice - 1).click()


def test_a_citizen_answers_on_a_phone_and_a_device_that_keeps_sending_is_refused(app, live_server, page_factory,
                                                                                   shot):
    survey = _survey()
    before = _answers(survey)
    page = page_factory(*PHONE)
    page.goto(f"{live_server}/s/{survey.code[:4].lower()}-{survey.code[4:]}")  # the printed short link
    page.wait_for_selector("[data-testid=survey-form]")
    assert "kesesuaian persyaratan pelayanan" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]  # nothing wider than the phone
    shot(page, "61-ikm-survey-phone-390")

    page.click("[data-testid=send-survey]")  # nothing chosen: every question says so
    page.wait_for_selector("fieldset[aria-invalid=true]")
    assert page.locator("fieldset.likert[aria-invalid=true]").count() == 9
    shot(page, "62-ikm-survey-refused-empty-390")

    _answer_all(page, 3)
    page.locator("[data-testid=question-3] label").nth(1).click()  # waiting time: less fast
    page.click("details summary")
    page.select_option("#sex", "P")
    page.select_option("#education", "S1")
    page.fill("#comment", "<script>alert('x')</script> Antrean di loket pendaftaran masih lama.")
    page.click("[data-testid=send-survey]")
    page.wait_for_selector("[data-testid=survey-thanks]")
    shot(page, "63-ikm-survey-thanks-390")
    row = db.session.scalar(select(SurveyResponse).order_by(SurveyResponse.id.desc()))
    assert row.answers == (3, 3, 2, 3, 3, 3, 3, 3, 3) and row.sex == "P" and row.comment.startswith("<script>")

    limit = app.config["IKM_MAX_PER_DEVICE_PER_DAY"]
    for _ in range(limit - 1):  # the same phone again, up to the day's bound
        page.goto(f"{live_server}/survei/{survey.token}")
        _answer_all(page, 4)
        page.click("[data-testid=send-survey]")
        page.wait_for_selector("[data-testid=survey-thanks]")
    page.goto(f"{live_server}/survei/{survey.token}")
    _answer_all(page, 4)
    page.click("[data-testid=send-survey]")
    page.wait_for_selector("[data-testid=flash-error]")
    assert "sudah menjawab survei ini" in page.inner_text("[data-testid=flash-error]")
    shot(page, "64-ikm-survey-device-bound-390")
    assert _answers(survey) == before + limit

    admin = page_factory(*PHONE)
    log_in(admin, live_server, "admin.dinkes")
    admin.goto(f"{live_server}/ikm/{survey.id}")
    comments = admin.inner_text("[data-testid=comments]")
    assert "<script>alert('x')</script> Antrean" in comments  # shown as text, never run
    assert admin.locator("[data-testid=comments] script").count() == 0
    assert "Penanganan Pengaduan" in admin.inner_text("[data-testid=period-4]") or \
        "Waktu Penyelesaian" in admin.inner_text("[data-testid=period-4]")
    shot(admin, "65-ikm-results-admin-390")


def test_the_head_of_the_puskesmas_takes_the_index_as_the_realisation(live_server, page_factory, shot):
    plan = plan_of("staf10.dinkes")
    ind = plan.results[0].indicators[0]
    q4 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                      ReviewPeriod.seq == 4))
    _, feed = q.unit_index(plan.employee.unit_id, q4)
    shown = str(feed.result.shown).replace(".", ",")
    page = page_factory(*PHONE)
    log_in(page, live_server, "staf10.dinkes")
    page.goto(f"{live_server}/skp/{plan.id}/iki/{ind.id}/realisasi/{q4.id}")
    box = page.locator("[data-testid=ikm-feed]")
    assert shown in box.inner_text() and "30 responden" in box.inner_text()
    shot(page, "66-ikm-feed-realisation-390")
    box.locator("[data-testid=use-ikm]").click()
    page.wait_for_selector(f"[data-testid=from-ikm-{ind.id}-4]")
    assert "survei kepuasan masyarakat" in page.inner_text(f"[data-testid=from-ikm-{ind.id}-4]")
    shot(page, "67-ikm-feed-monitoring-390")
    real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                       Realization.review_id == q4.id))
    assert real.value == feed.result.shown and real.provenance["kind"] == "ikm"
    page.goto(f"{live_server}/skp/{plan.id}/iki/{ind.id}/realisasi/{q4.id}")
    assert "diambil dari survei" in page.inner_text("[data-testid=ikm-provenance]")
