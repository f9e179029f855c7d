"""The indicator form suggests how review periods add up, and the catalogue's choice wins."""
from __future__ import annotations

import pytest

from tests.browser.test_planning_browser import log_in

pytestmark = pytest.mark.browser


def test_the_roll_up_follows_the_unit_until_the_person_picks_one(live_server, page_factory):
    page = page_factory()
    log_in(page, live_server, "staf.disdik")
    page.click("header a:has-text('SKP Saya')")
    page.click("[data-testid=new-plan]")
    page.select_option("#approach", "kuantitatif")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Draf")
    page.fill("#text", "Terlaksananya pembelajaran sesuai rencana")
    page.select_option("#parent_id", index=1)
    page.click("[data-testid=add-rhk]")
    page.wait_for_selector("text=Terlaksananya pembelajaran sesuai rencana")

    # the RHK form saved its proposed indicator; the add-indicator form is folded: open it
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    form = page.locator("form.indicator-form:visible").first
    roll_up = form.locator("select[data-roll-up]")
    unit = form.locator("input[name$='-unit']")
    assert roll_up.input_value() == "sum"  # nothing typed yet: things done add up
    unit.fill("%")
    assert roll_up.input_value() == "average"
    unit.fill("per 1.000 KH")
    assert roll_up.input_value() == "average"
    unit.fill("dokumen")
    assert roll_up.input_value() == "sum"
    form.locator("select[name$='-target_kind']").select_option("range")
    assert roll_up.input_value() == "average"

    roll_up.select_option("max")  # the person's own choice stays
    unit.fill("%")
    assert roll_up.input_value() == "max"

    form.locator("select[data-catalogue]").select_option("GURU_LAPORAN_EVALUASI")
    assert roll_up.input_value() == "sum"  # the catalogue declares it
    form.locator("select[data-catalogue]").select_option("APM_SD")
    assert roll_up.input_value() == "last"

    unit.fill("dokumen")
    assert roll_up.input_value() == "last"  # editing the unit does not undo the catalogue's choice
