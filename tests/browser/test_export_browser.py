"""Exports in the browser: a click on an export link downloads the list, with the page's filter."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from kinerja_web.export.columns import REALIZATION_KEYS
from kinerja_web.extensions import db
from kinerja_web.models import ReviewPeriod
from tests.browser.test_planning_browser import log_in, log_out
from tests.helpers import plan_of

pytestmark = pytest.mark.browser


def test_staff_download_their_realisations_and_a_supervisor_the_filtered_team(live_server, page_factory, shot,
                                                                               tmp_path):
    plan = plan_of("staf.dinkes")
    page = page_factory()
    log_in(page, live_server, "staf.dinkes")
    page.goto(f"{live_server}/skp/{plan.id}/pemantauan")
    shot(page, "export-monitoring-link")
    with page.expect_download() as info:
        page.click("[data-testid=export-realizations] [data-testid=export-xlsx]")
    download = info.value
    assert download.suggested_filename.startswith(f"realisasi-{plan.employee.nip}-2026-")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    book = load_workbook(target, read_only=True)
    rows = list(book["Realisasi"].iter_rows(values_only=True))
    book.close()
    assert rows[0] == REALIZATION_KEYS and len(rows) > 1 and all(r[0] == plan.id for r in rows[1:])
    log_out(page)

    q3 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                      ReviewPeriod.seq == 3))
    log_in(page, live_server, "kabid.dinkes")
    page.goto(f"{live_server}/penilaian?periode={q3.id}")
    page.click("[data-testid=ready-filter]")
    page.wait_for_url("**siap=1**")
    ready_on_page = page.locator("[data-testid=team-rating] tbody tr").count()
    with page.expect_download() as info:
        page.click("[data-testid=export-evaluations] [data-testid=export-csv]")
    text = info.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Pegawai"
    assert len(rows) - 1 == ready_on_page > 0  # the file holds what the filtered page shows
    assert {r[2] for r in rows[1:]} == {"Ya"}
