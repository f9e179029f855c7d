"""A wrong supervisor, reported from the SKP page and fixed by the agency admin on the guardrails
list (issue 9, item 4); the list is screenshot at desktop and phone width and checked with axe-core."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import SupervisorCorrection
from tests.helpers import employee, plan_of
from tests.web.test_hierarchy import sd_section_head

from .test_page_quality import AXE
from .test_planning_browser import log_in, log_out

pytestmark = pytest.mark.browser


@pytest.fixture
def pages(chromium):
    """Pages whose context lets axe-core's script in despite the strict CSP (as the page-quality test)."""
    contexts = []

    def make(width, height=900):
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="id-ID", bypass_csp=True)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _serious_axe_findings(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']}))"
                          ".violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.html)}))")
    return [f"[{v['impact']}] {v['id']} ({v['nodes']})" for v in found if v["impact"] in ("serious", "critical")]


def test_a_wrong_supervisor_is_reported_from_the_skp_and_fixed_by_the_admin(app, live_server, pages, shot):
    # The real case: a staff member of the SMA unit recorded under the SD/MI section head.
    person, kabid = employee("staf3.disdik"), employee("kabid.disdik")
    person.supervisor = sd_section_head()
    employee("staf5.disdik").supervisor_id = None  # and one more problem, so the list shows two kinds
    db.session.commit()
    plan = plan_of("staf3.disdik")

    page = pages(1280)
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
    assert not _serious_axe_findings(page)
    phone = pages(390, 844)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    shot(phone, "52-guardrails-390")
    assert not _serious_axe_findings(phone)
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
