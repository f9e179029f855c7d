"""Programmes across agencies (issue 12): created and run by the lead agency's admins or the province, shared RHK
that staff of member agencies link their RHK to through their usual SKP approval, and a page whose contributions
per agency are aggregated in SQL at a fixed cost."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Agency, AuditEntry, Employee, Plan, PlanIndicator, Realization, ReviewPeriod, WorkResult
from kinerja_web.models.programme import Programme, ProgrammeResult
from tests.helpers import count_queries, employee, plan_of

MAX_QUERIES = 12
PICK = "Pilih salah satu pilihan yang tersedia."


def festival() -> Programme:
    return db.session.scalar(select(Programme).where(Programme.name == "Festival Budaya Lampung"))


def agency_id(code: str) -> int:
    return db.session.scalar(select(Agency.id).where(Agency.code == code))


def test_the_lead_agencys_admin_creates_a_programme_and_its_shared_rhk(login):
    client = login("admin.dispar")
    response = client.post("/program/baru", {"name": "Pekan Kuliner Lampung", "year": festival().year,
                                             "lead_agency_id": agency_id("dispar"), "goals": "Tujuan satu\nTujuan dua",
                                             "members": [agency_id("dinkes")]})
    assert response.status_code == 302
    programme = db.session.scalar(select(Programme).where(Programme.name == "Pekan Kuliner Lampung"))
    assert programme.member_ids == {agency_id("dispar"), agency_id("dinkes")}
    response = client.post(f"/program/{programme.id}/rhk", {"text": "Meningkatnya UMKM kuliner",
                                                            "indicator": "UMKM ikut pekan", "target_value": "1.500",
                                                            "unit": "UMKM"})
    assert response.status_code == 302
    db.session.expire_all()
    assert [(r.text, r.target_value) for r in programme.results] == [("Meningkatnya UMKM kuliner", Decimal(1500))]
    page = client.get(f"/program/{programme.id}").get_data(as_text=True)
    assert "Tujuan dua" in page and "Meningkatnya UMKM kuliner" in page and "Dinas Kesehatan" in page
    actions = set(db.session.scalars(select(AuditEntry.action).where(AuditEntry.agency_id == agency_id("dispar"))))
    assert {"programme.create", "programme.rhk.create"} <= actions


BAD_FORMS = (  # what is sent (besides a valid year and lead), the message shown at the field
    ({"name": "", "goals": ""}, "Kolom ini wajib diisi."),
    ({"name": "X", "year": "dua ribu"}, PICK),
    ({"name": "X", "lead_agency_id": "{disdik}"}, PICK),  # not theirs to lead
    ({"name": "X", "members": "abc"}, "Daftar instansi tidak dapat dibaca"),
)


def test_a_bad_programme_form_is_refused_at_its_field_and_nothing_is_saved(login):
    client = login("admin.dispar")
    before = db.session.scalar(select(db.func.count(Programme.id)))
    for data, message in BAD_FORMS:
        form = {"year": festival().year, "lead_agency_id": agency_id("dispar"), **data}
        form = {k: v.format(disdik=agency_id("disdik")) if isinstance(v, str) else v for k, v in form.items()}
        response = client.post("/program/baru", form)
        assert response.status_code == 422, data
        assert message in response.get_data(as_text=True), data
    assert db.session.scalar(select(db.func.count(Programme.id))) == before


def test_a_bad_target_keeps_what_was_typed_with_a_message(login):
    programme = festival()
    response = login("admin.dispar").post(f"/program/{programme.id}/rhk", {"text": "RHK", "indicator": "IKI",
                                                                           "target_value": "banyak"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "banyak" in page and "Masukkan angka" in page
    assert len(programme.results) == 2


def test_membership_changes_are_audited_and_a_leaving_agency_no_longer_sees_the_programme(login):
    programme = festival()
    admin = login("admin.dispar")
    assert login("staf5.disdik").get(f"/program/{programme.id}").status_code == 200
    assert admin.post(f"/program/{programme.id}/anggota", {"members": [agency_id("dinkes")]}).status_code == 302
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "programme.members"))
    assert entry.before == {"agencies": ["disdik", "dispar"]} and entry.after == {"agencies": ["dinkes", "dispar"]}
    assert login("staf5.disdik").get(f"/program/{programme.id}").status_code == 404
    page = admin.get(f"/program/{programme.id}").get_data(as_text=True)
    assert 'data-testid="contribution-2-disdik"' not in page and "contribution-1-dinkes" in page


def test_a_programme_rhk_others_link_to_is_not_deleted(login):
    programme = festival()
    linked = programme.results[0]
    response = login("admin.dispar").post(f"/program/{programme.id}/rhk/{linked.id}/hapus", follow_redirects=True)
    assert "tidak dapat dihapus" in response.get_data(as_text=True)
    assert db.session.get(ProgrammeResult, linked.id) is not None


def _link(client, plan, result, programme_result_id):
    return client.post(f"/skp/{plan.id}/rhk/{result.id}", {
        "kind": result.kind, "text": result.text, "parent_id": result.parent_id or "", "cascading": "",
        "goal_id": "", "programme_result_id": programme_result_id})


def test_member_staff_link_an_rhk_that_counts_once_their_supervisor_approves(login):
    programme = festival()
    target = programme.results[1]
    plan = plan_of("staf4.disdik")  # a draft
    staff = login("staf4.disdik")
    editor = staff.get(f"/skp/{plan.id}/rhk/{plan.results[0].id}").get_data(as_text=True)
    assert "Festival Budaya Lampung: " + target.text[:40] in editor
    assert _link(staff, plan, plan.results[0], target.id).status_code == 302
    db.session.expire_all()
    assert plan.results[0].programme_result_id == target.id
    lead = login("admin.dispar")
    row = f'data-testid="contribution-{target.id}-disdik"'
    assert _cell(lead.get(f"/program/{programme.id}").get_data(as_text=True), row) == "2"  # a draft does not count
    assert staff.post(f"/skp/{plan.id}/ajukan").status_code == 302
    assert login("kabid.disdik").post(f"/skp/{plan.id}/tinjau", {"decision": "approve"}).status_code == 302
    db.session.expire_all()
    assert plan.status == "approved"
    assert _cell(lead.get(f"/program/{programme.id}").get_data(as_text=True), row) == "3"


def _cell(page: str, row: str) -> str:
    """The linked-RHK count of a contribution row."""
    return page.split(row, 1)[1].split('data-label="RHK tertaut">', 1)[1].split("<", 1)[0]


def test_staff_of_an_agency_outside_the_programme_are_refused_with_a_clear_message(login):
    username = "staf4.dinkes"
    plan = plan_of(username)
    target = festival().results[0]
    client = login(username)
    editor = client.get(f"/skp/{plan.id}/rhk/{plan.results[0].id}").get_data(as_text=True)
    assert "Festival Budaya" not in editor  # not offered
    response = _link(client, plan, plan.results[0], target.id)  # sent anyway
    assert response.status_code == 422
    assert "Instansi Anda bukan peserta program ini" in response.get_data(as_text=True)
    db.session.expire_all()
    assert plan.results[0].programme_result_id is None


# who sees the people and attainment behind an agency's contribution (else the RHK titles only)
DRILL = {
    ("admin.dispar", "disdik"): True, ("admin.dispar", "dispar"): True,  # the lead's admin
    ("admin", "disdik"): True,  # the province admin
    ("admin.disdik", "disdik"): True, ("admin.disdik", "dispar"): False,  # a member's admin: their own part
    ("staf5.disdik", "disdik"): False, ("staf5.disdik", "dispar"): False,  # staff: titles only
    ("kabid.disdik", "dispar"): False,
}


def test_the_drill_down_shows_people_only_to_the_leaders_and_the_agencys_own_admins(login):
    programme = festival()
    linked = {r.id: list(db.session.scalars(select(WorkResult.text).where(WorkResult.programme_result_id == r.id)))
              for r in programme.results}
    clients = {who: login(who) for who in {w for w, _ in DRILL}}
    wrong = []
    for (who, part), detailed in DRILL.items():
        result = programme.results[0 if part == "dispar" else 1]
        names = [employee(f"staf{k}.{part}").name for k in (5, 6)]
        url = f"/program/{programme.id}/rhk/{result.id}/instansi/{agency_id(part)}"
        page = clients[who].get(url).get_data(as_text=True)
        shown = [name in page for name in names]
        titles = bool(linked[result.id]) and all(text in page for text in linked[result.id])  # for everyone
        if not titles or shown != [detailed, detailed] or ('data-testid="titles-only"' in page) is detailed:
            wrong.append(f"{who} on {part}'s part: titles {titles}, names {shown}, want names {detailed}")
    assert not wrong, "\n".join(wrong)


def _grow(count: int, start: int) -> None:
    """``count`` more disdik staff whose approved SKP link an RHK to the festival's second RHK, with 20 realised
    in each of the three ended quarters of a summed target of 100 (80 % of the 75 due by the end of Q3)."""
    boss = employee("kabid.disdik")
    model = plan_of("staf5.disdik")
    target = festival().results[1]
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == model.period_id)
                                 .order_by(ReviewPeriod.seq)).all()
    for n in range(start, start + count):
        emp = Employee(agency_id=boss.agency_id, unit_id=boss.unit_id, position_id=model.employee.position_id,
                       supervisor=boss, name=f"Peserta Festival {n}", nip=f"19900101201501{1 + n % 2}{300 + n:03d}")
        plan = Plan(employee=emp, period_id=model.period_id, status="approved", supervisor_id=boss.id)
        result = WorkResult(kind="utama", text=f"Pentas sekolah {n}", programme_result_id=target.id)
        result.indicators.append(PlanIndicator(name="Sekolah tampil", aspect="kuantitas", target_value=100,
                                               unit="sekolah", aggregation="sum"))
        plan.results.append(result)
        db.session.add_all([emp, plan])
        db.session.flush()
        db.session.add_all([Realization(indicator_id=result.indicators[0].id, review_id=r.id, value=Decimal(20))
                            for r in reviews[:3]])
    db.session.commit()


def _cost(client, url) -> int:
    with count_queries() as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(statements)


def test_the_programme_pages_cost_the_same_for_a_few_and_many_contributors(login):
    programme = festival()
    second = programme.results[1]
    pages = [("admin.dispar", f"/program/{programme.id}"), ("staf5.disdik", f"/program/{programme.id}"),
             ("admin.dispar", f"/program/{programme.id}/rhk/{second.id}/instansi/{agency_id('disdik')}"),
             ("staf5.dispar", f"/program/{programme.id}/rhk/{second.id}/instansi/{agency_id('disdik')}"),
             ("staf5.disdik", "/program"), ("admin.dispar", f"/program/{programme.id}/kelola")]
    clients = {who: login(who) for who, _ in pages}
    for who, url in pages:
        clients[who].get(url)
    _grow(3, 0)
    small = [_cost(clients[w], u) for w, u in pages]
    _grow(40, 3)
    large = [_cost(clients[w], u) for w, u in pages]
    assert small == large
    assert max(large) <= MAX_QUERIES, large
    page = clients["admin.dispar"].get(f"/program/{programme.id}").get_data(as_text=True)
    assert _cell(page, f'data-testid="contribution-{second.id}-disdik"') == "45"  # 2 of the demo + 43
    drill = clients["admin.dispar"].get(pages[2][1]).get_data(as_text=True)
    assert drill.count("80,0 %") == 43 and "halaman=2" not in drill  # 45 rows (43 grown), on one page of 50
