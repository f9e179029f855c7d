"""A realisation with a PDF, feedback from the supervisor, and the notification."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kinerja_web.demo_activity import tiny_pdf
from kinerja_web.extensions import db
from kinerja_web.models import Evidence
from tests.browser.test_planning_browser import log_in, log_out
from tests.helpers import fill_realisation, plan_of

pytestmark = pytest.mark.browser


def test_realisation_with_pdf_then_feedback_then_notification(live_server, page_factory, shot, tmp_path):
    pdf = tmp_path / "laporan-skrining-triwulan-iv.pdf"
    pdf.write_bytes(tiny_pdf("Laporan skrining triwulan IV"))
    plan = plan_of("staf.dinkes")
    ind = plan.results[0].indicators[0]

    page = page_factory()
    log_in(page, live_server, "staf.dinkes")
    page.click("[data-testid=open-monitor]")
    page.click(f"[data-testid=enter-{ind.id}-4]")
    fill_realisation(page, plan, ind, "87,5")  # an SPM service: 875 of a sasaran of 1000 screened
    page.fill("#note", "Skrining lansia di 14 posbindu")
    page.set_input_files("#files", str(pdf))
    shot(page, "11-staff-realisation-form")
    page.click("[data-testid=save-realization]")
    page.wait_for_selector("text=Realisasi disimpan")
    assert page.locator("a", has_text="laporan-skrining-triwulan-iv.pdf").count() == 1
    shot(page, "12-staff-monitoring")
    log_out(page)

    db.session.expire_all()
    evidence = db.session.scalar(select(Evidence).where(Evidence.filename == "laporan-skrining-triwulan-iv.pdf"))
    assert evidence is not None and evidence.size == pdf.stat().st_size

    log_in(page, live_server, "kabid.dinkes")
    page.goto(f"{live_server}/beranda")
    shot(page, "13-supervisor-home")
    page.goto(f"{live_server}/skp/{plan.id}/pemantauan")
    box = page.locator(f"input[name=realization_id][value='{evidence.realization_id}']").locator("..")
    box.locator("xpath=ancestor::details").first.locator("summary").click()
    box.locator("textarea[name=body]").fill("Pisahkan data per desa agar terlihat desa yang belum terjangkau.")
    box.locator("button[type=submit]").click()
    page.wait_for_selector("text=Umpan balik terkirim")
    log_out(page)

    log_in(page, live_server, "staf.dinkes")
    badge = page.locator("[data-testid=unread-count]")
    before = int(badge.inner_text())
    page.click("header a[href='/notifikasi']")
    shot(page, "14-staff-notifications")
    page.locator("[data-testid=notifications] li.unread a").first.click()
    page.wait_for_selector("text=Pisahkan data per desa")
    after = page.locator("[data-testid=unread-count]")
    assert (int(after.inner_text()) if after.count() else 0) == before - 1
    shot(page, "15-staff-sees-feedback")
