"""Leaders' dashboards: the SVG charts, the figures counted in SQL, who sees which scope, the drill-down lists.

The demo's dinkes: the head of agency (kadis) in Sekretariat dan Pimpinan; the kabid heads Bidang P2P below
it; staf10 heads the UPTD Puskesmas below the Bidang. Dates are the suite's pinned TODAY (2026-11-23): Q1–Q3
have ended, Q4 runs.
"""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from kinerja_web.dashboard import charts
from kinerja_web.extensions import db
from kinerja_web.models import (
    Agency,
    AgencyGoal,
    Calibration,
    Employee,
    Evaluation,
    Plan,
    PlanIndicator,
    ReviewPeriod,
    Unit,
    WorkResult,
)
from kinerja_web.queries import dashboard as q
from kinerja_web.rules.aggregation import period_target
from kinerja_web.rules.scoring import HigherIsBetter, LowerIsBetter, RangeTarget
from kinerja_web.rules.types import Target, TargetKind
from tests.conftest import TODAY
from tests.helpers import count_queries, employee, plan_of

# -- the chart helpers (pure) ---------------------------------------------------------------------------------


def _widths(svg: str) -> list[float]:
    """Widths of the value bars (every second rect of a bar row: the first is its grey track)."""
    rects = re.findall(r'<rect x="0" y="[\d.]+" width="([\d.]+)" height="9" fill="(#[0-9a-f]+)"/>', svg)
    return [float(w) for w, colour in rects if colour != "#eef1f4"]


def test_bars_scale_to_the_largest_value_and_link_each_row():
    svg = charts.bars("Capaian", [charts.Bar("A", (50.0,), "/a"), charts.Bar("B", (100.0,), "/b"),
                                  charts.Bar("C", (None,))])
    assert svg.startswith('<svg class="chart" viewBox="0 0 320 ')
    assert "<title" in svg and "<desc" in svg and 'role="group"' in svg  # its bars are links
    wide, full, none = _widths(svg)
    assert full == pytest.approx(2 * wide) and none == 0
    assert svg.count('<a href="/a"') == 1 and svg.count('<a href="/b"') == 1 and "/c" not in svg
    assert "50,0 %" in svg and "–" in svg
    grown = charts.bars("Capaian", [charts.Bar("A", (50.0,)), charts.Bar("B", (200.0,))])
    assert _widths(grown)[1] == pytest.approx(4 * _widths(grown)[0])  # scaled to 200, not 100


def test_bar_labels_are_escaped_and_shortened_with_the_whole_text_in_the_tooltip():
    long = "Persentase <b>penduduk</b> " + "sangat panjang " * 10
    svg = charts.bars("T", [charts.Bar(long, (10.0,))])
    assert "<b>" not in svg and "&lt;b&gt;" in svg
    shown = re.search(r'class="label">([^<]*)</text>', svg).group(1)
    assert shown.endswith("…") and len(shown) < len(long)


def test_bars_with_series_draw_a_legend_and_one_bar_per_series():
    svg = charts.bars("T", [charts.Bar("U", (10.0, 20.0, 30.0))], series=("SKP", "Realisasi", "Penilaian"))
    assert all(name in svg for name in ("SKP", "Realisasi", "Penilaian"))
    assert len(_widths(svg)) == 3


def test_stacked_bar_splits_by_share_and_links_each_segment():
    svg = charts.stacked("Predikat", [charts.Segment("Baik", 3, "#111111", "/baik"),
                                      charts.Segment("Kurang", 1, "#222222", "/kurang"),
                                      charts.Segment("Sangat Kurang", 0, "#333333", "/sk")])
    widths = dict(re.findall(r'<rect x="[\d.]+" y="0" width="([\d.]+)" height="22" fill="(#\d+)"/>', svg))
    by_colour = {c: float(w) for w, c in widths.items()}
    assert by_colour["#111111"] == pytest.approx(3 * by_colour["#222222"])
    assert "#333333" not in by_colour  # an empty share draws no segment, but keeps its legend line
    assert "Sangat Kurang: 0" in svg and '<a href="/baik"' in svg


def test_thresholds_mark_each_rule_met_or_not_with_its_limit():
    svg = charts.thresholds("Kurva", [charts.Threshold("Baik paling sedikit 50%", 60.0, Decimal(50), "min_share", True),
                                      charts.Threshold("Kurang paling banyak 10%", 20.0, Decimal(10), "max_share",
                                                       False)])
    assert "✓ Baik" in svg and "✗ Kurang" in svg
    assert "≥ 50,0 %" in svg and "≤ 10,0 %" in svg
    assert 'fill="#1e8f4e"' in svg and 'fill="#b8202f"' in svg


