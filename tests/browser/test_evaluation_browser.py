"""Self-assessment, rating with an override, finalisation, and the PDF."""
from __future__ import annotations

from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kinerja_web.demo import _plan
from kinerja_web.extensions import db
from kinerja_web.models import Period, Realization, ReviewPeriod
from tests.browser.test_planning_browser import log_in, log_out
from tests.helpers import employee, plan_of

pytestmark = pytest.mark.browser


def _approved_plan_with_realisations(app):
    staff = employee("staf.disdik")
    period = db.session.scalar(select(Period).where(Period.agency_id == staff.agency_id))
    catalogue = [d.record for d in app.extensions["kinerja_registry"].catalogue("disdik")]
    plan = _plan(staff, period, "approved", catalogue[:1], parents=plan_of("kabid.disdik").results)
    ind = plan.results[0].indicators[0]
    for review in db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == period.id,
                                                                ReviewPeriod.seq <= 3)):
        db.session.add(Realization(indicator=ind, review=review, value=ind.target_value * Decimal("0.95")))
    db.session.commit()
    return plan


def test_self_assessment_rating_with_override_final_and_pdf(app, live_server, page_factory, shot):
    plan = _approved_plan_with_realisations(app)
    nip = plan.employee.nip
    page = page_factory()
    log_in(page, live_server, "staf.disdik")
    page.click("header a:has-text('Penilaian')")
    page.locator("td[data-label='Triwulan III'] a").first.click()
    page.fill(f"#sa_{plan.results[0].id}", "Seluruh sekolah sasaran sudah didata; dua sekolah terlambat lapor.")
    page.click("[data-testid=save-self]")
    page.wait_for_selector("text=Penilaian diri disimpan")
    log_out(page)

    log_in(page, live_server, "kabid.disdik")
    page.goto(f"{live_server}/penilaian")
    page.locator("tr", has_text="Budi Santoso").locator("[data-testid=open-evaluation]").click()
    suggested = page.locator("[data-testid=suggested-results]").inner_text()
    override = "Di Atas Ekspektasi" if suggested != "Di Atas Ekspektasi" else "Sesuai Ekspektasi"
    page.select_option("#b_akuntabel", "di_atas")
    page.select_option("#results_final", label=override)
    page.click("[data-testid=save-rating]")
    page.wait_for_selector("#results_reason-error")  # an override needs a reason
    shot(page, "21-override-without-reason")
    page.fill("#results_reason", "Pendataan dilakukan di luar jam kerja untuk mengejar target.")
    page.click("[data-testid=save-rating]")
    page.wait_for_selector("text=Rating disimpan")
    page.once("dialog", lambda dialog: dialog.accept())  # "Finalkan penilaian ini? …" asks first
    page.click("[data-testid=finalize]")
    page.wait_for_selector("text=Penilaian kinerja telah final")
    log_out(page)

    log_in(page, live_server, "staf.disdik")
    page.goto(f"{live_server}/penilaian")
    page.locator("td[data-label='Triwulan III'] a").first.click()
    predicate = page.locator("[data-testid=predicate]").inner_text()
    assert "Ekspektasi" in predicate
    # the matrix and the rules behind the predikat are one click away, in a fold
    assert "<code>national</code> v1" in page.content()
    assert "aturan" in page.locator("[data-testid=explain]").first.text_content()
    shot(page, "22-staff-sees-predikat")
    with page.expect_download() as download:
        page.click("[data-testid=pdf]")
    with open(download.value.path(), "rb") as fh:
        data = fh.read()
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages)
    assert nip in text
    label = predicate.split("Predikat", 1)[1].split("—", 1)[0].strip()
    assert label.upper() in text
