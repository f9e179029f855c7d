"""The head of agency tries a what-if from the calibration page (issue 12): a hypothetical organisation
predikat and people moved on paper, the check against the curve, the suggested moves tried in one click;
at desktop and at phone width, with JavaScript off (the panel is a plain GET form)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kinerja_web.evaluation import calibration as cal
from kinerja_web.extensions import db
from kinerja_web.models import Agency, Evaluation, Period, ReviewPeriod
from kinerja_web.rules.types import Predicate
from tests.browser.test_planning_browser import log_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_head_tries_a_what_if_and_the_moves_that_would_comply(live_server, chromium, shot, width, height):
    agency = db.session.scalar(select(Agency).where(Agency.code == "dinkes"))
    q3 = db.session.scalar(select(ReviewPeriod).join(Period).where(Period.agency_id == agency.id,
                                                                   ReviewPeriod.seq == 3))
    found = cal.counts(agency.id, q3.id)
    before = db.session.execute(select(Evaluation.id, Evaluation.predicate).order_by(Evaluation.id)).all()
    context = chromium.new_context(viewport={"width": width, "height": height}, locale="id-ID",
                                   java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, "kadis.dinkes")
    page.goto(f"{live_server}/kalibrasi/{agency.id}?periode={q3.id}")

    shot(page, f"what-if-panel-{width}")
    panel = page.locator("[data-testid=what-if-panel]")
    assert "tidak mengubah predikat" in panel.inner_text()
    panel.locator("#andai-org_predicate").select_option("baik")
    panel.locator("#andai-moves-0-count").fill("2")
    panel.locator("#andai-moves-0-source").select_option("baik")
    panel.locator("#andai-moves-0-target").select_option("butuh_perbaikan")
    with page.expect_navigation():
        panel.locator("[data-testid=what-if-try]").click()
    assert "/andai?" in page.url, page.url

    table = page.locator("[data-testid=what-if-distribution]")
    good = table.locator("tr[data-predikat=baik] td")
    assert good.nth(1).inner_text() == str(found[Predicate.GOOD])  # now, then in the what-if
    assert good.nth(2).inner_text() == str(found[Predicate.GOOD] - 2)
    assert page.locator("#andai-moves-0-count").input_value() == "2"  # the form keeps what was tried
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"what-if-result-{width}")

    # Too many people moved: refused at the field, nothing judged
    page.locator("#andai-moves-0-count").fill(str(found[Predicate.GOOD] + 1))
    page.locator("[data-testid=what-if-try]").click()
    assert "Hanya" in page.locator("#andai-moves-0-count-error").inner_text()
    assert page.locator("[data-testid=what-if-result]").count() == 0

    # If the organisation were Sangat Kurang: out of pattern; the suggested moves, tried, comply
    page.locator("#andai-moves-0-count").fill("")
    page.locator("#andai-org_predicate").select_option("sangat_kurang")
    page.locator("[data-testid=what-if-try]").click()
    assert "tidak akan mengikuti pola" in page.locator("[data-testid=what-if-compliance]").inner_text()
    page.locator("[data-testid=what-if-try-suggestion]").click()
    assert page.locator("[data-testid=what-if-compliance]").inner_text() == "Distribusi ini akan mengikuti pola."
    assert page.locator("tr[data-predikat=sangat_kurang] td").nth(2).inner_text() != str(
        found[Predicate.VERY_POOR])
    shot(page, f"what-if-suggestion-{width}")
    context.close()

    db.session.expire_all()
    assert db.session.execute(select(Evaluation.id, Evaluation.predicate).order_by(Evaluation.id)).all() == before
