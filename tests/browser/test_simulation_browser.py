"""Simulating a rule change in the browser: the head of Dinas Kesehatan opens the simulation from the
calibration page, reads the per-unit counts, the distribution before and after, and a person whose predikat
changes with the rule that changed it (cakupan_spm v1 → v2, with the target and realisation); downloads the
xlsx; a start period left empty is refused at its field. Desktop and a 390 px phone without sideways scrolling."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kinerja_web.extensions import db
from kinerja_web.models import Agency, RuleAdoption
from tests.browser.test_planning_browser import log_in

pytestmark = pytest.mark.browser
PHONE = (390, 844)


@pytest.mark.parametrize("size", [(1280, 900), PHONE], ids=["desktop", "phone"])
def test_the_head_of_agency_simulates_a_rule_change_and_sees_a_changed_predikat_explained(
        app, live_server, page_factory, shot, size):
    dinkes = db.session.scalar(select(Agency).where(Agency.code == "dinkes"))
    page = page_factory(*size)
    log_in(page, live_server, "kadis.dinkes")
    page.goto(f"{live_server}/kalibrasi/{dinkes.id}")
    page.click("[data-testid=simulation-link]")
    page.wait_for_selector("[data-testid=candidate]")
    assert "Cakupan SPM penuh = Sesuai Ekspektasi" in page.inner_text("[data-testid=candidate]")
    assert "predikat berubah" in page.inner_text("[data-testid=totals]")
    assert "Sangat Baik" in page.inner_text("[data-testid=distribution]")

    mover = page.locator("[data-testid=mover]").filter(has=page.locator("[data-testid=why]")).first
    text = mover.inner_text()
    assert "Sangat Baik" in text and mover.locator("[data-testid=predicate-after]").inner_text() == "Baik"
    assert "cakupan_spm v1" in text and "cakupan_spm v2" in text  # the rule that moved them, both versions
    assert "target maksimal tercapai" in text and "mengikuti saran" in text  # and why
    assert page.evaluate("document.documentElement.scrollWidth") <= size[0]
    name = "desktop" if size[0] > 400 else "phone"
    mover.scroll_into_view_if_needed()
    shot(page, f"simulation-{name}")

    with page.expect_download() as download:
        page.click("[data-testid=export-xlsx]")
    assert download.value.suggested_filename.startswith("simulasi-dinkes-spm_standar_minimal")

    page.fill("#reason", "SPM adalah standar pelayanan minimal")
    page.select_option("#start", index=0)  # "—": nothing chosen, refused at the field
    page.click("[data-testid=adopt-form] button[type=submit]")
    page.wait_for_selector("#start-error")
    assert page.input_value("#reason") == "SPM adalah standar pelayanan minimal"  # what was typed is kept
    assert db.session.scalar(select(func.count()).select_from(RuleAdoption)) == 0
