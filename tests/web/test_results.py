"""Results that follow what an indicator measures: the roll-up over review periods,
judged qualitative targets, a lower-is-better target of 0, and the organisation
predikat of the employee's own unit (issue 7 §4)."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from kinerja_web.evaluation import service
from kinerja_web.extensions import db
from kinerja_web.models import (
    AuditEntry,
    Calibration,
    Evaluation,
    PlanIndicator,
    Realization,
    ReviewPeriod,
    Unit,
    User,
    WorkResult,
)
from kinerja_web.rules.berakhlak import CORE_VALUE_CODES
from tests.helpers import plan_of


def _user_of(employee_id) -> str:
    return db.session.scalar(select(User.username).where(User.employee_id == employee_id))


def _fresh(owner: str):
    """The owner's approved plan with none of its evaluations, so each test rates from the start."""
    plan = plan_of(owner)
    assert plan.status == "approved"
    for ev in db.session.scalars(select(Evaluation).where(Evaluation.plan_id == plan.id)):
        db.session.delete(ev)
    db.session.commit()
    return plan


def _review(plan, seq: int) -> ReviewPeriod:
    return db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                        ReviewPeriod.seq == seq))


def _ev(plan, review):
    db.session.expire_all()
    return db.session.scalar(select(Evaluation).where(
        Evaluation.plan_id == plan.id,
        Evaluation.review_id == review.id if review else Evaluation.review_id.is_(None)))


def _add_rhk_through_the_form(login, plan, indicators: list[dict]) -> WorkResult:
    """Reopen the plan as a draft, add an additional RHK and its indicators through the
    planning forms (as the owner would), then approve it again (test set-up)."""
    plan.status = "draft"
    db.session.commit()
    owner = login(_user_of(plan.employee_id))
    assert owner.post(f"/skp/{plan.id}/rhk", {"kind": "tambahan", "text": "RHK uji capaian",
                                               "parent_id": "", "cascading": ""}).status_code == 302
    db.session.expire_all()
    result = db.session.scalar(select(WorkResult).where(WorkResult.plan_id == plan.id)
                               .order_by(WorkResult.id.desc()))
    prefix = f"r{result.id}"
    for fields in indicators:
        data = {"catalogue_code": "", "name": "", "aspect": "kuantitas", "target_kind": "single",
                "target_value": "", "target_upper": "", "unit": "", "target_text": "", "aggregation": "", **fields}
        if data.pop("lower_is_better", False):
            data["lower_is_better"] = "y"  # a checked box; an unchecked one is simply not sent
        response = owner.post(f"/skp/{plan.id}/rhk/{result.id}/iki", prefix=prefix,
                              data={f"{prefix}-{k}": v for k, v in data.items()})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    plan = plan_of(_user_of(plan.employee_id))
    plan.status = "approved"
    db.session.commit()
    return db.session.get(WorkResult, result.id)


def _realise(indicator: PlanIndicator, plan, values) -> None:
    for seq, value in enumerate(values, start=1):
        db.session.add(Realization(indicator_id=indicator.id, review_id=_review(plan, seq).id,
                                   value=None if value is None else Decimal(str(value))))
    db.session.commit()


def _scores(ev, result) -> dict[str, dict]:
    return {s["name"]: s for s in ev.scores if s["result_id"] == result.id}


# -- 1. the roll-up over review periods ------------------------------------------

# (what it is, form fields, roll-up stored)
HAND_WRITTEN = [
    ("a percentage is averaged", {"unit": "%", "target_value": "90"}, "average"),
    ("a rate per 1.000 is averaged", {"unit": "per 1.000 KH", "target_value": "8", "lower_is_better": True},
     "average"),
    ("spend per visit is averaged", {"unit": "Rp/kunjungan", "target_value": "1500000"}, "average"),
    ("a range is averaged", {"unit": "hari", "target_kind": "range", "target_value": "3", "target_upper": "5"},
     "average"),
    ("a time that should be short is averaged", {"unit": "hari", "target_value": "3", "lower_is_better": True},
     "average"),
    ("documents add up", {"unit": "dokumen", "target_value": "4"}, "sum"),
    ("the roll-up the person chose is kept", {"unit": "dokumen", "target_value": "4", "aggregation": "last"},
     "last"),
    ("a percentage may be summed when they say so", {"unit": "%", "target_value": "4", "aggregation": "sum"},
     "sum"),
]


