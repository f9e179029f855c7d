"""Every core page costs the same number of SQL statements for a team of a few and of many (issue 8)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from kinerja_web.demo import make_nip
from kinerja_web.extensions import db
from kinerja_web.models import (
    AuditEntry,
    Employee,
    Evaluation,
    Feedback,
    Notification,
    Plan,
    PlanIndicator,
    Realization,
    ReopenRequest,
    ReviewPeriod,
    User,
    WorkResult,
)
from tests.helpers import count_queries, employee, plan_of
from tests.page_catalogue import employee_import_previews, realization_import_preview

MAX_QUERIES = 10


def _grow(count: int, start: int) -> None:
    """``count`` more approved reports of kabid.dinkes with realisations, evidence-less, feedback, evaluations,
    requests to reopen a period, audit rows and notifications, so every page has more rows to (not) load."""
    boss = employee("kabid.dinkes")
    boss_user = db.session.scalar(select(User).where(User.employee_id == boss.id))
    model = plan_of("staf.dinkes")
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == model.period_id)
                                 .order_by(ReviewPeriod.seq)).all()
    for n in range(start, start + count):
        emp = Employee(agency_id=boss.agency_id, unit_id=boss.unit_id, position_id=model.employee.position_id,
                       supervisor=boss, name=f"Pegawai Tambahan {n}",
                       nip=make_nip(date(1990, 1 + n % 12, 1 + n % 28), (2015, 1), 1 + n % 2, 200 + n))
        plan = Plan(employee=emp, period_id=model.period_id, status="approved", supervisor_id=boss.id)
        for k in range(2):
            result = WorkResult(kind="utama", position=k, text=f"RHK {n}-{k}", parent_id=model.results[0].parent_id)
            result.indicators.append(PlanIndicator(name=f"IKI {n}-{k}", aspect="kuantitas", target_value=100,
                                                   unit="dokumen", aggregation="sum", evidence_required=k == 0))
            plan.results.append(result)
        db.session.add_all([emp, plan])
        db.session.flush()
        for result in plan.results:
            for ind in result.indicators:
                for review in reviews[:3]:
                    db.session.add(Realization(indicator_id=ind.id, review_id=review.id, value=Decimal(20)))
        db.session.add(Feedback(plan_id=plan.id, result_id=plan.results[0].id, author_id=boss.id, body="Catatan"))
        db.session.add(Evaluation(plan_id=plan.id, review_id=reviews[0].id, status="self_assessed"))
        db.session.add(ReopenRequest(employee_id=emp.id, review_id=reviews[2].id, reason="Terlambat"))
        db.session.add(AuditEntry(actor_id=boss_user.id, agency_id=boss.agency_id, action="plan.approve",
                                  object_type="Plan", object_id=plan.id))
        db.session.add(Notification(user_id=boss_user.id, kind="plan_submitted", params={"name": emp.name}))
    db.session.commit()


def _pages():
    plan = plan_of("staf.dinkes")
    ind = plan.results[0].indicators[0]
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                                 .order_by(ReviewPeriod.seq)).all()
    agency = plan.employee.agency_id
    late = plan_of("staf6.dinkes")  # late with Triwulan III: the home page links to a request to reopen it
    return [
        ("staf.dinkes", "/beranda"), ("staf.dinkes", f"/skp/{plan.id}"),
        ("staf.dinkes", f"/skp/{plan.id}/pemantauan"),
        ("staf.dinkes", f"/skp/{plan.id}/iki/{ind.id}/realisasi/{reviews[3].id}"),
        ("staf.dinkes", "/penilaian"), ("staf.dinkes", "/notifikasi"), ("staf.dinkes", "/skp"),
        ("kabid.dinkes", "/beranda"), ("kabid.dinkes", "/skp/antrian"), ("kabid.dinkes", "/penilaian"),
        ("kabid.dinkes", "/notifikasi"), ("kabid.dinkes", f"/skp/{plan.id}/pemantauan"),
        ("kadis.dinkes", "/beranda"), ("kadis.dinkes", f"/kalibrasi/{agency}"),
        ("kadis.dinkes", f"/tindak-lanjut/{agency}"), ("kadis.dinkes", "/dasbor"), ("admin", "/admin/plugins"),
        ("kabid.dinkes", f"/dasbor/unit/{plan.employee.unit_id}"), ("admin", "/dasbor/provinsi"),
        ("kadis.dinkes", f"/dasbor/{agency}/terlambat/realisasi"), ("kadis.dinkes", f"/dasbor/{agency}/terlambat/skp"),
        ("kadis.dinkes", f"/dasbor/{agency}/terlambat/penilaian"), ("kadis.dinkes", f"/dasbor/{agency}/capaian"),
        ("kadis.dinkes", f"/dasbor/{agency}/predikat/baik?periode={reviews[0].id}"),
        ("admin.dinkes", f"/admin/{agency}/employees"), ("admin.dinkes", f"/admin/{agency}/audit"),
        ("admin.dinkes", f"/admin/{agency}"), ("admin.dinkes", f"/admin/{agency}/permintaan-pembukaan"),
        ("admin.dinkes", f"/admin/{agency}/api-token"), ("admin", "/admin/api-token"),
        ("staf6.dinkes", "/beranda"), ("staf6.dinkes", f"/skp/{late.id}/pemantauan"),
        ("staf6.dinkes", f"/realisasi/buka-kembali/{reviews[2].id}"),
        ("admin.dinkes", f"/admin/{agency}/impor-pegawai"),
        *[("admin.dinkes", url) for url in employee_import_previews("admin.dinkes", agency)],
        ("staf.dinkes", f"/skp/{plan.id}/impor-realisasi"),
        ("staf.dinkes", realization_import_preview("staf.dinkes", plan, reviews)),
        # the performance tree: the whole agency, a unit's part, one's own chain, a search, a branch
        ("kadis.dinkes", "/pohon-kinerja"), ("kabid.dinkes", "/pohon-kinerja"), ("staf.dinkes", "/pohon-kinerja"),
        ("admin", "/pohon-kinerja?instansi=dinkes&q=RHK"),
        ("kadis.dinkes", f"/pohon-kinerja?fokus={plan.results[0].parent_id}&periode=tahunan"),
    ]


def _cost(clients, who, url) -> int:
    with count_queries() as statements:
        response = clients[who].get(url)
    assert response.status_code == 200, (who, url, response.status_code)
    return len(statements)


def test_every_core_page_costs_the_same_for_a_small_and_a_large_team(login):
    pages = _pages()
    clients = {who: login(who) for who in {w for w, _ in pages}}
    for who, url in pages:  # warm up: first requests compile templates and mappers
        clients[who].get(url)
    small = {(w, u): _cost(clients, w, u) for w, u in pages}
    _grow(5, 0)
    medium = {(w, u): _cost(clients, w, u) for w, u in pages}
    _grow(60, 5)
    large = {(w, u): _cost(clients, w, u) for w, u in pages}
    report = "\n".join(f"{w:14} {u:45} {small[w, u]:3} {medium[w, u]:3} {large[w, u]:3}" for w, u in pages)
    print(report)
    assert medium == large, "a page grows with the data:\n" + report
    assert all(n <= MAX_QUERIES for n in large.values()), "a page costs too many statements:\n" + report


@pytest.mark.parametrize("size", [3, 70])
def test_the_supervisor_home_pages_a_large_team(login, size):
    _grow(size, 0)
    page = login("kabid.dinkes").get("/beranda").get_data(as_text=True)
    rows = page.split('data-testid="team"', 1)[1].split("</table>", 1)[0].count("<tr>") - 1
    assert rows == min(50, size + 10)
    assert ("halaman=2" in page) == (size + 10 > 50)


def _answers(count: int, start: int) -> None:
    """``count`` more answers (some with a comment) to the demo's Puskesmas survey, over the year so far."""
    from datetime import timedelta

    from kinerja_web.clock import start_of_day_utc
    from kinerja_web.models import Survey, SurveyResponse
    from tests.conftest import TODAY

    survey = db.session.scalar(select(Survey))
    db.session.execute(SurveyResponse.__table__.insert(), [
        {"survey_id": survey.id, "created_at": start_of_day_utc(TODAY - timedelta(days=n % 300)),
         **{f"u{k}": 1 + (n + k) % 4 for k in range(1, 10)}, "age_group": "", "sex": "", "education": "",
         "occupation": "", "comment": f"Saran {n}" if n % 3 == 0 else "", "device_key": f"bench-{n}"}
        for n in range(start, start + count)])
    db.session.commit()


