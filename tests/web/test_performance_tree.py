"""The performance tree (pohon kinerja): structure, orphans, unsupported goals, coverage, who sees what.

The tests build the dinkes year 2027 by hand beside the demo's 2026, with stored evaluation scores whose
attainments are round numbers, so every coverage figure below is computed by hand from this fixture:

    goal A  ── H1 (kadis, 80) ── K1 (kabid, 100) ── S1 (staf, 60)
                              └─ K2 (kabid, 70; a qualitative indicator without capaian) ── T1 (staf2, 50)
    goal B  ── H2 (kadis, 90)
    goal C  (nobody's work)
    orphan: T2 (staf2, 40); S2 is an additional RHK (not cascaded, so neither in the tree nor an orphan)

kabid's SKP was revised: S1 links to K1 of the superseded version and follows it to the K1 in force.
staf4's SKP is a draft and does not count; an open evaluation's scores do not count either.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import AgencyGoal, Evaluation, Period, Plan, PlanIndicator, WorkResult
from kinerja_web.review_periods import make_review_periods
from tests.helpers import employee

YEAR = 2027


def _plan(username, status, results, version=1, previous=None):
    emp = employee(username)
    period = db.session.scalar(select(Period).where(Period.agency_id == emp.agency_id, Period.year == YEAR))
    plan = Plan(employee_id=emp.id, period_id=period.id, status=status, version=version,
                previous_id=previous.id if previous else None, supervisor_id=emp.supervisor_id)
    for n, (kind, text, parent, goal) in enumerate(results):
        result = WorkResult(kind=kind, text=text, position=n, parent_id=parent.id if parent else None,
                            goal_id=goal.id if goal else None)
        result.indicators.append(PlanIndicator(name=f"IKI {text}", aspect="kuantitas", target_value=100,
                                               unit="dokumen"))
        plan.results.append(result)
    db.session.add(plan)
    db.session.flush()
    return plan


def _scores(plan, review, percents, status="final"):
    db.session.add(Evaluation(plan_id=plan.id, review_id=review.id if review else None, status=status,
                              scores=[{"result_id": r.id, "percent": p, "name": "IKI"}
                                      for r, p in percents]))


@pytest.fixture
def year(app):
    """The hand-built 2027 of dinkes; returns its RHK and goals by name."""
    kadis = employee("kadis.dinkes")
    period = Period(agency_id=kadis.agency_id, year=YEAR, cadence="quarterly")
    make_review_periods(period)
    goals = {k: AgencyGoal(agency_id=kadis.agency_id, year=YEAR, text=text) for k, text in
             (("A", "Tujuan A: layanan kesehatan merata"), ("B", "Tujuan B: gizi balita"),
              ("C", "Tujuan C: penyakit menular terkendali"))}
    db.session.add_all([period, *goals.values()])
    db.session.flush()
    q1 = period.reviews[0]
    head = _plan("kadis.dinkes", "approved", [("utama", "H1 layanan merata", None, goals["A"]),
                                              ("utama", "H2 gizi balita", None, goals["B"])])
    old = _plan("kabid.dinkes", "superseded", [("utama", "K1 puskesmas terakreditasi", head.results[0], None)])
    unit = _plan("kabid.dinkes", "approved", [("utama", "K1 puskesmas terakreditasi", head.results[0], None),
                                              ("utama", "K2 imunisasi lengkap", head.results[0], None)],
                 version=2, previous=old)
    staf = _plan("staf.dinkes", "approved", [("utama", "S1 akreditasi puskesmas Way Halim", old.results[0], None),
                                             ("tambahan", "S2 panitia HUT", None, None)])
    staf2 = _plan("staf2.dinkes", "approved", [("utama", "T1 imunisasi desa Sukarame", unit.results[1], None),
                                               ("utama", "T2 lomba kebersihan kantor", None, None)])
    _plan("staf4.dinkes", "draft", [("utama", "D1 draf belum diajukan", unit.results[0], None)])
    h1, h2 = head.results
    k1, k2 = unit.results
    s1, s2 = staf.results
    t1, t2 = staf2.results
    _scores(head, q1, [(h1, "80"), (h2, "90")])
    _scores(unit, q1, [(k1, "100"), (k2, "70"), (k2, None)])
    _scores(staf, q1, [(s1, "60"), (s2, "100")])
    _scores(staf2, q1, [(t1, "50"), (t2, "40")])
    _scores(staf, period.reviews[1], [(s1, "10")], status="open")  # not rated yet: not counted
    _scores(staf, None, [(s1, "75")])  # the annual evaluation
    db.session.commit()
    return {"goals": goals, "H1": h1, "H2": h2, "K1": k1, "K2": k2, "S1": s1, "S2": s2, "T1": t1, "T2": t2,
            "old_K1": old.results[0]}


def _page(client, **args):
    query = "&".join(f"{k}={v}" for k, v in {"tahun": YEAR, "periode": 1, **args}.items())
    response = client.get(f"/pohon-kinerja?{query}")
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _coverage(page, goal) -> tuple[str, str]:
    row = page.split(f'data-testid="coverage-{goal.id}"', 1)[1].split("</tr>", 1)[0]
    people = re.search(r'data-testid="people"[^>]*>(\d+)<', row).group(1)
    attainment = re.search(r'data-testid="capaian"[^>]*>([^<]+)<', row).group(1)
    return people, attainment


def _drawn(page) -> list[int]:
    return [int(n) for n in re.findall(r'data-testid="node-(\d+)"', page)]


def _under(page, node) -> list[int]:
    """The RHK drawn inside ``node``'s list item."""
    start = page.rindex("<li", 0, page.index(f'data-testid="node-{node.id}"'))
    depth = 0
    for match in re.finditer(r"<li\b|</li>", page[start:]):
        depth += 1 if match.group(0) == "<li" else -1
        if depth == 0:
            return [n for n in _drawn(page[start:start + match.end()]) if n != node.id]
    raise AssertionError("unclosed list item")


