"""Importing an agency's units, positions and employees from a file: preview, errors, all or nothing, CLI."""
from __future__ import annotations

import csv
import io
import re
import time
from datetime import date

import pytest
from flask.globals import _cv_app
from sqlalchemy import func, select

from kinerja_web.demo import make_nip
from kinerja_web.extensions import db
from kinerja_web.models import Agency, AuditEntry, Employee, Unit, User
from tests.helpers import employee

HEADER = ["NIP", "Nama", "Jabatan", "Jenis Jabatan", "Unit Kerja", "Unit Induk", "ID Unit", "NIP Atasan", "Email",
          "Pangkat/Golongan", "Kode Instansi"]


def nip(n: int) -> str:
    return make_nip(date(1991, 1 + n % 12, 1 + n % 28), (2016, 3), 1 + n % 2, 700 + n)


def agency_id(code="dinkes") -> int:
    return db.session.scalar(select(Agency.id).where(Agency.code == code))


def download(client, url) -> bytes:
    """A streamed download read outside the test's app context, as a server sends it."""
    token = _cv_app.set(None)
    try:
        response = client.http.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return b"".join(response.response)
    finally:
        _cv_app.reset(token)


def roster(client, agency) -> list[list[str]]:
    """The agency's template as rows (the header first), downloaded as the admin would."""
    text = download(client, f"/admin/{agency}/impor-pegawai/templat.csv").decode("utf-8-sig")
    delimiter = ";" if text.split("\n", 1)[0].count(";") else ","  # the CSV dialect follows the language
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def as_csv(rows, delimiter=",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode()


def person(n, boss, unit="Bidang Pencegahan dan Pengendalian Penyakit", **over) -> list[str]:
    values = {"NIP": nip(n), "Nama": f"Pegawai Impor {n}", "Jabatan": "Analis Data Kesehatan",
              "Jenis Jabatan": "Pelaksana", "Unit Kerja": unit, "Unit Induk": "", "ID Unit": "", "NIP Atasan": boss,
              "Email": "", "Pangkat/Golongan": "Penata (III/c)", "Kode Instansi": "dinkes", **over}
    return [values[h] for h in HEADER]


def upload(client, agency, data: bytes, name="pegawai.csv"):
    return client.post(f"/admin/{agency}/impor-pegawai", {"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def preview(client, agency, data, name="pegawai.csv"):
    response = upload(client, agency, data, name)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    url = response.headers["Location"]
    return url, client.get(url).get_data(as_text=True)


def count(page, what) -> int:
    return int(re.search(rf'data-testid="count-{what}">(\d+)<', page).group(1))


@pytest.fixture
def admin(login):
    return login("admin.dinkes")


def test_the_template_is_the_roster_and_uploading_it_back_changes_nothing(admin):
    agency = agency_id()
    rows = roster(admin, agency)
    assert rows[0] == HEADER
    active = db.session.scalar(select(func.count(Employee.id)).where(Employee.agency_id == agency,
                                                                     Employee.active.is_(True)))
    assert len(rows) - 1 == active
    _url, page = preview(admin, agency, as_csv(rows, ";"))
    assert (count(page, "created"), count(page, "changed"), count(page, "deactivated")) == (0, 0, 0)
    assert 'data-testid="confirm"' in page and 'data-testid="errors"' not in page


def test_the_xlsx_template_reads_back_the_same(admin):
    agency = agency_id()
    data = download(admin, f"/admin/{agency}/impor-pegawai/templat.xlsx")
    assert data[:2] == b"PK"
    _url, page = preview(admin, agency, data, "templat.xlsx")
    assert (count(page, "created"), count(page, "changed"), count(page, "deactivated")) == (0, 0, 0)


def _foreign_unit() -> str:
    return str(db.session.scalar(select(Unit.id).where(Unit.agency_id == agency_id("disdik"))))


# (what the bad row does, how to build it from the roster and its head's NIP, the message expected)
ERRORS = {
    "bad NIP": (lambda head: person(1, head, NIP="19910101201603100"), "A NIP has exactly 18 digits."),
    "NIP with an impossible birth date": (lambda head: person(1, head, NIP="199113012016031001"),
                                          "The first 8 digits must be a real birth date"),
    "unknown supervisor": (lambda head: person(1, nip(99)), f"Unknown supervisor: NIP {nip(99)} is not in the file"),
    "bad email": (lambda head: person(1, head, Email="bukan-email"), "Enter an email address"),
    "unknown type of position": (lambda head: person(1, head, **{"Jenis Jabatan": "Direktur"}),
                                 "Unknown type of position"),
    "unit of another agency": (lambda head: person(1, head, **{"ID Unit": _foreign_unit()}),
                               "belongs to another agency"),
    "row of another agency": (lambda head: person(1, head, **{"Kode Instansi": "disdik"}),
                              "This row is for agency disdik"),
    "missing name": (lambda head: person(1, head, Nama=""), "Name is required."),
    "NIP of another agency's employee": (lambda head: person(1, head, NIP=employee("staf.disdik").nip),
                                         "belongs to an employee of another agency (disdik)"),
}


@pytest.mark.parametrize("kind", ERRORS)
def test_each_row_error_is_shown_with_its_row_and_blocks_the_import(admin, kind):
    admin.post("/language", {"locale": "en", "next": "/login"})  # the messages below are the English ones
    agency = agency_id()
    rows = roster(admin, agency)
    head = employee("kadis.dinkes").nip
    build, expected = ERRORS[kind]
    rows.append(build(head))
    before = db.session.scalar(select(func.count(Employee.id)))
    url, page = preview(admin, agency, as_csv(rows))
    bad_row = len(rows)  # the header is row 1
    assert f'data-testid="error-row-{bad_row}"' in page, page[:3000]
    row_html = page.split(f'data-testid="error-row-{bad_row}"', 1)[1].split("</tr>", 1)[0]
    assert expected in row_html.replace("&#34;", '"').replace("&#39;", "'")
    assert 'data-testid="confirm"' not in page
    refused = admin.post(url + "/konfirmasi")
    assert refused.status_code == 302
    assert db.session.scalar(select(func.count(Employee.id))) == before



def test_a_duplicate_nip_and_a_reporting_loop_are_row_errors(admin):
    admin.post("/language", {"locale": "en", "next": "/login"})
    agency = agency_id()
    rows = roster(admin, agency)
    head = employee("kadis.dinkes").nip
    rows += [person(1, head), person(1, head, Nama="Lagi"),  # the same NIP twice
             person(2, nip(3)), person(3, nip(4)), person(4, nip(2))]  # 2 -> 3 -> 4 -> 2
    _url, page = preview(admin, agency, as_csv(rows))
    n = len(rows)
    assert f"This NIP is also in row {n - 4}." in page
    assert page.count("Reporting loop:") == 3
    for row in (n - 2, n - 1, n):
        assert f'data-testid="error-row-{row}"' in page
    assert f"Pegawai Impor 2 ({nip(2)})" in page  # the loop is spelled out
    assert 'data-testid="confirm"' not in page


def test_a_file_without_the_required_columns_is_refused_as_a_whole(admin):
    agency = agency_id()
    _url, page = preview(admin, agency, as_csv([["NIP", "Nama"], [nip(1), "Satu"]]))
    assert 'data-testid="file-error"' in page and "Jabatan, Unit Kerja" in page
    assert 'data-testid="confirm"' not in page


def _plan_file(admin, agency):
    """The roster with two new people (one supervising the other), a renamed one and one left out."""
    rows = roster(admin, agency)
    head = employee("kadis.dinkes")
    left_out = employee("staf9.dinkes")
    renamed = employee("staf8.dinkes")
    col = {h: i for i, h in enumerate(rows[0])}
    kept = [r for r in rows[1:] if r[col["NIP"]] != left_out.nip]
    for r in kept:
        if r[col["NIP"]] == renamed.nip:
            r[col["Nama"]] = "Nama Baru Sekali"
    new = [person(1, head.nip, unit="Seksi Baru", **{"Unit Induk": "Bidang Pencegahan dan Pengendalian Penyakit",
                                                      "Jabatan": "Kepala Seksi Baru", "Jenis Jabatan": "Pengawas",
                                                      "Email": "satu@dinkes.example"}),
           person(2, nip(1), unit="Seksi Baru")]
    return [rows[0], *kept, *new], left_out, renamed


def test_confirming_creates_changes_and_deactivates_in_one_go(admin, app):
    agency = agency_id()
    rows, left_out, renamed = _plan_file(admin, agency)
    url, page = preview(admin, agency, as_csv(rows))
    assert (count(page, "created"), count(page, "changed"), count(page, "deactivated")) == (2, 1, 1), page[-4000:]
    assert "Nama Baru Sekali" in page and left_out.name in page
    audit_before = db.session.scalar(select(func.count(AuditEntry.id)))
    done = admin.post(url + "/konfirmasi")
    assert done.status_code == 302
    page = admin.get(url).get_data(as_text=True)
    assert 'data-testid="done"' in page
    db.session.expire_all()
    one = db.session.scalar(select(Employee).where(Employee.nip == nip(1)))
    two = db.session.scalar(select(Employee).where(Employee.nip == nip(2)))
    assert two.supervisor_id == one.id and one.supervisor.nip == employee("kadis.dinkes").nip
    assert one.unit.name == "Seksi Baru" and one.unit.parent.name == "Bidang Pencegahan dan Pengendalian Penyakit"
    assert one.position.kind == "pengawas"
    account = db.session.scalar(select(User).where(User.employee_id == one.id))
    assert account.username == one.nip and account.email == "satu@dinkes.example"
    assert not account.check_password("") and not account.check_password("!")
    assert db.session.get(Employee, renamed.id).name == "Nama Baru Sekali"
    gone = db.session.get(Employee, left_out.id)
    assert not gone.active
    assert not db.session.scalar(select(User.active).where(User.employee_id == gone.id))
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.id > 0)
                                 .order_by(AuditEntry.id.desc()).limit(50)).all()
    assert {"employees.import", "employees.import_create", "employees.import_update",
            "employees.import_deactivate"} <= set(actions)
    assert db.session.scalar(select(func.count(AuditEntry.id))) > audit_before
    again = admin.post(url + "/konfirmasi")  # a second confirmation does nothing
    assert again.status_code == 302
    assert db.session.scalar(select(func.count(Employee.id)).where(Employee.nip == nip(1))) == 1


def test_a_database_error_midway_leaves_nothing_written(admin, monkeypatch):
    from kinerja_web.workflow import imports as flow

    agency = agency_id()
    rows, left_out, renamed = _plan_file(admin, agency)
    url, _page = preview(admin, agency, as_csv(rows))
    employees_before = db.session.scalar(select(func.count(Employee.id)))
    audit_before = db.session.scalar(select(func.count(AuditEntry.id)))

    def broken(*args, **kwargs):  # after the employees were inserted and changed, before the accounts
        from sqlalchemy.exc import OperationalError
        raise OperationalError("INSERT INTO user", {}, Exception("disk I/O error"))

    monkeypatch.setattr(flow, "_accounts", broken)
    admin.post(url + "/konfirmasi")
    page = admin.get(url).get_data(as_text=True)
    assert 'data-testid="failed"' in page
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Employee.id))) == employees_before
    assert db.session.scalar(select(func.count(AuditEntry.id))) == audit_before
    assert db.session.get(Employee, left_out.id).active
    assert db.session.get(Employee, renamed.id).name == renamed.name


