"""Competence development in the browser: staff record a completed training with its certificate (a bad
number refused at its field first), which closes their development item and fills their JP bar; the head of
agency follows the dashboard to the training-needs analysis and downloads it. Desktop and phone."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.browser.test_page_quality import serious_axe_findings
from tests.browser.test_planning_browser import log_in, log_out
from tests.helpers import employee
from tests.web.test_development import KOLABORATIF, PNG, SURVEILANS, plan_development

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_staff_record_a_training_and_the_head_downloads_the_training_needs(live_server, page_factory, shot,
                                                                           tmp_path, width):
    plan_development("staf.dinkes", "kabid.dinkes", KOLABORATIF, SURVEILANS)
    plan_development("staf5.dinkes", "kabid.dinkes", KOLABORATIF)
    certificate = tmp_path / "sertifikat.png"
    certificate.write_bytes(PNG)
    page = page_factory(width=width, bypass_csp=True)
    log_in(page, live_server, "staf.dinkes")
    page.click("[data-testid=development-link]")  # from the home page
    assert "0 dari 24 JP" in page.inner_text("[data-testid=jp-progress]")
    form = page.locator("[data-testid=record-form]")
    form.locator("#kind").select_option("pelatihan")
    form.locator("#title").fill("Pelatihan epidemiologi dasar")
    form.locator("#started_on").fill("2026-10-05")
    form.locator("#ended_on").fill("2026-10-07")
    form.locator("#hours").fill("0")
    form.locator("#item_id").select_option(label="2026 · Pelatihan epidemiologi dasar")
    form.locator("#evidence").set_input_files(str(certificate))
    page.click("[data-testid=record-submit]")
    assert "dari 1 sampai 500" in page.inner_text("#hours-error")  # refused at the field, the rest kept
    assert page.input_value("#title") == "Pelatihan epidemiologi dasar"
    page.fill("#hours", "24")
    page.locator("#evidence").set_input_files(str(certificate))  # a browser never re-sends a file
    page.click("[data-testid=record-submit]")
    page.wait_for_selector(".flash-success")
    assert "24 dari 24 JP" in page.inner_text("[data-testid=jp-progress]")
    records = page.inner_text("[data-testid=records]")
    assert "Pelatihan epidemiologi dasar" in records and "sertifikat.png" in records
    assert "Laporan surveilans penyakit" not in page.inner_text("[data-testid=open-items]")  # closed by it
    assert not serious_axe_findings(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"development-person-{width}")
    page.screenshot(path=f"/tmp/shots/development-person-{width}.png", full_page=True)
    log_out(page)

    log_in(page, live_server, "kadis.dinkes")
    page.goto(f"{live_server}/dasbor")
    page.click("[data-testid=tna-link]")
    page.wait_for_selector("[data-testid=needs]")
    rows = page.locator("[data-testid=needs] tbody tr")
    assert rows.count() == 2 and "Kolaboratif" in rows.nth(0).inner_text()
    assert not serious_axe_findings(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"development-needs-{width}")
    page.screenshot(path=f"/tmp/shots/development-needs-{width}.png", full_page=True)
    with page.expect_download() as info:
        page.click("[data-testid=export-xlsx]")
    download = info.value
    assert download.suggested_filename.startswith("kebutuhan-pengembangan-dinkes-2026-")
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    book = load_workbook(target, read_only=True)
    needs, people = (list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets)
    book.close()
    assert needs[1][:3] == ("Perilaku (BerAKHLAK)", "Kolaboratif", 2)
    assert {r[0] for r in people[1:]} == {employee("staf.dinkes").nip, employee("staf5.dinkes").nip}
    assert [r[-1] for r in people[1:] if r[4] == "Laporan surveilans penyakit"] == ["Tuntas"]
    page.click("[data-testid=needs] tbody tr >> nth=0 >> a")
    assert employee("staf5.dinkes").name in page.inner_text("[data-testid=need-people]")
