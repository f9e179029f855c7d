"""Completion as the agency must show it (issue 13, part 5): the list per unit and review period, the people
left out with the reason and the date, its xlsx and PDF, who may open it, and its cost at two sizes."""
from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kinerja_web.demo import make_nip
from kinerja_web.extensions import db
from kinerja_web.models import Employee, Plan, ReviewPeriod, StatusChange
from tests.helpers import count_queries, employee, plan_of
from tests.web.test_exports import fetch, xlsx_sheets
from tests.web.test_page_costs import _grow

ON_LEAVE = "staf6.dinkes"


def _q3():
    plan = plan_of("staf.dinkes")
    return db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                        ReviewPeriod.seq == 3))


def _url(kind="", **args):
    agency_id = employee("kabid.dinkes").agency_id
    query = "&".join(f"{k}={v}" for k, v in ({"periode": _q3().id} | args).items())
    return f"/penyelesaian/{agency_id}{'/' + kind if kind else ''}?{query}"


def _leave(login):
    emp = employee(ON_LEAVE)
    admin = login("admin.dinkes")
    assert admin.post(f"/admin/{emp.agency_id}/pegawai/{emp.id}/status-kepegawaian",
                      {"kind": "cuti", "effective_on": "2026-09-01", "note": "CLTN"}).status_code == 302
    return admin, emp


def test_the_list_counts_each_person_and_lists_the_people_on_leave_apart(login):
    admin, emp = _leave(login)
    page = admin.get(_url()).get_data(as_text=True)
    counted, _, apart = page.partition('data-testid="completion-excluded"')
    assert emp.name not in counted and emp.name in apart and "Cuti di luar tanggungan negara" in apart
    assert "01-09-2026" in apart
    # the finished quarter of the demo: some rated, some late with their input (the deadline has passed)
    assert "✓" in counted and "batas pengisian 10-10-2026" in counted and "SKP 31-01-2026" in counted
    # leave that starts after the period ends leaves the person in that period's counts
    q2 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == _q3().period_id,
                                                      ReviewPeriod.seq == 2))
    earlier = admin.get(_url(periode=q2.id)).get_data(as_text=True)
    assert emp.name in earlier.partition('data-testid="completion-excluded"')[0]


def test_the_exports_hold_the_same_list_with_the_same_filters(login):
    admin, emp = _leave(login)
    unit = employee("kabid.dinkes").unit_id
    counted, apart = xlsx_sheets(admin, _url("xlsx", unit=unit)).values()
    assert counted[0][:2] == ("NIP", "Nama") and len(counted) > 3
    assert any(r[0] == emp.nip for r in apart) and not any(r[0] == emp.nip for r in counted)
    response = admin.get(_url("pdf", unit=unit))
    assert response.headers["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert emp.nip in text and "Cuti di luar tanggungan negara" in text and employee("staf5.dinkes").nip in text


# who opens dinkes's list (agency) and the field unit's list: literal outcomes
ACCESS = {"admin.dinkes": (200, 200), "admin": (200, 200), "kadis.dinkes": (200, 200),
          "kabid.dinkes": (404, 200), "staf.dinkes": (404, 404), "admin.disdik": (404, 404),
          "kabid.disdik": (404, 404)}


@pytest.mark.parametrize(("actor", "expected"), ACCESS.items())
def test_completion_access(login, actor, expected):
    client, unit = login(actor), employee("staf5.dinkes").unit_id
    assert (client.get(_url()).status_code, client.get(_url(unit=unit)).status_code) == expected
    assert fetch(client, _url("xlsx", unit=unit))[0].status_code == expected[1]


def test_ids_of_another_agency_in_the_url_are_not_found(login):
    admin = login("admin.dinkes")
    disdik = employee("staf.disdik")
    other_review = db.session.scalar(select(ReviewPeriod.id).join(Plan, Plan.period_id == ReviewPeriod.period_id)
                                     .where(Plan.employee_id == employee("kabid.disdik").id))
    assert admin.get(f"/penyelesaian/{disdik.agency_id}").status_code == 404
    assert admin.get(_url(unit=disdik.unit_id)).status_code == 404
    assert admin.get(_url(periode=other_review)).status_code == 404


def test_the_list_costs_the_same_statements_for_a_few_and_for_many(login):
    admin = login("admin.dinkes")
    admin.get(_url())
    costs = []
    for count, start in ((0, 0), (40, 0)):
        _grow(count, start) if count else None
        # someone who retired and was deactivated is still listed apart
        boss = employee("kabid.dinkes")
        gone = Employee(agency_id=boss.agency_id, unit_id=boss.unit_id, position_id=boss.position_id,
                        name=f"Pensiunan {count}", active=False, status="pensiun",
                        nip=make_nip(date(1960, 2, 2), (1985, 1), 1, 900 + count))
        db.session.add(gone)
        db.session.flush()
        db.session.add(StatusChange(employee_id=gone.id, kind="pensiun", effective_on=date(2026, 3, 1)))
        db.session.commit()
        with count_queries() as statements:
            page = admin.get(_url())
        assert page.status_code == 200 and f"Pensiunan {count}" in page.get_data(as_text=True)
        costs.append(len(statements))
    assert costs[0] == costs[1], costs


def test_reminders_go_before_the_deadline_to_the_late_and_their_supervisors_once(app, login):
    from datetime import timedelta

    from kinerja_web.models import Notification, User
    from kinerja_web.workflow.late_reminders import remind_late

    _leave(login)
    q4 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == _q3().period_id,
                                                      ReviewPeriod.seq == 4))
    deadline = q4.input_deadline
    with app.test_request_context():
        assert remind_late(deadline - timedelta(days=30)) == 0  # too early
        assert remind_late(deadline + timedelta(days=1)) == 0  # too late to remind
        first = remind_late(deadline - timedelta(days=3))
        assert first > 0 and remind_late(deadline - timedelta(days=2)) == 0  # one per person and deadline

    def notes(username):
        user = db.session.scalar(select(User).where(User.username == username))
        return db.session.execute(select(Notification.kind, Notification.params)
                                  .where(Notification.user_id == user.id,
                                         Notification.kind.in_(("completion_late", "completion_team_late")))).all()

    assert [kind for kind, _ in notes("staf5.dinkes")] == ["completion_late"]
    assert notes(ON_LEAVE) == []  # on leave since September: left out
    team = dict(notes("kabid.dinkes"))  # the kabid's own SKP may be late too: that is a note of its own
    assert "completion_team_late" in team and team["completion_team_late"]["count"] >= 5
    text = login("kabid.dinkes").get("/notifikasi").get_data(as_text=True)
    assert "belum menyelesaikan" in text