def test_a_chart_without_links_is_one_image_and_one_with_links_a_group():
    assert 'role="img"' in charts.bars("T", [charts.Bar("A", (1.0,))])
    assert 'role="img"' in charts.line("T", ["Q1"], [("A", [1.0])])
    assert 'role="group"' in charts.stacked("T", [charts.Segment("A", 1, "#111111", "/a")])


def test_the_line_breaks_where_a_period_has_no_value():
    svg = charts.line("Tren", ["Q1", "Q2", "Q3", "Q4"], [("Capaian", [90.0, None, 80.0, 85.0])])
    assert svg.count("<polyline") == 1  # Q3–Q4 joined; Q1 stands alone
    assert svg.count("<circle") == 3
    assert "90,0 %" in svg and "85,0 %" in svg


# -- the figures, in SQL ------------------------------------------------------------------------------------

def _dinkes() -> Agency:
    return db.session.scalar(select(Agency).where(Agency.code == "dinkes"))


def _scope(unit: Unit | None = None, agency: Agency | None = None) -> q.Scope:
    from kinerja_web.queries.ikm import years_of

    agency = agency or _dinkes()
    units = [u for u, _, _ in q.units_of(agency_id=agency.id)]
    year = years_of([agency.id])[agency.id]
    return q.Scope(agency, units, year.period, year.reviews, year.years, unit)


def _unit(name_part: str, agency: Agency | None = None) -> Unit:
    agency = agency or _dinkes()
    return db.session.scalar(select(Unit).where(Unit.agency_id == agency.id, Unit.name.like(f"%{name_part}%")))


def _expected(ind: PlanIndicator, to_date: Decimal, ended: int, count: int) -> float:
    rule = {"higher_is_better": HigherIsBetter(), "max_attainable": HigherIsBetter(),
            "lower_is_better": LowerIsBetter(), "range": RangeTarget()}[ind.scoring]
    due = period_target(ind.target_value, ind.aggregation, ended, count)
    upper = period_target(ind.target_upper, ind.aggregation, ended, count)
    return float(min(rule.percent(Target(TargetKind(ind.target_kind), due, upper), to_date), Decimal(200)))


def test_the_attainment_in_sql_is_the_national_formula_against_the_target_due(app):
    """Each indicator's attainment, computed by the dashboard's SQL, is the national rule's percent of the realisation
    to date (the ended review periods, rolled up as the indicator declares) against the annual target due after
    Q3 (summed targets pro rata), for the rules SQL writes out."""
    from kinerja_web.queries.progress import current_plans, progress

    checked = set()
    for agency in db.session.scalars(select(Agency)).all():
        scope = _scope(agency=agency)
        ind = q.indicators(q.scope_where(scope), TODAY)
        found = {row.id: row.pct for row in db.session.execute(select(ind.c.id, ind.c.pct))}
        ended = scope.ended(TODAY)
        plans = current_plans(db.session.scalars(select(Employee.id).where(Employee.agency_id == agency.id)).all())
        checked |= _compare(found, progress(plans, feedback=False), ended, len(scope.reviews))
    # every rule SQL writes out, and every roll-up, was compared at least once
    assert {s for s, _ in checked} == {"higher_is_better", "max_attainable", "lower_is_better", "range"}
    assert {a for _, a in checked} == {"sum", "last", "average"}


def _compare(found, progresses, ended, count) -> set:
    from kinerja_web.rules.aggregation import to_date

    checked = set()
    for pp in progresses:
        for ip in pp.indicators:
            kind = ip.indicator
            values = [ip.realizations[r.id].value if r.id in ip.realizations else None for r in ended]
            so_far = to_date(values, kind.aggregation)
            if kind.scoring not in ("higher_is_better", "max_attainable", "lower_is_better", "range") \
                    or kind.target_kind == "qualitative" or so_far is None:
                continue
            want = _expected(kind, so_far, len(ended), count)
            assert found[kind.id] == pytest.approx(want, rel=1e-6), (kind.name, kind.scoring, kind.aggregation)
            checked.add((kind.scoring, kind.aggregation))
    return checked


