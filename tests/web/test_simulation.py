"""Simulating a candidate rule change (issue 12): the page, the xlsx, the CLI, adoption, recompute's proof, access.

The demo's Dinas Kesehatan declares one candidate (``kinerja_kesehatan.candidates``): ``cakupan_spm`` v2, under
which full SPM coverage meets expectation instead of exceeding it. In the demo's finished periods some dinkes
staff were suggested Di Atas Ekspektasi on SPM coverage alone and rated so: they are the people who move.
"""
from __future__ import annotations

import hashlib
import io
import time
from datetime import date

import pytest
from flask.globals import _cv_app
from openpyxl import load_workbook
from sqlalchemy import Text, cast, func, select

from kinerja_web.evaluation import service
from kinerja_web.extensions import db
from kinerja_web.models import (
    Agency,
    AuditEntry,
    Employee,
    Evaluation,
    Period,
    Plan,
    ReviewPeriod,
    RuleAdoption,
    User,
)
from kinerja_web.recompute import differences
from kinerja_web.simulation import runs
from tests.helpers import count_queries

CANDIDATE = "spm_standar_minimal"


def agency(code: str) -> Agency:
    return db.session.scalar(select(Agency).where(Agency.code == code))


def reviews(code: str) -> list[ReviewPeriod]:
    return list(db.session.scalars(select(ReviewPeriod).join(Period).join(Agency).where(Agency.code == code)
                                   .order_by(Period.year, ReviewPeriod.seq)))


def stored_results() -> tuple[int, str]:
    """How many evaluations there are and a digest of everything a result is made of."""
    rows = db.session.execute(select(Evaluation.id, Evaluation.status, cast(Evaluation.scores, Text),
                                     Evaluation.results_suggested, Evaluation.results_final, Evaluation.predicate,
                                     Evaluation.content_hash, cast(Evaluation.provenance, Text))
                              .order_by(Evaluation.id)).all()
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()


def fetch(client, url):
    """GET a streamed download outside the test's app context, as a server would: (status, body)."""
    token = _cv_app.set(None)
    try:
        response = client.http.get(url)
        return response.status_code, b"".join(response.response) if response.status_code == 200 else b""
    finally:
        _cv_app.reset(token)


