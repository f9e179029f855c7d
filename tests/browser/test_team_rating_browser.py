"""A supervisor rates and finalises five people of the team at once, counting the actions (issue 9)."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Evaluation
from tests.web.test_team_rating import q3, ready_plans

pytestmark = pytest.mark.browser


class Counted:
    """A page whose clicks, fills, checks and navigations (goto) are counted as the person's actions.

    Page loads that follow a click are not counted again: the person acted once."""

    def __init__(self, page):
        self.page, self.actions = page, 0

    def goto(self, url):
        self.actions += 1
        return self.page.goto(url)

    def fill(self, selector, value):
        self.actions += 1
        return self.page.fill(selector, value)

    def click(self, selector):
        self.actions += 1
        return self.page.click(selector)

    def check(self, selector):
        self.actions += 1
        return self.page.check(selector)


def test_a_supervisor_batch_rates_and_finalises_five_people(app, live_server, page_factory, shot):
    plans = ready_plans(5)
    review = q3(plans[0])
    page = page_factory(1280, 900)
    user = Counted(page)
    user.goto(f"{live_server}/login")
    user.fill("#username", "kabid.dinkes")
    user.fill("#password", "kinerja-demo")
    user.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/login" not in url)
    user.click("header a:has-text('Penilaian')")
    page.wait_for_selector("[data-testid=team-rating]")
    assert "Triwulan III" in page.locator("h2#team").inner_text()
    shot(page, "31-team-rating-1280")
    small = page_factory(390, 844)
    small.context.add_cookies(page.context.cookies())
    small.goto(f"{live_server}/penilaian")
    shot(small, "32-team-rating-390")

    before_people = user.actions
    user.check(f"#pick-{plans[0].id}")
    one_person_picked = user.actions
    for plan in plans[1:]:
        user.check(f"#pick-{plan.id}")
    user.click("[data-testid=batch-confirm]")
    page.wait_for_selector("[data-testid=immutable]")
    rows = page.locator("[data-testid=to-finalise] tbody tr")
    assert rows.count() == 5
    assert "tidak dapat" in page.locator("[data-testid=immutable]").inner_text()
    shot(page, "33-team-finalise-confirmation")
    user.click("[data-testid=batch-finalize]")
    page.wait_for_selector("[data-testid=team-rating]")
    assert page.locator(".flash-success").count() >= 5

    db.session.expire_all()
    statuses = db.session.scalars(select(Evaluation.status).where(
        Evaluation.plan_id.in_([p.id for p in plans]), Evaluation.review_id == review.id)).all()
    assert statuses == ["final"] * 5
    one_person = user.actions - (len(plans) - 1)  # the same journey with only the first person ticked
    further = (user.actions - one_person) / (len(plans) - 1)
    assert one_person_picked == before_people + 1
    print(f"actions: total {user.actions}, one person {one_person}, each further person {further}")
    assert before_people == 5
    assert one_person <= 10
    assert further <= 3
