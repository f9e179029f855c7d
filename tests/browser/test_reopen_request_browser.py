"""No dead ends (issue 9): a late person asks from the home page to reopen a closed period, the agency
admin approves, and the person enters the realisation; a supervisor is warned before finalising a
period that has no realisation."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import PlanIndicator, Realization, ReopenRequest
from tests.browser.test_planning_browser import log_in, log_out
from tests.conftest import TODAY
from tests.helpers import employee, fill_realisation, plan_of
from tests.web.test_reopen_requests import LATE, _missing
from tests.web.test_team_rating import make_ready
from tests.web.test_team_rating import q3 as q3_of

pytestmark = pytest.mark.browser


def test_a_request_to_reopen_goes_from_the_home_page_to_the_admins_decision(live_server, page_factory, shot):
    plan, q3, indicator = _missing(LATE, 3)
    page = page_factory(1280, 900)
    log_in(page, live_server, LATE)
    item = page.locator("[data-testid=missing-values-3]")
    assert "Triwulan III" in item.inner_text() and "ditutup" in item.inner_text()
    shot(page, "41-home-closed-period-1280")
    phone = page_factory(390, 844)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(f"{live_server}/beranda")
    shot(phone, "41-home-closed-period-390")

    item.locator("[data-testid=ask-reopen-3]").click()
    page.wait_for_selector("[data-testid=reopen-form]")
    shot(page, "42-reopen-request-form-1280")
    phone.goto(page.url)
    shot(phone, "42-reopen-request-form-390")
    page.click("[data-testid=send-reopen]")  # no reason: refused, the form stays
    page.wait_for_selector("#reason-error")
    page.fill("#reason", "Bukti dukung baru ditandatangani kepala dinas setelah batas waktu.")
    page.click("[data-testid=send-reopen]")
    page.wait_for_selector("text=Permintaan Anda telah dikirim")
    assert "menunggu keputusan admin" in page.locator("[data-testid=missing-values-3]").inner_text()
    log_out(page)

    log_in(page, live_server, "admin.dinkes")
    page.locator("[data-testid=reopen-requests] a").click()
    request = db.session.scalar(select(ReopenRequest).where(ReopenRequest.employee_id == plan.employee_id))
    card = page.locator(f"[data-testid=request-{request.id}]")
    assert "Bukti dukung baru ditandatangani" in card.inner_text()
    assert card.locator(f"#a{request.id}-until").input_value() == (TODAY + timedelta(days=7)).isoformat()
    shot(page, "43-admin-reopen-requests-1280")
    phone_admin = page_factory(390, 844)
    phone_admin.context.add_cookies(page.context.cookies())
    phone_admin.goto(page.url)
    shot(phone_admin, "43-admin-reopen-requests-390")
    card.locator(f"[data-testid=approve-{request.id}]").click()
    page.wait_for_selector("text=dibuka kembali untuk")
    assert page.locator("[data-testid=decided]").inner_text().count("disetujui") >= 1
    log_out(page)

    log_in(page, live_server, LATE)
    item = page.locator("[data-testid=missing-values-3]")
    assert "dibuka kembali untuk Anda sampai" in item.inner_text()
    shot(page, "44-home-reopened")
    item.locator("[data-testid=fix-values-3]").click()
    page.wait_for_selector("[data-testid=realization-form]")
    fill_realisation(page, plan, db.session.get(PlanIndicator, indicator), "75")  # SPM: served of sasaran
    page.fill("#note", "Diisi setelah periode dibuka kembali.")
    if page.locator("#link").count():
        page.fill("#link", "https://example.org/bukti-triwulan-3")
    page.click("[data-testid=realization-form] button[type=submit]")
    page.wait_for_selector("text=Realisasi disimpan")
    db.session.expire_all()
    assert db.session.scalar(select(Realization.value).where(Realization.indicator_id == indicator,
                                                             Realization.review_id == q3.id)) == 75


def test_finalising_a_period_without_its_realisation_warns_and_asks(app, live_server, page_factory, shot):
    plan = plan_of("staf3.dinkes")
    make_ready(plan)  # Q3 complete and self-assessed; then one realisation goes missing
    ind = next(i for r in plan.results for i in r.indicators if i.target_kind != "qualitative")
    review = q3_of(plan)
    db.session.delete(db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                                  Realization.review_id == review.id)))
    db.session.commit()
    page = page_factory(1280, 900)
    log_in(page, live_server, "kabid.dinkes")
    page.goto(f"{live_server}/skp/{plan.id}/penilaian/{review.id}")
    page.click("[data-testid=save-rating]")
    page.wait_for_selector("[data-testid=no-realisation]")
    assert "capaian kumulatif" in page.locator("[data-testid=no-realisation]").inner_text()
    page.locator("[data-testid=finalize-form]").scroll_into_view_if_needed()
    shot(page, "46-finalise-warning-1280")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.click("[data-testid=finalize]")  # without the tick: refused, with a message
    page.wait_for_selector("[data-testid=confirm-error]")
    assert asked and "tidak seorang pun dapat mengubahnya" in asked[0]
    page.check("#confirm_missing")
    page.click("[data-testid=finalize]")
    page.wait_for_selector("text=Penilaian kinerja telah final")
    assert employee("staf3.dinkes").name in page.content()