@pytest.mark.parametrize(("fields", "expected"), [c[1:] for c in HAND_WRITTEN], ids=[c[0] for c in HAND_WRITTEN])
def test_a_hand_written_indicator_rolls_up_as_the_form_says(login, fields, expected):
    plan = _fresh("staf3.dinkes")
    result = _add_rhk_through_the_form(login, plan, [{"name": "IKI tulisan sendiri", **fields}])
    (ind,) = result.indicators
    assert ind.aggregation == expected


def test_a_catalogue_indicator_keeps_the_roll_up_its_plugin_declares(login):
    plan = _fresh("staf3.dinkes")
    result = _add_rhk_through_the_form(login, plan, [
        {"catalogue_code": "ANGKA_KEMATIAN_BAYI", "target_value": "16", "lower_is_better": True,
         "aggregation": "sum"},
        {"catalogue_code": "JUMLAH_KEMATIAN_IBU", "target_value": "0", "lower_is_better": True}])
    assert [(i.catalogue_code, i.aggregation) for i in result.indicators] == [
        ("ANGKA_KEMATIAN_BAYI", "average"), ("JUMLAH_KEMATIAN_IBU", "sum")]


def test_the_indicator_form_asks_for_the_roll_up_in_plain_words(login):
    staff = login("staf.disdik")
    from kinerja_web.models import Period
    from tests.helpers import employee

    period = db.session.scalar(select(Period).where(Period.agency_id == employee("staf.disdik").agency_id))
    staff.post("/skp/baru", {"period_id": period.id, "approach": "kuantitatif"})
    plan = plan_of("staf.disdik")
    staff.post(f"/skp/{plan.id}/rhk", {"kind": "tambahan", "text": "RHK", "parent_id": "", "cascading": ""})
    page = staff.get(f"/skp/{plan.id}").get_data(as_text=True)
    assert "Cara realisasi antarperiode digabungkan" in page
    assert "Dijumlahkan: hitungan hal yang dikerjakan" in page
    assert "Rata-rata periode: persentase, rasio atau rata-rata" in page
    assert "setengahnya setelah Triwulan II" in page
    assert '"aggregation": "last"' in page  # the catalogue rows tell the form helper each entry's roll-up


# (owner, catalogue code, annual target, Q1, Q2, capaian at Q2)
MID_YEAR = [
    ("staf3.dinkes", "ANGKA_KEMATIAN_BAYI", "8", 12, 14, Decimal("37.5")),  # was 0 %: 12 + 14 = 26 against 8
    ("staf3.dispar", "PENGELUARAN_WISATAWAN", "1500000", 1_450_000, 1_550_000, Decimal(100)),  # was 400 %
    ("staf3.dispar", "KUNJUNGAN_WISNUS", "1200000", 280_000, 350_000, Decimal(105)),  # visits add up, pro rata
]


@pytest.mark.parametrize(("owner", "code", "target", "q1", "q2", "expected"), MID_YEAR,
                         ids=[c[1] for c in MID_YEAR])
def test_a_mid_year_evaluation_adds_periods_up_by_what_the_indicator_measures(
        login, owner, code, target, q1, q2, expected):
    plan = _fresh(owner)
    result = _add_rhk_through_the_form(login, plan, [{"catalogue_code": code, "target_value": target,
                                                      "lower_is_better": code == "ANGKA_KEMATIAN_BAYI"}])
    (ind,) = result.indicators
    _realise(ind, plan, [q1, q2])
    q2_review = _review(plan, 2)
    page = login(owner).get(f"/skp/{plan.id}/penilaian/{q2_review.id}")
    assert page.status_code == 200
    score = _scores(_ev(plan, q2_review), result)[ind.name]
    assert Decimal(score["percent"]) == expected
    assert score["aggregation"] == ind.aggregation


# -- 2. qualitative targets: the appraiser's judgement -------------------------------

