"""The performance tree in a browser: open it from the header, unfold a goal, narrow it by typing, search
on the server, and read it on a phone without sideways scrolling."""
from __future__ import annotations

import pytest

from tests.browser.test_planning_browser import log_in
from tests.helpers import employee, plan_of

pytestmark = pytest.mark.browser


def test_open_the_tree_unfold_a_goal_and_narrow_it_by_typing(app, live_server, page_factory, shot):
    staff = plan_of("staf.dinkes")
    mine = staff.results[0]
    boss = mine.parent
    colleague = plan_of("staf3.dinkes").results[0]
    page = page_factory(1280, 900)
    log_in(page, live_server, "kadis.dinkes")
    page.click("header a[data-testid=tree-link]")
    page.wait_for_url("**/pohon-kinerja")
    goal = page.locator(f"[data-testid=goal-{boss.parent.goal_id}]")
    boss_node = page.locator(f"[data-testid=node-{boss.id}]")
    assert not boss_node.is_visible()  # goals start folded
    goal.locator("summary").first.click()
    assert boss_node.is_visible()
    boss_node.locator("summary").first.click()  # the unit head's RHK unfolds to the staff RHK under it
    assert page.locator(f"[data-testid=node-{mine.id}]").is_visible()
    assert page.locator(f"[data-testid=node-{colleague.id}]").is_visible()
    shot(page, "tree-desktop")

    everything = page.locator("[data-tree-node]:visible").count()
    page.fill("#q", employee("staf.dinkes").name.split(",")[0].lower())
    assert page.locator(f"[data-testid=node-{mine.id}]").is_visible()
    assert not page.locator(f"[data-testid=node-{colleague.id}]").is_visible()
    narrowed = page.locator("[data-tree-node]:visible").count()
    assert 0 < narrowed < everything
    assert page.locator("[data-tree-count]").is_visible()

    page.press("#q", "Enter")  # the same words searched on the server
    page.wait_for_url("**q=*")
    assert page.locator("[data-testid=search-result]").is_visible()
    assert page.locator(f"[data-testid=node-{mine.id}]").is_visible()
    assert page.locator(f"[data-testid=node-{colleague.id}]").count() == 0


def test_the_tree_fits_a_phone(app, live_server, page_factory, shot):
    mine = plan_of("staf.dinkes").results[0]
    page = page_factory(390, 844)
    log_in(page, live_server, "kabid.dinkes")
    page.goto(f"{live_server}/pohon-kinerja?q={employee('staf.dinkes').name.split(',')[0]}")
    assert page.locator(f"[data-testid=node-{mine.id}]").is_visible()  # a search unfolds the chain
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "tree-phone")
