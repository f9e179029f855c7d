"""Competence development: the training-needs analysis from development plans, completed development in JP
against the agency plugin's yearly target, and open items offered to next year's SKP."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from flask.globals import _cv_app
from openpyxl import load_workbook
from sqlalchemy import func, select

from kinerja_web import workflow
from kinerja_web.extensions import db
from kinerja_web.models import (
    Agency,
    AuditEntry,
    DevelopmentItem,
    DevelopmentPlan,
    DevelopmentRecord,
    Employee,
    Evaluation,
    Period,
    Plan,
    User,
)
from kinerja_web.models.audit import utcnow
from tests.helpers import count_queries, employee

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def download(client, url):
    """GET a streamed download outside the test's app context, as a server would: (status, body)."""
    token = _cv_app.set(None)
    try:
        response = client.http.get(url)
        body = b"".join(response.response) if response.status_code == 200 else b""
        response.close()
    finally:
        _cv_app.reset(token)
    return response.status_code, body


def _agency(code) -> Agency:
    return db.session.scalar(select(Agency).where(Agency.code == code))


def _user(username) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def plan_development(username: str, appraiser: str, *items) -> None:
    """Save a development plan on the person's first final evaluation, as their appraiser does."""
    emp = employee(username)
    ev = db.session.scalar(select(Evaluation).join(Plan).where(Plan.employee_id == emp.id,
                                                               Evaluation.status == "final")
                           .order_by(Evaluation.review_id).limit(1))
    workflow.evaluation.save_development_plan(ev, _user(appraiser), [
        {"kind": kind, "area": area, "value_code": code, "gap": "", "action_type": action_type, "action": action}
        for kind, area, code, action_type, action in items])


KOLABORATIF = ("behaviour", "Kolaboratif", "kolaboratif", "coaching", "Coaching kerja tim")
ADAPTIF = ("behaviour", "Adaptif", "adaptif", "pelatihan", "Pelatihan manajemen perubahan")
SURVEILANS = ("result", "Laporan surveilans penyakit", None, "pelatihan", "Pelatihan epidemiologi dasar")
PEMBINAAN = ("result", "Pembinaan Puskesmas", None, "mentoring", "Mentoring supervisi fasilitatif")


@pytest.fixture
def needs(app):
    """Development plans in Dinas Kesehatan: staf (predikat Kurang) and staf5 need Kolaboratif, staf also a
    result area; staf10 (a Puskesmas, the unit below kabid's) needs Adaptif; kabid a result area."""
    plan_development("staf.dinkes", "kabid.dinkes", KOLABORATIF, SURVEILANS)
    plan_development("staf5.dinkes", "kabid.dinkes", KOLABORATIF)
    plan_development("staf10.dinkes", "kabid.dinkes", ADAPTIF)
    plan_development("kabid.dinkes", "kadis.dinkes", PEMBINAAN)
    return _agency("dinkes")


def _rows(page: str) -> list[list[str]]:
    import re

    body = page.split('data-testid="needs"', 1)[1].split("</tbody>", 1)[0].split("<tbody>", 1)[1]
    return [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in body.split("</tr>") if "<td" in row]


def test_the_training_needs_analysis_groups_people_by_area_with_a_priority(login, needs):
    page = login("kadis.dinkes").get(f"/pengembangan/kebutuhan/{needs.id}?tahun=2026").get_data(as_text=True)
    # area, kind, people, far below expectation, still open, priority; 9 people have a final evaluation
    assert _rows(page) == [
        ["Kolaboratif", "Perilaku (BerAKHLAK)", "2", "1", "2", "Tinggi"],
        ["Laporan surveilans penyakit", "Hasil kerja", "1", "1", "1", "Tinggi"],
        ["Adaptif", "Perilaku (BerAKHLAK)", "1", "0", "1", "Sedang"],
        ["Pembinaan Puskesmas", "Hasil kerja", "1", "0", "1", "Sedang"],
    ]
    assert 'data-testid="evaluated">9<' in page
    unit = employee("staf10.dinkes").unit_id  # the Puskesmas alone: its one evaluated person needs Adaptif
    page = login("kadis.dinkes").get(f"/pengembangan/kebutuhan/{needs.id}?unit={unit}").get_data(as_text=True)
    assert _rows(page) == [["Adaptif", "Perilaku (BerAKHLAK)", "1", "0", "1", "Tinggi"]]


