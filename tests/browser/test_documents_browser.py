"""The regulation's remaining documents from the pages that link them: the team's kuadran and a person's
EV. KINERJA sheet from the evaluations page, the pola distribusi from the calibration page."""
from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Agency, ReviewPeriod
from tests.browser.test_planning_browser import log_in, log_out
from tests.helpers import plan_of

pytestmark = pytest.mark.browser


def _download(page, selector) -> str:
    """Click a PDF link; the file must be a PDF; its text, whitespace collapsed."""
    with page.expect_download() as download:
        page.click(selector)
    with open(download.value.path(), "rb") as fh:
        data = fh.read()
    assert data.startswith(b"%PDF-")
    assert download.value.suggested_filename.endswith(".pdf")
    return " ".join(" ".join(p.extract_text() for p in PdfReader(BytesIO(data)).pages).split())


def test_a_supervisor_and_the_head_download_the_documents_from_their_pages(live_server, page_factory, shot):
    plan = plan_of("staf3.dinkes")
    q2 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                      ReviewPeriod.seq == 2))
    agency = db.session.scalar(select(Agency.id).where(Agency.code == "dinkes"))
    page = page_factory()
    log_in(page, live_server, "kabid.dinkes")
    page.goto(f"{live_server}/penilaian?periode={q2.id}")
    shot(page, "31-team-with-kuadran-link")
    text = _download(page, "[data-testid=team-quadrant-pdf]")
    assert "KUADRAN KINERJA PEGAWAI" in text and plan.employee.name in text

    page.locator("tr", has_text=plan.employee.name).locator("[data-testid=open-evaluation]").click()
    text = _download(page, "[data-testid=ev-kinerja-pdf]")
    assert "EVALUASI KINERJA PEGAWAI" in text and plan.employee.nip in text
    assert " ".join(plan.results[0].text.split()) in text
    log_out(page)

    log_in(page, live_server, "kadis.dinkes")
    page.goto(f"{live_server}/kalibrasi/{agency}?periode={q2.id}")
    shot(page, "32-calibration-with-document-links")
    text = _download(page, "[data-testid=distribution-pdf]")
    assert "POLA DISTRIBUSI PREDIKAT KINERJA PEGAWAI" in text and "Bidang Pencegahan" in text
    text = _download(page, "[data-testid=quadrant-pdf]")
    assert "KUADRAN KINERJA PEGAWAI" in text and "Dinas Kesehatan".upper() in text
