"""The journeys of issue 9 in Chromium, counting what a person does: clicks, fields filled or picked, and
pages opened by address. An SKP from login to submission in at most 15 actions, or 8 from a proposal."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Plan
from tests.helpers import employee, plan_of

pytestmark = pytest.mark.browser


class Counted:
    """A Playwright page that counts the person's actions."""

    def __init__(self, page):
        self.page = page
        self.clicks = self.fills = self.navigations = 0

    @property
    def actions(self) -> int:
        return self.clicks + self.fills + self.navigations

    def goto(self, url):
        self.navigations += 1
        return self.page.goto(url)

    def click(self, selector):
        self.clicks += 1
        self.page.click(selector)

    def fill(self, selector, value):
        self.fills += 1
        self.page.fill(selector, value)

    def pick(self, selector, value):
        self.fills += 1
        self.page.select_option(selector, value)

    def __repr__(self):
        return f"{self.actions} actions ({self.clicks} clicks, {self.fills} fields, {self.navigations} pages opened)"


def _log_in(person: Counted, base, username):
    person.goto(f"{base}/login")
    person.fill("#username", username)
    person.fill("#password", "kinerja-demo")
    person.click("main button[type=submit]")
    person.page.wait_for_url(lambda url: "/login" not in url)


def _staff_plan():
    db.session.expire_all()
    return db.session.scalar(select(Plan).where(Plan.employee_id == employee("staf.disdik").id))


def test_staff_plans_and_submits_an_skp_in_at_most_15_actions(live_server, page_factory, shot):
    page = page_factory(width=1280, height=900)
    person = Counted(page)
    _log_in(person, live_server, "staf.disdik")
    assert page.url.endswith("/skp")  # no SKP for this year: "My SKP" comes first
    person.click("[data-testid=start-plan]")
    page.wait_for_selector("#skp-editor")
    page.evaluate("window.sameDocument = true")

    for n, text in enumerate(("Tersusunnya dokumen kurikulum muatan lokal SMA",
                              "Terlaksananya pendampingan implementasi kurikulum SMA"), start=1):
        # The main-RHK form sits under section A, open, with the next supervisor RHK chosen and that
        # RHK's catalogue indicator proposed in its first row: a pick the person accepts.
        assert page.locator("#n1-catalogue_code").input_value() != ""
        assert page.locator("#n1-name").input_value() != ""
        person.fill("#text", text)
        person.fill("#n2-name", f"Jumlah laporan pendampingan {n}")
        person.fill("#n2-target_value", "4")
        person.click("[data-testid=add-rhk]")
        page.wait_for_selector(f"#skp-editor article.rhk:has-text('{text}')")
    assert page.evaluate("window.sameDocument === true"), "the page reloaded"
    assert page.locator("#add-utama").get_attribute("open") is not None  # still open for a third
    shot(page, "20-editor-two-rhk-1280")

    person.click("[data-testid=submit-plan]")
    page.wait_for_selector("text=Diajukan")
    print(f"staff SKP journey: {person!r}")
    assert person.actions <= 15, person

    plan = _staff_plan()
    boss = plan_of("kabid.disdik")
    assert plan.status == "submitted"
    assert [r.parent_id for r in plan.results] == [r.id for r in boss.results[:2]]
    assert [len(r.indicators) for r in plan.results] == [2, 2]
    assert all(r.indicators[0].catalogue_code and not r.indicators[1].catalogue_code for r in plan.results)


def test_staff_starts_from_the_supervisor_proposal_in_at_most_8_actions_on_a_phone(live_server, page_factory, shot):
    page = page_factory(width=390, height=844)
    person = Counted(page)
    _log_in(person, live_server, "staf.disdik")
    person.click("[data-testid=start-from-supervisor]")
    page.wait_for_selector("#skp-editor article.rhk")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the editor scrolls sideways on a phone ({width}px)"
    shot(page, "21-editor-proposal-phone-390")
    person.click("[data-testid=submit-plan]")
    page.wait_for_selector("text=Diajukan")
    print(f"proposal journey: {person!r}")
    assert person.actions <= 8, person
    assert _staff_plan().status == "submitted"


