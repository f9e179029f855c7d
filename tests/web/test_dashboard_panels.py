"""The agency dashboard renders the panels agency plugins declare: their templates, escaped, contained."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import PluginFault, Realization, ReviewPeriod
from kinerja_web.queries.panels import PanelData
from kinerja_web.rules.types import DashboardPanel
from tests.conftest import demo_app, with_agency_plugins
from tests.helpers import Client, count_queries, plan_of
from tests.plugins.fakes import fake

PANEL = """<table><caption>{{ _('Coverage') }}</caption>
{% for r in rows %}<tr><td>{{ r.unit }}</td><td>{{ r.code }}</td><td class="num">{{ r.value }}</td>
<td>{{ r.people }}</td></tr>{% endfor %}</table><p>{{ note }}</p>"""


def _panels(agency, year, data):
    if agency != "dinkes":
        return None
    codes = [code for code in ("SPM_IBU_HAMIL", "SPM_IBU_BERSALIN", "SPM_BAYI_BARU_LAHIR", "IDL")]
    return [DashboardPanel("Cakupan per unit", "uji_panel/coverage.html",
                           {"rows": data.realizations(codes), "note": "<script>alert(1)</script>"},
                           title_en="Coverage per unit")]


def _broken(agency, year, data):
    raise RuntimeError("panel rusak")


def _bad_template(agency, year, data):
    return [DashboardPanel("Rusak", "uji_panel/missing.html", {})]


@pytest.fixture
def panel_app(database_url, demo_hash, tmp_path):
    package = tmp_path / "uji_panel"
    (package / "templates" / "uji_panel").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "templates" / "uji_panel" / "coverage.html").write_text(PANEL)
    good = fake("uji_panel", kinerja_dashboard_panels=_panels)
    good.__file__ = str(package / "__init__.py")
    with demo_app(database_url, demo_hash, tmp_path, with_agency_plugins(good,
               fake("panel_rusak", kinerja_dashboard_panels=_broken),
               fake("template_rusak", kinerja_dashboard_panels=_bad_template))) as app:
        yield app


def _as(app, username):
    c = Client(app.test_client())
    c.login(username)
    return c


def test_the_head_of_agency_sees_the_plugin_panel_rendered_and_escaped(panel_app):
    page = _as(panel_app, "kadis.dinkes").get("/dasbor").get_data(as_text=True)
    section = page.split('data-testid="panel-uji_panel"', 1)[1].split("</section>", 1)[0]
    assert "Cakupan per unit" in section and "<caption>Coverage</caption>" in section
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in section


def test_a_panel_scrolls_in_its_own_box_named_by_its_heading(panel_app):
    """A plugin's wide table must not widen the page on a phone: the host wraps every panel."""
    page = _as(panel_app, "kadis.dinkes").get("/dasbor").get_data(as_text=True)
    section = page.split('data-testid="panel-uji_panel"', 1)[1].split("</section>", 1)[0]
    heading = section.split('<h2 id="', 1)[1].split('"', 1)[0]
    wrap = section.split('<div class="table-wrap"', 1)[1].split(">", 1)[0]
    assert 'role="region"' in wrap and f'aria-labelledby="{heading}"' in wrap and 'tabindex="0"' in wrap
    assert section.index("table-wrap") < section.index("<table>")


def test_a_failing_panel_or_template_is_named_and_kept_while_the_rest_renders(panel_app):
    response = _as(panel_app, "kadis.dinkes").get("/dasbor")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'data-testid="panel-panel_rusak"' in page and 'data-testid="panel-template_rusak"' in page
    assert page.count('data-testid="panel-failure"') == 2 and "Cakupan per unit" in page
    faults = {f.plugin: f for f in db.session.scalars(select(PluginFault))}
    assert "panel rusak" in faults["panel_rusak"].message
    assert faults["template_rusak"].hook == "panel uji_panel/missing.html"


def test_panel_data_gives_each_unit_its_latest_realisation_in_one_statement(panel_app):
    plan = plan_of("staf.dinkes")
    ind = plan.results[0].indicators[0]
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                                 .order_by(ReviewPeriod.seq)).all()
    stored = {r.review_id: r for r in db.session.scalars(select(Realization).where(Realization.indicator_id == ind.id))}
    for review, value in zip(reviews, (Decimal(40), Decimal(61), None, None), strict=True):
        real = stored.get(review.id) or Realization(indicator_id=ind.id, review_id=review.id)
        real.value = value  # a later period without a value does not count
        db.session.add(real)
    db.session.commit()
    code, unit_id, q2 = ind.catalogue_code, plan.employee.unit_id, reviews[1].name
    from kinerja_web.models import Employee, Plan, PlanIndicator, WorkResult

    others = db.session.scalars(  # colleagues of the unit realising the same indicator in Q2
        select(Realization.value).join(PlanIndicator).join(WorkResult).join(Plan)
        .join(Employee, Employee.id == Plan.employee_id)
        .where(Employee.unit_id == unit_id, PlanIndicator.catalogue_code == code, Plan.status == "approved",
               Realization.review_id == reviews[1].id, Realization.value.is_not(None))).all()
    assert Decimal(61) in others
    for later in reviews[2:]:  # nobody in the unit realised it later
        db.session.execute(Realization.__table__.update().where(
            Realization.review_id == later.id, Realization.indicator_id.in_(
                select(PlanIndicator.id).where(PlanIndicator.catalogue_code == code))).values(value=None))
    db.session.commit()
    data = PanelData(plan.employee.agency_id, plan.period.year)  # no catalogue: the mean of the latest period
    with count_queries() as counted:
        rows = data.realizations([code])
    assert len(counted) == 1
    (row,) = [r for r in rows if r.unit_id == unit_id]
    assert row.review == q2 and row.code == code and row.people == len(others)
    assert row.value == sum(others) / len(others)  # the mean over the unit's people


