"""A programme across agencies in a browser: the tourism office's admin starts one with the education office as
member and a shared RHK; a member's staff links an RHK to it from the SKP editor; the demo's festival shows two
agencies contributing, with the people behind them for its leader and titles only for a member's staff; a
non-member is refused. On a 390 px phone the programme page fits without sideways scrolling."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models.programme import Programme
from tests.browser.test_planning_browser import log_in, log_out
from tests.helpers import employee, plan_of

pytestmark = pytest.mark.browser


def _festival() -> Programme:
    return db.session.scalar(select(Programme).where(Programme.name == "Festival Budaya Lampung"))


def test_a_programme_with_two_agencies_contributing_and_a_non_member_refused(app, live_server, page_factory, shot):
    page = page_factory(1280, 900)
    log_in(page, live_server, "admin.dispar")
    page.click("header [data-testid=nav-programmes]")
    page.click("[data-testid=new-programme]")
    page.fill("#name", "Lampung Craft Week")
    page.check("[data-testid=agency-checks] label:has-text('Dinas Pendidikan') input")
    page.click("[data-testid=create-programme]")
    page.wait_for_url("**/kelola")
    page.locator("[data-testid=add-result]").evaluate("f => f.closest('details').open = true")
    page.fill("[data-testid=add-result] #text", "Meningkatnya karya kriya pelajar")
    page.fill("[data-testid=add-result] #indicator", "Karya kriya dipamerkan")
    page.fill("[data-testid=add-result] #target_value", "abc")
    page.click("[data-testid=add-result] button[type=submit]")
    assert page.locator("#target_value-error").is_visible()  # refused at the field, the text kept
    assert page.input_value("[data-testid=add-result] #text") == "Meningkatnya karya kriya pelajar"
    page.fill("[data-testid=add-result] #target_value", "120")
    page.click("[data-testid=add-result] button[type=submit]")
    assert page.locator("[data-testid=programme-results]").inner_text().count("Meningkatnya karya kriya pelajar") == 1
    log_out(page)

    draft = plan_of("staf4.disdik")  # a member agency's staff links an RHK of their draft SKP
    log_in(page, live_server, "staf4.disdik")
    page.goto(f"{live_server}/skp/{draft.id}/rhk/{draft.results[0].id}")
    page.select_option("#programme_result_id", label="Lampung Craft Week: Meningkatnya karya kriya pelajar")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**/skp/{draft.id}**")
    assert "Lampung Craft Week" in page.locator("[data-testid=programme-link]").first.inner_text()
    log_out(page)

    festival = _festival()
    log_in(page, live_server, "admin.dispar")
    page.goto(f"{live_server}/program/{festival.id}")
    for k, code in enumerate(("dispar", "disdik")):  # both agencies contribute to a shared RHK of their own
        row = page.locator(f"[data-testid=contribution-{festival.results[k].id}-{code}]")
        assert row.locator("td").nth(1).inner_text() == "2"
    assert "%" in page.locator("[data-testid=programme-attainment]").inner_text()
    page.click("#per-agency ~ details summary")
    assert page.locator("[data-testid=table-agencies] tbody tr").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    shot(page, "programme-desktop")
    page.click(f"[data-testid=contribution-{festival.results[1].id}-disdik] a")
    assert employee("staf5.disdik").name in page.locator("[data-testid=contributors]").inner_text()
    log_out(page)

    log_in(page, live_server, "staf.dinkes")  # a non-member: neither listed nor found by its address
    page.click("header [data-testid=nav-programmes]")
    assert "Festival Budaya" not in page.locator("main").inner_text()
    response = page.goto(f"{live_server}/program/{festival.id}")
    assert response.status == 404 and "Festival Budaya" not in page.content()


def test_a_member_reads_the_programme_on_a_phone_with_titles_only_behind_other_agencies(
        app, live_server, page_factory, shot):
    festival = _festival()
    page = page_factory(390, 844)
    log_in(page, live_server, "staf5.disdik")
    page.goto(f"{live_server}/program/{festival.id}")
    assert page.locator("[data-testid=programme-name]").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "programme-phone")
    page.click(f"[data-testid=contribution-{festival.results[0].id}-dispar] a")
    assert page.locator("[data-testid=titles-only]").is_visible()
    assert employee("staf5.dispar").name not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "programme-drill-phone")