def test_page_shows_what_changes_per_unit_and_who_moves_with_the_rule_that_moved_them(login, app):
    before = stored_results()
    page = login("kadis.dinkes").get(f"/simulasi/{agency('dinkes').id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Cakupan SPM penuh = Sesuai Ekspektasi" in html and 'data-testid="units"' in html
    assert 'data-testid="mover"' in html
    # the explanation: the stored rule and version, the candidate's, and the inputs
    assert "<code>cakupan_spm</code> v1" in html and "<code>cakupan_spm</code> v2" in html
    assert "Sangat Baik" in html and 'data-testid="predicate-after">Baik<' in html
    assert stored_results() == before  # nothing stored changed


def test_replay_counts_match_the_stored_results_it_moves(app):
    from kinerja_web.evaluation.rule_sets import CandidateRules
    from kinerja_web.simulation.replay import replay

    dinkes = agency("dinkes")
    declared = app.extensions["kinerja_registry"].candidates[("dinkes", CANDIDATE)]
    ended = [r for r in reviews("dinkes") if r.ends_on < date(2026, 11, 23)]
    result = replay(dinkes, CandidateRules(declared), ended[-1].id, ended[-1].period.year, batch_size=2)
    finals = db.session.scalar(select(func.count()).select_from(Evaluation).join(Plan).join(
        Employee, Employee.id == Plan.employee_id).where(
        Employee.agency_id == dinkes.id, Evaluation.review_id == ended[-1].id, Evaluation.status == "final"))
    assert result.total == finals == sum(result.before.values()) == sum(result.after.values())
    assert result.changed["predicate"] >= 1
    for m in result.movers:  # every move is explained: above expectation on SPM coverage, now meets it
        assert (m.suggested_before, m.suggested_after) == ("di_atas", "sesuai")
        assert all(c.top_before and not c.top_after and c.rule_after["version"] == 2 for c in m.changes)
        assert m.predicate_after != m.predicate_before or m.overridden


def test_xlsx_lists_units_distribution_and_each_indicator_that_moved_someone(login, app):
    before = stored_results()
    status, body = fetch(login("admin.dinkes"), f"/simulasi/{agency('dinkes').id}/xlsx")
    assert status == 200
    book = load_workbook(io.BytesIO(body), read_only=True)
    assert len(book.sheetnames) == 3
    people = list(book.worksheets[2].values)
    header, rows = people[0], people[1:]
    assert rows and "Aturan sebelum" in header
    rule_before, rule_after = header.index("Aturan sebelum"), header.index("Aturan sesudah")
    assert {(r[rule_before], r[rule_after]) for r in rows} == {
        ("cakupan_spm v1 (kesehatan 2.1.0)", "cakupan_spm v2 (kesehatan 2.1.0)")}
    assert stored_results() == before


def test_cli_prints_the_changes_with_progress_and_writes_the_xlsx(app, tmp_path):
    before = stored_results()
    target = tmp_path / "simulasi.xlsx"
    result = app.test_cli_runner().invoke(args=["kinerja", "simulate", "dinkes", "--xlsx",
                                                               str(target)])
    assert result.exit_code == 0, result.output
    assert "predikat would change; nothing was written" in result.output
    assert "cakupan_spm v1 kesehatan 2.1.0) -> " in result.output and "Simulating" in result.output
    assert load_workbook(target, read_only=True).sheetnames[2]
    assert stored_results() == before
    missing = app.test_cli_runner().invoke(args=["kinerja", "simulate", "disdik"])
    assert missing.exit_code != 0 and "No candidate rule set" in missing.output


def _open_review():
    return next(r for r in reviews("dinkes") if r.ends_on >= date(2026, 11, 23))


@pytest.mark.parametrize(("start", "reason", "problem"), [
    ("ended", "Sesuai Permenkes", "Pilih salah satu pilihan"),  # an ended period is not offered
    ("open", "   ", "wajib diisi"),
])
def test_adoption_refuses_an_ended_start_period_and_a_missing_reason(login, start, reason, problem):
    review = _open_review() if start == "open" else reviews("dinkes")[0]
    response = login("kadis.dinkes").post(f"/simulasi/{agency('dinkes').id}/adopsi?kandidat={CANDIDATE}",
                                          {"start": str(review.id), "reason": reason})
    assert response.status_code == 422 and problem in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(RuleAdoption)) == 0


def test_adoption_is_audited_and_recompute_proves_both_sides_of_the_start_period(login, app):
    dinkes, review = agency("dinkes"), _open_review()
    kadis = login("kadis.dinkes")
    response = kadis.post(f"/simulasi/{dinkes.id}/adopsi?kandidat={CANDIDATE}",
                          {"start": str(review.id), "reason": "SPM adalah standar minimal"})
    assert response.status_code == 302
    row = db.session.scalar(select(RuleAdoption))
    assert (row.candidate_code, row.candidate_version, row.plugin, row.start_review_id) == (
        CANDIDATE, 1, "kesehatan", review.id)
    db.session.refresh(dinkes)
    assert dinkes.rules_adopted == [[CANDIDATE, 1, review.period.year, review.seq]]
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "rules.adopt"))
    assert audit.note == "SPM adalah standar minimal" and audit.agency_id == dinkes.id
    assert "SPM adalah standar minimal" in kadis.get(f"/simulasi/{dinkes.id}").get_data(as_text=True)
    # results before the start period keep their rules: recompute finds nothing to report
    assert list(differences()) == []
    # from the start period on the engine uses the candidate, and recompute proves it with the candidate
    plan = db.session.scalar(select(Plan).join(Employee, Employee.id == Plan.employee_id)
                             .join(User, User.employee_id == Employee.id)
                             .where(User.username == "staf5.dinkes", Plan.status == "approved"))
    ev = Evaluation(plan_id=plan.id, review_id=review.id, status="final")
    db.session.add(ev)
    db.session.flush()
    with app.test_request_context():
        service.compute(ev)
    db.session.commit()
    spm = [s["rule"] for s in ev.scores if s["rule"]["code"] == "cakupan_spm"]
    assert spm and {r["version"] for r in spm} == {2}
    assert list(differences()) == []
    # and a start period moved back over final results shows up as differences: the proof can fail
    dinkes.rules_adopted = [[CANDIDATE, 1, 2000, 1]]
    db.session.commit()
    assert list(differences())


