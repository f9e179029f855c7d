"""Exports (issue 11): every list as xlsx and CSV with its page's filters and access rules, streamed;
the realisation sheet's stable header; the e-Kinerja workbook."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from decimal import Decimal

import pytest
from flask.globals import _cv_app
from openpyxl import load_workbook
from sqlalchemy import select

from kinerja_web.export.columns import REALIZATION_KEYS
from kinerja_web.extensions import db
from kinerja_web.models import Agency, AuditEntry, Employee, ReviewPeriod, User
from tests.helpers import count_queries, employee, plan_of


def _agency(code: str) -> int:
    return db.session.scalar(select(Agency.id).where(Agency.code == code))


def fetch(client, url):
    """GET ``url`` and read the streamed body chunk by chunk, outside the test's app context as a server
    would: (response, [chunks])."""
    token = _cv_app.set(None)
    try:
        response = client.http.get(url)
        chunks = list(response.response) if response.status_code == 200 else []
    finally:
        _cv_app.reset(token)
    return response, chunks


def csv_rows(client, url, delimiter=";"):
    response, chunks = fetch(client, url)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(chunks)
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def xlsx_sheets(client, url) -> dict[str, list[tuple]]:
    response, chunks = fetch(client, url)
    assert response.status_code == 200, (url, response.status_code)
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(b"".join(chunks)), read_only=True)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def _exports():
    """(user, export URL, first header cell) for every list export, with a filter where the page has one."""
    agency = _agency("dinkes")
    plan = plan_of("staf.dinkes")
    q2 = db.session.scalar(select(ReviewPeriod.id).where(ReviewPeriod.period_id == plan.period_id,
                                                         ReviewPeriod.seq == 2))
    return [("staf.dinkes", "/ekspor/skp", "ID SKP"), ("kabid.dinkes", "/ekspor/antrian", "ID SKP"),
            ("staf.dinkes", f"/ekspor/skp/{plan.id}/realisasi", "plan_id"),
            ("kabid.dinkes", f"/ekspor/penilaian?periode={q2}", "Pegawai"),
            ("kadis.dinkes", f"/ekspor/kalibrasi/{agency}?periode={q2}", "Predikat"),
            ("kadis.dinkes", f"/ekspor/tindak-lanjut/{agency}?periode={q2}", "Pegawai"),
            ("kadis.dinkes", f"/ekspor/pengembangan/{agency}?periode={q2}", "NIP"),
            ("admin.dinkes", f"/ekspor/audit/{agency}?aksi=auth.", "Waktu")]


def _with_format(url: str, fmt: str) -> str:
    path, _, query = url.partition("?")
    return f"{path}.{fmt}" + (f"?{query}" if query else "")


def test_every_list_exports_as_csv_and_xlsx_with_its_header_row(login):
    for who, url, first in _exports():
        client = login(who)
        rows = csv_rows(client, _with_format(url, "csv"))
        assert rows[0][0] == first, (url, rows[0])
        sheets = xlsx_sheets(client, _with_format(url, "xlsx"))
        sheet = next(iter(sheets.values()))
        assert list(sheet[0]) == rows[0], url  # the same columns in both formats
        assert len(sheet) == len(rows), url  # and the same rows


def test_the_file_name_says_which_list_agency_year_and_day(login):
    response, _ = fetch(login("admin.dinkes"), f"/ekspor/e-kinerja/{_agency('dinkes')}.xlsx?tahun=2026")
    assert 'filename="e-kinerja-dinkes-2026-20261123.xlsx"' in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"


def test_the_realisation_sheet_has_the_stable_header_and_the_monitoring_pages_values(login):
    plan = plan_of("staf.dinkes")
    client = login("staf.dinkes")
    sheet = xlsx_sheets(client, f"/ekspor/skp/{plan.id}/realisasi.xlsx")["Realisasi"]
    assert sheet[0] == REALIZATION_KEYS
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)).all()
    indicators = [i for r in plan.results for i in r.indicators]
    assert len(sheet) - 1 == len(indicators) * len(reviews)
    from kinerja_web.models import Realization

    stored = {(r.indicator_id, r.review_id): r.value for r in db.session.scalars(
        select(Realization).where(Realization.indicator_id.in_([i.id for i in indicators])))}
    got = {(row[1], row[2]): row[9] for row in sheet[1:]}
    assert stored and all(got[key] == pytest.approx(float(value)) for key, value in stored.items() if value is not None)
    assert all(got[key] is None for key in got if key not in stored)  # nothing entered: an empty value cell
    page = client.get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    assert f"/ekspor/skp/{plan.id}/realisasi.xlsx" in page


def test_the_team_evaluations_export_has_the_pages_rows_with_the_ready_filter(login):
    from kinerja_web.queries.evaluations import team_rating

    boss = employee("kabid.dinkes")
    plan = plan_of("staf.dinkes")
    q3 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                      ReviewPeriod.seq == 3))
    client = login("kabid.dinkes")
    everyone = csv_rows(client, f"/ekspor/penilaian.csv?periode={q3.id}")[1:]
    ready = csv_rows(client, f"/ekspor/penilaian.csv?periode={q3.id}&siap=1")[1:]
    members, total, n_ready = team_rating(boss.id, q3, per_page=1000)
    assert [r[0] for r in everyone] == [m.name for m in members] and len(everyone) == total
    assert [r[0] for r in ready] == [m.name for m in members if m.ready] and len(ready) == n_ready
    assert 0 < len(ready) < len(everyone), "the demo has ready and unready people: the filter must show"
    page = client.get(f"/penilaian?periode={q3.id}&siap=1").get_data(as_text=True)
    assert f"/ekspor/penilaian.csv?periode={q3.id}&amp;siap=1" in page  # the link keeps the filter
    on_page = re.findall(r'data-testid="member-\d+">\s*<td[^>]*>(?:<input[^>]*> )?(?:<a[^>]*>)?([^<]+)<', page)
    assert on_page == [r[0] for r in ready]


def test_the_audit_export_has_the_pages_rows_with_the_action_filter(login):
    agency = _agency("dinkes")
    _audit_rows(3)  # plan.approve entries beside the login's auth.login
    client = login("admin.dinkes")
    rows = csv_rows(client, f"/ekspor/audit/{agency}.csv?aksi=auth.")[1:]
    page = client.get(f"/admin/{agency}/audit?aksi=auth.").get_data(as_text=True)
    assert [r[2] for r in rows] == re.findall(r"<code>([^<]+)</code>", page)
    assert rows and all(r[2].startswith("auth.") for r in rows)
    every = csv_rows(client, f"/ekspor/audit/{agency}.csv")[1:]
    assert len(every) > len(rows)
    assert f"/ekspor/audit/{agency}.xlsx?aksi=auth." in page


def test_the_follow_up_exports_have_every_final_result_of_the_period(login):
    from kinerja_web.queries.follow_up import final_results

    agency = _agency("dinkes")
    plan = plan_of("staf.dinkes")
    q2 = db.session.scalar(select(ReviewPeriod.id).where(ReviewPeriod.period_id == plan.period_id,
                                                         ReviewPeriod.seq == 2))
    client = login("kadis.dinkes")
    rows = csv_rows(client, f"/ekspor/tindak-lanjut/{agency}.csv?periode={q2}")[1:]
    _top, page_rows, counts = final_results(agency, q2)
    assert [r[0] for r in rows] == [r.name for r in page_rows] and len(rows) == sum(counts.values()) > 0
    page = client.get(f"/tindak-lanjut/{agency}?periode={q2}").get_data(as_text=True)
    assert f"/ekspor/pengembangan/{agency}.xlsx?tahun=2026&amp;periode={q2}" in page


def test_the_distribution_export_counts_what_the_calibration_page_counts(login):
    agency = _agency("dinkes")
    plan = plan_of("staf.dinkes")
    q2 = db.session.scalar(select(ReviewPeriod.id).where(ReviewPeriod.period_id == plan.period_id,
                                                         ReviewPeriod.seq == 2))
    client = login("kadis.dinkes")
    rows = csv_rows(client, f"/ekspor/kalibrasi/{agency}.csv?periode={q2}")[1:]
    page = client.get(f"/kalibrasi/{agency}?periode={q2}").get_data(as_text=True)
    table = page.split('data-testid="distribution"', 1)[1].split("</table>", 1)[0]
    on_page = re.findall(r'data-label="Pegawai">(\d+)<', table)
    assert [r[1] for r in rows] == on_page and sum(map(int, on_page)) > 0


def test_staff_cannot_export_another_persons_plan_by_changing_the_id(login):
    client = login("staf.disdik")
    for other in ("staf3.disdik", "kadis.dinkes", "staf2.dispar"):
        plan = plan_of(other)
        for fmt in ("csv", "xlsx"):
            response, chunks = fetch(client, f"/ekspor/skp/{plan.id}/realisasi.{fmt}")
            assert response.status_code == 404 and not chunks
    assert fetch(client, "/ekspor/skp/999999/realisasi.csv")[0].status_code == 404
    assert fetch(client, "/ekspor/skp.pdf")[0].status_code == 404  # no such format


def test_a_kabid_cannot_export_another_agencys_lists(login):
    dinkes, disdik = _agency("dinkes"), _agency("disdik")
    kabid = login("kabid.dinkes")
    for url in (f"/ekspor/kalibrasi/{disdik}.csv", f"/ekspor/tindak-lanjut/{disdik}.csv",
                f"/ekspor/pengembangan/{disdik}.xlsx", f"/ekspor/audit/{disdik}.csv",
                f"/ekspor/kalibrasi/{dinkes}.csv", f"/ekspor/e-kinerja/{dinkes}.xlsx"):
        assert fetch(kabid, url)[0].status_code in (403, 404), url
    other_admin = login("admin.disdik")
    for url in (f"/ekspor/audit/{dinkes}.csv", f"/ekspor/e-kinerja/{dinkes}.xlsx"):
        assert fetch(other_admin, url)[0].status_code == 404, url  # not even told it exists
    assert fetch(login("admin"), f"/ekspor/e-kinerja/{dinkes}.xlsx")[0].status_code == 200  # province admin


def test_a_supervisor_exports_only_their_own_queue_and_team(login):
    rows = csv_rows(login("kabid.dinkes"), "/ekspor/antrian.csv")[1:]
    boss = employee("kabid.dinkes")
    nips = {e.nip for e in db.session.scalars(select(Employee).where(Employee.supervisor_id == boss.id))}
    assert rows and {r[3] for r in rows} <= nips
    assert csv_rows(login("staf.disdik"), "/ekspor/antrian.csv")[1:] == []


def test_user_text_that_looks_like_a_formula_is_written_as_text(login):
    emp = employee("staf.dinkes")
    emp.name = "=HYPERLINK(\"http://x\",\"klik\")"
    db.session.commit()
    client = login("staf.dinkes")
    rows = csv_rows(client, "/ekspor/skp.csv")
    assert rows[1][4] == "'=HYPERLINK(\"http://x\",\"klik\")"
    sheet = next(iter(xlsx_sheets(client, "/ekspor/skp.xlsx").values()))
    assert sheet[1][4].startswith("'=")


def test_the_csv_follows_the_language_indonesian_semicolons_and_decimal_commas_english_commas(login):
    plan = plan_of("staf.dinkes")
    client = login("staf.dinkes")
    rows = csv_rows(client, f"/ekspor/skp/{plan.id}/realisasi.csv")
    assert len(rows[0]) == len(REALIZATION_KEYS)
    user = db.session.scalar(select(User).where(User.username == "staf.dinkes"))
    user.locale = "en"
    db.session.commit()
    english = csv_rows(login("staf.dinkes"), f"/ekspor/skp/{plan.id}/realisasi.csv", delimiter=",")
    assert english[0] == list(REALIZATION_KEYS)  # the import reads the same header in both languages
    assert len(english) == len(rows)
    people = csv_rows(login("staf.dinkes"), "/ekspor/skp.csv", delimiter=",")
    assert people[0][:3] == ["SKP id", "Year", "Version"]


def _audit_rows(count: int) -> None:
    actor = db.session.scalar(select(User.id).where(User.username == "admin.dinkes"))
    db.session.execute(AuditEntry.__table__.insert(), [
        {"actor_id": actor, "agency_id": _agency("dinkes"), "action": "plan.approve", "object_type": "Plan",
         "object_id": n, "note": f"=bulk {n}", "at": datetime(2026, 11, 1, 8, 0)} for n in range(count)])
    db.session.commit()


def test_a_large_list_is_streamed_in_batches(login):
    from kinerja_web.export.stream import BATCH

    _audit_rows(3 * BATCH)
    client = login("admin.dinkes")
    response, chunks = fetch(client, f"/ekspor/audit/{_agency('dinkes')}.csv?aksi=plan.approve")
    assert response.is_streamed
    assert len(chunks) >= 4  # the header, then a chunk per batch of rows
    rows = list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) - 1 >= 3 * BATCH
    response, chunks = fetch(client, f"/ekspor/audit/{_agency('dinkes')}.xlsx?aksi=plan.approve")
    assert response.is_streamed and len(chunks) >= 1


def _costs(clients, urls) -> dict:
    out = {}
    for who, url in urls:
        with count_queries() as statements:
            response, _ = fetch(clients[who], url)
        assert response.status_code == 200, (who, url)
        out[who, url] = len(statements)
    return out


def test_an_export_costs_the_same_statements_for_a_small_and_a_large_list(login):
    from tests.web.test_page_costs import MAX_QUERIES, _grow

    urls = [(who, _with_format(url, "csv")) for who, url, _ in _exports()]
    urls += [("admin.dinkes", f"/ekspor/e-kinerja/{_agency('dinkes')}.xlsx"),
             ("kabid.dinkes", "/ekspor/penilaian.xlsx")]
    clients = {who: login(who) for who in {w for w, _ in urls}}
    for who, url in urls:
        fetch(clients[who], url)  # warm up
    small = _costs(clients, urls)
    _grow(5, 0)
    _audit_rows(50)
    medium = _costs(clients, urls)
    _grow(60, 5)
    _audit_rows(1200)
    large = _costs(clients, urls)
    report = "\n".join(f"{w:14} {u:60} {small[w, u]:3} {medium[w, u]:3} {large[w, u]:3}" for w, u in urls)
    print(report)
    assert medium == large, "an export grows with the data:\n" + report
    assert all(n <= MAX_QUERIES for n in large.values()), "an export costs too many statements:\n" + report


def test_the_ekinerja_workbook_has_a_sheet_per_entity_joined_by_nip_and_ids(login):
    sheets = xlsx_sheets(login("admin.dinkes"), f"/ekspor/e-kinerja/{_agency('dinkes')}.xlsx?tahun=2026")
    assert list(sheets) == ["SKP", "RHK", "IKI", "Realisasi", "Predikat", "Rencana Aksi", "Progres Harian"]
    skp, rhk, iki, real, pred, _plans, _progress = (sheets[k] for k in sheets)
    assert skp[0][:3] == ("ID SKP", "NIP", "Nama") and "NIP Pejabat Penilai" in skp[0]
    assert "RHK Pimpinan yang Diintervensi" in rhk[0] and "Aspek" in iki[0]
    assert "Predikat Kinerja Pegawai" in pred[0]
    plans = {row[0] for row in skp[1:]}
    nips = {row[1] for row in skp[1:]}
    dinkes = {e.nip for e in db.session.scalars(select(Employee).where(Employee.agency_id == _agency("dinkes")))}
    assert plans and nips <= dinkes  # no one from another agency
    assert {row[1] for row in rhk[1:]} <= plans and {row[1] for row in iki[1:]} <= plans
    assert {row[1] for row in real[1:]} <= plans and {row[2] for row in pred[1:]} <= plans
    rhk_ids = {row[2] for row in rhk[1:]}
    assert {row[2] for row in iki[1:]} <= rhk_ids and len(real) > 1
    assert {row[7] for row in pred[1:]} - {None} <= {"Sangat Baik", "Baik", "Butuh Perbaikan",
                                                      "Kurang/Misconduct", "Sangat Kurang"}
    staff = plan_of("staf.dinkes")
    mine = [row for row in skp[1:] if row[0] == staff.id]
    assert mine and mine[0][9] == employee("kabid.dinkes").nip  # the appraising official


def test_staff_cannot_export_the_ekinerja_workbook(login):
    response, _ = fetch(login("staf.dinkes"), f"/ekspor/e-kinerja/{_agency('dinkes')}.xlsx")
    assert response.status_code == 403


def _progress_entries(username: str) -> list:
    """Two entries of ``username``'s SKP in the open Q4: one counting towards its first indicator, one not."""
    from datetime import time

    from kinerja_web.models import ProgressEntry
    from tests.conftest import TODAY

    plan = plan_of(username)
    ind = plan.results[0].indicators[0]
    q4 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                      ReviewPeriod.seq == 4))
    entries = [ProgressEntry(plan_id=plan.id, review_id=q4.id, day=TODAY, starts_at=time(8), ends_at=time(10, 30),
                             activity="Verifikasi data posyandu", indicator_id=ind.id, quantity=Decimal(3),
                             unit=ind.unit, link="https://drive.example/posyandu"),
               ProgressEntry(plan_id=plan.id, review_id=q4.id, day=TODAY, activity="Rapat koordinasi")]
    db.session.add_all(entries)
    db.session.commit()
    return entries