@pytest.mark.parametrize(("username", "url", "status"), [
    ("staf.dinkes", "/dasbor", 403),
    ("kabid.dinkes", "/dasbor", 302),  # a unit head is taken to their unit's dashboard (test_dashboards.py)
    ("admin.dinkes", "/dasbor", 200),
    ("admin.disdik", "/dasbor?instansi=dinkes", 404),
    ("kadis.disdik", "/dasbor?instansi=dinkes", 404),
    ("admin", "/dasbor?instansi=dinkes", 200),
])
def test_only_the_head_the_agency_admin_and_the_province_see_an_agency_dashboard(panel_app, username, url, status):
    assert _as(panel_app, username).get(url).status_code == status


def test_a_coverage_of_a_unit_adds_up_its_people_numbers_before_dividing(app):
    """A unit's coverage is Σ numerators / Σ denominators of its people, never the mean of their percentages."""
    from kinerja_web.models import Agency, Employee, Plan, PlanIndicator, WorkResult

    registry = app.extensions["kinerja_registry"]
    ratios = {(a, c): (d.plugin, d.record.ratio) for (a, c), d in registry.indicators.items() if d.record.ratio}
    rows = db.session.execute(
        select(Agency.code, Agency.id, Employee.unit_id, PlanIndicator.catalogue_code, Realization.review_id,
               Realization.fields)
        .join(PlanIndicator, PlanIndicator.id == Realization.indicator_id).join(WorkResult).join(Plan)
        .join(Employee, Employee.id == Plan.employee_id).join(Agency, Agency.id == Employee.agency_id)
        .where(Plan.status == "approved", Realization.value.is_not(None))).all()
    seeded = [r for r in rows if (r[0], r[3]) in ratios]
    assert seeded, "the demo seeds realisations of ratio indicators with their two numbers"
    code_agency, agency_id, unit_id, code = seeded[0][0], seeded[0][1], seeded[0][2], seeded[0][3]
    plugin, ratio = ratios[(code_agency, code)]
    year = db.session.scalar(select(Plan).join(Employee, Employee.id == Plan.employee_id)
                             .where(Employee.agency_id == agency_id)).period.year
    catalogue = {c: (d.plugin, d.record) for (a, c), d in registry.indicators.items() if a == code_agency}
    data = PanelData(agency_id, year, catalogue)
    (row,) = [r for r in data.realizations([code]) if r.unit_id == unit_id]
    latest = max(r[4] for r in seeded if r[2] == unit_id and r[3] == code)
    numbers = [r[5][plugin] for r in seeded if r[2] == unit_id and r[3] == code and r[4] == latest]
    top = sum(Decimal(n[ratio.numerator]) for n in numbers)
    bottom = sum(Decimal(n[ratio.denominator]) for n in numbers)
    assert row.fields == {ratio.numerator: top, ratio.denominator: bottom}
    assert row.value == top / bottom * ratio.per and row.people == len(numbers)


def test_a_summed_indicator_of_a_unit_is_its_total_to_date(app):
    """Counts of events (visits, documents) add up over the unit's people and the year's review periods."""
    from kinerja_web.models import Agency, Employee, Plan, PlanIndicator, WorkResult
    from kinerja_web.rules.types import Aggregation

    registry = app.extensions["kinerja_registry"]
    summed = {(a, c) for (a, c), d in registry.indicators.items() if d.record.aggregation == Aggregation.SUM}
    rows = db.session.execute(
        select(Agency.code, Agency.id, Employee.unit_id, PlanIndicator.catalogue_code, Realization.value, Plan.id,
               PlanIndicator.target_value)
        .join(PlanIndicator, PlanIndicator.id == Realization.indicator_id).join(WorkResult).join(Plan)
        .join(Employee, Employee.id == Plan.employee_id).join(Agency, Agency.id == Employee.agency_id)
        .where(Plan.status == "approved", Realization.value.is_not(None))).all()
    mine = [r for r in rows if (r[0], r[3]) in summed]
    assert mine, "the demo realises summed indicators"
    agency_code, agency_id, unit_id, code = mine[0][:4]
    same = [r for r in mine if r[2] == unit_id and r[3] == code]
    year = db.session.scalar(select(Plan).where(Plan.id == same[0][5])).period.year
    catalogue = {c: (d.plugin, d.record) for (a, c), d in registry.indicators.items() if a == agency_code}
    (row,) = [r for r in PanelData(agency_id, year, catalogue).realizations([code]) if r.unit_id == unit_id]
    assert row.value == sum(r[4] for r in same)
    assert row.target == sum({r[5]: r[6] for r in same}.values()) and row.people == len({r[5] for r in same})


