"""Agency admins manage units, positions, employees, goals and periods."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Agency, AuditEntry, Employee, Period, Position, Unit, User
from kinerja_web.nip import NipError, parse_nip
from tests.helpers import Client

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(("nip", "code"), [
    ("19900521201502100", "length"),            # 17 digits
    ("1990052120150210011", "length"),          # 19 digits
    ("19900521A01502100A", "length"),
    ("1990052120150210 1", "length"),           # a space does not count as a digit
    ("199013212015021001", "birth_date"),       # month 13
    ("199002302015021001", "birth_date"),       # 30 February
    ("203001012050011001", "birth_date"),       # born in the future
    ("199005212015131001", "recruitment"),      # month 13
    ("199005212030011001", "recruitment"),      # recruited in the future
    ("199005212005011001", "too_young"),        # recruited at 14
    ("199005212015023001", "gender"),
    ("199005212015021000", "sequence"),
])
def test_invalid_nips_name_their_problem(nip, code):
    with pytest.raises(NipError) as exc:
        parse_nip(nip, today=TODAY)
    assert exc.value.code == code


def test_a_valid_nip_is_read_into_its_parts():
    nip = parse_nip("199005212015021001", today=TODAY)
    assert nip.birth_date == date(1990, 5, 21)
    assert nip.recruited == (2015, 2)
    assert nip.gender == 1 and nip.sequence == 1


def _agency(code="disdik"):
    return db.session.scalar(select(Agency).where(Agency.code == code))


def _employee_form(agency, **changes):
    unit = db.session.scalar(select(Unit).where(Unit.agency_id == agency.id))
    position = db.session.scalar(select(Position).where(Position.agency_id == agency.id))
    data = {"nip": "199805122023032001", "name": "Nurul Hidayah, S.Pd.", "rank": "Penata Muda (III/a)",
            "unit_id": unit.id, "position_id": position.id, "supervisor_id": "", "active": "y",
            "username": "nurul.disdik", "password": "rahasia-awal-1"}
    data.update(changes)
    return data


def test_agency_admin_creates_an_employee_with_a_login(login, app):
    admin = login("admin.disdik")
    agency = _agency()
    admin.get(f"/admin/{agency.id}/employees/baru")
    response = admin.post(f"/admin/{agency.id}/employees/baru", _employee_form(agency))
    assert response.status_code == 302
    emp = db.session.scalar(select(Employee).where(Employee.nip == "199805122023032001"))
    assert emp.agency_id == agency.id
    user = db.session.scalar(select(User).where(User.username == "nurul.disdik"))
    assert user.employee_id == emp.id and user.check_password("rahasia-awal-1")
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "employees.create",
                                                      AuditEntry.object_id == emp.id)) is not None
    Client(app.test_client()).login("nurul.disdik", "rahasia-awal-1")  # and can log in


@pytest.mark.parametrize(("changes", "message"), [
    ({"nip": "19980512202303200"}, "18 digit"),
    ({"nip": "199813122023032001"}, "tanggal lahir"),
    ({"nip": "199805122023033001"}, "1 atau 2"),
    ({"name": ""}, "wajib diisi"),
    ({"name": "x" * 201}, "200"),
    ({"username": "Nurul Besar"}, "huruf kecil"),
    ({"password": "pendek"}, "8"),
    ({"unit_id": "999999"}, "Pilih salah satu"),
])
def test_bad_employee_input_gets_a_clear_message(login, changes, message):
    admin = login("admin.disdik")
    agency = _agency()
    admin.get(f"/admin/{agency.id}/employees/baru")
    response = admin.post(f"/admin/{agency.id}/employees/baru", _employee_form(agency, **changes))
    assert response.status_code == 422
    assert message.lower() in response.get_data(as_text=True).lower()


def test_a_duplicate_nip_is_refused(login):
    admin = login("admin.disdik")
    agency = _agency()
    existing = db.session.scalar(select(Employee).where(Employee.agency_id == agency.id))
    admin.get(f"/admin/{agency.id}/employees/baru")
    response = admin.post(f"/admin/{agency.id}/employees/baru", _employee_form(agency, nip=existing.nip))
    assert response.status_code == 422


def test_a_unit_of_another_agency_cannot_be_chosen(login):
    admin = login("admin.disdik")
    agency = _agency()
    foreign_unit = db.session.scalar(select(Unit).where(Unit.agency_id == _agency("dinkes").id))
    admin.get(f"/admin/{agency.id}/employees/baru")
    response = admin.post(f"/admin/{agency.id}/employees/baru", _employee_form(agency, unit_id=foreign_unit.id))
    assert response.status_code == 422


def test_deactivating_an_employee_also_blocks_their_login(login, client):
    admin = login("admin.disdik")
    agency = _agency()
    emp = db.session.scalar(select(Employee).join(User, User.employee_id == Employee.id)
                            .where(User.username == "staf.disdik"))
    admin.get(f"/admin/{agency.id}/employees/{emp.id}")
    assert admin.post(f"/admin/{agency.id}/employees/{emp.id}/status", {"active": "0"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Employee, emp.id).active is False
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "employees.deactivate")) is not None
    client.get("/login")
    response = client.post("/login", {"username": "staf.disdik", "password": "kinerja-demo"})
    assert response.status_code == 422 and "salah" in response.get_data(as_text=True)


def test_admin_adds_a_year_split_into_quarters_with_deadlines(login):
    admin = login("admin.disdik")
    agency = _agency()
    admin.get(f"/admin/{agency.id}/periode")
    assert admin.post(f"/admin/{agency.id}/periode", {"year": "2027", "cadence": "quarterly"}).status_code == 302
    period = db.session.scalar(select(Period).where(Period.agency_id == agency.id, Period.year == 2027))
    assert [(r.starts_on, r.ends_on) for r in period.reviews] == [
        (date(2027, 1, 1), date(2027, 3, 31)), (date(2027, 4, 1), date(2027, 6, 30)),
        (date(2027, 7, 1), date(2027, 9, 30)), (date(2027, 10, 1), date(2027, 12, 31))]
    assert all(r.input_deadline > r.ends_on for r in period.reviews)
    again = admin.post(f"/admin/{agency.id}/periode", {"year": "2027", "cadence": "monthly"})
    assert again.status_code == 422
    assert admin.post(f"/admin/{agency.id}/periode", {"year": "abc"}).status_code == 422


def test_monthly_periods_cover_the_year(login):
    admin = login("admin")
    agency = _agency("dispar")
    admin.get(f"/admin/{agency.id}/periode")
    admin.post(f"/admin/{agency.id}/periode", {"year": "2028", "cadence": "monthly"})
    period = db.session.scalar(select(Period).where(Period.agency_id == agency.id, Period.year == 2028))
    assert len(period.reviews) == 12
    assert period.reviews[1].ends_on == date(2028, 2, 29)  # leap year


def test_province_admin_deactivates_an_agency_and_it_is_audited(login):
    admin = login("admin")
    agency = _agency("dispar")
    admin.get("/admin/")
    assert admin.post(f"/admin/{agency.id}/aktif", {"active": "0"}).status_code == 302
    db.session.expire_all()
    assert _agency("dispar").active is False
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "agency.toggle")) is not None


def test_plugins_page_lists_each_plugin_with_version(login):
    page = login("admin.dinkes").get("/admin/plugins").get_data(as_text=True)
    for name in ("kesehatan", "pendidikan", "pariwisata", "kinerja_web.national", "lower_is_better"):
        assert name in page
    assert "2.0.0" in page  # the agency plugins, each with its version


def test_admin_moves_an_input_deadline_and_bad_dates_are_explained(login):
    admin = login("admin.disdik")
    agency = _agency()
    period = db.session.scalar(select(Period).where(Period.agency_id == agency.id))
    review = period.reviews[0]
    admin.get(f"/admin/{agency.id}/periode")
    ok = admin.post(f"/admin/{agency.id}/periode/{review.id}", {f"d{review.id}-input_deadline": "2026-04-20"},
                    prefix=f"d{review.id}")
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(review), review.id).input_deadline == date(2026, 4, 20)
    bad = admin.post(f"/admin/{agency.id}/periode/{review.id}", {f"d{review.id}-input_deadline": "20 April"},
                     prefix=f"d{review.id}", follow_redirects=True)
    assert "Masukkan tanggal" in bad.get_data(as_text=True)
    wrong_year = admin.post(f"/admin/{agency.id}/periode", {"year": "dua ribu"})
    assert wrong_year.status_code == 422
    assert "bilangan bulat" in wrong_year.get_data(as_text=True)


def test_another_agencys_review_period_cannot_be_changed(login):
    admin = login("admin.disdik")
    foreign = db.session.scalar(select(Period).where(Period.agency_id == _agency("dinkes").id)).reviews[0]
    admin.get(f"/admin/{_agency().id}/periode")
    response = admin.post(f"/admin/{_agency().id}/periode/{foreign.id}",
                          {f"d{foreign.id}-input_deadline": "2026-05-01"}, prefix=f"d{foreign.id}")
    assert response.status_code == 404


def test_province_admin_approves_the_skp_of_a_head_of_agency(login):
    head = login("kadis.dispar")
    from tests.helpers import plan_of
    plan = plan_of("kadis.dispar")
    head.get(f"/skp/{plan.id}")
    head.post(f"/skp/{plan.id}/revisi", {"reason": "Penyesuaian Renstra"})
    db.session.expire_all()
    revision = plan_of("kadis.dispar")
    head.get(f"/skp/{revision.id}")
    assert head.post(f"/skp/{revision.id}/ajukan").status_code == 302
    bkd = login("admin")
    assert "Bambang" in bkd.get("/admin/persetujuan").get_data(as_text=True)
    assert login("admin.dispar").get(f"/skp/{revision.id}/tinjau").status_code == 403
    bkd.get(f"/skp/{revision.id}/tinjau")
    assert bkd.post(f"/skp/{revision.id}/tinjau", {"decision": "approve"}).status_code == 302
    db.session.expire_all()
    assert plan_of("kadis.dispar").status == "approved"


def test_a_deactivated_agency_locks_out_its_users_but_not_the_province(login, client):
    admin = login("admin")
    agency = _agency("dispar")
    admin.get("/admin/")
    staff = login("staf.dispar")
    admin.post(f"/admin/{agency.id}/aktif", {"active": "0"})
    assert staff.get("/skp").status_code == 302  # an open session is logged out
    client.get("/login")
    refused = client.post("/login", {"username": "kabid.dispar", "password": "kinerja-demo"})
    assert refused.status_code == 422 and "dinonaktifkan" in refused.get_data(as_text=True)
    assert admin.get(f"/admin/{agency.id}").status_code == 200


def test_password_resets_and_new_accounts_are_audited_without_the_hash(login):
    admin = login("admin.disdik")
    agency = _agency()
    emp = db.session.scalar(select(Employee).join(User, User.employee_id == Employee.id)
                            .where(User.username == "staf.disdik"))
    admin.get(f"/admin/{agency.id}/employees/{emp.id}")
    form = {"nip": emp.nip, "name": emp.name, "rank": emp.rank, "unit_id": emp.unit_id,
            "position_id": emp.position_id, "supervisor_id": emp.supervisor_id or "", "username": "staf.disdik",
            "password": "sandi-baru-123"}
    assert admin.post(f"/admin/{agency.id}/employees/{emp.id}", form).status_code == 302
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "account.password_reset"))
    assert entry is not None and "hash" not in str(entry.after) and "sandi" not in str(entry.after)


def test_agency_admins_read_their_agencys_audit_trail_only(login):
    agency = _agency()
    staff = login("staf2.disdik")
    from tests.helpers import plan_of

    plan = plan_of("staf2.disdik")
    boss = login("kabid.disdik")
    boss.get(f"/skp/{plan.id}/tinjau")
    boss.post(f"/skp/{plan.id}/tinjau", {"decision": "return", "reason": "Perbaiki target"})
    page = login("admin.disdik").get(f"/admin/{agency.id}/audit?aksi=plan.").get_data(as_text=True)
    assert "plan.return" in page and "kabid.disdik" in page and "Perbaiki target" in page
    assert login("admin.dinkes").get(f"/admin/{agency.id}/audit").status_code == 404
    assert staff.get(f"/admin/{agency.id}/audit").status_code == 403