def test_the_tree_runs_from_the_goals_through_the_supervisors_rhk_to_the_staff_rhk(login, year):
    page = _page(login("kadis.dinkes"))
    goals = year["goals"]
    assert [int(g) for g in re.findall(r'data-testid="goal-(\d+)"', page)] == [g.id for g in goals.values()]
    tree = page.split('class="tree-goals"', 1)[1].split("</section>", 1)[0]
    assert set(_drawn(tree)) == {year[k].id for k in ("H1", "H2", "K1", "K2", "S1", "T1")}
    assert set(_under(page, year["H1"])) == {year[k].id for k in ("K1", "K2", "S1", "T1")}
    assert _under(page, year["K1"]) == [year["S1"].id]  # linked to the superseded K1, shown under the K1 in force
    assert _under(page, year["K2"]) == [year["T1"].id]
    assert year["old_K1"].id not in _drawn(page)
    assert "S2 panitia HUT" not in page and "D1 draf" not in page  # an additional RHK; a draft SKP


def test_orphans_and_unsupported_goals_are_listed(login, year):
    page = _page(login("kadis.dinkes"))
    orphans = page.split('data-testid="orphans"', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'data-testid="orphan-(\d+)"', orphans) == [str(year["T2"].id)]
    assert "T2 lomba kebersihan kantor" in orphans and employee("staf2.dinkes").name in orphans
    unsupported = page.split('data-testid="unsupported"', 1)[1].split("</ul>", 1)[0]
    assert "Tujuan C" in unsupported and "Tujuan A" not in unsupported and "Tujuan B" not in unsupported


def test_coverage_per_goal_counts_people_and_the_stored_attainment_of_the_period(login, year):
    client = login("kadis.dinkes")
    goals = year["goals"]
    page = _page(client)
    # A: kadis, kabid, staf, staf2; (80 + 100 + 70 + 60 + 50) / 5 = 72 (K2's unscored qualitative left out)
    assert _coverage(page, goals["A"]) == ("4", "72,0 %")
    assert _coverage(page, goals["B"]) == ("1", "90,0 %")
    assert _coverage(page, goals["C"]) == ("0", "–")
    annual = _page(client, periode="tahunan")
    assert _coverage(annual, goals["A"]) == ("4", "75,0 %")  # only staf's annual evaluation is in
    q2 = _page(client, periode=2)
    assert _coverage(q2, goals["A"]) == ("4", "–")  # Q2 is open: its scores are not the appraiser's yet


def test_a_unit_head_sees_their_units_part_with_the_chain_above_as_context(login, year):
    goals = year["goals"]
    page = _page(login("kabid.dinkes"))
    assert 'data-testid="scope">The RHK of the people of your unit' in page or "RHK pegawai di unit Anda" in page
    drawn = set(_drawn(page))
    assert {year[k].id for k in ("H1", "K1", "K2", "S1", "T1")} <= drawn
    assert year["H2"].id not in drawn  # the head's other RHK has nothing of the unit below it
    assert "tree-node tree-context" in page.split(f'data-testid="node-{year["H1"].id}"', 1)[0][-80:]
    # kabid, staf, staf2; (100 + 70 + 60 + 50) / 4 = 70
    assert _coverage(page, goals["A"]) == ("3", "70,0 %")
    assert _coverage(page, goals["B"]) == ("0", "–")


