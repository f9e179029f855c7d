"""A wrong supervisor, reported from the SKP page and fixed by the agency admin on the guardrails
list (issue 9, item 4); the list is screenshot at desktop and phone width and checked with axe-core."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import SupervisorCorrection
from tests.helpers import employee, plan_of
from tests.web.test_hierarchy import sd_section_head

from .test_page_quality import serious_axe_findings
from .test_planning_browser import log_in, log_out

pytestmark = pytest.mark.browser


def test_a_wrong_supervisor_is_reported_from_the_skp_and_fixed_by_the_admin(app, live_server, page_factory, shot):
    # The real case: a staff member of the SMA unit recorded under the SD/MI section head.
    person, kabid = employee("staf3.disdik"), employee("kabid.disdik")
    person.supervisor = sd_section_head()
    employee("staf5.disdik").supervisor_id = None  # and one more problem, so the list shows two kinds
    db.session.commit()
    plan = plan_of("staf3.disdik")

    page = page_factory(1280, bypass_csp=True)
    log_in(page, live_server, "staf3.disdik")
    page.goto(f"{live_server}/skp/{plan.id}")
    assert "Kasi SD/MI" in page.locator("[data-testid=supervisor]").inner_text()
    page.click("text=Bukan atasan saya")
    page.wait_for_selector("[data-testid=report-form]")
    page.fill("#nip", kabid.nip)
    page.fill("#note", "Saya staf Bidang Pembinaan SMA; atasan saya Kepala Bidang Pembinaan SMA.")
    page.click("[data-testid=send-report]")
    page.wait_for_selector("[data-testid=correction-state]")
    assert "menunggu" in page.locator("[data-testid=correction-state]").inner_text()
    log_out(page)

    log_in(page, live_server, "admin.disdik")
    page.click("[data-testid=hierarchy] a")
    page.wait_for_selector("[data-testid=summary]")
    corr = db.session.scalar(select(SupervisorCorrection).where(SupervisorCorrection.employee_id == person.id))
    report = page.locator(f"[data-testid=report-{corr.id}]")
    assert kabid.nip in report.inner_text()
    assert page.locator(f"#a{corr.id}-nip").input_value() == kabid.nip  # the NIP the staff member named
    assert page.locator(f"[data-testid=beda-unit] tr[data-employee='{person.id}']").count() == 1
    shot(page, "51-guardrails-1280")
    assert not serious_axe_findings(page)
    phone = page_factory(390, 844, bypass_csp=True)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    shot(phone, "52-guardrails-390")
    assert not serious_axe_findings(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the guardrails list scrolls sideways on a phone ({width}px)"

    report.locator(f"[data-testid=accept-{corr.id}]").click()
    page.wait_for_selector(".flash-success")
    assert page.locator(f"[data-testid=report-{corr.id}]").count() == 0
    assert page.locator(f"[data-testid=beda-unit] tr[data-employee='{person.id}']").count() == 0
    log_out(page)

    log_in(page, live_server, "staf3.disdik")
    page.goto(f"{live_server}/skp/{plan.id}")
    assert kabid.name in page.locator("[data-testid=supervisor]").inner_text()
    assert "diterima" in page.locator("[data-testid=correction-state]").inner_text()
    shot(page, "53-skp-after-correction")
