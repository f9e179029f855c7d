"""Hierarchy guardrails (issue 9, item 4): the checks find each kind of wrong supervisor data on the
demo, the admin's one-click fix resolves it (audited), staff report "this is not my supervisor", and
an evaluation keeps who appraised whom as it was when rated."""
from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from kinerja_web.demo import make_nip
from kinerja_web.evaluation import service
from kinerja_web.extensions import db
from kinerja_web.models import (
    Agency,
    AuditEntry,
    Employee,
    Evaluation,
    Notification,
    Position,
    SupervisorCorrection,
    Unit,
    User,
)
from kinerja_web.queries import hierarchy
from tests.helpers import count_queries, employee, plan_of

from .test_page_costs import _grow


def agency_id(code="disdik") -> int:
    return db.session.scalar(select(Agency.id).where(Agency.code == code))


def page_url(code="disdik") -> str:
    return f"/admin/{agency_id(code)}/hierarki"


def new_employee(name, unit, position, boss, seq, active=True) -> Employee:
    emp = Employee(agency_id=unit.agency_id, unit=unit, position=position, supervisor=boss, name=name,
                   nip=make_nip(date(1985, 6, 1 + seq % 28), (2010, 1), 1, 700 + seq),
                   active=active)
    db.session.add(emp)
    db.session.flush()
    return emp


def sd_section_head() -> Employee:
    """The real case: an SD/MI section (under its own field unit) whose head is not in the SMA line;
    it reports to the head of the agency, so its own line is right."""
    kadis = employee("kadis.disdik")
    sd = Unit(agency_id=kadis.agency_id, name="Bidang Pembinaan SD", parent_id=kadis.unit_id)
    sdmi = Unit(agency_id=kadis.agency_id, name="Seksi SD/MI", parent=sd)
    head = Position(agency_id=kadis.agency_id, name="Kepala Seksi SD/MI", kind="pengawas")
    db.session.add_all([sd, sdmi, head])
    return new_employee("Kasi SD/MI", sdmi, head, kadis, 1)


# Each seeds one problem for staf3.disdik, names the section that must list it, and the proposed fix.
def _no_supervisor(person):
    person.supervisor_id = None


def _inactive_supervisor(person):
    staf4 = employee("staf4.disdik")
    staf4.active = False
    person.supervisor = staf4


def _other_agency(person):
    person.supervisor = employee("kabid.dinkes")


def _unit_mismatch(person):
    person.supervisor = sd_section_head()


PROBLEMS = (("no_supervisor", _no_supervisor), ("bad_supervisor", _inactive_supervisor),
            ("bad_supervisor", _other_agency), ("unit_mismatch", _unit_mismatch))


def _clear_demo_reports():
    """The demo leaves one report waiting per agency (staf8); most tests start without it."""
    for corr in db.session.scalars(select(SupervisorCorrection)):
        db.session.delete(corr)
    db.session.commit()


def test_the_demo_has_clean_reporting_lines_and_one_report_to_decide(login):
    report = hierarchy.report(agency_id())
    assert [c.employee.name for c, _ in report.corrections[0]] == [employee("staf8.disdik").name]
    assert report.corrections[0][0][1].suggestion[0] == employee("kadis.disdik").id  # not the kabid on record
    assert hierarchy.problem_count(agency_id()) == report.total == 1
    _clear_demo_reports()
    assert hierarchy.problem_count(agency_id()) == 0
    page = login("admin.disdik").get(page_url()).get_data(as_text=True)
    assert 'data-testid="all-clear"' in page
    agency = login("admin.disdik").get(f"/admin/{agency_id()}").get_data(as_text=True)
    assert "Tidak ada masalah" in agency.split('data-testid="hierarchy"')[1][:400]


