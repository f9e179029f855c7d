"""Starting an SKP in one click, from a proposal, and editing it in place."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from kinerja_web.extensions import db
from kinerja_web.models import AuditEntry, Period, Plan, PlanIndicator, WorkResult
from kinerja_web.workflow import submission_problems
from tests.helpers import employee, plan_of


def _period(username="staf.disdik"):
    return db.session.scalar(select(Period).where(Period.agency_id == employee(username).agency_id)
                             .order_by(Period.year.desc()).limit(1))


def _plans_of(username):
    return db.session.scalar(select(func.count(Plan.id)).where(Plan.employee_id == employee(username).id))


def _last_year_plan(username):
    """An approved SKP of the year before the demo year, with one RHK and one indicator."""
    current = _period(username)
    old = db.session.scalar(select(Period).where(Period.agency_id == current.agency_id,
                                                 Period.year == current.year - 1))
    if old is None:
        old = Period(agency_id=current.agency_id, year=current.year - 1, cadence="quarterly")
        db.session.add(old)
    plan = Plan(employee_id=employee(username).id, period=old, status="approved", resources="Laptop")
    result = WorkResult(kind="utama", text="Tersusunnya modul ajar", position=0)
    result.indicators.append(PlanIndicator(name="Jumlah modul ajar", aspect="kuantitas", unit="modul",
                                           target_kind="single", target_value=Decimal(4), aggregation="sum"))
    plan.results.append(result)
    db.session.add(plan)
    db.session.commit()
    return plan


def test_a_person_without_an_skp_lands_on_my_skp_with_a_one_click_start(login):
    staff = login("staf.disdik")
    home = staff.get("/")
    assert home.status_code == 302 and home.headers["Location"].endswith("/skp")
    page = staff.get("/skp").get_data(as_text=True)
    assert f"Mulai SKP saya {_period().year}" in page
    assert 'data-testid="start-from-supervisor"' in page
    assert 'data-testid="start-from-previous"' not in page  # no SKP of an earlier year


def test_one_click_start_creates_a_draft_with_the_default_approach(login):
    staff = login("staf.disdik")
    staff.get("/skp")
    response = staff.post("/skp/mulai", {"period_id": _period().id})
    plan = plan_of("staf.disdik")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/skp/{plan.id}")
    assert (plan.status, plan.approach, plan.version, plan.results) == ("draft", "kuantitatif", 1, [])
    again = staff.post("/skp/mulai", {"period_id": _period().id})  # the button pressed twice
    assert again.status_code == 302 and _plans_of("staf.disdik") == 1


def test_the_supervisor_proposal_links_each_rhk_and_takes_the_catalogue_indicators(login):
    staff = login("staf.disdik")
    staff.get("/skp")
    assert staff.post("/skp/mulai/atasan", {"period_id": _period().id}).status_code == 302
    plan = plan_of("staf.disdik")
    boss = plan_of("kabid.disdik")
    assert plan.status == "draft" and plan.employee_id == employee("staf.disdik").id
    assert [(r.kind, r.parent_id, r.cascading) for r in plan.results] == [
        ("utama", b.id, "non_direct") for b in boss.results]
    for mine, theirs in zip(plan.results, boss.results, strict=True):
        assert [i.catalogue_code for i in mine.indicators] == [i.catalogue_code for i in theirs.indicators]
        assert all(i.target_value is not None and i.scoring and i.aggregation for i in mine.indicators)
    assert submission_problems(plan) == []
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "plan.create", AuditEntry.object_id == plan.id)) == 1


def test_last_years_skp_is_copied_into_a_draft_with_its_rhk_and_targets(login):
    old = _last_year_plan("staf.disdik")
    staff = login("staf.disdik")
    page = staff.get("/skp").get_data(as_text=True)
    assert f"Salin SKP saya {old.period.year}" in page
    response = staff.post("/skp/mulai/tahun-lalu", {"period_id": _period().id, "source_id": old.id})
    assert response.status_code == 302
    db.session.expire_all()
    plan = db.session.scalar(select(Plan).where(Plan.period_id == _period().id,
                                                Plan.employee_id == employee("staf.disdik").id))
    assert plan.id != old.id and plan.period_id == _period().id
    assert (plan.status, plan.version, plan.resources) == ("draft", 1, "Laptop")
    assert [(r.text, r.parent_id) for r in plan.results] == [("Tersusunnya modul ajar", None)]
    ind = plan.results[0].indicators[0]
    assert (ind.name, ind.target_value, ind.unit) == ("Jumlah modul ajar", Decimal(4), "modul")
    assert old.results[0].indicators[0].id != ind.id  # a copy, the old SKP is untouched


def test_staff_cannot_copy_another_persons_skp_by_id(login):
    other = _last_year_plan("staf2.disdik")
    staff = login("staf.disdik")
    staff.get("/skp")
    response = staff.post("/skp/mulai/tahun-lalu", {"period_id": _period().id, "source_id": other.id})
    assert response.status_code == 404
    assert _plans_of("staf.disdik") == 0


def test_a_period_of_another_agency_cannot_be_started(login):
    staff = login("staf.disdik")
    staff.get("/skp")
    foreign = _period("staf.dinkes")
    assert staff.post("/skp/mulai", {"period_id": foreign.id}).status_code == 404
    assert staff.post("/skp/mulai/atasan", {"period_id": foreign.id}).status_code == 404
    assert _plans_of("staf.disdik") == 0


def _started(staff):
    staff.get("/skp")
    staff.post("/skp/mulai", {"period_id": _period().id})
    plan = plan_of("staf.disdik")
    staff.get(f"/skp/{plan.id}")
    return plan


def _rhk_with_rows(staff, rows, text="Tersusunnya kurikulum muatan lokal"):
    data = {"kind": "utama", "text": text, "parent_id": plan_of("kabid.disdik").results[0].id, "cascading": ""}
    for prefix, values in rows.items():
        data[f"{prefix}-csrf_token"] = staff.token
        data.update({f"{prefix}-{k}": v for k, v in values.items()})
    return data


def test_an_rhk_and_its_indicators_are_saved_from_one_form_in_place(login):
    staff = login("staf.disdik")
    plan = _started(staff)
    code = plan_of("kabid.disdik").results[0].indicators[0].catalogue_code
    data = _rhk_with_rows(staff, {
        "n1": {"catalogue_code": code, "aspect": "kuantitas", "target_kind": "single"},  # default target taken
        "n2": {"catalogue_code": "", "name": "Jumlah dokumen kurikulum", "aspect": "kuantitas", "target_kind": "single",
               "target_value": "2", "unit": "dokumen"}})
    response = staff.post(f"/skp/{plan.id}/rhk", data, headers={"X-Editor": "1"})
    assert response.status_code == 200 and response.headers["X-Editor-Part"] == "editor"
    fragment = response.get_data(as_text=True)
    assert fragment.lstrip().startswith("<div id=\"skp-editor\"") and "<html" not in fragment
    assert "Tersusunnya kurikulum muatan lokal" in fragment
    db.session.expire_all()
    result = plan_of("staf.disdik").results[0]
    assert [i.catalogue_code for i in result.indicators] == [code, None]
    assert result.indicators[0].target_value is not None


def test_a_refused_indicator_row_saves_nothing_and_keeps_what_was_typed(login):
    staff = login("staf.disdik")
    plan = _started(staff)
    data = _rhk_with_rows(staff, {"n1": {"catalogue_code": "", "name": "Jumlah dokumen", "aspect": "kuantitas",
                                         "target_kind": "single", "unit": "dokumen"}})
    response = staff.post(f"/skp/{plan.id}/rhk", data, headers={"X-Editor": "1"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Isikan angka target." in page or "target" in page.lower()
    assert "Tersusunnya kurikulum muatan lokal" in page and "Jumlah dokumen" in page
    db.session.expire_all()
    assert plan_of("staf.disdik").results == []
    without_js = staff.post(f"/skp/{plan.id}/rhk", data)  # the same form without the script: the full page
    assert without_js.status_code == 422 and "<html" in without_js.get_data(as_text=True)


def test_an_indicator_is_edited_in_place(login):
    staff = login("staf.disdik")
    staff.get("/skp")
    staff.post("/skp/mulai/atasan", {"period_id": _period().id})
    plan = plan_of("staf.disdik")
    ind = plan.results[0].indicators[0]
    form = staff.get(f"/skp/{plan.id}/iki/{ind.id}", headers={"X-Editor": "1"})
    assert form.status_code == 200 and form.get_data(as_text=True).lstrip().startswith("<tr data-swap>")
    values = {"catalogue_code": ind.catalogue_code, "name": ind.name, "aspect": ind.aspect, "target_kind": "single",
              "target_value": "80", "unit": ind.unit, "aggregation": ""}
    response = staff.post(f"/skp/{plan.id}/iki/{ind.id}", {f"i{ind.id}-{k}": v for k, v in values.items()},
                          prefix=f"i{ind.id}", headers={"X-Editor": "1"})
    assert response.status_code == 200 and response.headers["X-Editor-Part"] == "editor"
    db.session.expire_all()
    assert db.session.get(PlanIndicator, ind.id).target_value == Decimal(80)
