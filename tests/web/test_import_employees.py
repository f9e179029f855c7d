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

