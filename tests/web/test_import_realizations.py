"""Staff fill in the realisation sheet the export gives them and import it back: preview, then all or nothing."""
from __future__ import annotations

import csv
import io
from decimal import Decimal

from flask.globals import _cv_app
from openpyxl import load_workbook
from sqlalchemy import func, select

from kinerja_web.extensions import db
from kinerja_web.models import AuditEntry, Realization, ReviewPeriod
from tests.helpers import plan_of


def download(client, url) -> bytes:
    token = _cv_app.set(None)
    try:
        response = client.http.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return b"".join(response.response)
    finally:
        _cv_app.reset(token)


def sheet(client, plan_id) -> list[list]:
    book = load_workbook(io.BytesIO(download(client, f"/ekspor/skp/{plan_id}/realisasi.xlsx")))
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def as_xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def fill(rows, values: dict) -> list[list]:
    """Set ``value`` (and ``note``) of the rows whose (indicator_id, review_id) is a key of ``values``."""
    col = {h: i for i, h in enumerate(rows[0])}
    for row in rows[1:]:
        key = (row[col["indicator_id"]], row[col["review_id"]])
        if key in values:
            value, note = values[key] if isinstance(values[key], tuple) else (values[key], None)
            row[col["value"]] = value
            if note is not None:
                row[col["note"]] = note
    return rows


def upload(client, plan_id, data, name="realisasi.xlsx"):
    response = client.post(f"/skp/{plan_id}/impor-realisasi", {"file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    url = response.headers["Location"]
    return url, client.get(url).get_data(as_text=True)


def reviews(plan) -> list[ReviewPeriod]:
    return db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                              .order_by(ReviewPeriod.seq)).all()


def stored(ind_id, review_id):
    return db.session.scalar(select(Realization).where(Realization.indicator_id == ind_id,
                                                       Realization.review_id == review_id))


def test_the_exported_sheet_filled_in_and_imported_saves_each_value_like_the_form(login):
    client = login("staf.dispar")
    plan = plan_of("staf.dispar")
    q4 = reviews(plan)[3]
    first, second = [i.id for r in plan.results for i in r.indicators][:2]
    rows = fill(sheet(client, plan.id), {(first, q4.id): 17, (second, q4.id): (1400000.5, "Data BPS Desember")})
    url, page = upload(client, plan.id, as_xlsx(rows))
    assert 'data-testid="changes"' in page and 'data-testid="errors"' not in page
    assert page.count("<tr>") - 1 == 2  # two values to save, the header row aside
    assert stored(first, q4.id) is None  # nothing written before the confirmation
    audit = db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "realization.save"))
    done = client.post(url + "/konfirmasi")
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/skp/{plan.id}/pemantauan")
    db.session.expire_all()
    assert stored(first, q4.id).value == Decimal("17")
    second_real = stored(second, q4.id)
    assert second_real.value == Decimal("1400000.5") and second_real.note == "Data BPS Desember"
    assert second_real.updated_by_id is not None
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "realization.save")) == audit + 2
    page = client.get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    assert "1.400.000,5" in page  # the monitoring page shows the imported value
    assert client.post(url + "/konfirmasi").status_code == 302  # again: nothing more is saved
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(
        AuditEntry.action == "realization.save")) == audit + 2


def test_an_indonesian_csv_with_decimal_commas_is_read(login):
    client = login("staf.dispar")
    client.post("/language", {"locale": "id", "next": "/login"})
    plan = plan_of("staf.dispar")
    q4 = reviews(plan)[3]
    first = [i.id for r in plan.results for i in r.indicators][1]  # rupiah per visit
    text = download(client, f"/ekspor/skp/{plan.id}/realisasi.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    rows = fill(rows, {(str(first), str(q4.id)): "1.450.000,25"})
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    url, page = upload(client, plan.id, ("\ufeff" + out.getvalue()).encode(), "realisasi.csv")
    assert client.post(url + "/konfirmasi").status_code == 302
    db.session.expire_all()
    assert stored(first, q4.id).value == Decimal("1450000.25")


def test_rows_the_form_would_refuse_are_errors_and_nothing_is_saved(login):
    client = login("staf.dispar")
    client.post("/language", {"locale": "en", "next": "/login"})
    plan = plan_of("staf.dispar")
    q1, q2, q4 = reviews(plan)[0], reviews(plan)[1], reviews(plan)[3]
    first, second = [i.id for r in plan.results for i in r.indicators][:2]
    rows = fill(sheet(client, plan.id), {(first, q4.id): 20, (second, q4.id): "banyak", (first, q1.id): 99,
                                         (second, q2.id): -3})
    col = {h: i for i, h in enumerate(rows[0])}
    other = plan_of("staf.dinkes")
    rows.append([other.id, other.results[0].indicators[0].id, q4.id, *[None] * (len(rows[0]) - 4)])
    rows[-1][col["value"]] = 5
    url, page = upload(client, plan.id, as_xlsx(rows))
    for message in ("Enter a number", "closed for input", "belongs to another SKP", "cannot be negative"):
        assert message in page, message
    assert 'data-testid="confirm"' not in page
    assert client.post(url + "/konfirmasi").status_code == 302
    db.session.expire_all()
    assert stored(first, q4.id) is None and stored(first, q1.id).value != Decimal(99)


def test_indicators_with_fields_or_required_evidence_are_sent_to_their_page(login):
    client = login("staf3.disdik")  # its indicator requires evidence; Q4 has none yet
    client.post("/language", {"locale": "en", "next": "/login"})
    plan = plan_of("staf3.disdik")
    q4 = reviews(plan)[3]
    ind = plan.results[0].indicators[0].id
    _url, page = upload(client, plan.id, as_xlsx(fill(sheet(client, plan.id), {(ind, q4.id): 0.4})))
    assert "requires evidence" in page
    client = login("staf.dinkes")  # its indicators are a ratio of two plugin fields
    client.post("/language", {"locale": "en", "next": "/login"})
    plan = plan_of("staf.dinkes")
    q4 = reviews(plan)[3]
    ind = plan.results[0].indicators[0].id
    _url, page = upload(client, plan.id, as_xlsx(fill(sheet(client, plan.id), {(ind, q4.id): 90})))
    assert "comes from its own fields" in page


def test_only_the_owner_of_an_approved_plan_imports_into_it(login):
    plan = plan_of("staf.dinkes")
    assert login("staf2.dinkes").get(f"/skp/{plan.id}/impor-realisasi").status_code == 404  # a colleague
    assert login("kabid.dinkes").get(f"/skp/{plan.id}/impor-realisasi").status_code == 403  # sees, may not import
    assert login("admin.disdik").get(f"/skp/{plan.id}/impor-realisasi").status_code == 404
    draft = plan_of("staf4.dinkes")
    assert login("staf4.dinkes").get(f"/skp/{draft.id}/impor-realisasi").status_code == 403
    assert login("staf.dinkes").get(f"/skp/{plan.id}/impor-realisasi").status_code == 200


def test_a_preview_of_one_person_is_not_anothers(login):
    owner = login("staf.dispar")
    plan = plan_of("staf.dispar")
    url, _page = upload(owner, plan.id, as_xlsx(sheet(owner, plan.id)))
    assert login("kabid.dispar").get(url).status_code in (403, 404)