def test_a_need_drills_down_to_its_people(login, needs):
    url = f"/pengembangan/kebutuhan/{needs.id}/orang?tahun=2026&jenis=behaviour&area=kolaboratif"
    page = login("admin.dinkes").get(url).get_data(as_text=True)
    listed = page.split('data-testid="need-people"', 1)[1]
    assert employee("staf.dinkes").name in listed and employee("staf5.dinkes").name in listed
    assert employee("staf10.dinkes").name not in listed
    kabid_unit = employee("kabid.dinkes").unit_id  # the unit head's scope still holds both
    page = login("kabid.dinkes").get(url + f"&unit={kabid_unit}").get_data(as_text=True)
    assert employee("staf5.dinkes").name in page
    assert login("admin.dinkes").get(url.replace("jenis=behaviour", "jenis=bogus")).status_code == 404


def _url(kind: str, agency: Agency) -> str:
    unit = {"own_unit": employee("kabid.dinkes").unit_id, "top_unit": employee("kadis.dinkes").unit_id}
    if kind in unit:
        return f"/pengembangan/kebutuhan/{agency.id}?unit={unit[kind]}"
    return {"agency": f"/pengembangan/kebutuhan/{agency.id}",
            "export": f"/ekspor/kebutuhan-pengembangan/{agency.id}.csv",
            "people": f"/pengembangan/kebutuhan/{agency.id}/orang?jenis=behaviour&area=kolaboratif"}[kind]


# who × which page of Dinas Kesehatan's analysis → status; changing the agency or unit id shows nothing
NEEDS_ACCESS = [
    ("kadis.dinkes", "agency", 200), ("admin.dinkes", "agency", 200), ("admin", "agency", 200),
    ("kabid.dinkes", "own_unit", 200), ("kabid.dinkes", "top_unit", 404), ("kabid.dinkes", "agency", 404),
    ("staf.dinkes", "agency", 404), ("staf.dinkes", "own_unit", 404), ("kadis.disdik", "agency", 404),
    ("admin.disdik", "agency", 404), ("admin.disdik", "export", 404), ("staf.dinkes", "export", 404),
    ("kadis.dinkes", "export", 200), ("kadis.disdik", "people", 404), ("kabid.dinkes", "people", 404),
]


# who × whose development page → status (a person, their supervisors and their agency's admins)
PERSON_ACCESS = [
    ("staf.dinkes", "staf.dinkes", 200), ("kabid.dinkes", "staf.dinkes", 200), ("kadis.dinkes", "staf.dinkes", 200),
    ("admin.dinkes", "staf.dinkes", 200), ("staf2.dinkes", "staf.dinkes", 404), ("admin.disdik", "staf.dinkes", 404),
    ("staf.disdik", "staf.dinkes", 404), ("staf.dinkes", "kabid.dinkes", 404),
]


def test_who_may_see_the_training_needs_analysis_and_whose_development(login):
    agency, clients, seen = _agency("dinkes"), {}, []
    for who, kind, _status in NEEDS_ACCESS:
        seen.append((who, kind, download(clients.setdefault(who, login(who)), _url(kind, agency))[0]))
    for who, whose, _status in PERSON_ACCESS:
        client = clients.setdefault(who, login(who))
        seen.append((who, whose, client.get(f"/pengembangan/pegawai/{employee(whose).id}").status_code))
    assert seen == NEEDS_ACCESS + PERSON_ACCESS


def test_an_unknown_agency_or_person_is_not_found(login):
    assert login("admin").get("/pengembangan/kebutuhan/99999").status_code == 404
    assert login("admin").get("/pengembangan/pegawai/99999").status_code == 404