def test_a_lower_is_better_indicator_above_its_target_scores_below_100(app):
    scope = _scope()
    plan = plan_of("staf3.dinkes")
    target = plan.results[0].indicators[0]
    target.scoring, target.target_kind, target.aggregation = "lower_is_better", "single", "last"
    db.session.commit()
    ind = q.indicators(q.scope_where(scope), TODAY)
    row = db.session.execute(select(ind.c.to_date, ind.c.pct).where(ind.c.id == target.id)).one()
    expected = max(0.0, (2 - float(row.to_date) / float(target.target_value)) * 100)
    assert row.pct == pytest.approx(min(expected, 200.0))


def test_unit_figures_count_people_plans_and_what_is_missing(app):
    scope = _scope()
    figures = q.unit_figures(scope, TODAY)
    people = dict(db.session.execute(select(Employee.unit_id, func.count(Employee.id))
                                     .where(Employee.agency_id == scope.agency.id, Employee.active.is_(True))
                                     .group_by(Employee.unit_id)).all())
    assert {uid: f.people for uid, f in figures.items()} == people
    approved = db.session.scalar(select(func.count(func.distinct(Plan.employee_id)))
                                 .join(Employee, Employee.id == Plan.employee_id)
                                 .where(Employee.agency_id == scope.agency.id, Plan.status == "approved"))
    assert sum(f.skp for f in figures.values()) == approved
    # the demo leaves staf6 late with Q3 and staf.disdik / staf2 / staf4 without an approved SKP
    bidang = figures[_unit("Bidang").id]
    assert bidang.late_values >= 1 and bidang.late_skp == 2  # staf2 submitted, staf4 a draft
    assert bidang.evals_final < bidang.evals_due


def test_a_units_scope_holds_the_units_below_it(app):
    bidang = _unit("Bidang")
    scope = _scope(bidang)
    assert set(scope.unit_ids) == {bidang.id, _unit("Puskesmas").id}
    scope.own_only = True
    assert scope.unit_ids == [bidang.id]


def test_goals_without_supporting_work_are_listed_with_no_attainment(app):
    found = q.breakdown(_scope(), TODAY)
    goals = db.session.scalars(select(AgencyGoal.text).where(AgencyGoal.agency_id == _dinkes().id)).all()
    assert sorted(b.label for b in found["goal"]) == sorted(goals)
    supported = [b for b in found["goal"] if b.indicators]
    assert supported and all(b.attainment is not None for b in supported)
    assert any(not b.indicators for b in found["goal"])  # the demo's head serves two goals of four
    assert found["rhk"] and found["iki"]


def test_the_trend_has_one_point_per_ended_review_period(app):
    points = q.trend(_scope(), TODAY)
    assert [p.review.seq for p in points] == [1, 2, 3]
    assert all(p.due >= p.entered > 0 for p in points)
    assert points[0].final >= points[2].final  # the latest period is still being rated


# -- the pages ----------------------------------------------------------------------------------------------

def _links(page: str, pattern: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(rf'href="({pattern}[^"]*)"', page)]


def test_the_head_of_agency_sees_charts_tables_and_the_plugin_panels(login):
    page = login("kadis.dinkes").get("/dasbor").get_data(as_text=True)
    for chart in ("chart-attainment-units", "chart-progress-units", "chart-distribution", "chart-trend", "chart-goal",
                  "chart-rhk", "chart-iki"):
        assert f'data-testid="{chart}"' in page, chart
    assert page.count('<details class="chart-data">') >= 7  # every chart has its table
    assert 'data-testid="panel-kesehatan"' in page
    assert 'data-testid="card-ikm"' in page and "81,67" in page  # the Puskesmas survey


def test_every_drill_down_link_of_the_agency_dashboard_opens_its_rows(login):
    head = login("kadis.dinkes")
    page = head.get("/dasbor").get_data(as_text=True)
    links = set(_links(page, "/dasbor/"))
    assert any("/terlambat/" in h for h in links) and any("/predikat/" in h for h in links)
    assert any("/capaian" in h for h in links) and any("/dasbor/unit/" in h for h in links)
    for href in links:
        assert head.get(href).status_code == 200, href