def test_an_adopted_candidate_no_longer_declared_stops_the_engine_with_its_name(app):
    from kinerja_web.evaluation.rule_sets import MissingCandidate, RuleBook

    book = RuleBook()
    assert book.rules("dinkes", 2026, 3, [[CANDIDATE, 1, 2026, 4]]) is book.base  # before the start: in force
    assert book.rules("dinkes", 2026, 4, [[CANDIDATE, 1, 2026, 4]]).candidate.code == CANDIDATE
    with pytest.raises(MissingCandidate, match=f"{CANDIDATE}' v2"):
        book.rules("dinkes", 2026, 4, [[CANDIDATE, 2, 2026, 4]])


@pytest.mark.parametrize(("start", "message"), [
    ("ended", "belum berakhir"), ("again", "sudah ada perubahan aturan yang diadopsi")])
def test_the_workflow_refuses_an_ended_start_and_a_start_before_an_adopted_one(app, start, message):
    from kinerja_web.workflow import TransitionError
    from kinerja_web.workflow.adoption import adopt

    dinkes, kadis = agency("dinkes"), db.session.scalar(select(User).where(User.username == "kadis.dinkes"))
    declared = app.extensions["kinerja_registry"].candidates[("dinkes", CANDIDATE)]
    with app.test_request_context():
        if start == "again":
            adopt(dinkes, kadis, declared, _open_review(), "Pertama")
        with pytest.raises(TransitionError) as refused:
            adopt(dinkes, kadis, declared, _open_review() if start == "again" else reviews("dinkes")[0], "Kedua")
    assert message in str(refused.value.fields["start"][0]).lower()
    assert db.session.scalar(select(func.count()).select_from(RuleAdoption)) == (start == "again")


@pytest.mark.parametrize(("user", "get", "adopt"), [
    ("kadis.dinkes", 200, 302),
    ("admin.dinkes", 200, 403),
    ("admin", 200, 302),
    ("kabid.dinkes", 404, 404),
    ("staf.dinkes", 404, 404),
    ("admin.disdik", 404, 404),
    ("kadis.disdik", 404, 404),
])
def test_only_the_agency_leaders_reach_its_simulation(login, user, get, adopt):
    dinkes = agency("dinkes")
    client = login(user)
    assert client.get(f"/simulasi/{dinkes.id}").status_code == get
    assert fetch(client, f"/simulasi/{dinkes.id}/xlsx")[0] == get
    posted = client.post(f"/simulasi/{dinkes.id}/adopsi?kandidat={CANDIDATE}",
                         {"start": str(_open_review().id), "reason": "Uji akses"})
    assert posted.status_code == adopt
    assert db.session.scalar(select(func.count()).select_from(RuleAdoption)) == (1 if adopt == 302 else 0)


@pytest.mark.parametrize("query", ["?periode=999999", "?kandidat=tidak_ada", "?periode=tahunan-1999",
                                   "?periode=abc", "?periode=tahunan-x"])
def test_an_unknown_period_or_candidate_is_a_404_not_a_500(login, query):
    assert login("kadis.dinkes").get(f"/simulasi/{agency('dinkes').id}{query}").status_code == 404