@pytest.mark.parametrize(("kind", "seed"), PROBLEMS, ids=[seed.__name__.strip("_") for _, seed in PROBLEMS])
def test_each_check_finds_its_problem_and_the_one_click_fix_resolves_it(login, kind, seed):
    _clear_demo_reports()
    person, kabid = employee("staf3.disdik"), employee("kabid.disdik")
    seed(person)
    db.session.commit()
    found = getattr(hierarchy.report(agency_id()), kind)[0]
    assert [row.id for row in found] == [person.id]
    assert found[0].suggestion[0] == kabid.id  # the Administrator heading the person's own unit
    count = hierarchy.problem_count(agency_id())  # the SD/MI head's missing SKP counts too
    assert count == (2 if kind == "unit_mismatch" else 1)
    admin = login("admin.disdik")
    assert f"{count} masalah" in admin.get(f"/admin/{agency_id()}").get_data(as_text=True)
    page = admin.get(page_url()).get_data(as_text=True)
    assert f'data-testid="fix-{person.id}"' in page and "Jadikan atasan" in page
    response = admin.post(f"{page_url()}/{person.id}/atasan", {"supervisor_id": kabid.id})
    assert response.status_code == 302
    db.session.expire_all()
    assert employee("staf3.disdik").supervisor_id == kabid.id
    assert getattr(hierarchy.report(agency_id()), kind)[1] == 0
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "employees.supervisor",
                                                       AuditEntry.object_id == person.id))
    assert audit.after == {"supervisor_id": kabid.id} and audit.actor.username == "admin.disdik"
    note = db.session.scalar(select(Notification).join(User).where(User.employee_id == person.id,
                                                                   Notification.kind == "supervisor_changed"))
    assert note is not None


def test_the_head_of_agency_needs_no_supervisor_but_another_jpt_without_one_is_listed(app):
    kadis = employee("kadis.disdik")
    assert kadis.supervisor_id is None and hierarchy.report(agency_id()).no_supervisor[1] == 0
    deputy = new_employee("Sekretaris", employee("kabid.disdik").unit, kadis.position, None, 2)
    db.session.commit()
    assert [r.id for r in hierarchy.report(agency_id()).no_supervisor[0]] == [deputy.id]


def test_reporting_loops_are_found_with_a_link_to_edit_each_member(login):
    staf2, staf4 = employee("staf2.disdik"), employee("staf4.disdik")
    staf2.supervisor_id, staf4.supervisor_id = staf4.id, staf2.id
    db.session.commit()
    report = hierarchy.report(agency_id())
    assert report.loops[1] == 1 and {m[0] for m in report.loops[0][0]} == {staf2.id, staf4.id}
    admin = login("admin.disdik")
    page = admin.get(page_url()).get_data(as_text=True)
    for member in (staf2, staf4):
        assert f"/admin/{agency_id()}/employees/{member.id}" in page.split('id="lingkaran"')[1]
    form = _employee_form(staf4, employee("kabid.disdik").id)
    assert admin.post(f"/admin/{agency_id()}/employees/{staf4.id}", form).status_code == 302
    assert hierarchy.report(agency_id()).loops[1] == 0


@pytest.mark.parametrize(("pairs", "loops"), [
    ([(1, 2), (2, 1), (3, 1)], [[1, 2]]),
    ([(5, 6), (6, 7), (7, 5), (8, 9)], [[5, 6, 7]]),
    ([(1, 2), (2, 3), (3, 4)], []),
    ([(4, 4)], [[4]]),
])
def test_find_loops_walks_every_chain_once(pairs, loops):
    assert hierarchy.find_loops(pairs) == loops


def _employee_form(emp, supervisor_id):
    return {"nip": emp.nip, "name": emp.name, "rank": emp.rank, "unit_id": emp.unit_id,
            "position_id": emp.position_id, "supervisor_id": supervisor_id, "username": "", "password": ""}


def test_the_employee_form_refuses_a_reporting_loop(login):
    kabid, staf = employee("kabid.disdik"), employee("staf.disdik")
    response = login("admin.disdik").post(f"/admin/{agency_id()}/employees/{kabid.id}",
                                          _employee_form(kabid, staf.id))
    assert response.status_code == 422
    assert "lingkaran" in response.get_data(as_text=True)
    db.session.expire_all()
    assert employee("kabid.disdik").supervisor_id == employee("kadis.disdik").id


