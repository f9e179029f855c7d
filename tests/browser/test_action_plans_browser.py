"""Action plans on a phone (390 px): from the monitoring page, the previous period's plans taken over in one tap,
two more added in the same form (a row added without JavaScript's help); the supervisor reads them at desktop
width and comments, and the comment is in the RHK's feedback thread. axe-core on the page at both widths."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import ActionPlan, Feedback, ReviewPeriod
from tests.browser.test_page_quality import serious_axe_findings
from tests.browser.test_planning_browser import log_in
from tests.conftest import TODAY
from tests.helpers import plan_of

pytestmark = pytest.mark.browser
PHONE, DESKTOP = (390, 844), (1280, 900)


def test_action_plans_taken_over_and_added_on_a_phone_then_read_and_commented_by_the_supervisor(
        app, live_server, page_factory, shot):
    plan = plan_of("staf.dispar")
    result, ind = plan.results[0], plan.results[0].indicators[0]
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                                 .order_by(ReviewPeriod.seq)).all()
    q4 = next(r for r in reviews if r.starts_on <= TODAY <= r.ends_on)
    q3 = next(r for r in reviews if r.seq == q4.seq - 1)
    db.session.add(ActionPlan(plan_id=plan.id, result_id=result.id, review_id=q3.id, seq=1,
                              description="Pendampingan kelompok sadar wisata"))
    db.session.commit()

    page = page_factory(*PHONE, bypass_csp=True)
    log_in(page, live_server, "staf.dispar")
    page.goto(f"{live_server}/skp/{plan.id}/pemantauan")
    page.click("[data-testid=action-plans-link]")
    page.wait_for_selector("[data-testid=action-plan-form]")
    page.click("[data-testid=propose-from-last]")  # Ambil dari periode lalu
    page.wait_for_selector(".flash")
    assert "1 rencana aksi disalin" in page.inner_text("main")
    prefix = f"#rhk_{result.id}"
    assert page.input_value(f"{prefix}-0-description") == "Pendampingan kelompok sadar wisata"
    page.fill(f"{prefix}-1-description", "Verifikasi data desa wisata")
    page.select_option(f"{prefix}-1-indicator_id", str(ind.id))
    page.fill(f"{prefix}-1-quantity", "4")
    page.click(f"[data-testid=add-row-{result.id}]")  # a plain submit: the typed rows come back with one more
    page.wait_for_selector(f"{prefix}-2-description")
    assert page.input_value(f"{prefix}-1-description") == "Verifikasi data desa wisata"  # nothing typed was lost
    page.fill(f"{prefix}-2-description", "Rapat koordinasi kalender event")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    shot(page, "action-plans-form-390")
    page.click("[data-testid=save-action-plans]")
    page.wait_for_selector(".flash")
    assert "2 ditambahkan" in page.inner_text("main")
    saved = db.session.scalars(select(ActionPlan).where(ActionPlan.review_id == q4.id)
                               .order_by(ActionPlan.seq)).all()
    assert [(p.description, p.quantity) for p in saved] == [
        ("Pendampingan kelompok sadar wisata", None), ("Verifikasi data desa wisata", 4),
        ("Rapat koordinasi kalender event", None)]
    assert not serious_axe_findings(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]

    boss = page_factory(*DESKTOP, bypass_csp=True)  # the supervisor reads them; no form to write in
    log_in(boss, live_server, "kabid.dispar")
    boss.goto(f"{live_server}/skp/{plan.id}/pemantauan")
    assert "Verifikasi data desa wisata" in boss.inner_text(f"[data-testid=action-plans-{result.id}]")
    boss.click("[data-testid=action-plans-link]")
    boss.wait_for_selector(f"[data-testid=plans-{result.id}]")
    assert boss.locator("[data-testid=action-plan-form]").count() == 0
    assert "4" in boss.inner_text(f"[data-testid=plans-{result.id}]")
    boss.fill(f"#comment-body-{result.id}", "Sebutkan desa mana yang diverifikasi.")
    boss.click(f"[data-testid=comment-{result.id}] button")
    boss.wait_for_selector(".flash")
    assert "Sebutkan desa mana yang diverifikasi." in boss.inner_text(f"#rhk-{result.id}")
    fb = db.session.scalar(select(Feedback).order_by(Feedback.id.desc()))
    assert fb.result_id == result.id and q4.name in fb.body
    assert not serious_axe_findings(boss)
    shot(boss, "action-plans-supervisor-1280")
