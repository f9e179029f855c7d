"""Bad input gets a clear message next to the field, in the user's language;
never a 500, and nothing already saved is lost."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from kinerja_web.extensions import db
from kinerja_web.models import PlanIndicator, WorkResult
from tests.helpers import plan_of

GOOD = {"catalogue_code": "", "name": "Jumlah laporan evaluasi pembelajaran", "aspect": "kuantitas",
        "target_kind": "single", "target_value": "4", "unit": "laporan"}

BAD_TARGETS = [
    ({"target_value": "abc"}, "target_value", "Masukkan angka", "Enter a number"),
    ({"target_value": "-3"}, "target_value", "negatif", "cannot be negative"),
    ({"target_value": "1e15"}, "target_value", "terlalu besar", "too large"),
    ({"target_value": ""}, "target_value", "target", "Enter a target number"),
    ({"target_value": "120", "unit": "%"}, "target_value", "100", "cannot exceed 100"),
    ({"target_kind": "range", "target_value": "90", "target_upper": "80"}, "target_upper",
     "Batas atas", "upper bound must be larger"),
    ({"target_kind": "range", "target_value": "80", "target_upper": ""}, "target_upper",
     "atas", "needs an upper bound"),
    ({"name": ""}, "name", "katalog", "pick one from the catalogue"),
    ({"name": "x" * 501}, "name", "500", "500"),
    ({"aspect": "kecepatan"}, "aspect", "Pilih salah satu", "Pick one of the options"),
    ({"target_value": "NaN"}, "target_value", "Masukkan angka", "Enter a number"),
]


def _draft():
    plan = plan_of("staf4.disdik")
    return plan, plan.results[0]


def _post_indicator(client, plan, result, changes):
    prefix = f"r{result.id}"
    data = {f"{prefix}-{k}": v for k, v in {**GOOD, **changes}.items()}
    return client.post(f"/skp/{plan.id}/rhk/{result.id}/iki", data, prefix=prefix)


def _counts():
    return (db.session.scalar(select(func.count(WorkResult.id))),
            db.session.scalar(select(func.count(PlanIndicator.id))))


@pytest.mark.parametrize("locale", ["id", "en"])
@pytest.mark.parametrize(("changes", "field", "message_id", "message_en"), BAD_TARGETS)
def test_bad_indicator_input_is_refused_with_a_message_next_to_the_field(
        login, locale, changes, field, message_id, message_en):
    client = login("staf4.disdik")
    if locale == "en":
        client.get("/skp")
        client.post("/language", {"locale": "en"})
    plan, result = _draft()
    before = _counts()
    response = _post_indicator(client, plan, result, changes)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = page.split(f'id="r{result.id}-{field}-error"', 1)
    assert len(error) == 2, f"no error next to {field}"
    shown = error[1].split("</small>", 1)[0]
    assert (message_id if locale == "id" else message_en) in shown
    assert _counts() == before
    # what the user typed is still in the form
    kept = {**GOOD, **changes}
    assert kept["name"][:60] in page
    if field in ("target_value", "target_upper") and kept[field]:
        assert f'value="{kept[field]}"' in page


def test_indonesian_number_notation_is_read_as_the_user_means_it(login):
    client = login("staf4.disdik")
    plan, result = _draft()
    for raw, expected in (("12,5", "12.5"), ("1.200", "1200"), ("1.234,75", "1234.75"), ("0.5", "0.5")):
        client.get(f"/skp/{plan.id}")
        response = _post_indicator(client, plan, result, {"target_value": raw})
        assert response.status_code == 302, raw
        db.session.expire_all()
        newest = db.session.scalar(select(PlanIndicator).order_by(PlanIndicator.id.desc()))
        assert newest.target_value == __import__("decimal").Decimal(expected), raw


def test_an_empty_rhk_is_refused_and_existing_results_stay(login):
    client = login("staf4.disdik")
    plan, _ = _draft()
    before = _counts()
    response = client.post(f"/skp/{plan.id}/rhk", {"kind": "utama", "text": "  "})
    assert response.status_code == 422
    assert "wajib diisi" in response.get_data(as_text=True)
    assert _counts() == before


def test_a_too_long_rhk_keeps_the_text_and_explains_the_limit(login):
    client = login("staf4.disdik")
    plan, _ = _draft()
    text = "Terlaksananya " + "pembinaan " * 120
    response = client.post(f"/skp/{plan.id}/rhk", {"kind": "utama", "text": text})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "1000" in page and "Terlaksananya pembinaan" in page


@pytest.mark.parametrize("junk", ["", " ", "0", "-1", "9" * 40, "<script>", "1,2,3", "١٢", "\x00", "%s%n"])
def test_junk_in_any_planning_field_never_causes_a_server_error(login, junk):
    client = login("staf4.disdik")
    plan, result = _draft()
    prefix = f"r{result.id}"
    fields = {**{f"{prefix}-{k}": junk for k in GOOD}, f"{prefix}-target_upper": junk,
              f"{prefix}-target_text": junk}
    responses = [
        client.post(f"/skp/{plan.id}/rhk/{result.id}/iki", fields, prefix=prefix),
        client.post(f"/skp/{plan.id}/rhk", {"kind": junk, "text": junk, "parent_id": junk, "goal_id": junk}),
        client.post(f"/skp/{plan.id}/pengaturan", {"approach": junk, "resources": junk}),
        client.post("/skp/baru", {"period_id": junk, "approach": junk}),
    ]
    assert all(r.status_code < 500 for r in responses), [r.status_code for r in responses]
    assert "<script>" not in "".join(r.get_data(as_text=True) for r in responses)


def test_a_post_without_csrf_token_is_refused(login):
    client = login("staf4.disdik")
    plan, _ = _draft()
    response = client.post(f"/skp/{plan.id}/rhk", {"kind": "utama", "text": "Tanpa token"}, csrf=False)
    assert response.status_code == 400
    assert "Tanpa token" not in [r.text for r in plan_of("staf4.disdik").results]