def _make_qualitative(plan, rhk_count: int = 3):
    """Turn the plan into a qualitative SKP with at least ``rhk_count`` RHK, the last of them main."""
    plan.approach = "kualitatif"
    while len(plan.results) < rhk_count:
        plan.results.append(WorkResult(kind="utama", text=f"RHK kualitatif {len(plan.results) + 1}",
                                       position=len(plan.results)))
    for n, result in enumerate(plan.results):
        if not result.indicators:
            result.indicators.append(PlanIndicator(name=f"IKI kualitatif {n}", aspect="kualitas"))
        for ind in result.indicators:
            ind.target_kind, ind.target_value, ind.target_upper = "qualitative", None, None
            ind.target_text = f"Laporan {n} diterima pimpinan tanpa revisi"
    plan.results[-1].kind = "utama"
    db.session.commit()
    return plan


def _ratings(**fields):
    data = {f"b_{code}": "sesuai" for code in CORE_VALUE_CODES}
    data.update({f"f_{code}": "" for code in CORE_VALUE_CODES})
    data.update({"action": "rate", "results_final": "sesuai", "behaviour_final": "sesuai", "results_reason": "",
                 "behaviour_reason": "", "notes": ""})
    data.update(fields)
    return data


def _judge(client, url, plan, rating_of):
    data = {"action": "judge"}
    for result in plan.results:
        for ind in result.indicators:
            data[f"j_{ind.id}"] = rating_of(result, ind)
    return client.post(url, data)


def test_a_qualitative_skp_is_judged_by_the_appraiser_and_gets_a_suggested_rating(login):
    plan = _make_qualitative(_fresh("staf3.dinkes"))
    q3 = _review(plan, 3)
    url = f"/skp/{plan.id}/penilaian/{q3.id}"
    boss = login("kabid.dinkes")
    page = boss.get(url).get_data(as_text=True)
    assert 'data-testid="judgement-form"' in page and "Belum dinilai" in page
    assert _ev(plan, q3).results_suggested is None

    refused = boss.post(url, _ratings())
    assert refused.status_code == 422
    assert "Nilai setiap indikator kualitatif" in refused.get_data(as_text=True)
    assert _ev(plan, q3).status == "open"

    first = plan.results[0].indicators[0]
    partial = boss.post(url, {"action": "judge", f"j_{first.id}": "di_atas"})
    assert partial.status_code == 422
    assert "Pilih di bawah, sesuai, atau di atas ekspektasi" in partial.get_data(as_text=True)

    assert _judge(boss, url, plan, lambda r, i: "di_atas").status_code == 302
    ev = _ev(plan, q3)
    assert ev.results_suggested == "di_atas"
    judged = [s for s in ev.scores if s.get("qualitative")]
    assert judged and all(s["judgement"]["rating"] == "di_atas" for s in judged)
    boss_employee = plan.employee.supervisor
    assert {s["judgement"]["by"] for s in judged} == {boss_employee.name}
    assert {service.judged_on(s["judgement"]) for s in judged} == {date(2026, 11, 23)}
    assert len(ev.provenance["judgements"]) == len(judged)
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "evaluation.judge")) is not None
    shown = boss.get(url).get_data(as_text=True)
    assert "Pertimbangan <strong>Di Atas Ekspektasi</strong>" in shown and boss_employee.name in shown

    assert boss.post(url, _ratings(results_final="di_atas")).status_code == 302
    assert boss.post(url, {"action": "finalize"}).status_code == 302
    ev = _ev(plan, q3)
    assert ev.status == "final" and service.verify(ev) is True
    pdf = login("staf3.dinkes").get(f"{url}/pdf")
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "Penilaian Indikator Kualitatif" in text
    assert f"Di Atas Ekspektasi (dinilai oleh {boss_employee.name}, 23-11-2026)" in text
    assert "pertimbangan pejabat penilai" in text


