"""Daily progress on a phone (390 px): from the home page, a week of entries in one form (rows added without
JavaScript's help), the proposed realisation they add up to, confirmed in one tap with its source shown; the
supervisor reads the week at desktop width. axe-core on the page at both widths."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import ProgressEntry, Realization, ReviewPeriod
from tests.browser.test_page_quality import serious_axe_findings
from tests.browser.test_planning_browser import log_in
from tests.conftest import TODAY
from tests.helpers import plan_of

pytestmark = pytest.mark.browser
PHONE, DESKTOP = (390, 844), (1280, 900)
MONDAY = TODAY - timedelta(days=7)
WEEK = (("Pendampingan Desa Wisata Sukamaju", "2"), ("Verifikasi data desa wisata", "1"),
        ("Pelatihan pokdarwis", "3"), ("Kunjungan lapangan", "1"), ("Penyusunan laporan mingguan", ""))


def test_a_week_of_daily_progress_on_a_phone_becomes_a_confirmed_realisation(app, live_server, page_factory, shot):
    plan = plan_of("staf.dispar")
    ind = plan.results[0].indicators[0]
    ind.aggregation = "sum"  # counted as villages mentored in the period; the demo's SKP has no summed indicator
    db.session.commit()
    q4 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                      ReviewPeriod.starts_on <= TODAY, ReviewPeriod.ends_on >= TODAY))
    page = page_factory(*PHONE, bypass_csp=True)
    log_in(page, live_server, "staf.dispar")
    page.click("[data-testid=open-daily]")  # one tap from the home page
    page.wait_for_selector("[data-testid=progress-form]")
    assert page.input_value("#entries-0-day") == TODAY.isoformat()  # today, from the app's clock
    for n, (activity, quantity) in enumerate(WEEK):
        if n:
            page.click("[data-testid=add-row]")  # a plain submit: the typed rows come back with one more
            page.wait_for_selector(f"#entries-{n}-activity")
        page.fill(f"#entries-{n}-day", (MONDAY + timedelta(days=n)).isoformat())
        page.fill(f"#entries-{n}-starts_at", "08:00")
        page.fill(f"#entries-{n}-ends_at", "11:30")
        page.fill(f"#entries-{n}-activity", activity)
        if quantity:
            page.select_option(f"#entries-{n}-indicator_id", str(ind.id))
            page.fill(f"#entries-{n}-quantity", quantity)
    page.fill("#entries-4-link", "https://drive.example/laporan-minggu-47")
    assert page.input_value("#entries-0-activity") == WEEK[0][0]  # nothing typed was lost on the way
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    shot(page, "daily-progress-form-390")
    page.click("[data-testid=save-progress]")
    page.wait_for_selector("[data-testid=proposals]")
    assert db.session.scalar(select(db.func.count(ProgressEntry.id))) == 5
    assert "Pelatihan pokdarwis" in page.inner_text(f"[data-testid=day-{(MONDAY + timedelta(days=2)).isoformat()}]")
    assert "7" in page.inner_text("[data-testid=proposals]")  # 2 + 1 + 3 + 1 villages
    assert not serious_axe_findings(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    shot(page, "daily-progress-week-390")

    page.click(f"[data-testid=review-proposal-{ind.id}]")
    page.wait_for_selector("[data-testid=progress-offer]")
    assert "Diusulkan dari 4 entri progres" in page.inner_text("[data-testid=progress-offer]")
    page.click("[data-testid=use-progress]")
    page.wait_for_selector("[data-testid=realization-source]")
    assert "dijumlahkan dari 4 entri progres" in page.inner_text("[data-testid=realization-source]")
    shot(page, "daily-progress-confirmed-390")
    db.session.expire_all()
    real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                       Realization.review_id == q4.id))
    assert real.value == Decimal(7) and real.provenance["kind"] == "progress" and real.provenance["entries"] == 4

    boss = page_factory(*DESKTOP, bypass_csp=True)  # the supervisor reads the week; no form to write in
    log_in(boss, live_server, "kabid.dispar")
    boss.goto(f"{live_server}/skp/{plan.id}/pemantauan")
    boss.click("[data-testid=daily-link]")
    boss.wait_for_url("**/progres-harian")
    boss.goto(f"{live_server}/skp/{plan.id}/progres-harian?minggu={MONDAY.isoformat()}")
    assert "Kunjungan lapangan" in boss.inner_text("main")
    assert boss.locator("[data-testid=progress-form]").count() == 0
    assert not serious_axe_findings(boss)
    shot(boss, "daily-progress-supervisor-1280")