def _record(client, emp, **fields):
    data = {"kind": "pelatihan", "title": "Pelatihan epidemiologi dasar", "started_on": "2026-10-05",
            "ended_on": "2026-10-07", "hours": "24", "link": "", "item_id": "", **fields}
    return client.post(f"/pengembangan/pegawai/{emp.id}", data, content_type="multipart/form-data")


def test_staff_record_completed_training_with_evidence_which_closes_the_item(login, needs):
    emp = employee("staf.dinkes")
    item = db.session.scalar(select(DevelopmentItem).where(DevelopmentItem.employee_id == emp.id,
                                                           DevelopmentItem.kind == "result"))
    owner = login("staf.dinkes")
    response = _record(owner, emp, item_id=str(item.id), evidence=(io.BytesIO(PNG), "sertifikat.png"))
    assert response.status_code == 302
    rec = db.session.scalar(select(DevelopmentRecord).where(DevelopmentRecord.employee_id == emp.id))
    assert (rec.hours, rec.year, rec.item_id, rec.filename) == (24, 2026, item.id, "sertifikat.png")
    db.session.refresh(item)
    assert item.closed_at is not None
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "development.record")).object_id == rec.id
    page = owner.get(f"/pengembangan/pegawai/{emp.id}").get_data(as_text=True)
    assert "24 dari 24 JP" in page and "kesehatan" in page  # dinkes declares 24 JP a year
    assert download(owner, f"/pengembangan/catatan/{rec.id}/bukti") == (200, PNG)
    assert login("staf2.dinkes").get(f"/pengembangan/catatan/{rec.id}/bukti").status_code == 404
    boss = login("kabid.dinkes")
    assert "24 dari 24 JP" in boss.get(f"/pengembangan/pegawai/{emp.id}").get_data(as_text=True)
    team = boss.get("/pengembangan/tim").get_data(as_text=True).split('data-testid="team-jp"', 1)[1]
    assert emp.name in team and employee("staf2.dinkes").name in team
    # the closed item counts in the analysis as no longer open
    page = login("kadis.dinkes").get(f"/pengembangan/kebutuhan/{needs.id}").get_data(as_text=True)
    assert ["Laporan surveilans penyakit", "Hasil kerja", "1", "1", "0", "Tinggi"] in _rows(page)
    assert _record(owner, emp, item_id=str(item.id)).status_code == 422  # already closed


def test_the_yearly_target_comes_from_the_agency_plugin(login):
    page = login("staf.disdik").get(f"/pengembangan/pegawai/{employee('staf.disdik').id}").get_data(as_text=True)
    assert "0 dari 20 JP" in page and "pendidikan" in page


BAD = [
    ({"ended_on": "2026-10-01"}, "ended_on", "sebelum tanggal mulai"),
    ({"ended_on": "2026-12-30"}, "ended_on", "tanggal selesai di masa depan"),
    ({"hours": "0"}, "hours", "dari 1 sampai 500"),
    ({"hours": "dua"}, "hours", "Masukkan angka"),
    ({"hours": "2,5"}, "hours", "dari 1 sampai 500"),
    ({"started_on": "kemarin"}, "started_on", "2026-04-10"),
    ({"title": ""}, "title", "wajib diisi"),
    ({"kind": "liburan"}, "kind", "Pilih salah satu"),
    ({"link": "javascript:alert(1)"}, "link", "http://"),
    ({"evidence": (io.BytesIO(b"MZ..."), "virus.exe")}, "evidence", "tidak diterima"),
]


def test_bad_input_is_refused_at_its_field_in_indonesian_and_nothing_is_saved(login):
    emp, client = employee("staf.dinkes"), login("staf.dinkes")
    for fields, field, message in BAD:
        response = _record(client, emp, **fields)
        page = response.get_data(as_text=True)
        assert response.status_code == 422 and f'id="{field}-error"' in page and message in page, (field, message)
    assert db.session.scalar(select(func.count(DevelopmentRecord.id))) == 0


def test_only_the_person_records_their_development(login):
    emp = employee("staf.dinkes")
    assert _record(login("kabid.dinkes"), emp).status_code == 403
    assert _record(login("staf2.dinkes"), emp).status_code == 404
    assert 'data-testid="record-form"' not in login("kabid.dinkes").get(
        f"/pengembangan/pegawai/{emp.id}").get_data(as_text=True)