def test_a_supervisor_without_an_approved_skp_is_listed_and_reminded_once_a_day(login):
    kabid = employee("kabid.disdik")
    plan = plan_of("kabid.disdik")
    plan.status = "returned"
    db.session.commit()
    report = hierarchy.report(agency_id())
    waiting = db.session.scalar(select(func.count(Employee.id)).where(Employee.supervisor_id == kabid.id))
    assert [(r[0], r[5], r[6]) for r in report.without_skp[0]] == [(kabid.id, waiting, "returned")]
    assert report.without_rhk[0] and report.without_rhk[0][0][0] == "Bidang Pembinaan SMA"
    admin = login("admin.disdik")
    url = f"{page_url()}/{kabid.id}/pengingat"
    assert admin.post(url).status_code == 302
    assert admin.post(url).status_code == 302  # a second click the same day adds nothing
    notes = db.session.scalars(select(Notification).join(User).where(
        User.employee_id == kabid.id, Notification.kind == "skp_needed")).all()
    assert len(notes) == 1 and notes[0].params == {"count": waiting, "year": plan.period.year}
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "hierarchy.remind")) is not None
    assert f'data-testid="reminded-{kabid.id}"' in admin.get(page_url()).get_data(as_text=True)
    plan.status = "approved"
    db.session.commit()
    assert hierarchy.report(agency_id()).without_skp[1] == 0


def test_the_guardrails_page_costs_the_same_statements_at_two_sizes(login):
    def seed_problems(start):
        staff = db.session.scalars(select(Employee).where(Employee.name.like("Pegawai Tambahan %"),
                                                          Employee.supervisor_id.is_not(None))).all()
        for n, emp in enumerate(staff):
            if n % 3 == 0:
                emp.supervisor_id = None
            elif n % 3 == 1:
                emp.supervisor = employee("kabid.disdik")
        db.session.commit()

    client = login("admin.dinkes")
    url = page_url("dinkes")
    costs = []
    for size, start in ((6, 0), (60, 6)):
        _grow(size, start)
        seed_problems(start)
        client.get(url)
        with count_queries() as statements:
            response = client.get(url)
        assert response.status_code == 200
        costs.append(len(statements))
    report = hierarchy.report(agency_id("dinkes"))
    assert report.no_supervisor[1] >= 20 and report.bad_supervisor[1] >= 20
    print(f"{url}: {costs} statements")
    assert costs[0] == costs[1], costs


def _report(client, plan, **data):
    return client.post(f"/skp/{plan.id}/bukan-atasan", {"nip": "", "note": "", **data})


def test_staff_report_a_wrong_supervisor_and_the_admin_accepts(login):
    kasi = sd_section_head()
    db.session.commit()
    plan = plan_of("staf3.disdik")
    staff = login("staf3.disdik")
    skp = staff.get(f"/skp/{plan.id}").get_data(as_text=True)
    assert 'data-testid="not-my-supervisor"' in skp and "Bukan atasan saya" in skp
    bad = _report(staff, plan, nip="12345")
    assert bad.status_code == 422 and "18 digit" in bad.get_data(as_text=True)
    stranger = _report(staff, plan, nip=employee("kabid.dinkes").nip, note="Pindah")
    assert stranger.status_code == 422 and "Tidak ada pegawai aktif" in stranger.get_data(as_text=True)
    assert _report(staff, plan, nip=kasi.nip, note="Saya dipindah ke Seksi SD/MI").status_code == 302
    assert "menunggu" in staff.get(f"/skp/{plan.id}").get_data(as_text=True)
    assert staff.get(f"/skp/{plan.id}/bukan-atasan").status_code == 302  # one waiting report per person
    corr = db.session.scalar(select(SupervisorCorrection).where(SupervisorCorrection.employee_id == plan.employee_id))
    assert (corr.current_supervisor_id, corr.suggested_supervisor_id) == (employee("kabid.disdik").id, kasi.id)
    admin_note = db.session.scalar(select(Notification).join(User).where(User.username == "admin.disdik",
                                                                        Notification.kind == "supervisor_reported"))
    assert admin_note is not None
    admin = login("admin.disdik")
    page = admin.get(page_url()).get_data(as_text=True)
    assert f'data-testid="report-{corr.id}"' in page and kasi.nip in page
    accepted = admin.post(f"{page_url()}/laporan/{corr.id}/terima",
                          {f"a{corr.id}-nip": "", f"a{corr.id}-note": "Sesuai SK mutasi"}, prefix=f"a{corr.id}")
    assert accepted.status_code == 302
    db.session.expire_all()
    assert employee("staf3.disdik").supervisor_id == kasi.id
    corr = db.session.get(SupervisorCorrection, corr.id)
    assert corr.status == "approved" and corr.decision_note == "Sesuai SK mutasi"
    told = db.session.scalar(select(Notification).join(User).where(
        User.username == "staf3.disdik", Notification.kind == "supervisor_report_accepted"))
    assert told.params == {"name": kasi.name}
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"correction.create", "correction.accept", "employees.supervisor"} <= actions
    skp = staff.get(f"/skp/{plan.id}").get_data(as_text=True)
    assert "Kasi SD/MI" in skp.split('data-testid="supervisor"')[1][:300] and "diterima" in skp


