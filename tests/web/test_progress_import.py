"""Progres harian kept in a spreadsheet: the sheet exported (and its template), uploaded back, previewed with
every row refused by number, then imported all or nothing; who may do it; what the preview costs."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from flask.globals import _cv_app
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from kinerja_web.export.columns import PROGRESS_KEYS
from kinerja_web.extensions import db
from kinerja_web.models import AuditEntry, ProgressEntry, ReviewPeriod
from tests.conftest import TODAY
from tests.helpers import count_queries, plan_of
from tests.web.test_import_realizations import download

OWNER = "staf.dispar"
MONDAY = TODAY - timedelta(days=7)  # the last full week, inside the open Q4
CLOSED_DAY = date(2026, 8, 3)  # Q3: its deadline has passed


def _setup(aggregation="sum"):
    plan = plan_of(OWNER)
    ind = plan.results[0].indicators[0]
    ind.aggregation = aggregation
    db.session.commit()
    return plan, ind


def as_xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(day=MONDAY, activity="Pendampingan desa wisata", ind=None, quantity=None, entry_id=None, **extra) -> list:
    values = {"entry_id": entry_id, "day": day.isoformat() if isinstance(day, date) else day, "activity": activity,
              "indicator_id": ind.id if ind is not None else None, "quantity": quantity, **extra}
    return [values.get(key) for key in PROGRESS_KEYS]


def sheet(*rows) -> bytes:
    return as_xlsx([PROGRESS_KEYS, *rows])


def upload(client, plan_id, data, name="progres.xlsx"):
    response = client.post(f"/skp/{plan_id}/impor-progres", {"file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    url = response.headers["Location"]
    return url, client.get(url).get_data(as_text=True)


def entries() -> int:
    return db.session.scalar(select(func.count(ProgressEntry.id)))


def audited(action: str) -> int:
    return db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == action))


def status(client, url) -> int:
    """The status of a download, its body read as a server would send it."""
    token = _cv_app.set(None)
    try:
        response = client.http.get(url)
        b"".join(response.response)
        response.close()
        return response.status_code
    finally:
        _cv_app.reset(token)


def exported(client, plan_id) -> list[list]:
    book = load_workbook(io.BytesIO(download(client, f"/ekspor/skp/{plan_id}/progres-harian.xlsx")))
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def test_a_good_file_is_previewed_then_imported_in_one_go(login):
    plan, ind = _setup()
    client = login(OWNER)
    url, page = upload(client, plan.id, sheet(
        row(MONDAY, "Pendampingan Desa Sukamaju", ind, 2, starts_at="08:00", ends_at="10:30",
            link="https://drive.example/sukamaju"),
        row(f"{(MONDAY + timedelta(days=1)).strftime('%d-%m-%Y')}", "Rapat koordinasi")))  # a date typed d-m-Y
    assert 'data-testid="added"' in page and 'data-testid="errors"' not in page
    assert "2 entri ditambahkan" in page and "Pendampingan Desa Sukamaju" in page
    assert entries() == 0  # nothing written before the confirmation
    done = client.post(url + "/konfirmasi")
    assert done.status_code == 302
    assert f"/skp/{plan.id}/progres-harian?minggu={MONDAY.isoformat()}" in done.headers["Location"]
    db.session.expire_all()
    first = db.session.scalar(select(ProgressEntry).where(ProgressEntry.activity == "Pendampingan Desa Sukamaju"))
    assert (first.quantity, first.unit, first.indicator_id) == (Decimal(2), ind.unit, ind.id)
    assert first.starts_at.strftime("%H:%M") == "08:00" and first.link == "https://drive.example/sukamaju"
    assert entries() == 2 and audited("progress.add") == 2 and audited("progress.import") == 1
    week = client.get(f"/skp/{plan.id}/progres-harian?minggu={MONDAY.isoformat()}").get_data(as_text=True)
    assert "Rapat koordinasi" in week and "Pendampingan Desa Sukamaju" in week
    assert client.post(url + "/konfirmasi").status_code == 302  # a second confirmation adds nothing
    assert entries() == 2


BAD_ROWS = [
    (row("31-02-2026"), "day", "Masukkan tanggal"),
    (row(TODAY + timedelta(days=1)), "day", "bukan untuk tanggal yang akan datang"),
    (row(CLOSED_DAY), "day", "ditutup untuk pengisian"),
    (row(date(2025, 6, 2)), "day", "di luar periode penilaian SKP"),
    (row(starts_at="10:00", ends_at="09:00"), "ends_at", "setelah jam mulai"),
    (row(starts_at="9 pagi"), "starts_at", "08:30"),
    (row(activity=""), "activity", "Uraikan kegiatannya"),
    (row(quantity="dua", indicator_id=None), "quantity", "Masukkan angka"),
    (row(quantity=2.5, indicator_id=True), "quantity", "bilangan bulat"),
    (row(quantity=1, indicator_id=999999), "indicator_id", "IKI tidak dikenal"),
    (row(link="javascript:alert(1)"), "link", "http://"),
    (row(entry_id=999999), "entry_id", "bukan entri SKP ini"),
]


@pytest.mark.parametrize("bad, column, message", BAD_ROWS)
def test_a_bad_row_is_refused_in_the_preview_by_its_number_and_nothing_is_written(login, bad, column, message):
    plan, ind = _setup()
    if bad[PROGRESS_KEYS.index("indicator_id")] is True:
        bad[PROGRESS_KEYS.index("indicator_id")] = ind.id
    client = login(OWNER)
    url, page = upload(client, plan.id, sheet(row(activity="Baris yang benar", ind=ind, quantity=1), bad))
    error = page.split('data-testid="error-row-3"', 1)[1].split("</tr>", 1)[0]  # the header is row 1
    assert f"<code>{column}</code>" in error and message in error
    assert 'data-testid="confirm"' not in page
    assert client.post(url + "/konfirmasi").status_code == 302  # refused: the file has errors
    assert entries() == 0 and audited("progress.import") == 0  # the good row was not written alone


def test_the_export_round_trips_and_updates_only_what_changed_while_its_period_is_open(login):
    plan, ind = _setup()
    q3 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                      ReviewPeriod.seq == 3))
    db.session.add(ProgressEntry(plan_id=plan.id, review_id=q3.id, day=CLOSED_DAY, activity="Kegiatan Agustus"))
    db.session.commit()
    client = login(OWNER)
    client.post(f"/skp/{plan.id}/progres-harian", {
        "save": "1", **{f"entries-{n}-{k}": v for n, r in enumerate((
            {"day": MONDAY.isoformat(), "activity": "Survei", "indicator_id": str(ind.id), "quantity": "3",
             "starts_at": "08:00", "ends_at": "09:00", "link": "https://drive.example/a"},
            {"day": (MONDAY + timedelta(days=1)).isoformat(), "activity": "Rapat", "indicator_id": ""}))
            for k, v in r.items()}})
    assert entries() == 3
    rows = exported(client, plan.id)
    assert tuple(rows[0]) == PROGRESS_KEYS and len(rows) == 4
    by_activity = {r[4]: r for r in rows[1:]}
    assert by_activity["Survei"][2:4] == ["08:00", "09:00"] and by_activity["Survei"][5] == ind.id
    assert by_activity["Survei"][8] == 3 and by_activity["Survei"][9] == ind.unit
    _url, page = upload(client, plan.id, as_xlsx(rows))  # uploaded back as it is: nothing to do
    assert "3 baris sama dengan entri yang tersimpan" in page and 'data-testid="confirm"' not in page
    by_activity["Rapat"][4] = "Rapat evaluasi"  # changed
    by_activity["Kegiatan Agustus"][4] = "Diubah terlambat"  # its period is closed
    url, page = upload(client, plan.id, as_xlsx(rows + [row(MONDAY + timedelta(days=2), "Entri baru")]))
    assert "tidak dapat diubah lagi" in page.split('data-testid="error-row-', 1)[1]
    del rows[[r[4] for r in rows].index("Diubah terlambat")]
    url, page = upload(client, plan.id, as_xlsx(rows + [row(MONDAY + timedelta(days=2), "Entri baru")]))
    assert "1 entri ditambahkan" in page and "1 entri diubah" in page and "<code>activity</code>" in page
    assert client.post(url + "/konfirmasi").status_code == 302
    db.session.expire_all()
    assert entries() == 4 and audited("progress.edit") == 1
    assert db.session.scalar(select(func.count(ProgressEntry.id)).where(ProgressEntry.activity == "Rapat")) == 0
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "progress.edit"))
    assert (audit.before["activity"], audit.after["activity"]) == ("Rapat", "Rapat evaluasi")


def test_all_or_nothing_when_an_entry_changed_after_the_preview(login):
    plan, ind = _setup()
    client = login(OWNER)
    client.post(f"/skp/{plan.id}/progres-harian", {"save": "1", "entries-0-day": MONDAY.isoformat(),
                                                   "entries-0-activity": "Rapat", "entries-0-indicator_id": ""})
    rows = exported(client, plan.id)
    rows[1][4] = "Rapat evaluasi"
    url, page = upload(client, plan.id, as_xlsx(rows + [row(MONDAY, "Entri baru")]))
    assert 'data-testid="confirm"' in page
    entry = db.session.scalar(select(ProgressEntry))
    edited = client.post(f"/progres-harian/{entry.id}", {"save": "1", "entries-0-day": MONDAY.isoformat(),
                                                         "entries-0-activity": "Diubah di formulir",
                                                         "entries-0-indicator_id": ""})
    assert edited.status_code == 302
    response = client.post(url + "/konfirmasi")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/skp/{plan.id}/impor-progres")
    assert "berubah sejak pratinjau" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.session.expire_all()
    assert entries() == 1 and db.session.get(ProgressEntry, entry.id).activity == "Diubah di formulir"


def test_an_indonesian_csv_with_its_own_headers_and_decimal_commas_is_read(login):
    plan, ind = _setup("average")
    client = login(OWNER)
    text = ("\ufeffTanggal;Mulai;Selesai;Kegiatan;Kode IKI;Jumlah;Satuan;Bukti Dukung\r\n"
            f"{MONDAY.strftime('%d/%m/%Y')};08.00;09.30;Survei pengeluaran;;2,5;;https://drive.example/s\r\n"
            f"{MONDAY.isoformat()};;;Rapat;;;;\r\n")
    url, page = upload(client, plan.id, text.encode(), "progres.csv")
    assert "2 entri ditambahkan" in page
    assert client.post(url + "/konfirmasi").status_code == 302
    db.session.expire_all()
    survey = db.session.scalar(select(ProgressEntry).where(ProgressEntry.activity == "Survei pengeluaran"))
    assert survey.quantity == Decimal("2.5") and survey.ends_at.strftime("%H:%M") == "09:30"
    rows = list(csv.reader(io.StringIO(download(client, f"/ekspor/skp/{plan.id}/progres-harian.csv")
                                       .decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(PROGRESS_KEYS) and ["2,5"] == [r[8] for r in rows[1:] if r[4] == "Survei pengeluaran"]


def test_the_template_lists_the_indicators_and_its_hint_rows_are_skipped(login):
    plan, ind = _setup()
    client = login(OWNER)
    book = load_workbook(io.BytesIO(download(client, f"/ekspor/skp/{plan.id}/progres-harian-templat.xlsx")))
    rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    assert tuple(rows[0]) == PROGRESS_KEYS and all(str(r[0]).startswith("#") for r in rows[1:])
    assert [ind.id, ind.name] in [[r[5], r[7]] for r in rows[1:]]
    _url, page = upload(client, plan.id, as_xlsx(rows))
    assert "tidak berisi baris data" in page
    url, page = upload(client, plan.id, as_xlsx(rows + [row(MONDAY, "Dari templat", ind, 1)]))
    assert "1 entri ditambahkan" in page and client.post(url + "/konfirmasi").status_code == 302
    assert entries() == 1


def test_files_too_large_or_with_too_many_rows_are_refused_with_a_message(login, app, monkeypatch):
    plan, _ = _setup()
    client = login(OWNER)
    monkeypatch.setattr("kinerja_web.imports.progress.MAX_ROWS", 3)
    _url, page = upload(client, plan.id, sheet(*[row(MONDAY, f"Kegiatan {n}") for n in range(4)]))
    assert "lebih dari 3 baris" in page and 'data-testid="confirm"' not in page
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1024)
    response = client.post(f"/skp/{plan.id}/impor-progres", {"file": (io.BytesIO(b"x" * 2048), "p.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and "lebih besar dari" in response.get_data(as_text=True)
    assert entries() == 0


# Who may reach staf.dispar's progress import and export: written out, not derived from access.py.
WHO = {
    "staf.dispar": (200, 200, 200),   # the owner: import, entries, template
    "kabid.dispar": (403, 200, 403),  # supervisor: reads the entries, imports nothing
    "admin.dispar": (403, 200, 403),  # agency admin: reads
    "staf2.dispar": (404, 404, 404),  # a colleague: not even that the SKP exists
    "staf.dinkes": (404, 404, 404),   # another agency
    "admin.dinkes": (404, 404, 404),  # another agency's admin
}


@pytest.mark.parametrize("who", WHO)
def test_changing_the_plan_id_never_reaches_another_persons_progress(login, who):
    plan, ind = _setup()
    owner = login(OWNER)
    url, _page = upload(owner, plan.id, sheet(row(MONDAY, "Milik pemilik")))
    importing, entries_export, template = WHO[who]
    client = login(who)
    assert client.get(f"/skp/{plan.id}/impor-progres").status_code == importing
    posted = client.post(f"/skp/{plan.id}/impor-progres", {"file": (io.BytesIO(sheet(row(MONDAY, "Disisipkan"))),
                                                                    "p.xlsx")}, content_type="multipart/form-data")
    assert posted.status_code == (302 if who == OWNER else importing)
    assert status(client, f"/ekspor/skp/{plan.id}/progres-harian.xlsx") == entries_export
    assert status(client, f"/ekspor/skp/{plan.id}/progres-harian-templat.csv") == template
    if who != OWNER:
        assert client.get(url).status_code == importing  # the owner's preview
        assert client.post(url + "/konfirmasi").status_code == importing
        assert entries() == 0


def test_the_preview_reads_the_same_number_of_statements_for_a_small_and_a_large_file(login):
    plan, ind = _setup()
    q4 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                      ReviewPeriod.seq == 4))
    client = login(OWNER)
    costs = []
    for size in (5, 150):
        db.session.add_all(ProgressEntry(plan_id=plan.id, review_id=q4.id, day=MONDAY, activity=f"Lama {n}")
                           for n in range(size))
        db.session.commit()
        rows = exported(client, plan.id)
        for r in rows[1:]:
            r[4] = f"{r[4]} (diubah)"  # every stored entry changed
        data = as_xlsx(rows + [row(MONDAY - timedelta(days=n % 30), f"Baru {n}", ind, 1) for n in range(size)])
        with count_queries() as statements:
            url, page = upload(client, plan.id, data)
        assert f"{size} entri ditambahkan" in page and 'data-testid="errors"' not in page
        costs.append(len(statements))
    print("statements of the upload and its preview at 5 and 150 rows:", costs)
    assert costs[0] == costs[1], costs


def test_an_action_plan_column_links_entries_and_a_sheet_without_it_keeps_the_link(login):
    from kinerja_web.models import ActionPlan

    plan, ind = _setup()
    q3, q4 = (db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                           ReviewPeriod.seq == n)) for n in (3, 4))
    plans = [ActionPlan(plan_id=plan.id, result_id=plan.results[0].id, review_id=review.id, seq=1,
                        description=f"Pendampingan {review.name}") for review in (q3, q4)]
    db.session.add_all(plans)
    db.session.commit()
    client = login(OWNER)
    template = load_workbook(io.BytesIO(download(client, f"/ekspor/skp/{plan.id}/progres-harian-templat.xlsx")))
    listed = [r for r in template.worksheets[0].iter_rows(values_only=True) if r[11] == plans[1].id]
    assert listed and listed[0][12] == "Pendampingan " + q4.name
    at = PROGRESS_KEYS.index("action_plan_id")
    linked, other_period = row(MONDAY, "Dengan rencana aksi"), row(MONDAY, "Rencana aksi triwulan lain")
    linked[at], other_period[at] = plans[1].id, plans[0].id
    _url, page = upload(client, plan.id, sheet(linked, other_period))
    assert "bukan rencana aksi SKP ini" in page.split('data-testid="error-row-3"', 1)[1].split("</tr>", 1)[0]
    url, _page = upload(client, plan.id, sheet(linked))
    assert client.post(url + "/konfirmasi").status_code == 302
    db.session.expire_all()
    entry = db.session.scalar(select(ProgressEntry))
    assert entry.action_plan_id == plans[1].id
    rows = exported(client, plan.id)
    assert rows[1][at] == plans[1].id and rows[1][at + 1] == "Pendampingan " + q4.name
    without = [[v for k, v in zip(PROGRESS_KEYS, r, strict=True) if not k.startswith("action_plan")] for r in rows]
    without[1][4] = "Diubah tanpa kolom rencana aksi"
    url, page = upload(client, plan.id, as_xlsx(without))
    assert "1 entri diubah" in page and client.post(url + "/konfirmasi").status_code == 302
    db.session.expire_all()
    entry = db.session.get(ProgressEntry, entry.id)
    assert entry.activity == "Diubah tanpa kolom rencana aksi" and entry.action_plan_id == plans[1].id