def test_a_summed_indicator_grouped_as_the_unit_table_adds_up_each_row_s_subtree(app):
    """On the agency dashboard the panels count units as its table does: a unit directly below with everything
    under it. A summed indicator's grouped totals add up to the units' own totals, and name only shown rows."""
    from kinerja_web.dashboard import page
    from kinerja_web.models import Agency
    from kinerja_web.queries import dashboard as q
    from kinerja_web.queries.ikm import years_of
    from tests.conftest import TODAY

    registry = app.extensions["kinerja_registry"]
    checked = 0
    for agency in db.session.scalars(select(Agency).order_by(Agency.code)):
        year = years_of([agency.id])[agency.id]
        scope = q.Scope(agency, [u for u, _, _ in q.units_of(agency_id=agency.id)], year.period, year.reviews,
                        year.years)
        catalogue = {c: (d.plugin, d.record) for (a, c), d in registry.indicators.items() if a == agency.code}
        with app.test_request_context():
            rows = page.unit_rows(scope, q.unit_figures(scope, TODAY))
        groups = page.row_groups(scope, rows)
        plain = PanelData(agency.id, scope.period.year, catalogue).realizations(list(catalogue))
        grouped = PanelData(agency.id, scope.period.year, catalogue, groups=groups).realizations(list(catalogue))
        assert {v.unit_id for v in grouped} <= {r["unit"].id for r in rows}
        summed = {c for c, (_, record) in catalogue.items() if record.aggregation.value == "sum"}
        for code in {v.code for v in plain} & summed:
            checked += 1
            assert (sum(v.value for v in grouped if v.code == code)
                    == sum(v.value for v in plain if v.code == code and v.unit_id in groups)), code
    assert checked, "the demo realises a summed indicator somewhere"


def _panel_section(page: str, plugin: str) -> str:
    return page.split(f'data-testid="panel-{plugin}"', 1)[1].split("</section>", 1)[0]


@pytest.mark.parametrize(("username", "plugin", "english", "indonesian"), [
    ("kadis.dinkes", "kesehatan", "<caption>SPM coverage per health centre", "Cakupan SPM per Puskesmas"),
    ("kadis.disdik", "pendidikan", "<caption>Latest school participation rates per unit,", "Angka partisipasi"),
    ("kadis.dispar", "pariwisata", "<caption>Tourist visits per work unit", "Kunjungan wisatawan"),
])
def test_a_plugin_panel_reads_in_the_readers_language_with_numbers_in_its_notation(panel_app, username, plugin,
                                                                                   english, indonesian):
    head = _as(panel_app, username)
    indonesian_page = _panel_section(head.get("/dasbor").get_data(as_text=True), plugin)
    head.post("/language", {"locale": "en", "next": "/dasbor"})
    section = _panel_section(head.get("/dasbor").get_data(as_text=True), plugin)
    assert indonesian in indonesian_page and english in section and indonesian not in section
    figures = re.findall(r'<td class="num[^"]*"[^>]*>([^<]*\d[^<]*)</td>', section)
    assert figures, "the demo realises the panel's indicators"
    # English notation: a decimal point, commas between thousands; never Indonesian's 1.234,5
    assert not [f for f in figures if re.search(r"\d,\d{1,2}(?!\d)|\d\.\d{3}(?!\d)", f)], figures
    assert [f for f in re.findall(r'<td class="num[^"]*"[^>]*>([^<]*\d[^<]*)</td>', indonesian_page)
            if re.search(r"\d\.\d{1,2}(?!\d)", f)] == []


def test_a_plugin_switched_off_for_the_agency_is_named_on_its_dashboard_in_both_languages(login):
    admin = login("admin")
    admin.post("/admin/plugins/switch", {"agency": "dinkes", "plugin": "kesehatan", "enabled": "0",
                                         "reason": "Validasi cakupan keliru"})
    head = login("kadis.dinkes")
    page = head.get("/dasbor").get_data(as_text=True)
    note = page.split('data-testid="panel-off-kesehatan"', 1)[1].split("</p>", 1)[0]
    assert "Admin provinsi mematikan plugin kesehatan untuk instansi ini" in note
    assert 'data-testid="panel-kesehatan"' not in page and "tidak menyediakan panel dasbor" not in page
    head.post("/language", {"locale": "en", "next": "/dasbor"})
    page = head.get("/dasbor").get_data(as_text=True)
    assert "The province admin has switched the plugin kesehatan off for this agency" in page
    assert "declare no dashboard panels" not in page
    other = login("kadis.disdik").get("/dasbor").get_data(as_text=True)
    assert "panel-off-" not in other and 'data-testid="panel-pendidikan"' in other  # only that agency's switch
