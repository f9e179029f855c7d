"""Daily progress (progres harian): several entries in one form, the roll-up into a proposed realisation,
confirming or correcting it with its source kept, the statements a page reads, and who may see what."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from kinerja_web.extensions import db
from kinerja_web.models import AuditEntry, ProgressEntry, Realization, ReviewPeriod
from tests.conftest import TODAY
from tests.helpers import count_queries, plan_of, realisation_data

OWNER = "staf.dispar"
MONDAY = TODAY - timedelta(days=7)  # the last full week, inside the open Q4


def _setup(aggregation=None):
    plan = plan_of(OWNER)
    ind = plan.results[0].indicators[0]
    if aggregation:
        ind.aggregation = aggregation
        db.session.commit()
    q4 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                      ReviewPeriod.starts_on <= TODAY, ReviewPeriod.ends_on >= TODAY))
    return plan, ind, q4


def _rows(*rows) -> dict:
    data = {"save": "Simpan"}
    for n, row in enumerate(rows):
        data.update({f"entries-{n}-{name}": str(value) for name, value in row.items()})
    return data


def _row(day, activity="Pendampingan desa wisata", ind=None, quantity="", **extra) -> dict:
    return {"day": day.isoformat(), "activity": activity, "indicator_id": ind.id if ind else "",
            "quantity": quantity, **extra}


def _entries() -> int:
    return db.session.scalar(select(func.count(ProgressEntry.id)))


def test_several_entries_in_one_form_are_saved_and_listed_by_day(login):
    plan, ind, _ = _setup()
    staff = login(OWNER)
    url = f"/skp/{plan.id}/progres-harian"
    assert "Catat progres" in staff.get("/beranda").get_data(as_text=True)  # one tap from home
    response = staff.post(url, _rows(
        _row(MONDAY, ind=ind, quantity="2", starts_at="08:00", ends_at="10:30", link="https://drive.example/a"),
        _row(MONDAY + timedelta(days=1), "Rapat koordinasi"),
        {"day": TODAY.isoformat()},  # the spare row nobody filled in
    ))
    assert response.status_code == 302
    assert _entries() == 2
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "progress.add")) == 2
    page = staff.get(f"{url}?minggu={MONDAY.isoformat()}").get_data(as_text=True)
    day = page.split(f'data-testid="day-{MONDAY.isoformat()}"', 1)[1].split("</ul>", 1)[0]
    assert "08:00–10:30" in day and "Pendampingan desa wisata" in day and "2 desa" in day
    assert "Rapat koordinasi" in page.split(f'data-testid="day-{(MONDAY + timedelta(days=1)).isoformat()}"', 1)[1]


def test_add_row_without_javascript_keeps_what_was_typed_and_saves_nothing(login):
    plan, ind, _ = _setup()
    data = _rows(_row(MONDAY, "Survei lapangan", ind, "1"))
    del data["save"]
    data["add_row"] = "Tambah baris"
    page = login(OWNER).post(f"/skp/{plan.id}/progres-harian", data).get_data(as_text=True)
    assert 'name="entries-1-activity"' in page and 'value="Survei lapangan"' in page
    assert _entries() == 0


@pytest.mark.parametrize("row, field, message", [
    (_row(TODAY + timedelta(days=1)), "day", "bukan untuk tanggal yang akan datang"),
    (_row(date(2025, 6, 2)), "day", "di luar periode penilaian SKP"),
    (_row(date(2026, 8, 3)), "day", "ditutup untuk pengisian"),  # Q3: its deadline has passed
    (_row(MONDAY, starts_at="10:00", ends_at="09:00"), "ends_at", "setelah jam mulai"),
    (_row(MONDAY, starts_at="9 pagi"), "starts_at", "08:30"),
    (_row(MONDAY, activity="", quantity="2"), "activity", "Uraikan kegiatannya"),
    (_row(MONDAY, quantity="dua"), "quantity", "Masukkan angka"),
    (_row(MONDAY, link="javascript:alert(1)"), "link", "http://"),
])
def test_a_bad_entry_is_refused_at_its_field_in_indonesian_and_nothing_is_lost(login, row, field, message):
    plan, _, _ = _setup()
    good = _row(MONDAY, "Entri yang benar")
    response = login(OWNER).post(f"/skp/{plan.id}/progres-harian", _rows(good, row))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="entries-1-{field}-error"' in page and message in page
    assert 'value="Entri yang benar"' in page  # the good row is kept too, and not saved alone
    assert _entries() == 0


def test_a_summed_indicator_takes_whole_numbers(login):
    plan, ind, _ = _setup("sum")
    page = login(OWNER).post(f"/skp/{plan.id}/progres-harian",
                             _rows(_row(MONDAY, ind=ind, quantity="2,5"))).get_data(as_text=True)
    assert "bilangan bulat" in page and 'value="2,5"' in page
    assert _entries() == 0


@pytest.mark.parametrize("aggregation, proposed", [("sum", "12"), ("last", "4"), ("average", "4"), ("max", "5")])
def test_entries_add_up_into_the_proposal_by_the_indicators_rule(login, aggregation, proposed):
    plan, ind, q4 = _setup(aggregation)
    staff = login(OWNER)
    staff.post(f"/skp/{plan.id}/progres-harian", _rows(*[
        _row(MONDAY + timedelta(days=n), ind=ind, quantity=q) for n, q in enumerate(("3", "5", "4"))]))
    page = staff.get(f"/skp/{plan.id}/iki/{ind.id}/realisasi/{q4.id}").get_data(as_text=True)
    assert "Diusulkan dari 3 entri progres" in page
    assert f'data-testid="progress-proposal">{proposed} ' in page


def test_the_proposal_is_confirmed_with_its_source_then_corrected_by_typing(login):
    plan, ind, q4 = _setup("sum")
    staff = login(OWNER)
    staff.post(f"/skp/{plan.id}/progres-harian", _rows(
        _row(MONDAY, ind=ind, quantity="2", link="https://drive.example/foto1"),
        _row(MONDAY + timedelta(days=2), ind=ind, quantity="3", link="https://drive.example/foto2")))
    url = f"/skp/{plan.id}/iki/{ind.id}/realisasi/{q4.id}"
    assert staff.post(f"{url}/dari-progres", {"version": "0"}).status_code == 302
    db.session.expire_all()
    real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                       Realization.review_id == q4.id))
    assert real.value == Decimal(5)
    assert real.provenance == {"kind": "progress", "entries": 2, "aggregation": "sum"}
    assert sorted(ev.url for ev in real.evidence) == ["https://drive.example/foto1", "https://drive.example/foto2"]
    assert "dijumlahkan dari 2 entri progres, tidak diketik" in staff.get(url).get_data(as_text=True)
    assert "dari 2 entri progres" in staff.get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    # a stale second confirmation (an old tab) is refused with the newer value
    staff.post(f"{url}/dari-progres", {"version": "0"})
    db.session.expire_all()
    assert db.session.get(Realization, real.id).version == real.version
    staff.post(url, realisation_data(plan, ind, "7", note="Dikoreksi", version=str(real.version)),
               content_type="multipart/form-data")
    db.session.expire_all()
    real = db.session.get(Realization, real.id)
    assert real.value == Decimal(7) and real.provenance is None
    page = staff.get(url).get_data(as_text=True)
    assert "Realisasi tersimpan diketik" in page and "Diusulkan dari 2 entri progres" in page


def test_an_entry_is_removed_while_its_period_is_open(login):
    plan, ind, _ = _setup()
    staff = login(OWNER)
    staff.post(f"/skp/{plan.id}/progres-harian", _rows(_row(MONDAY)))
    entry = db.session.scalar(select(ProgressEntry))
    assert login("kabid.dispar").post(f"/progres-harian/{entry.id}/hapus").status_code == 403
    assert staff.post(f"/progres-harian/{entry.id}/hapus").status_code == 302
    assert _entries() == 0


def test_an_entry_is_edited_with_the_same_checks_and_an_audit_entry(login):
    plan, ind, _ = _setup()
    staff = login(OWNER)
    staff.post(f"/skp/{plan.id}/progres-harian", _rows(_row(MONDAY, ind=ind, quantity="1")))
    entry = db.session.scalar(select(ProgressEntry))
    url = f"/progres-harian/{entry.id}"
    assert 'value="Pendampingan desa wisata"' in staff.get(url).get_data(as_text=True)
    refused = staff.post(url, _rows(_row(MONDAY, "Diubah", ind, "2", starts_at="10:00", ends_at="09:00")))
    assert refused.status_code == 422 and "setelah jam mulai" in refused.get_data(as_text=True)
    assert staff.post(url, _rows(_row(MONDAY + timedelta(days=1), "Diubah", ind, "2"))).status_code == 302
    db.session.expire_all()
    entry = db.session.get(ProgressEntry, entry.id)
    assert (entry.activity, entry.quantity, entry.day) == ("Diubah", Decimal(2), MONDAY + timedelta(days=1))
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "progress.edit"))
    assert audit.before["activity"] == "Pendampingan desa wisata" and audit.after["quantity"] == "2"


def _fill(plan, ind, q4, count: int) -> None:
    """``count`` entries over the open period, a third of them counting towards ``ind``."""
    days = (q4.ends_on - q4.starts_on).days
    db.session.add_all(ProgressEntry(plan_id=plan.id, review_id=q4.id, day=q4.starts_on + timedelta(days=n % days),
                                     activity=f"Kegiatan {n}", indicator_id=ind.id if n % 3 == 0 else None,
                                     quantity=Decimal(1) if n % 3 == 0 else None, unit="desa")
                       for n in range(count))
    db.session.commit()


def test_pages_read_the_same_number_of_statements_for_10_and_200_entries(login):
    plan, ind, q4 = _setup()
    staff = login(OWNER)
    pages = [f"/skp/{plan.id}/progres-harian?minggu={MONDAY.isoformat()}",
             f"/skp/{plan.id}/iki/{ind.id}/realisasi/{q4.id}"]
    costs = []
    for added in (10, 190):
        _fill(plan, ind, q4, added)
        for url in pages:
            staff.get(url)  # warm up
        with count_queries() as statements:
            for url in pages:
                assert staff.get(url).status_code == 200
        costs.append(len(statements))
    assert costs[0] == costs[1], costs
    assert _entries() == 200


# Who may do what to staf.dispar's daily progress: expected outcomes written out, not derived from access.py.
READ_WRITE = {
    "staf.dispar": (200, 302),   # the owner
    "kabid.dispar": (200, 403),  # supervisor: reads
    "kadis.dispar": (200, 403),  # second supervisor: reads
    "admin.dispar": (200, 403),  # agency admin: reads
    "staf2.dispar": (404, 404),  # a colleague: nothing, not even that the SKP exists
    "staf.dinkes": (404, 404),   # another agency
    "admin.dinkes": (404, 404),  # another agency's admin
}


@pytest.mark.parametrize("who", READ_WRITE)
def test_changing_ids_in_the_url_never_reaches_another_persons_entries(login, who):
    plan, ind, q4 = _setup()
    login(OWNER).post(f"/skp/{plan.id}/progres-harian", _rows(_row(MONDAY, ind=ind, quantity="1")))
    entry = db.session.scalar(select(ProgressEntry))
    read, write = READ_WRITE[who]
    client = login(who)
    assert client.get(f"/skp/{plan.id}/progres-harian").status_code == read
    assert client.post(f"/skp/{plan.id}/progres-harian", _rows(_row(MONDAY, "Disisipkan"))).status_code == write
    confirm = client.post(f"/skp/{plan.id}/iki/{ind.id}/realisasi/{q4.id}/dari-progres", {"version": "0"})
    assert confirm.status_code == (302 if who == OWNER else write)
    assert client.get(f"/progres-harian/{entry.id}").status_code == (200 if who == OWNER else write)
    if who != OWNER:
        edit = client.post(f"/progres-harian/{entry.id}", _rows(_row(MONDAY, "Disisipkan")))
        assert edit.status_code == write
        assert client.post(f"/progres-harian/{entry.id}/hapus").status_code == write
        slipped_in = select(func.count(ProgressEntry.id)).where(ProgressEntry.activity == "Disisipkan")
        assert db.session.scalar(slipped_in) == 0
        assert db.session.get(ProgressEntry, entry.id) is not None


def test_the_demo_shows_two_weeks_of_progress_and_a_proposed_average(login):
    from kinerja_web.demo_daily import seed_daily

    seed_daily(TODAY)
    plan, _, q4 = _setup()
    spending = next(i for r in plan.results for i in r.indicators if i.catalogue_code == "PENGELUARAN_WISATAWAN")
    staff = login(OWNER)
    week = staff.get(f"/skp/{plan.id}/progres-harian?minggu={MONDAY.isoformat()}").get_data(as_text=True)
    assert "Survei pengeluaran wisatawan" in week and "rata-rata entri" in week
    page = staff.get(f"/skp/{plan.id}/iki/{spending.id}/realisasi/{q4.id}").get_data(as_text=True)
    assert "Diusulkan dari 6 entri progres" in page and 'data-testid="use-progress"' in page


def test_an_indicator_derived_from_two_numbers_takes_no_entries(login):
    plan = plan_of("staf.dinkes")  # its SPM indicators are people served / target population
    ind = plan.results[0].indicators[0]
    staff = login("staf.dinkes")
    page = staff.get(f"/skp/{plan.id}/progres-harian").get_data(as_text=True)
    assert f'value="{ind.id}"' not in page
    response = staff.post(f"/skp/{plan.id}/progres-harian", _rows(_row(MONDAY, ind=ind, quantity="3")))
    assert response.status_code == 422 and "Pilih salah satu" in response.get_data(as_text=True)
    assert _entries() == 0
