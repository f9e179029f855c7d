"""An agency plugin's fields on a phone (390 px): a coverage is entered as its two numbers, refused when one is
missing, and saved with the percentage the host derives; nobody types the percentage."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Realization, ReviewPeriod
from tests.browser.test_planning_browser import log_in
from tests.helpers import plan_of

pytestmark = pytest.mark.browser
PHONE = (390, 844)


def test_a_coverage_is_entered_as_its_two_numbers_on_a_phone(app, live_server, page_factory, shot):
    plan = plan_of("staf8.dinkes")  # the demo gives staf8 SPM_DIABETES_MELITUS, derived from dilayani / sasaran
    ind = next(i for r in plan.results for i in r.indicators if i.catalogue_code == "SPM_DIABETES_MELITUS")
    q4 = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                            .order_by(ReviewPeriod.seq)).all()[3]
    page = page_factory(*PHONE)
    log_in(page, live_server, "staf8.dinkes")
    page.goto(f"{live_server}/skp/{plan.id}/iki/{ind.id}/realisasi/{q4.id}")
    page.wait_for_selector("[data-testid=derived-note]")
    assert page.locator("input[name=value]").count() == 0  # no percentage to type
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]

    page.fill("[data-testid=pf-kesehatan-dilayani]", "412")
    page.fill("textarea[name=note]", "Rekap register PTM Puskesmas")
    page.click("[data-testid=save-realization]")
    page.wait_for_selector("#pf-kesehatan-sasaran-error")
    assert page.input_value("[data-testid=pf-kesehatan-dilayani]") == "412"  # what was typed is kept
    shot(page, "71-plugin-fields-refused-390")

    page.fill("[data-testid=pf-kesehatan-sasaran]", "480")
    page.click("[data-testid=save-realization]")
    page.wait_for_url("**/pemantauan**")
    db.session.expire_all()
    real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                       Realization.review_id == q4.id))
    assert real.value == (Decimal(412) / Decimal(480) * 100).quantize(Decimal("0.0001"))  # stored to 4 places
    assert real.fields["kesehatan"]["sasaran"] == "480" and real.provenance["kind"] == "ratio"
    page.goto(f"{live_server}/skp/{plan.id}/iki/{ind.id}/realisasi/{q4.id}")
    provenance = page.inner_text("[data-testid=ratio-provenance]")
    assert "412 / 480 × 100" in provenance and "kesehatan" in provenance
    shot(page, "72-plugin-fields-saved-390")