def test_refusing_a_report_needs_a_note_and_tells_the_reporter(login):
    plan = plan_of("staf3.disdik")
    assert _report(login("staf3.disdik"), plan, note="Atasan saya seharusnya kepala dinas").status_code == 302
    corr = db.session.scalar(select(SupervisorCorrection).where(SupervisorCorrection.employee_id == plan.employee_id))
    admin = login("admin.disdik")
    url = f"{page_url()}/laporan/{corr.id}/tolak"
    empty = admin.post(url, {f"r{corr.id}-note": "  "}, prefix=f"r{corr.id}")
    assert empty.status_code == 422
    db.session.expire_all()
    assert db.session.get(SupervisorCorrection, corr.id).status == "pending"
    assert admin.post(url, {f"r{corr.id}-note": "Sesuai SK, atasan Anda kepala bidang."},
                      prefix=f"r{corr.id}").status_code == 302
    db.session.expire_all()
    assert db.session.get(SupervisorCorrection, corr.id).status == "refused"
    told = db.session.scalar(select(Notification).join(User).where(
        User.username == "staf3.disdik", Notification.kind == "supervisor_report_refused"))
    assert "kepala bidang" in told.params["note"]
    assert "ditolak" in login("staf3.disdik").get(f"/skp/{plan.id}").get_data(as_text=True)


def test_only_the_person_reports_and_only_their_agencys_admin_decides(login):
    plan = plan_of("staf3.disdik")
    assert login("staf.disdik").get(f"/skp/{plan.id}/bukan-atasan").status_code == 404  # a colleague
    assert login("kabid.disdik").get(f"/skp/{plan.id}/bukan-atasan").status_code == 403  # the supervisor
    assert _report(login("staf3.disdik"), plan, note="Salah atasan").status_code == 302
    corr = db.session.scalar(select(SupervisorCorrection).where(SupervisorCorrection.employee_id == plan.employee_id))
    accept = f"{page_url()}/laporan/{corr.id}/terima"
    for who, status in (("staf3.disdik", 403), ("kabid.disdik", 403), ("admin.dinkes", 404)):
        assert login(who).post(accept, {}).status_code == status, who
        assert login(who).get(page_url()).status_code == status, who
    assert login("admin.dinkes").post(f"/admin/{agency_id('dinkes')}/hierarki/laporan/{corr.id}/terima",
                                      {}).status_code == 404  # another agency's report through one's own URL
    db.session.expire_all()
    assert db.session.get(SupervisorCorrection, corr.id).status == "pending"


def test_plans_not_yet_approved_follow_the_new_supervisor(login):
    kasi = sd_section_head()
    db.session.add(User(username="kasi.disdik", role="staff", employee=kasi, password_hash="-"))
    db.session.commit()
    plan = plan_of("staf2.disdik")
    assert plan.status == "submitted" and plan.supervisor_id == employee("kabid.disdik").id
    staf2 = employee("staf2.disdik")
    assert login("admin.disdik").post(f"{page_url()}/{staf2.id}/atasan", {"supervisor_id": kasi.id}).status_code == 302
    db.session.expire_all()
    assert plan_of("staf2.disdik").supervisor_id == kasi.id
    assert db.session.scalar(select(Notification).join(User).where(
        User.employee_id == kasi.id, Notification.kind == "plan_submitted")) is not None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "plan.supervisor")).after == {
        "supervisor_id": kasi.id}
    approved = plan_of("staf3.disdik")
    assert approved.supervisor_id == employee("kabid.disdik").id  # who approved stays