def test_the_export_holds_the_needs_and_every_item_with_its_person(login, needs):
    client = login("admin.dinkes")
    status, xlsx = download(client, f"/ekspor/kebutuhan-pengembangan/{needs.id}.xlsx?tahun=2026")
    assert status == 200
    book = load_workbook(io.BytesIO(xlsx), read_only=True)
    first, people = (list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets)
    assert first[0][:3] == ("Jenis", "Bidang", "Pegawai") and first[1][:3] == ("Perilaku (BerAKHLAK)", "Kolaboratif", 2)
    assert len(people) == 1 + 5 and {r[0] for r in people[1:]} == {employee(u).nip for u in (
        "staf.dinkes", "staf5.dinkes", "staf10.dinkes", "kabid.dinkes")}
    book.close()
    text = download(client, f"/ekspor/kebutuhan-pengembangan/{needs.id}.csv?tahun=2026")[1].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == ["Perilaku (BerAKHLAK)", "Kolaboratif", "2", "1", "2", "Tinggi"] and len(rows) == 5


def _grow(count: int, start: int) -> None:
    """``count`` more staff of kabid.dinkes, each with a final evaluation, a development plan of two items
    and a completed training."""
    boss = employee("kabid.dinkes")
    model = db.session.scalar(select(Plan).where(Plan.employee_id == employee("staf.dinkes").id))
    for n in range(start, start + count):
        emp = Employee(agency_id=boss.agency_id, unit_id=boss.unit_id, position_id=model.employee.position_id,
                       supervisor=boss, name=f"Pegawai Tambahan {n}", nip=f"19900101201501{n:04d}")
        plan = Plan(employee=emp, period_id=model.period_id, status="approved", supervisor_id=boss.id)
        ev = Evaluation(plan=plan, status="final", predicate="kurang" if n % 2 else "baik")
        db.session.add_all([emp, plan, ev])
        db.session.flush()
        dev = DevelopmentPlan(evaluation_id=ev.id, items=[])
        db.session.add(dev)
        db.session.flush()
        for kind, area, code, action_type, action in (KOLABORATIF, (SURVEILANS[0], f"Area {n % 7}", *SURVEILANS[2:])):
            db.session.add(DevelopmentItem(development_plan_id=dev.id, employee_id=emp.id, agency_id=emp.agency_id,
                                           year=2026, kind=kind, area=area, value_code=code, action_type=action_type,
                                           action=action))
        db.session.add(DevelopmentRecord(employee_id=emp.id, agency_id=emp.agency_id, year=2026, kind="pelatihan",
                                         title="Diklat", started_on=date(2026, 3, 1), ended_on=date(2026, 3, 3),
                                         hours=8 + n % 20))
    db.session.commit()


def test_the_development_pages_cost_the_same_for_a_few_and_many_people(login, needs):
    agency = needs.id
    pages = [("kadis.dinkes", f"/pengembangan/kebutuhan/{agency}"),
             ("kabid.dinkes", f"/pengembangan/kebutuhan/{agency}?unit={employee('kabid.dinkes').unit_id}"),
             ("kadis.dinkes", f"/pengembangan/kebutuhan/{agency}/orang?jenis=behaviour&area=kolaboratif"),
             ("kabid.dinkes", "/pengembangan/tim"),
             ("staf.dinkes", f"/pengembangan/pegawai/{employee('staf.dinkes').id}"),
             ("kadis.dinkes", f"/ekspor/kebutuhan-pengembangan/{agency}.xlsx"), ("kadis.dinkes", "/dasbor")]
    clients = {who: login(who) for who, _ in pages}

    def costs():
        out = {}
        for who, url in pages:
            with count_queries() as statements:  # a download's statements run while it is read
                assert download(clients[who], url)[0] == 200, url
            out[url] = len(statements)
        return out

    costs()
    _grow(3, 0)
    small = costs()
    _grow(60, 3)
    large = costs()
    print("\n".join(f"{n:3} {url}" for url, n in large.items()))
    assert small == large
    assert max(large.values()) <= 12, large


