"""The employee import in the browser (issue 11): a file with a bad row is refused in the preview with the row's
error; the corrected file is previewed, confirmed, and its people are in the agency's list. Screenshots at
desktop and phone width, checked with axe-core."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.imports.columns import COLUMNS
from kinerja_web.models import Agency, Employee
from kinerja_web.queries.imports import template_rows
from tests.helpers import employee
from tests.web.test_import_employees import as_csv, nip, person

from .test_page_quality import serious_axe_findings
from .test_planning_browser import log_in

pytestmark = pytest.mark.browser


def _roster(agency_id) -> list[list[str]]:
    return [[c.header for c in COLUMNS], *[[str(r[c.key] or "") for c in COLUMNS] for r in template_rows(agency_id)]]


def _phone(page_factory, page, name, shot):
    phone = page_factory(390, 844, bypass_csp=True)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    shot(phone, name)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name} scrolls sideways on a phone ({width}px)"
    assert not serious_axe_findings(phone)


def test_a_bad_row_is_refused_in_the_preview_then_a_good_file_is_imported(app, live_server, page_factory, shot,
                                                                          tmp_path):
    agency = db.session.scalar(select(Agency).where(Agency.code == "dinkes"))
    head = employee("kadis.dinkes").nip
    rows = _roster(agency.id)
    new = [person(1, head, Nama="Rahmat Hidayat, S.KM."), person(2, nip(1), Nama="Dewi Lestari, A.Md.Kes.")]
    bad = tmp_path / "pegawai-salah.csv"
    bad.write_bytes(as_csv([*rows, *new, person(3, nip(99), Nama="Tanpa Atasan")]))
    good = tmp_path / "pegawai.csv"
    good.write_bytes(as_csv([*rows, *new]))

    page = page_factory(1280, bypass_csp=True)
    log_in(page, live_server, "admin.dinkes")
    page.goto(f"{live_server}/admin/{agency.id}")
    page.click("[data-testid=import-employees] a")
    page.wait_for_selector("[data-testid=upload]")
    shot(page, "import-upload-1280")
    assert not serious_axe_findings(page)
    page.set_input_files("#file", str(bad))
    page.click("[data-testid=upload] button[type=submit]")
    page.wait_for_selector("[data-testid=errors]")
    bad_row = len(rows) + 3  # the header is row 1
    error = page.locator(f"[data-testid=error-row-{bad_row}]").inner_text()
    assert nip(99) in error and "Atasan tidak dikenal" in error
    assert page.locator("[data-testid=confirm]").count() == 0  # nothing can be confirmed
    shot(page, "import-refused-1280")
    assert not serious_axe_findings(page)
    _phone(page_factory, page, "import-refused-390", shot)

    page.goto(f"{live_server}/admin/{agency.id}/impor-pegawai")
    page.set_input_files("#file", str(good))
    page.click("[data-testid=upload] button[type=submit]")
    page.wait_for_selector("[data-testid=confirm]")
    assert page.locator("[data-testid=count-created]").inner_text() == "2"
    assert page.locator("[data-testid=count-deactivated]").inner_text() == "0"
    assert "Dewi Lestari" in page.locator("[data-testid=created]").inner_text()
    shot(page, "import-preview-1280")
    _phone(page_factory, page, "import-preview-390", shot)
    assert db.session.scalar(select(Employee.id).where(Employee.nip == nip(1))) is None  # not before confirming
    page.click("[data-testid=confirm]")
    page.wait_for_selector("[data-testid=done]")
    shot(page, "import-done-1280")
    page.goto(f"{live_server}/admin/{agency.id}/employees?q=Dewi+Lestari")
    assert "Dewi Lestari, A.Md.Kes." in page.locator("main table").inner_text()
    db.session.expire_all()
    dewi = db.session.scalar(select(Employee).where(Employee.nip == nip(2)))
    assert dewi.supervisor.name == "Rahmat Hidayat, S.KM."


def test_staff_import_their_filled_in_realisation_sheet(app, live_server, page_factory, shot, tmp_path):
    from kinerja_web.export.columns import REALIZATION_KEYS
    from kinerja_web.export.lists import realization_rows
    from kinerja_web.models import Realization, User
    from tests.helpers import plan_of
    from tests.web.test_import_realizations import as_xlsx, fill, reviews

    plan = plan_of("staf.dispar")
    q4 = reviews(plan)[3]
    first, second = [i.id for r in plan.results for i in r.indicators][:2]
    user = db.session.scalar(select(User).where(User.username == "staf.dispar"))
    with app.test_request_context():
        from flask_login import login_user

        login_user(user)
        _plan, rows = realization_rows(plan.id)
    sheet = [list(REALIZATION_KEYS), *[[r[k] for k in REALIZATION_KEYS] for r in rows]]
    filled = tmp_path / "realisasi.xlsx"
    filled.write_bytes(as_xlsx(fill(sheet, {(first, q4.id): 18, (second, q4.id): 1425000})))

    page = page_factory(1280, bypass_csp=True)
    log_in(page, live_server, "staf.dispar")
    page.goto(f"{live_server}/skp/{plan.id}/pemantauan")
    page.click("[data-testid=import-realizations]")
    page.wait_for_selector("[data-testid=upload]")
    page.set_input_files("#file", str(filled))
    page.click("[data-testid=upload] button[type=submit]")
    page.wait_for_selector("[data-testid=changes]")
    assert "1.425.000" in page.locator("[data-testid=changes]").inner_text()
    shot(page, "import-realisations-preview-1280")
    assert not serious_axe_findings(page)
    _phone(page_factory, page, "import-realisations-preview-390", shot)
    page.click("[data-testid=confirm]")
    page.wait_for_url(f"**/skp/{plan.id}/pemantauan")
    assert "2 realisasi tersimpan" in page.locator(".flash-success").inner_text()
    db.session.expire_all()
    saved = db.session.scalar(select(Realization).where(Realization.indicator_id == second,
                                                        Realization.review_id == q4.id))
    assert saved.value == 1425000