def test_a_late_count_and_its_list_hold_the_same_people(login):
    head = login("kadis.dinkes")
    page = head.get("/dasbor").get_data(as_text=True)
    for kind in q.LATE_KINDS:
        link = re.search(rf'href="([^"]*/terlambat/{kind}[^"]*)" class="late" data-testid="late-{kind}">(\d+)',
                         page)
        listed = head.get(link.group(1).replace("&amp;", "&")).get_data(as_text=True)
        assert listed.count("<tr>") - 1 == int(link.group(2)), kind
    skp = head.get(f"/dasbor/{_dinkes().id}/terlambat/skp").get_data(as_text=True)
    assert employee("staf2.dinkes").name in skp and employee("staf4.dinkes").name in skp
    assert employee("staf3.dinkes").name not in skp


def test_a_predikat_count_leads_to_the_evaluations_with_that_predikat(login):
    agency = _dinkes()
    q3 = db.session.scalar(select(ReviewPeriod).join(ReviewPeriod.period).where(
        ReviewPeriod.seq == 3, ReviewPeriod.period.has(agency_id=agency.id)))
    head = login("kadis.dinkes")
    page = head.get(f"/dasbor?periode={q3.id}").get_data(as_text=True)
    counts = re.findall(r'href="([^"]*/predikat/(\w+)[^"]*)" data-testid="predicate-\w+">(\d+)', page)
    assert counts
    for href, predicate, n in counts:
        listed = head.get(href.replace("&amp;", "&")).get_data(as_text=True)
        assert listed.count("<tr>") - 1 == int(n)
        want = db.session.scalar(select(func.count(Evaluation.id)).join(Plan).join(
            Employee, Employee.id == Plan.employee_id).where(
            Employee.agency_id == agency.id, Evaluation.review_id == q3.id, Evaluation.status == "final",
            Evaluation.predicate == predicate))
        assert int(n) == want


def test_the_distribution_is_checked_against_the_curve_of_the_organisation_predikat(login):
    agency = _dinkes()
    q3 = db.session.scalar(select(ReviewPeriod).join(ReviewPeriod.period).where(
        ReviewPeriod.seq == 3, ReviewPeriod.period.has(agency_id=agency.id)))
    head = login("kadis.dinkes")
    assert 'data-testid="chart-curve"' not in head.get(f"/dasbor?periode={q3.id}").get_data(as_text=True)
    db.session.add(Calibration(agency_id=agency.id, year=q3.period.year, review_id=q3.id,
                               org_predicate="sangat_kurang"))
    db.session.commit()
    page = head.get(f"/dasbor?periode={q3.id}").get_data(as_text=True)
    assert 'data-testid="chart-curve"' in page and 'data-testid="curve-not-met"' in page  # few are Sangat Kurang


def test_an_attainment_leads_to_the_indicators_behind_it(login):
    head = login("kadis.dinkes")
    page = head.get("/dasbor").get_data(as_text=True)
    goal = next(h for h in _links(page, "/dasbor/") if "tujuan=" in h)
    listed = head.get(goal).get_data(as_text=True)
    assert 'data-testid="list-subject"' in listed and 'data-testid="attainment-list"' in listed
    everything = head.get(f"/dasbor/{_dinkes().id}/capaian").get_data(as_text=True)
    total = int(re.search(r'data-testid="list-total">(\d+)', everything).group(1))
    shown = int(re.search(r'data-testid="attainment-total">', page) is not None)
    assert total >= 10 and shown