@pytest.mark.parametrize("name, data, message", [
    ("kosong.csv", b"", "The file is empty."),
    ("palsu.xlsx", b"\x00\x01binary\x00" * 50, "This is not an Excel workbook"),
    ("rusak.xlsx", b"PK\x03\x04 not really a zip", "The Excel file cannot be opened"),
    ("latin.csv", "NIP;Nama\n1;Jos\xe9".encode("latin-1"), "not in UTF-8"),
    ("laporan.pdf", b"%PDF-1.4", "Upload an Excel workbook (.xlsx) or a CSV file."),
])
def test_a_malformed_file_gets_a_message_never_a_500(admin, name, data, message):
    admin.post("/language", {"locale": "en", "next": "/login"})
    response = upload(admin, agency_id(), data, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True).replace("&#34;", '"')


def test_a_file_over_the_limit_is_refused(admin, app):
    admin.post("/language", {"locale": "en", "next": "/login"})
    app.config["IMPORT_MAX_BYTES"] = 1024
    response = upload(admin, agency_id(), b"NIP,Nama\n" + b"1,x\n" * 400)
    assert response.status_code == 422 and "larger than" in response.get_data(as_text=True)


def test_the_upload_belongs_to_its_uploader_and_agency_and_expires(admin, login, app):
    agency = agency_id()
    url, _page = preview(admin, agency, as_csv(roster(admin, agency)))
    province = login("admin")  # may import for any agency, but not confirm someone else's upload
    response = province.get(url)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/admin/{agency}/impor-pegawai")
    assert login("admin.disdik").get(url).status_code == 404
    assert login("staf.dinkes").get(url).status_code == 403  # as every admin page: not an admin
    other = url.replace(f"/admin/{agency}/", f"/admin/{agency_id('disdik')}/")
    assert province.get(other).status_code == 302  # bound to the agency too
    app.config["IMPORT_TTL"] = -1
    assert admin.get(url).status_code == 302