def test_staff_see_their_own_chain_only(login, year):
    page = _page(login("staf.dinkes"))
    drawn = set(_drawn(page))
    assert drawn == {year["H1"].id, year["K1"].id, year["S1"].id}
    assert "Tujuan A" in page and "Tujuan B" not in page and "Tujuan C" not in page
    assert "T1 imunisasi" not in page and employee("staf2.dinkes").name not in page
    assert 'data-testid="unsupported"' not in page
    assert _coverage(page, year["goals"]["A"]) == ("1", "60,0 %")


def test_changing_the_branch_id_never_reveals_someone_elses_rhk(login, year):
    client = login("staf.dinkes")
    page = _page(client, fokus=year["T1"].id)  # a colleague's RHK: not in this person's tree
    assert "T1 imunisasi" not in page and 'data-testid="focus"' not in page
    page = _page(client, fokus=year["T2"].id)
    assert "T2 lomba" not in page


@pytest.mark.parametrize("who", ["staf.disdik", "kabid.disdik", "admin.disdik"])
def test_another_agencys_tree_is_not_found(login, year, who):
    client = login(who)
    assert client.get(f"/pohon-kinerja?instansi=dinkes&tahun={YEAR}").status_code == 404
    assert client.get("/pohon-kinerja?instansi=tidak-ada").status_code == 404
    assert client.get("/pohon-kinerja").status_code == 200  # their own agency


@pytest.mark.parametrize("who", ["admin", "admin.dinkes"])
def test_admins_see_the_whole_agency(login, year, who):
    page = _page(login(who), instansi="dinkes")
    assert {year[k].id for k in ("H1", "H2", "K1", "K2", "S1", "T1")} <= set(_drawn(page))
    assert _coverage(page, year["goals"]["A"]) == ("4", "72,0 %")


def test_the_search_keeps_the_matching_rhk_and_the_chain_above_them(login, year):
    page = _page(login("kadis.dinkes"), q="sukarame")
    assert set(_drawn(page)) == {year["H1"].id, year["K2"].id, year["T1"].id}
    assert 'data-testid="search-result">1 RHK' in page
    page = _page(login("kadis.dinkes"), q=employee("staf.dinkes").name.split(",")[0].replace(" ", "+"))
    assert year["S1"].id in _drawn(page) and year["T1"].id not in _drawn(page)


def test_a_large_tree_draws_whole_levels_and_links_to_the_branches_left_out(login, year, monkeypatch):
    from kinerja_web.tree import shape

    monkeypatch.setattr(shape, "MAX_NODES", 4)
    client = login("kadis.dinkes")
    page = _page(client)
    assert set(_drawn(page)) == {year[k].id for k in ("H1", "H2", "K1", "K2")}  # a third level would not fit
    assert f'data-testid="open-branch-{year["K1"].id}"' in page
    branch = _page(client, fokus=year["K1"].id)
    assert set(_drawn(branch)) == {year["H1"].id, year["K1"].id, year["S1"].id}
    assert 'data-testid="focus"' in branch


def test_the_tree_reads_in_english(login, year):
    client = login("kadis.dinkes")
    client.post("/language", {"locale": "en"})
    page = _page(client)
    assert "Coverage per goal" in page and "Goals no one's work supports" in page
    assert _coverage(page, year["goals"]["A"]) == ("4", "72.0 %")


def test_the_whole_agency_view_shares_one_counted_tree_that_no_narrower_view_changes(login, year, app):
    """The head's view reuses the worker's counted tree while nothing changes; a unit head's narrower view
    between two of them cuts its own copy, so the head's coverage stays whole; a change makes a new tree."""
    from kinerja_web.queries import tree as tree_query

    app.config["DASHBOARD_CACHE_MB"] = 64
    app.extensions.pop("kinerja_dashboard_cache", None)
    app.extensions.pop("kinerja_shared_objects", None)
    head, goals = login("kadis.dinkes"), year["goals"]
    first = _page(head)
    with app.test_request_context():
        review = db.session.scalar(select(Period).where(Period.year == YEAR)).reviews[0].id
        agency = employee("kadis.dinkes").agency_id
        shared = tree_query.load_whole(agency, YEAR, review)
        assert tree_query.load_whole(agency, YEAR, review) is shared
    _page(login("kabid.dinkes"))
    again = _page(login("kadis.dinkes"))
    assert _coverage(again, goals["A"]) == _coverage(first, goals["A"]) == ("4", "72,0 %")
    with app.test_request_context():
        assert tree_query.load_whole(agency, YEAR, review) is shared
        assert all(node.in_scope for node in shared.nodes.values())
        goal = db.session.get(AgencyGoal, goals["C"].id)
        goal.text = "Tujuan C: penyakit menular terkendali (diubah)"
        db.session.commit()
        assert tree_query.load_whole(agency, YEAR, review) is not shared