def test_the_content_hash_covers_the_judgements(login):
    plan = _make_qualitative(_fresh("staf3.dinkes"))
    q3 = _review(plan, 3)
    url = f"/skp/{plan.id}/penilaian/{q3.id}"
    boss = login("kabid.dinkes")
    boss.get(url)
    _judge(boss, url, plan, lambda r, i: "sesuai")
    boss.post(url, _ratings())
    boss.post(url, {"action": "finalize"})
    ev = _ev(plan, q3)
    assert service.verify(ev) is True
    scores = [dict(s) for s in ev.scores]
    for s in scores:
        if s.get("judgement"):
            s["judgement"] = {**s["judgement"], "rating": "di_atas"}
    ev.scores = scores
    db.session.commit()
    assert service.verify(_ev(plan, q3)) is False


def test_a_qualitative_main_rhk_judged_below_holds_back_di_atas(login):
    plan = _make_qualitative(_fresh("staf3.dinkes"), rhk_count=3)
    q3 = _review(plan, 3)
    url = f"/skp/{plan.id}/penilaian/{q3.id}"
    boss = login("kabid.dinkes")
    boss.get(url)
    main_below = plan.results[-1]
    assert main_below.kind == "utama" and len(plan.results) >= 3
    _judge(boss, url, plan, lambda r, i: "di_bawah" if r.id == main_below.id else "di_atas")
    ev = _ev(plan, q3)
    assert ev.result_ratings[str(main_below.id)] == "di_bawah"
    assert ev.results_suggested == "sesuai"  # most RHK are above, but a main one is below


def test_changing_a_judgement_after_rating_asks_for_the_ratings_again(login):
    plan = _make_qualitative(_fresh("staf3.dinkes"))
    q3 = _review(plan, 3)
    url = f"/skp/{plan.id}/penilaian/{q3.id}"
    boss = login("kabid.dinkes")
    boss.get(url)
    _judge(boss, url, plan, lambda r, i: "sesuai")
    assert boss.post(url, _ratings()).status_code == 302
    assert _ev(plan, q3).status == "rated"
    _judge(boss, url, plan, lambda r, i: "di_bawah")
    ev = _ev(plan, q3)
    assert ev.status != "rated" and ev.predicate is None and ev.results_suggested == "di_bawah"
    assert boss.post(url, {"action": "finalize"}).status_code == 403


def test_only_the_appraiser_judges(login):
    plan = _make_qualitative(_fresh("staf3.dinkes"))
    q3 = _review(plan, 3)
    url = f"/skp/{plan.id}/penilaian/{q3.id}"
    owner = login("staf3.dinkes")
    owner.get(url)
    assert _judge(owner, url, plan, lambda r, i: "di_atas").status_code == 403
    assert service.judgements_of(_ev(plan, q3)) == {}


# -- 3. a lower-is-better target of 0 is the maximum attainable ----------------------

def test_zero_deaths_and_zero_complaints_are_above_expectation_and_explained(login):
    plan = _fresh("staf3.dinkes")
    result = _add_rhk_through_the_form(login, plan, [
        {"catalogue_code": "JUMLAH_KEMATIAN_IBU", "target_value": "0", "lower_is_better": True},
        {"name": "Jumlah keluhan layanan", "unit": "keluhan", "target_kind": "max_attainable", "target_value": "0",
         "lower_is_better": True}])
    deaths, complaints = result.indicators
    assert complaints.scoring == "lower_is_better"
    _realise(deaths, plan, [0, 0])
    _realise(complaints, plan, [0, 0])
    q2 = _review(plan, 2)
    page = login("staf3.dinkes").get(f"/skp/{plan.id}/penilaian/{q2.id}").get_data(as_text=True)
    ev = _ev(plan, q2)
    scores = _scores(ev, result)
    for ind in (deaths, complaints):
        assert Decimal(scores[ind.name]["percent"]) == 100 and scores[ind.name]["max_attainable"] is True
    assert ev.result_ratings[str(result.id)] == "di_atas"
    assert "target maksimal 0 tercapai (realisasi 0) → 100 %" in page