def test_a_drill_down_list_counts_its_rows_beside_each_page_and_past_the_last(app, monkeypatch):
    """The total is counted in the page's own statement; a page past the end still knows the total."""
    from kinerja_web.queries import dashboard_lists

    monkeypatch.setattr(dashboard_lists, "LIST_PAGE", 5)
    monkeypatch.setenv("KINERJA_DASHBOARD_CACHE_MB", "0")
    scope = _scope()
    every = db.session.execute(select(func.count()).select_from(
        q.indicators(q.scope_where(scope), TODAY, cascade=False))).scalar()
    assert every > 10
    with count_queries() as counted:
        first, total = dashboard_lists._attainment_rows(scope, TODAY, None, None, None, 1)
    assert len(counted) == 1 and total == every and len(first) == 5
    second, again = dashboard_lists._attainment_rows(scope, TODAY, None, None, None, 2)
    assert again == every and len(second) == 5 and not set(first) & set(second)
    last = -(-every // 5)
    tail, _ = dashboard_lists._attainment_rows(scope, TODAY, None, None, None, last)
    assert 1 <= len(tail) <= 5
    past, beyond = dashboard_lists._attainment_rows(scope, TODAY, None, None, None, last + 3)
    assert past == [] and beyond == every


def test_a_unit_head_is_taken_to_their_units_dashboard_and_sees_the_units_below(login):
    kabid = login("kabid.dinkes")
    response = kabid.get("/dasbor")
    bidang = _unit("Bidang")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/dasbor/unit/{bidang.id}")
    page = kabid.get(f"/dasbor/unit/{bidang.id}").get_data(as_text=True)
    assert "UPTD Puskesmas" in page and employee("kadis.dinkes").name not in page
    assert kabid.get(f"/dasbor/unit/{_unit('Puskesmas').id}").status_code == 200


def test_every_link_on_a_unit_heads_dashboard_opens_within_what_they_may_see(login):
    """The breadcrumb names the agency and the office above the Bidang, but links neither: the kabid may not
    open them; every other link of the page answers."""
    kabid = login("kabid.dinkes")
    bidang = _unit("Bidang")
    page = kabid.get(f"/dasbor/unit/{bidang.id}").get_data(as_text=True)
    crumbs = page.split('class="dash-crumbs"', 1)[1].split("</nav>", 1)[0]
    assert "Sekretariat dan Pimpinan" in crumbs and "href" not in crumbs
    links = set(_links(page, "/dasbor/")) | set(_links(page, "/ikm/"))
    assert len(links) >= 8
    for href in links:
        assert kabid.get(href).status_code == 200, href


# who → (the Bidang's dashboard, the Sekretariat's, the agency's list of late SKP, a disdik unit, the province)
SEES = {
    "kadis.dinkes": (200, 200, 200, 404, 403),
    "kabid.dinkes": (200, 404, 404, 404, 403),
    "staf10.dinkes": (404, 404, 404, 404, 403),  # heads the Puskesmas only
    "staf.dinkes": (404, 404, 404, 404, 403),
    "admin.dinkes": (200, 200, 200, 404, 403),
    "kadis.disdik": (404, 404, 404, 200, 403),
    "admin": (200, 200, 200, 200, 200),
}


@pytest.mark.parametrize("who", SEES)
def test_each_role_sees_its_own_scope_and_nothing_by_changing_an_id(login, who):
    agency = _dinkes()
    disdik = db.session.scalar(select(Agency).where(Agency.code == "disdik"))
    urls = (f"/dasbor/unit/{_unit('Bidang').id}", f"/dasbor/unit/{_unit('Sekretariat').id}",
            f"/dasbor/{agency.id}/terlambat/skp", f"/dasbor/unit/{_unit('Bidang', disdik).id}", "/dasbor/provinsi")
    client = login(who)
    got = tuple(client.get(url).status_code for url in urls)
    assert got == SEES[who]


@pytest.mark.parametrize("url", ["/dasbor/{a}/terlambat/skp?unit={s}", "/dasbor/{a}/predikat/baik?unit={s}",
                                 "/dasbor/{a}/capaian?unit={s}", "/dasbor/{a}/capaian", "/dasbor/{o}/capaian?unit={b}",
                                 "/dasbor/{o}/terlambat/realisasi"])
def test_a_unit_head_cannot_widen_a_list_by_its_url(login, url):
    agency = _dinkes()
    disdik = db.session.scalar(select(Agency).where(Agency.code == "disdik"))
    filled = url.format(a=agency.id, s=_unit("Sekretariat").id, o=disdik.id, b=_unit("Bidang").id)
    response = login("kabid.dinkes").get(filled)
    assert response.status_code == 404
    assert employee("kadis.dinkes").name not in response.get_data(as_text=True)


def test_a_unit_head_opens_the_lists_of_their_unit(login):
    agency = _dinkes()
    kabid = login("kabid.dinkes")
    bidang = _unit("Bidang")
    for url in (f"/dasbor/{agency.id}/terlambat/realisasi?unit={bidang.id}",
                f"/dasbor/{agency.id}/capaian?unit={bidang.id}&sendiri=1",
                f"/dasbor/{agency.id}/predikat/baik?unit={bidang.id}"):
        assert kabid.get(url).status_code == 200, url


@pytest.mark.parametrize("url", ["/dasbor/{a}/terlambat/semua", "/dasbor/{a}/predikat/luar_biasa",
                                 "/dasbor/{a}/capaian?tujuan=999999", "/dasbor/{a}/capaian?rhk={other}",
                                 "/dasbor/999999/capaian", "/dasbor/unit/999999"])
def test_bad_ids_and_names_in_a_url_are_not_found(login, url):
    disdik_rhk = plan_of("kadis.disdik").results[0].id
    response = login("kadis.dinkes").get(url.format(a=_dinkes().id, other=disdik_rhk))
    assert response.status_code == 404


def test_odd_query_values_fall_back_instead_of_failing(login):
    head = login("kadis.dinkes")
    for url in ("/dasbor?tahun=abc", "/dasbor?periode=x", "/dasbor?tahun=1800",
                f"/dasbor/{_dinkes().id}/terlambat/skp?halaman=-3", f"/dasbor/{_dinkes().id}/capaian?unit=abc"):
        assert head.get(url).status_code == 200, url


def test_the_province_dashboard_has_a_row_per_agency_leading_to_its_dashboard(login):
    admin = login("admin")
    assert admin.get("/dasbor").headers["Location"].endswith("/dasbor/provinsi")
    page = admin.get("/dasbor/provinsi").get_data(as_text=True)
    agencies = db.session.scalars(select(Agency)).all()
    for agency in agencies:
        assert f"/dasbor?instansi={agency.code}" in page
    assert 'data-testid="chart-attainment-agencies"' in page
    for href in set(_links(page, "/dasbor")) - {"/dasbor"}:  # the navigation's /dasbor comes back here
        assert admin.get(href).status_code == 200, href


def test_the_dashboard_reads_in_english(login):
    client = login("kadis.dinkes")
    client.post("/language", {"locale": "en", "next": "/dasbor"})
    page = client.get("/dasbor").get_data(as_text=True)
    assert "Attainment per unit" in page and "Predikat against the curve" in page
    assert re.search(r"\d+\.\d %", page)  # English notation: 97.4 %


def test_the_dashboards_cost_a_fixed_number_of_statements(login):
    head, kabid, admin = login("kadis.dinkes"), login("kabid.dinkes"), login("admin")
    bidang = _unit("Bidang")
    for client, url in ((head, "/dasbor"), (kabid, f"/dasbor/unit/{bidang.id}"), (admin, "/dasbor/provinsi")):
        client.get(url)
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        assert len(statements) <= 10, (url, len(statements))


def test_units_without_people_are_left_out_of_the_chart(app, login):
    agency = _dinkes()
    db.session.add(Unit(agency_id=agency.id, name="Unit Kosong Tanpa Pegawai", parent_id=_unit("Bidang").id))
    db.session.commit()
    page = login("kadis.dinkes").get("/dasbor").get_data(as_text=True)
    assert "Unit Kosong Tanpa Pegawai" not in page


def test_a_plan_without_realisations_counts_as_missing_not_as_zero(app):
    scope = _scope()
    plan = plan_of("staf3.dinkes")
    fresh = Plan(employee_id=plan.employee_id, period_id=plan.period_id, status="approved", version=9)
    fresh.results.append(WorkResult(text="RHK baru", indicators=[PlanIndicator(name="IKI baru", aspect="kuantitas",
                                                                               target_value=10)]))
    plan.status = "superseded"
    db.session.add(fresh)
    db.session.commit()
    ind = q.indicators(q.scope_where(scope), TODAY)
    row = db.session.execute(select(ind.c.pct).where(ind.c.plan_id == fresh.id)).one()
    assert row.pct is None
    figures = q.unit_figures(scope, TODAY)
    assert sum(f.late_values for f in figures.values()) >= 2


def test_the_unit_table_shows_one_level_below_with_whole_subtrees(app):
    """The agency's table: its top unit's own staff, then each unit below it with everyone under it; the rows
    add up to the agency, and a row's figures are its subtree's (the table grows with one level's fan-out)."""
    from kinerja_web.dashboard import page
    from tests.web.test_dashboard_cache import _scope

    scope = _scope()
    figures = q.unit_figures(scope, TODAY)
    with app.test_request_context():
        rows = page.unit_rows(scope, figures)
    assert {r["depth"] for r in rows} <= {0, 1} and len(rows) > 1
    assert rows[0]["own"] and "sendiri=1" in rows[0]["late"]["skp"]
    assert sum(r["fig"].people for r in rows) == sum(f.people for f in figures.values())
    assert sum(r["fig"].values_entered for r in rows) == sum(f.values_entered for f in figures.values())
    for r in rows[1:]:
        below = q.subtree(scope.units, r["unit"].id)
        assert not r["own"] and "sendiri" not in r["late"]["skp"]
        assert r["fig"].people == sum(figures[u].people for u in below if u in figures)
