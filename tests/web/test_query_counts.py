"""Pages issue a bounded number of SQL statements, whatever the data size."""
from __future__ import annotations

from datetime import date

from kinerja_web.demo import make_nip
from kinerja_web.extensions import db
from kinerja_web.models import Employee, Period, Plan, PlanIndicator, WorkResult
from kinerja_web.review_periods import make_review_periods
from tests.helpers import count_queries, employee

MAX_QUERIES = 10


def _grow_plans(owner: Employee, years: int) -> None:
    for year in range(2010, 2010 + years):
        period = Period(agency_id=owner.agency_id, year=year, cadence="quarterly")
        make_review_periods(period)
        plan = Plan(employee=owner, period=period, status="approved")
        plan.results.append(WorkResult(text=f"RHK {year}", indicators=[
            PlanIndicator(name="IKI", aspect="kuantitas", target_value=1)]))
        db.session.add_all([period, plan])
    db.session.commit()


def _grow_reports(boss: Employee, count: int) -> None:
    period = db.session.query(Period).filter_by(agency_id=boss.agency_id, year=2026).one()
    for n in range(count):
        emp = Employee(agency_id=boss.agency_id, unit_id=boss.unit_id, position_id=boss.position_id,
                       supervisor=boss, name=f"Pegawai {n}", nip=make_nip(date(1991, 1, 1), (2016, 1), 1, 100 + n))
        plan = Plan(employee=emp, period=period, status="submitted")
        plan.results.append(WorkResult(text="RHK", indicators=[
            PlanIndicator(name="IKI", aspect="kuantitas", target_value=1)]))
        db.session.add_all([emp, plan])
    db.session.commit()


def _queries(client, url) -> int:
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200
    print(f"{url}: {len(statements)} queries")
    return len(statements)


def test_plan_list_query_count_does_not_grow_with_the_number_of_plans(login):
    client = login("staf3.disdik")
    small = _queries(client, "/skp")
    _grow_plans(employee("staf3.disdik"), years=12)
    large = _queries(client, "/skp")
    assert large == small
    assert large <= MAX_QUERIES


def test_supervisor_queue_query_count_does_not_grow_with_the_number_of_reports(login):
    client = login("kabid.disdik")
    small = _queries(client, "/skp/antrian")
    _grow_reports(employee("kabid.disdik"), count=25)
    page = client.get("/skp/antrian").get_data(as_text=True)
    assert page.count("Pegawai ") >= 25
    large = _queries(client, "/skp/antrian")
    assert large == small
    assert large <= MAX_QUERIES


def test_plan_page_query_count_does_not_grow_with_the_number_of_results(login):
    client = login("staf4.disdik")
    plan = db.session.query(Plan).filter_by(employee_id=employee("staf4.disdik").id).one()
    small = _queries(client, f"/skp/{plan.id}")
    for n in range(15):
        plan.results.append(WorkResult(text=f"RHK tambahan {n}", kind="tambahan", indicators=[
            PlanIndicator(name=f"IKI {n}", aspect="kualitas", target_value=n + 1, unit="%")]))
    db.session.commit()
    large = _queries(client, f"/skp/{plan.id}")
    assert large == small