def test_exceeding_a_target_of_zero_is_below_expectation(login):
    plan = _fresh("staf3.dinkes")
    result = _add_rhk_through_the_form(login, plan, [
        {"catalogue_code": "JUMLAH_KEMATIAN_IBU", "target_value": "0", "lower_is_better": True}])
    (deaths,) = result.indicators
    _realise(deaths, plan, [0, 1])
    q2 = _review(plan, 2)
    page = login("staf3.dinkes").get(f"/skp/{plan.id}/penilaian/{q2.id}").get_data(as_text=True)
    ev = _ev(plan, q2)
    assert Decimal(_scores(ev, result)[deaths.name]["percent"]) == 0
    assert ev.result_ratings[str(result.id)] == "di_bawah"
    assert "realisasi 1 melebihi target maksimal 0 → 0 %" in page


# -- 4. the organisation predikat of the employee's own unit -------------------------

def _annual_ready(app, owner="staf3.disdik"):
    """Every periodic evaluation of the owner's plan final, the year over; a unit tree
    (bidang → seksi) with the owner in the seksi."""
    plan = plan_of(owner)
    app.config["TODAY"] = date(2027, 1, 20)
    for ev in db.session.scalars(select(Evaluation).where(Evaluation.plan_id == plan.id)):
        db.session.delete(ev)
    db.session.flush()
    for review in service.reviews_of(plan):
        db.session.add(Evaluation(plan=plan, review=review, status="final", predicate="baik",
                                  results_final="sesuai", behaviour_final="sesuai"))
    agency_id = plan.employee.agency_id
    bidang = Unit(agency_id=agency_id, name="Bidang Pembinaan Uji")
    seksi = Unit(agency_id=agency_id, name="Seksi Kurikulum Uji", parent=bidang)
    db.session.add_all([bidang, seksi])
    db.session.flush()
    plan.employee.unit_id = seksi.id
    db.session.commit()
    return plan, bidang, seksi


def _calibrate(plan, unit, predicate):
    db.session.add(Calibration(agency_id=plan.employee.agency_id, unit_id=unit.id if unit else None,
                               year=plan.period.year, org_predicate=predicate))
    db.session.commit()


def _annual(plan):
    return db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id,
                                                      Evaluation.review_id.is_(None)))


def test_the_annual_gate_accepts_the_predikat_of_a_unit_up_the_tree(login, app):
    plan, bidang, seksi = _annual_ready(app)
    other = Unit(agency_id=plan.employee.agency_id, name="Bidang Lain")
    db.session.add(other)
    db.session.commit()
    login("kabid.disdik").get(f"/skp/{plan.id}/penilaian/tahunan")
    annual = _annual(plan)
    _calibrate(plan, other, "istimewa")  # another unit's predikat does not apply
    assert "predikat kinerja organisasi" in str(service.timing_problem(annual, "rate"))
    _calibrate(plan, bidang, "baik")
    assert service.timing_problem(annual, "rate") is None
    assert service.org_predicate_source(annual) == ("baik", bidang)


@pytest.mark.parametrize(("rows", "printed"), [
    ({"agency": "kurang", "bidang": "istimewa"}, "ISTIMEWA (Bidang Pembinaan Uji)"),
    ({"agency": "kurang", "bidang": "istimewa", "seksi": "butuh_perbaikan"}, "BUTUH PERBAIKAN (Seksi Kurikulum Uji)"),
    ({"agency": "kurang"}, "KURANG (Dinas Pendidikan"),
], ids=["nearest unit up the tree", "the unit's own", "the agency's"])
def test_block_4_of_the_dokumen_evaluasi_prints_the_predikat_of_the_employees_unit(login, app, rows, printed):
    plan, bidang, seksi = _annual_ready(app)
    units = {"agency": None, "bidang": bidang, "seksi": seksi}
    for where, predicate in rows.items():
        _calibrate(plan, units[where], predicate)
    url = f"/skp/{plan.id}/penilaian/tahunan"
    boss = login("kabid.disdik")
    boss.get(url)
    annual = _annual(plan)
    assert boss.post(url, _ratings(results_final=annual.results_suggested or "sesuai")).status_code == 302
    assert boss.post(url, {"action": "finalize"}).status_code == 302
    pdf = login("staf3.disdik").get(f"{url}/pdf")
    text = " ".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert f"Capaian Kinerja Organisasi {printed}" in text
