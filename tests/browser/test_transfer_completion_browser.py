"""A mid-year transfer in the browser: the agency admin records it, the employee finds two SKPs of the year,
the new appraiser opens the annual evaluation that combines both parts; then a unit's completion list with a
person on leave left out, downloaded as xlsx and PDF. Desktop and phone width."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Evaluation, Plan, ReviewPeriod
from tests.browser.test_planning_browser import log_in
from tests.helpers import employee, plan_of

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": 1280, "phone": 390}


def _finals(old: Plan, new: Plan) -> None:
    """The periodic evaluations of both parts final (what the two appraisers do on their pages, tested there)."""
    new.status = "approved"
    reviews = {r.seq: r for r in db.session.scalars(select(ReviewPeriod).where(
        ReviewPeriod.period_id == old.period_id))}
    for plan, seq, predicate in ((old, 1, "baik"), (old, 2, "baik"), (old, 3, "sangat_baik"),
                                 (new, 3, "sangat_baik"), (new, 4, "sangat_baik")):
        ev = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id,
                                                        Evaluation.review_id == reviews[seq].id))
        if ev is None:
            ev = Evaluation(plan_id=plan.id, review_id=reviews[seq].id)
            db.session.add(ev)
        ev.status, ev.predicate = "final", predicate
    db.session.commit()


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_a_mid_year_transfer_and_the_completion_list(live_server, page_factory, shot, tmp_path, width):
    moved, boss, on_leave = employee("staf5.dinkes"), employee("kadis.dinkes"), employee("staf6.dinkes")
    old = plan_of("staf5.dinkes")
    name = "desktop" if width == 1280 else "phone"

    admin = page_factory(width=width)
    log_in(admin, live_server, "admin.dinkes")
    admin.goto(f"{live_server}/admin/{moved.agency_id}/employees/{moved.id}")
    admin.click("[data-testid=employment-status]")
    # a move without its new post is refused at the field, what was typed is kept
    admin.select_option("#kind", "mutasi")
    admin.fill("#effective_on", "2026-08-15")
    admin.fill("#note", "SK 800/123")
    admin.click("main button[type=submit]")
    assert "Pilih unit baru." in admin.inner_text("main") and admin.input_value("#note") == "SK 800/123"
    admin.select_option("#unit_id", str(boss.unit_id))
    admin.select_option("#position_id", str(moved.position_id))
    admin.select_option("#supervisor_id", str(boss.id))
    admin.click("main button[type=submit]")
    admin.wait_for_selector("[data-testid=plans] li >> nth=1")
    assert "Mutasi di dalam instansi" in admin.inner_text("[data-testid=current-status]")
    parts = admin.inner_text("[data-testid=plans]")
    assert "bagian 1" in parts and "bagian 2" in parts and "14-08-2026" in parts
    shot(admin, f"transfer-status-{name}")

    staff = page_factory(width=width)
    log_in(staff, live_server, "staf5.dinkes")
    staff.goto(f"{live_server}/skp")
    new = db.session.scalar(select(Plan).where(Plan.employee_id == moved.id, Plan.part == 2))
    assert staff.locator(f"a[href='/skp/{old.id}']").count() and staff.locator(f"a[href='/skp/{new.id}']").count()

    _finals(old, new)
    head = page_factory(width=width)
    log_in(head, live_server, "kadis.dinkes")
    head.goto(f"{live_server}/skp/{new.id}/penilaian/tahunan")
    proposal = head.inner_text("[data-testid=annual-proposal]")
    assert "Sangat Baik" in proposal and "2 bagian" in proposal
    shot(head, f"transfer-annual-{name}")

    # the field unit's completion list, with a person on leave left out, and its exports
    admin.goto(f"{live_server}/admin/{moved.agency_id}/pegawai/{on_leave.id}/status-kepegawaian")
    admin.select_option("#kind", "cuti")
    admin.fill("#effective_on", "2026-09-01")
    admin.click("main button[type=submit]")
    admin.wait_for_selector("text=Status disimpan.")
    admin.goto(f"{live_server}/penyelesaian/{moved.agency_id}")
    admin.select_option("#f-unit", str(employee("kabid.dinkes").unit_id))
    admin.click("[data-testid=completion-filters] button")
    admin.wait_for_url("**unit=**")
    assert on_leave.name in admin.inner_text("[data-testid=completion-excluded]")
    assert on_leave.name not in admin.inner_text("[data-testid=completion-list]")
    shot(admin, f"completion-{name}")
    with admin.expect_download() as info:
        admin.click("[data-testid=completion-xlsx]")
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    book = load_workbook(target, read_only=True)
    apart = list(book.worksheets[1].iter_rows(values_only=True))
    book.close()
    assert any(row[0] == on_leave.nip for row in apart)
    with admin.expect_download() as info:
        admin.click("[data-testid=completion-pdf]")
    assert info.value.suggested_filename.endswith(".pdf")
    assert info.value.path().read_bytes().startswith(b"%PDF")
