"""People who move (issue 13, part 4): statuses with dates set by agency admins, a move mid-year closing the
SKP and opening the next part, and the annual evaluation combining the parts."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from kinerja_web.evaluation import service
from kinerja_web.extensions import db
from kinerja_web.models import AuditEntry, Evaluation, Plan, ReviewPeriod
from kinerja_web.rules.predicate import weighted_annual_proposal
from kinerja_web.rules.types import Predicate
from tests.helpers import employee, plan_of

MOVED, OLD_BOSS, NEW_BOSS = "staf5.dinkes", "kabid.dinkes", "kadis.dinkes"


def _url(emp) -> str:
    return f"/admin/{emp.agency_id}/pegawai/{emp.id}/status-kepegawaian"


def _move(client, on="2026-08-15", **extra):
    emp, boss = employee(MOVED), employee(NEW_BOSS)
    data = {"kind": "mutasi", "effective_on": on, "unit_id": boss.unit_id, "position_id": emp.position_id,
            "supervisor_id": boss.id, "note": "SK Kepala Dinas 800/123"} | extra
    return client.post(_url(emp), data)


def test_a_transfer_closes_the_skp_with_the_old_appraiser_and_opens_the_rest_of_the_year(login):
    admin = login("admin.dinkes")
    old = plan_of(MOVED)
    assert _move(admin).status_code == 302
    db.session.expire_all()
    emp, parts = employee(MOVED), db.session.scalars(select(Plan).where(Plan.employee_id == employee(MOVED).id)
                                                     .order_by(Plan.part)).all()
    assert [(p.part, p.status, p.starts_on, p.ends_on) for p in parts] == [
        (1, "approved", None, date(2026, 8, 14)), (2, "draft", date(2026, 8, 15), None)]
    assert parts[0].id == old.id and parts[1].supervisor_id == employee(NEW_BOSS).id
    assert parts[0].closing_snapshot["appraiser"]["nip"] == employee(OLD_BOSS).nip
    assert (emp.status, emp.status_since, emp.supervisor_id) == ("mutasi", date(2026, 8, 15), employee(NEW_BOSS).id)
    assert [r.seq for r in service.reviews_of(parts[0])] == [1, 2, 3]
    assert [r.seq for r in service.reviews_of(parts[1])] == [3, 4]
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.in_(
        ("employee.status", "plan.close", "plan.open")))))
    assert actions == {"employee.status", "plan.close", "plan.open"}
    page = admin.get(_url(emp)).get_data(as_text=True)
    assert "SK Kepala Dinas 800/123" in page and "14-08-2026" in page

    # the old appraiser still evaluates the closed part up to the move, not after it; the new one does not
    q3, q4 = (db.session.scalar(select(ReviewPeriod.id).where(ReviewPeriod.period_id == old.period_id,
                                                               ReviewPeriod.seq == s)) for s in (3, 4))
    kabid = login(OLD_BOSS)
    assert kabid.get(f"/skp/{old.id}/penilaian/{q3}").status_code == 200
    assert kabid.get(f"/skp/{old.id}/penilaian/{q4}").status_code == 404
    assert kabid.get(f"/skp/{old.id}/penilaian/tahunan").status_code == 404
    ev = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == old.id, Evaluation.review_id == q3))
    assert service.appraisal(ev)["appraiser"]["nip"] == employee(OLD_BOSS).nip
    # the employee sees both SKPs of the year
    mine = login(MOVED)
    listing = mine.get("/skp").get_data(as_text=True)
    assert f"/skp/{parts[0].id}" in listing and f"/skp/{parts[1].id}" in listing
    assert mine.get(f"/skp/{parts[1].id}").status_code == 200


REFUSALS = (  # (what is sent, the message shown)
    ({"effective_on": "2031-03-01"}, "2031"),
    ({"effective_on": "2026-01-01"}, "1 Januari"),
    ({"supervisor_id": "", "unit_id": "", "position_id": ""}, "unit baru"),
    ({"effective_on": "tanggal"}, "2026-04-10"),
)


@pytest.mark.parametrize(("extra", "message"), REFUSALS)
def test_a_move_that_makes_no_sense_is_refused_with_a_message_and_nothing_saved(login, extra, message):
    admin = login("admin.dinkes")
    response = _move(admin, **extra)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    db.session.expire_all()
    assert employee(MOVED).status == "aktif" and plan_of(MOVED).ends_on is None


def test_a_retired_person_cannot_be_transferred_and_a_change_cannot_predate_the_last(login):
    admin = login("admin.dinkes")
    emp = employee(MOVED)
    assert admin.post(_url(emp), {"kind": "pensiun", "effective_on": "2026-10-01"}).status_code == 302
    refused = _move(admin, on="2026-10-15")
    assert refused.status_code == 422 and "pensiun" in refused.get_data(as_text=True).lower()
    other = employee("staf6.dinkes")
    assert admin.post(_url(other), {"kind": "cuti", "effective_on": "2026-09-01"}).status_code == 302
    early = admin.post(_url(other), {"kind": "hukdis", "effective_on": "2026-08-01"})
    assert early.status_code == 422 and "2026-09-01" in early.get_data(as_text=True)


# who opens an employee's status page of dinkes: literal outcomes
STATUS_ACCESS = {"admin.dinkes": 200, "admin": 200, "admin.disdik": 404, "kabid.dinkes": 403, MOVED: 403}


@pytest.mark.parametrize(("actor", "expected"), STATUS_ACCESS.items())
def test_status_page_access(login, actor, expected):
    assert login(actor).get(_url(employee(MOVED))).status_code == expected


def test_an_employee_id_of_another_agency_in_the_url_is_not_found(login):
    admin = login("admin.dinkes")
    stranger = employee("staf5.disdik")
    assert admin.get(f"/admin/{employee(MOVED).agency_id}/pegawai/{stranger.id}/status-kepegawaian").status_code == 404
    assert admin.post(_url(stranger), {"kind": "cuti", "effective_on": "2026-09-01"}).status_code == 404


WEIGHTED = (  # periodic predikat oldest first with the share of its period, and the proposal
    ([("baik", 1), ("baik", 1), ("sangat_baik", 1), ("sangat_baik", 1)], "sangat_baik"),  # tie: the latest
    ([("baik", 1), ("butuh_perbaikan", 1), ("butuh_perbaikan", 1)], "butuh_perbaikan"),
    # a move in mid-Q3: Q3 in both parts by its days; the old part's two whole quarters outweigh
    ([("baik", 1), ("baik", 1), ("baik", 0.5), ("sangat_baik", 0.5), ("sangat_baik", 1)], "baik"),
    ([("baik", 1), ("sangat_baik", 0.3), ("sangat_baik", 0.7), ("baik", 1)], "baik"),
    ([], None),
)


@pytest.mark.parametrize(("periodic", "expected"), WEIGHTED)
def test_the_annual_proposal_weights_each_periodic_predikat_by_the_share_of_its_period(periodic, expected):
    proposal = weighted_annual_proposal([(Predicate(p), w) for p, w in periodic])
    assert (proposal.value if proposal else None) == expected


def test_the_annual_evaluation_of_the_last_part_combines_both_parts(login):
    admin = login("admin.dinkes")
    old = plan_of(MOVED)
    assert _move(admin).status_code == 302
    new = db.session.scalar(select(Plan).where(Plan.employee_id == old.employee_id, Plan.part == 2))
    new.status = "approved"
    reviews = {r.seq: r for r in db.session.scalars(select(ReviewPeriod).where(
        ReviewPeriod.period_id == old.period_id))}
    # old part: Q1–Q2 baik, Q3 (1 Jul – 14 Aug, 45 of 92 days) sangat baik; new part: Q3 (47 days), Q4 sangat baik
    for plan, seq, predicate in ((old, 1, "baik"), (old, 2, "baik"), (old, 3, "sangat_baik"),
                                 (new, 3, "sangat_baik"), (new, 4, "sangat_baik")):
        ev = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id,
                                                        Evaluation.review_id == reviews[seq].id))
        if ev is None:
            ev = Evaluation(plan_id=plan.id, review_id=reviews[seq].id)
            db.session.add(ev)
        ev.status, ev.predicate = "final", predicate
    db.session.commit()
    proposal, shown = service.annual_proposal(new)
    assert shown == ["baik", "baik", "sangat_baik", "sangat_baik", "sangat_baik"]
    assert proposal == "sangat_baik"  # 2 + 45/92 + 47/92 = 3 periods against 2
    assert service.all_periodic_final(new)
    db.session.execute(Evaluation.__table__.update().where(Evaluation.plan_id == old.id,
                                                           Evaluation.review_id == reviews[3].id)
                       .values(status="rated"))
    db.session.commit()
    assert not service.all_periodic_final(new)  # the old appraiser's part must be final too