def test_an_indicator_is_edited_in_place_and_a_pick_fills_its_fields(live_server, page_factory, shot):
    page = page_factory(width=1280, height=900)
    person = Counted(page)
    _log_in(person, live_server, "staf.disdik")
    person.click("[data-testid=start-from-supervisor]")
    page.wait_for_selector("#skp-editor article.rhk")
    page.evaluate("window.sameDocument = true")
    row = page.locator("#skp-editor article.rhk").first.locator("tr[data-swap]").first
    row.locator("a[data-inplace]").click()
    form = page.locator("#skp-editor tr[data-swap] form.indicator-form")
    form.locator("input[name$='target_value']").fill("77")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#skp-editor td:has-text('77')")

    # a new indicator from the catalogue: every field the entry knows is filled
    box = page.locator("#skp-editor details.add-iki").first
    if box.get_attribute("open") is None:
        box.locator("summary").click()
    picker = box.locator("select[data-catalogue]")
    picker.select_option(index=2)
    assert box.locator("textarea[name$='-name']").input_value() != ""
    assert box.locator("input[name$='-unit']").input_value() != ""
    assert box.locator("input[name$='-target_value']").input_value() != ""
    assert box.locator("select[data-roll-up]").input_value() != ""
    shot(page, "22-editor-edit-in-place-1280")
    assert page.evaluate("window.sameDocument === true"), "the page reloaded"


def test_a_growth_target_asks_for_its_baseline_on_a_phone(live_server, page_factory, shot):
    """Choosing "growth" shows the baseline and its source (hidden for the other target types); a bad baseline
    is refused next to its field without losing what was typed; the saved target reads as a growth."""
    page = page_factory(width=390, height=844)
    person = Counted(page)
    _log_in(person, live_server, "staf.disdik")
    person.click("[data-testid=start-plan]")
    page.wait_for_selector("#skp-editor")
    growth_fields = page.locator("#add-utama fieldset.indicator-row").nth(1).locator("[data-growth]")
    assert not growth_fields.is_visible()  # a single value needs no baseline
    person.fill("#text", "Meningkatnya kunjungan wisatawan ke museum daerah")
    person.fill("#n2-name", "Pertumbuhan kunjungan museum")
    person.pick("#n2-target_kind", "growth")
    assert growth_fields.is_visible()
    assert page.inner_text("label[for=n2-target_value]") == "Target: pertumbuhan dalam persen"  # not 5 visits
    person.fill("#n2-target_value", "5")
    person.fill("#n2-unit", "kunjungan")
    person.fill("#n2-baseline_value", "0")
    person.fill("#n2-baseline_source", "BPS 2025")
    person.click("[data-testid=add-rhk]")
    page.wait_for_selector("#n2-baseline_value-error")
    assert "lebih besar dari 0" in page.locator("#n2-baseline_value-error").inner_text()
    assert page.locator("#n2-baseline_source").input_value() == "BPS 2025"
    assert page.locator("#n2-name").input_value() == "Pertumbuhan kunjungan museum"
    assert growth_fields.is_visible()
    person.fill("#n2-baseline_value", "120.000")
    person.click("[data-testid=add-rhk]")
    page.wait_for_selector("#skp-editor td:has-text('+5 % atas 120.000 kunjungan (BPS 2025)')")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the editor scrolls sideways on a phone ({width}px)"
    shot(page, "23-editor-growth-target-phone-390")

    # in the next add-form, the fields follow the target type both ways
    person.pick("#n2-target_kind", "growth")
    assert growth_fields.is_visible()
    person.pick("#n2-target_kind", "single")
    assert not growth_fields.is_visible()
    # a catalogue pick of a growth entry (if the agency's catalogue declares one) brings its kind along
    code = page.evaluate("(JSON.parse(document.getElementById('catalogue-data').textContent).entries"
                         ".find(e => e.target_kind === 'growth') || {}).code || ''")
    if code:
        person.pick("#n2-catalogue_code", code)
        assert page.locator("#n2-target_kind").input_value() == "growth" and growth_fields.is_visible()
    ind = _staff_plan().results[0].indicators[-1]
    assert (ind.target_kind, ind.baseline_source, ind.scoring) == ("growth", "BPS 2025", "growth_over_baseline")