def test_the_ekinerja_workbook_carries_daily_progress_joined_to_the_person_skp_rhk_and_iki(login):
    staff = _progress_entries("staf.dinkes")
    _progress_entries("staf.dispar")  # another agency's: not in this workbook
    sheets = xlsx_sheets(login("admin.dinkes"), f"/ekspor/e-kinerja/{_agency('dinkes')}.xlsx?tahun=2026")
    head, *rows = sheets["Progres Harian"]
    assert head == ("NIP", "ID SKP", "ID RHK", "ID IKI", "ID Progres", "Tanggal", "Jam Mulai", "Jam Selesai",
                    "Uraian Kegiatan", "Realisasi", "Satuan", "Link Bukti Dukung", "ID Rencana Aksi", "Rencana Aksi")
    assert sorted(r[4] for r in rows) == sorted(e.id for e in staff)  # only dinkes's entries
    counted = next(r for r in rows if r[4] == staff[0].id)
    plan = plan_of("staf.dinkes")
    ind = plan.results[0].indicators[0]
    assert counted[:4] == (employee("staf.dinkes").nip, plan.id, ind.result_id, ind.id)
    assert counted[5].date() == staff[0].day and counted[6:9] == ("08:00", "10:30", "Verifikasi data posyandu")
    assert counted[9] == 3 and counted[11] == "https://drive.example/posyandu"
    assert (counted[1], counted[0]) in {(r[0], r[1]) for r in sheets["SKP"][1:]}  # joins the SKP sheet by id and NIP
    assert counted[2] in {r[2] for r in sheets["RHK"][1:]} and counted[3] in {r[3] for r in sheets["IKI"][1:]}
    loose = next(r for r in rows if r[4] == staff[1].id)
    assert loose[2:4] == (None, None) and loose[6] is None and loose[9] is None  # counts towards no indicator


def test_daily_progress_beyond_a_sheets_rows_goes_on_in_further_sheets(login, monkeypatch):
    entries = _progress_entries("staf.dinkes") + _progress_entries("staf.dinkes")
    monkeypatch.setattr("kinerja_web.export.ekinerja.SHEET_ROWS", 3)
    sheets = xlsx_sheets(login("admin.dinkes"), f"/ekspor/e-kinerja/{_agency('dinkes')}.xlsx?tahun=2026")
    assert [t for t in sheets if t.startswith("Progres")] == ["Progres Harian", "Progres Harian (2)"]
    assert len(sheets["Progres Harian"]) == 4 and sheets["Progres Harian (2)"][0][0] == "NIP"
    written = [r[4] for t in ("Progres Harian", "Progres Harian (2)") for r in sheets[t][1:]]
    assert sorted(written) == sorted(e.id for e in entries)
