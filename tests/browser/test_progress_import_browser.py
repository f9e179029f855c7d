"""Progres harian from a spreadsheet in the browser (issue 13, part 3): staff download the template from the daily
progress page, fill it in, upload a file with a bad row, see it refused in the preview with the row's message, fix
it, import, and find the entries on the daily progress page. axe-core on the upload page and both previews."""
from __future__ import annotations

from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from kinerja_web.extensions import db
from kinerja_web.models import ProgressEntry
from tests.browser.test_page_quality import serious_axe_findings
from tests.browser.test_planning_browser import log_in
from tests.conftest import TODAY
from tests.helpers import plan_of

pytestmark = pytest.mark.browser
MONDAY = TODAY - timedelta(days=7)


def _filled(template, target, *rows) -> str:
    book = load_workbook(template)
    sheet = book.worksheets[0]
    keys = [c.value for c in sheet[1]]
    for values in rows:
        sheet.append([values.get(key) for key in keys])
    book.save(target)
    return str(target)


def test_a_bad_row_is_refused_in_the_preview_then_the_fixed_file_is_imported(app, live_server, page_factory, shot,
                                                                             tmp_path):
    plan = plan_of("staf.dispar")
    ind = plan.results[0].indicators[0]
    page = page_factory(1280, bypass_csp=True)
    log_in(page, live_server, "staf.dispar")
    page.goto(f"{live_server}/skp/{plan.id}/progres-harian")
    page.click("[data-testid=import-progress]")
    page.wait_for_selector("[data-testid=upload]")
    assert not serious_axe_findings(page)
    with page.expect_download() as info:
        page.click("[data-testid=template]")
    template = tmp_path / info.value.suggested_filename
    info.value.save_as(template)
    good = {"day": MONDAY.isoformat(), "starts_at": "08:00", "ends_at": "11:00",
            "activity": "Pendampingan Desa Sukamaju", "indicator_id": ind.id, "quantity": 2, "link": "https://drive.example/sukamaju"}
    late = {"day": (MONDAY + timedelta(days=1)).isoformat(), "starts_at": "14:00", "ends_at": "13:00",
            "activity": "Rapat evaluasi pokdarwis"}
    bad_file = _filled(template, tmp_path / "progres-salah.xlsx", good, late)

    page.set_input_files("#file", bad_file)
    page.click("[data-testid=check]")
    page.wait_for_selector("[data-testid=errors]")
    rows = load_workbook(bad_file).worksheets[0].max_row  # the bad row is the last one
    error = page.locator(f"[data-testid=error-row-{rows}]").inner_text()
    assert "ends_at" in error and "Jam selesai harus setelah jam mulai" in error
    assert page.locator("[data-testid=confirm]").count() == 0  # nothing can be confirmed
    assert not serious_axe_findings(page)
    shot(page, "progress-import-refused-1280")
    assert db.session.scalar(select(func.count(ProgressEntry.id))) == 0

    page.goto(f"{live_server}/skp/{plan.id}/impor-progres")
    page.set_input_files("#file", _filled(template, tmp_path / "progres.xlsx", good, {**late, "ends_at": "16:00"}))
    page.click("[data-testid=check]")
    page.wait_for_selector("[data-testid=confirm]")
    assert "Rapat evaluasi pokdarwis" in page.inner_text("[data-testid=added]")
    assert not serious_axe_findings(page)
    shot(page, "progress-import-preview-1280")
    page.click("[data-testid=confirm]")
    page.wait_for_selector(".flash-success")
    assert "2 entri ditambahkan" in page.inner_text(".flash-success")
    assert "Pendampingan Desa Sukamaju" in page.inner_text(f"[data-testid=day-{MONDAY.isoformat()}]")
    assert "14:00–16:00" in page.inner_text(f"[data-testid=day-{(MONDAY + timedelta(days=1)).isoformat()}]")
    shot(page, "progress-import-done-1280")