def test_a_years_annual_evaluations_can_be_replayed(login, app):
    dinkes = agency("dinkes")
    year = reviews("dinkes")[0].period.year
    annual = Evaluation(plan_id=_moving_evaluation().plan_id, review_id=None, status="final",
                        scores=_moving_evaluation().scores, results_suggested="di_atas", results_final="di_atas",
                        behaviour_final="di_atas", predicate="sangat_baik")
    db.session.add(annual)
    db.session.commit()
    html = login("kadis.dinkes").get(f"/simulasi/{dinkes.id}?periode=tahunan-{year}").get_data(as_text=True)
    assert f"Tahunan {year}" in html and "1 penilaian final diputar ulang" in html
    assert 'data-testid="predicate-after">Baik<' in html


def _moving_evaluation() -> Evaluation:
    """A final dinkes evaluation of the latest ended period that the candidate moves."""
    ended = [r for r in reviews("dinkes") if r.ends_on < date(2026, 11, 23)][-1]
    return db.session.scalar(select(Evaluation).join(Plan).join(Employee, Employee.id == Plan.employee_id).where(
        Employee.agency_id == agency("dinkes").id, Evaluation.review_id == ended.id, Evaluation.status == "final",
        Evaluation.results_suggested == "di_atas"))


def _more_final_evaluations(n: int) -> None:
    """``n`` more final dinkes evaluations in the replayed period, copies of one that moves."""
    dinkes = agency("dinkes")
    ended = [r for r in reviews("dinkes") if r.ends_on < date(2026, 11, 23)][-1]
    model = db.session.scalar(select(Evaluation).join(Plan).join(Employee, Employee.id == Plan.employee_id).where(
        Employee.agency_id == dinkes.id, Evaluation.review_id == ended.id, Evaluation.status == "final",
        Evaluation.results_suggested == "di_atas"))
    for k in range(n):
        emp = Employee(agency_id=dinkes.id, unit_id=model.plan.employee.unit_id, name=f"Salinan {k}",
                       nip=f"19900101201501{k % 2 + 1}{200 + k:03d}"[:18], position_id=model.plan.employee.position_id)
        plan = Plan(employee=emp, period_id=model.plan.period_id, status="approved")
        db.session.add_all([emp, plan])
        db.session.flush()
        db.session.add(Evaluation(plan_id=plan.id, review_id=ended.id, status="final", scores=model.scores,
                                  results_suggested="di_atas", results_final="di_atas", behaviour_final="di_atas",
                                  predicate="sangat_baik", provenance=model.provenance))
    db.session.commit()


def _forget_results(app) -> None:
    with app.test_request_context():
        for kept in runs.folder().glob("*.json"):
            kept.unlink()


def test_the_replay_costs_the_same_statements_for_few_and_many_evaluations_and_is_kept(login, app):
    client = login("kadis.dinkes")
    url = f"/simulasi/{agency('dinkes').id}"
    client.get(url)
    _forget_results(app)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    with count_queries() as kept:  # the same final evaluations: the result kept, nothing replayed
        assert 'data-testid="mover"' in client.get(url).get_data(as_text=True)
    _more_final_evaluations(30)  # a new final evaluation is a new result
    with count_queries() as many:
        html = client.get(url).get_data(as_text=True)
    assert "Salinan 29" in html or "Halaman 1 dari" in html
    assert len(many) == len(few) <= 14 and len(kept) < len(few)


def test_a_large_agency_is_replayed_in_the_background_and_the_page_follows_its_progress(login, app):
    app.config["SIMULATION_BACKGROUND_EVALUATIONS"] = 0
    client = login("admin.dinkes")
    url = f"/simulasi/{agency('dinkes').id}"
    waiting = client.get(url).get_data(as_text=True)
    assert 'data-testid="run-form"' in waiting and 'data-testid="mover"' not in waiting
    assert client.post(f"{url}/jalankan?kandidat={CANDIDATE}").status_code == 302
    for _ in range(120):  # the thread's own session reads the same database
        page = client.get(url)
        if 'data-testid="mover"' in page.get_data(as_text=True):
            break
        assert page.headers.get("Refresh") == "2" and 'data-testid="progress"' in page.get_data(as_text=True)
        time.sleep(0.5)
    else:
        pytest.fail("the background simulation did not finish within a minute")
    assert "Refresh" not in page.headers