def test_a_large_file_is_imported_in_the_background_with_its_progress(admin, app):
    app.config["IMPORT_BACKGROUND_ROWS"] = 0
    agency = agency_id()
    rows, _left_out, _renamed = _plan_file(admin, agency)
    url, _page = preview(admin, agency, as_csv(rows))
    assert admin.post(url + "/konfirmasi").status_code == 302
    state, deadline = None, time.monotonic() + 120  # a loaded machine: wait, but not for ever
    while time.monotonic() < deadline:
        page = admin.get(url)  # read before the progress: still running afterwards means running then
        state = admin.get(url + "/progres").get_json()
        if state["status"] != "running":
            break
        assert "Refresh" in page.headers  # the page follows the progress by itself
        time.sleep(0.1)
    assert state["status"] == "done" and state["result"]["created"] == 2, state
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Employee.id)).where(Employee.nip.in_([nip(1), nip(2)]))) == 2


def test_the_command_line_prints_the_preview_and_imports(admin, app, tmp_path):
    agency = agency_id()
    rows, left_out, _renamed = _plan_file(admin, agency)
    good = tmp_path / "pegawai.csv"
    good.write_bytes(as_csv(rows))
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["kinerja", "import-employees", str(good), "--agency", "dinkes", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "created: 2, changed: 1, deactivated: 1" in dry.output and "Dry run" in dry.output
    assert db.session.scalar(select(func.count(Employee.id)).where(Employee.nip == nip(1))) == 0
    bad = tmp_path / "salah.csv"
    bad.write_bytes(as_csv([*rows, person(5, nip(98))]))
    refused = runner.invoke(args=["kinerja", "import-employees", str(bad), "--agency", "dinkes"])
    assert refused.exit_code != 0 and f"row {len(rows) + 1}" in refused.output and nip(98) in refused.output
    ran = runner.invoke(args=["kinerja", "import-employees", str(good), "--agency", "dinkes"])
    assert ran.exit_code == 0 and "Imported." in ran.output, ran.output
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Employee.id)).where(Employee.nip.in_([nip(1), nip(2)]))) == 2
    assert not db.session.get(Employee, left_out.id).active
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "employees.import"))
    assert entry.actor_id is None and entry.note == "command line" and entry.after["created"] == 2


