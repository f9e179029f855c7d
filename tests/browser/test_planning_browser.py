"""A person plans an SKP in Chromium and the supervisor approves it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Plan
from tests.helpers import employee

pytestmark = pytest.mark.browser


def log_in(page, base, username):
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", "kinerja-demo")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)


def log_out(page):
    page.click("header button:has-text('Keluar')")
    page.wait_for_url("**/login")


def test_staff_plans_an_skp_and_the_supervisor_approves_it(live_server, page_factory, shot):
    page = page_factory()
    log_in(page, live_server, "staf.disdik")
    page.click("header a:has-text('SKP Saya')")
    page.click("[data-testid=new-plan]")
    page.select_option("#approach", "kuantitatif")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Draf")

    # an RHK that intervenes the supervisor's RHK
    page.fill("#text", "Tersusunnya dokumen kurikulum muatan lokal SMA")
    page.select_option("#parent_id", index=1)
    page.select_option("#cascading", "non_direct")
    page.click("[data-testid=add-rhk]")
    page.wait_for_selector("text=Tersusunnya dokumen kurikulum muatan lokal SMA")

    # another indicator from the plugin catalogue: the script fills the blanks
    # (the RHK form already saved the catalogue indicator it proposed, so this add-form is folded)
    page.locator("details.add-iki summary").first.click()
    form = page.locator("form.indicator-form").first
    picker = form.locator("select[data-catalogue]")
    picker.select_option(index=1)
    name = form.locator("textarea[name$='-name']").input_value()
    assert name != ""
    form.locator("input[name$='-target_value']").fill("95")
    form.locator("button[type=submit]").click()
    page.locator("#skp-editor article.rhk").first.locator(f"td:has-text('{name[:30]}')").first.wait_for()
    shot(page, "01-staff-draft-with-rhk")

    page.click("[data-testid=submit-plan]")
    page.wait_for_selector("text=Diajukan")
    shot(page, "02-staff-submitted")
    log_out(page)

    log_in(page, live_server, "kabid.disdik")
    assert page.locator("[data-testid=queue-count]").inner_text() == "2"
    page.goto(f"{live_server}/skp/antrian")
    shot(page, "03-supervisor-queue")
    page.locator("article[data-testid^=submitted-]", has_text="Budi Santoso").locator("footer a").click()
    page.click("summary:has-text('Akuntabel')")
    page.fill("#exp_akuntabel", "Menjaga kerahasiaan data peserta didik")
    shot(page, "04-supervisor-review")
    page.click("[data-testid=approve]")
    page.wait_for_selector("text=SKP disetujui")
    log_out(page)

    db.session.expire_all()
    plan = db.session.scalar(select(Plan).where(Plan.employee_id == employee("staf.disdik").id))
    assert plan.status == "approved"

    mobile = page_factory(width=390, height=844)
    log_in(mobile, live_server, "staf.disdik")
    mobile.goto(f"{live_server}/skp/{plan.id}")
    assert mobile.locator("text=Disetujui").first.is_visible()
    assert mobile.locator("text=Menjaga kerahasiaan data peserta didik").is_visible()
    width = mobile.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways on a phone ({width}px)"
    shot(mobile, "05-staff-approved-phone")


def test_a_returned_plan_shows_the_reason_in_the_browser(live_server, page_factory, shot):
    page = page_factory()
    log_in(page, live_server, "kabid.disdik")
    page.goto(f"{live_server}/skp/antrian")
    page.locator("article[data-testid^=submitted-]", has_text="Ayu Lestari").locator("footer a").click()
    page.click("[data-testid=return]")
    page.wait_for_selector("#reason-error")  # a reason is required
    page.fill("#reason", "Target IKI belum sesuai Renstra")
    page.click("[data-testid=return]")
    page.wait_for_url("**/skp/antrian")
    log_out(page)
    log_in(page, live_server, "staf2.disdik")
    page.click("header a:has-text('SKP Saya')")
    page.click("text=Buka")
    assert "Target IKI belum sesuai Renstra" in page.locator("[data-testid=return-reason]").inner_text()
    shot(page, "06-staff-returned")
