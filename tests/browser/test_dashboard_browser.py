"""The head of an agency reads the dashboard in a browser: a chart drawn on the server, a number followed to the
people behind it, and on a phone the charts fit the screen without the page scrolling sideways."""
from __future__ import annotations

import pytest

from tests.browser.test_planning_browser import log_in
from tests.helpers import employee

pytestmark = pytest.mark.browser
DESKTOP, PHONE = (1280, 900), (390, 844)


def test_the_head_of_agency_follows_a_late_count_to_the_people_behind_it(app, live_server, page_factory, shot):
    page = page_factory(*DESKTOP)
    log_in(page, live_server, "kadis.dinkes")
    page.click("[data-testid=nav-dashboard]")
    page.wait_for_selector("svg[data-testid=chart-attainment-units]")
    chart = page.locator("svg[data-testid=chart-attainment-units]")
    assert chart.get_attribute("role") == "group" and chart.get_attribute("aria-labelledby")  # a titled group of links
    assert chart.bounding_box()["width"] > 300
    assert page.locator("svg[data-testid=chart-attainment-units] a").count() >= 2  # a bar per unit, linked
    assert page.locator("svg[data-testid=chart-trend] polyline").count() >= 1
    shot(page, "71-dashboard-agency-1280")

    page.locator("[data-testid=card-units] details summary").click()  # the chart's table, for screen readers
    assert page.locator("[data-testid=table-units] tbody tr").count() >= 2

    late = page.locator("[data-testid=late-realisasi]")
    count = int(late.inner_text().split()[0])
    late.click()
    page.wait_for_selector("[data-testid=late-list]")
    assert page.locator("[data-testid=late-list] tbody tr").count() == count
    assert employee("staf6.dinkes").name in page.inner_text("[data-testid=late-list]")
    shot(page, "72-dashboard-late-list-1280")

    page.click(".dash-crumbs a")  # back to the dashboard, then a unit's bar in the chart
    page.locator("svg[data-testid=chart-attainment-units] a").nth(1).click()
    page.wait_for_url("**/dasbor/unit/**")
    assert page.locator("svg[data-testid=chart-progress-units]").count() == 1


@pytest.mark.parametrize("who", ["kadis.dinkes", "kabid.dinkes", "admin"])
def test_on_a_phone_the_dashboard_fits_the_screen(app, live_server, page_factory, shot, who):
    page = page_factory(*PHONE)
    log_in(page, live_server, who)
    page.goto(f"{live_server}/dasbor")
    page.wait_for_selector("svg.chart")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE[0]
    for box in page.locator("svg.chart").evaluate_all("els => els.map(e => e.getBoundingClientRect().right)"):
        assert box <= PHONE[0]
    shot(page, f"73-dashboard-{who.split('.')[0]}-phone-390")