def test_the_dashboard_shows_who_reached_the_yearly_target(login):
    page = login("kadis.dinkes").get("/dasbor").get_data(as_text=True)
    tile = page.split('data-testid="tile-development"', 1)[1].split("</li>", 1)[0]
    assert "0 / " in tile and "24 JP" in tile and "/pengembangan/kebutuhan/" in tile


def test_an_open_item_is_offered_to_next_years_skp_and_taken_in_one_click(login, needs):
    emp = employee("staf.dinkes")
    period = Period(agency_id=emp.agency_id, year=2027)
    db.session.add(period)
    db.session.commit()
    plan = workflow.create(emp, _user("staf.dinkes"), period.id, "kuantitatif")
    db.session.commit()
    owner = login("staf.dinkes")
    page = owner.get(f"/skp/{plan.id}").get_data(as_text=True)
    offered = page.split('data-testid="development-proposal"', 1)[1].split("</section>", 1)[0]
    item = db.session.scalar(select(DevelopmentItem).where(DevelopmentItem.employee_id == emp.id,
                                                           DevelopmentItem.kind == "result"))
    assert "Pelatihan epidemiologi dasar" in offered and "Coaching kerja tim" not in offered  # behaviour: below
    assert owner.post(f"/skp/{plan.id}/pengembangan/{item.id}").status_code == 302
    db.session.refresh(plan)
    assert [(r.kind, r.text) for r in plan.results] == [
        ("tambahan", "Pengembangan kompetensi: Pelatihan epidemiologi dasar")]
    assert owner.post(f"/skp/{plan.id}/pengembangan/{item.id}").status_code == 302  # twice: nothing more
    db.session.refresh(plan)
    assert len(plan.results) == 1
    other = db.session.scalar(select(DevelopmentItem).where(DevelopmentItem.employee_id == employee("staf5.dinkes").id))
    assert owner.post(f"/skp/{plan.id}/pengembangan/{other.id}").status_code == 404  # another person's item
    assert login("staf2.dinkes").post(f"/skp/{plan.id}/pengembangan/{item.id}").status_code == 404
    # the behaviour item is proposed to the supervisor as the expectation for that value
    plan.status = "submitted"
    db.session.commit()
    review = login("kabid.dinkes").get(f"/skp/{plan.id}/tinjau").get_data(as_text=True)
    assert 'data-testid="proposed-kolaboratif"' in review and "Coaching kerja tim</textarea>" in review


def test_a_saved_development_plan_keeps_a_closed_item_and_drops_a_removed_open_one(app, needs):
    emp = employee("staf.dinkes")
    rows = db.session.scalars(select(DevelopmentItem).where(DevelopmentItem.employee_id == emp.id)
                              .order_by(DevelopmentItem.id)).all()
    assert [(r.kind, r.value_code) for r in rows] == [("behaviour", "kolaboratif"), ("result", None)]
    rows[1].closed_at = utcnow()
    db.session.commit()
    plan_development("staf.dinkes", "kabid.dinkes", ADAPTIF)
    left = db.session.scalars(select(DevelopmentItem).where(DevelopmentItem.employee_id == emp.id)
                              .order_by(DevelopmentItem.id)).all()
    assert [(r.area, r.closed_at is not None) for r in left] == [("Laporan surveilans penyakit", True),
                                                                 ("Adaptif", False)]


def test_the_demo_command_seeds_development_plans_the_analysis_shows(login):
    from kinerja_web.clock import today
    from kinerja_web.demo_development import seed_development

    seed_development(today())
    agency = _agency("dinkes")
    rows = _rows(login("kadis.dinkes").get(f"/pengembangan/kebutuhan/{agency.id}").get_data(as_text=True))
    assert rows and all(int(people) >= 1 for _area, _kind, people, *_rest in rows)
    items = db.session.scalar(select(func.count(DevelopmentItem.id)).where(DevelopmentItem.agency_id == agency.id))
    assert items >= len(rows) and db.session.scalar(select(func.count(DevelopmentRecord.id))) > 0