# Snapshot of the appraiser, position and unit at rating time.
def test_the_evaluation_keeps_the_appraiser_unit_and_position_it_was_rated_with(login):
    from .test_evaluation import OWNER, _rate, _url

    plan = plan_of(OWNER)
    for ev in db.session.scalars(select(Evaluation).where(Evaluation.plan_id == plan.id)):
        db.session.delete(ev)
    db.session.commit()
    owner = login(OWNER)
    owner.get(_url(plan))
    owner.post(_url(plan), {"action": "self_assess", **{f"sa_{r.id}": "Terlaksana." for r in plan.results}})
    boss = login("kabid.dinkes")
    boss.get(_url(plan))
    assert _rate(boss, plan).status_code == 302
    assert boss.post(_url(plan), {"action": "finalize", "confirm_missing": "y"}).status_code == 302
    kabid, person = employee("kabid.dinkes"), employee(OWNER)
    old_unit, old_position = person.unit.name, person.position.name
    ev = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id, Evaluation.status == "final"))
    assert ev.snapshot["appraiser"]["nip"] == kabid.nip and ev.snapshot["employee"]["unit"] == old_unit
    assert ev.snapshot["second_appraiser"]["name"] == employee("kadis.dinkes").name
    # A transfer afterwards: another unit, position and supervisor.
    kadis = employee("kadis.dinkes")
    person.supervisor, person.unit_id = kadis, kadis.unit_id
    person.position = Position(agency_id=person.agency_id, name="Analis Mutasi", kind="pelaksana")
    db.session.commit()
    page = owner.get(_url(plan)).get_data(as_text=True)
    line = page.split('data-testid="appraiser"')[1].split("</p>")[0]
    assert kabid.name in line and old_unit in line and old_position in line and "Analis Mutasi" not in line
    assert "hash isi tidak cocok" not in page
    pdf = owner.get(f"{_url(plan)}/pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert kabid.nip in text and old_position in text and "Analis Mutasi" not in text
    assert kadis.unit.name not in text.split("PEJABAT PENILAI KINERJA")[0]
    assert service.verify(db.session.get(Evaluation, ev.id)) is True


def test_the_snapshot_is_sealed_by_the_hash_and_demo_hashes_still_verify(app):
    finals = db.session.scalars(select(Evaluation).where(Evaluation.status == "final")).all()
    assert finals and all(service.verify(ev) for ev in finals)
    ev = finals[0]
    assert ev.snapshot is not None
    ev.snapshot = {**ev.snapshot, "appraiser": None}
    assert service.verify(ev) is False
    ev.snapshot = None  # an evaluation sealed before snapshots existed hashes without one
    ev.content_hash = service.digest(ev)
    assert "snapshot" not in service.content(ev) and service.verify(ev) is True
    db.session.rollback()



@pytest.mark.parametrize("forged", ["99999999999", "abc", "self", "kabid.dinkes", "inactive", "below"])
def test_a_forged_one_click_fix_changes_nothing_and_never_errs(login, forged):
    person = employee("staf3.disdik")
    before = person.supervisor_id
    if forged == "inactive":
        employee("staf4.disdik").active = False
        db.session.commit()
    value = {"self": person.id, "kabid.dinkes": employee("kabid.dinkes").id, "inactive": employee("staf4.disdik").id,
             "below": employee("staf2.disdik").id}.get(forged, forged)
    if forged == "below":  # staf2 reports to staf3: staf3 under staf2 would be a loop
        employee("staf2.disdik").supervisor_id = person.id
        db.session.commit()
    response = login("admin.disdik").post(f"{page_url()}/{person.id}/atasan", {"supervisor_id": value})
    assert response.status_code == 302
    db.session.expire_all()
    assert employee("staf3.disdik").supervisor_id == before
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "employees.supervisor")) is None