def test_the_survey_pages_cost_the_same_for_few_and_many_answers(login, client):
    from kinerja_web.models import Survey

    survey = db.session.scalar(select(Survey))
    fed = plan_of("staf10.dinkes")
    q4 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == fed.period_id, ReviewPeriod.seq == 4))
    pages = [("admin.dinkes", f"/ikm/{survey.id}"), ("admin.dinkes", "/ikm"),
             ("admin.dinkes", f"/admin/{survey.agency_id}/ikm"), ("staf10.dinkes", f"/ikm/{survey.id}"),
             ("kabid.dinkes", "/ikm"),
             ("staf10.dinkes", f"/skp/{fed.id}/iki/{fed.results[0].indicators[0].id}/realisasi/{q4.id}"),
             ("", f"/survei/{survey.token}")]
    clients = {who: login(who) for who in {w for w, _ in pages if w}}
    clients[""] = client
    for who, url in pages:
        clients[who].get(url)
    small = {(w, u): _cost(clients, w, u) for w, u in pages}
    _answers(200, 0)
    medium = {(w, u): _cost(clients, w, u) for w, u in pages}
    _answers(3000, 200)
    large = {(w, u): _cost(clients, w, u) for w, u in pages}
    report = "\n".join(f"{w:14} {u:45} {small[w, u]:3} {medium[w, u]:3} {large[w, u]:3}" for w, u in pages)
    print(report)
    assert small == medium == large, "a survey page grows with its answers:\n" + report
    assert all(n <= MAX_QUERIES for n in large.values()), "a survey page costs too many statements:\n" + report