def test_a_nip_that_excel_turned_into_a_number_is_named_as_such(admin):
    from openpyxl import Workbook

    admin.post("/language", {"locale": "en", "next": "/login"})
    head = employee("kadis.dinkes").nip
    book = Workbook()
    rows = roster(admin, agency_id())
    for row in [*rows, person(1, head)]:
        book.active.append(row)
    book.active.cell(row=len(rows) + 1, column=1).value = float(nip(1))  # what Excel keeps of a number column
    out = io.BytesIO()
    book.save(out)
    _url, page = preview(admin, agency_id(), out.getvalue(), "pegawai.xlsx")
    row = page.split(f'data-testid="error-row-{len(rows) + 1}"', 1)[1].split("</tr>", 1)[0]
    assert "stored as a number and lost digits" in row


def test_a_deactivated_employee_listed_again_is_reactivated_with_their_login(admin):
    agency = agency_id()
    rows = roster(admin, agency)
    person_ = employee("staf9.dinkes")
    col = rows[0].index("NIP")
    without = [r for r in rows if r[col] != person_.nip]
    url, _page = preview(admin, agency, as_csv(without))
    admin.post(url + "/konfirmasi")
    db.session.expire_all()
    assert not db.session.get(Employee, person_.id).active
    url, page = preview(admin, agency, as_csv(rows))
    assert (count(page, "created"), count(page, "changed"), count(page, "deactivated")) == (0, 1, 0)
    admin.post(url + "/konfirmasi")
    db.session.expire_all()
    assert db.session.get(Employee, person_.id).active
    assert db.session.scalar(select(User.active).where(User.employee_id == person_.id))
