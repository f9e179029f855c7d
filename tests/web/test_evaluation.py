"""Periodic evaluation: self-assessment, rating with suggestions and overrides,
the predikat from the matrix, finalisation with a content hash, objections."""
from __future__ import annotations

import html
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale
from kinerja_kesehatan.rules import CakupanSPM
from pypdf import PdfReader
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import AuditEntry, Evaluation, ReviewPeriod
from kinerja_web.rule_text import rule_words, score_formula
from kinerja_web.rules.berakhlak import CORE_VALUE_CODES
from kinerja_web.rules.scoring import Capped, GrowthOverBaseline, LowerIsBetter, RangeTarget
from kinerja_web.rules.types import Target, TargetKind
from tests.helpers import plan_of

OWNER, BOSS, TOP = "staf3.dinkes", "kabid.dinkes", "kadis.dinkes"


@pytest.fixture(autouse=True)
def _open_evaluation(app):
    """The demo finalises Q1–Q3; these tests walk Q3 of one person from the start."""
    plan = plan_of(OWNER)
    for ev in db.session.scalars(select(Evaluation).where(Evaluation.plan_id == plan.id)):
        db.session.delete(ev)
    db.session.commit()


def _q3(plan):
    return db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                        ReviewPeriod.seq == 3))


def _url(plan):
    return f"/skp/{plan.id}/penilaian/{_q3(plan).id}"


def _ev(plan):
    db.session.expire_all()
    return db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id))


def _ratings(value="sesuai", **overrides):
    data = {f"b_{code}": value for code in CORE_VALUE_CODES}
    data.update({f"f_{code}": "" for code in CORE_VALUE_CODES})
    data.update(overrides)
    return data


def _rate(client, plan, **fields):
    ev = _ev(plan)
    data = {"action": "rate", **_ratings(), "results_final": ev.results_suggested or "sesuai",
            "behaviour_final": "sesuai", "results_reason": "", "behaviour_reason": "", "notes": ""}
    data.update(fields)
    return client.post(_url(plan), data)


def _to_final(login, plan):
    owner = login(OWNER)
    owner.get(_url(plan))
    owner.post(_url(plan), {"action": "self_assess",
                            **{f"sa_{r.id}": "Kegiatan terlaksana, data lengkap." for r in plan.results}})
    boss = login(BOSS)
    boss.get(_url(plan))
    assert _rate(boss, plan, notes="Pertahankan ketelitian.").status_code == 302
    assert boss.post(_url(plan), {"action": "finalize"}).status_code == 302
    return owner, boss


def test_the_page_explains_each_attainment_with_its_rule_and_plugin(login):
    plan = plan_of(OWNER)
    page = login(OWNER).get(_url(plan)).get_data(as_text=True)
    ev = _ev(plan)
    assert ev.status == "open" and ev.scores
    score = ev.scores[0]
    # an SPM service: scored by the health plugin's rule, which caps the coverage of an estimated sasaran
    assert (score["rule"]["plugin"], score["rule"]["plugin_version"]) == ("kesehatan", "2.1.0")
    assert (score["rule"]["code"], score["rule"]["version"]) == ("cakupan_spm", 1)
    assert "<code>cakupan_spm</code> v1 dari plugin kesehatan" in page
    assert ev.provenance["rating_policy"]["code"] == "national"


def test_override_needs_a_written_reason_and_the_predikat_follows_the_matrix(login):
    plan = plan_of(OWNER)
    boss = login(BOSS)
    boss.get(_url(plan))
    suggested = _ev(plan).results_suggested
    other = "di_atas" if suggested != "di_atas" else "sesuai"
    refused = _rate(boss, plan, results_final=other)
    assert refused.status_code == 422
    assert "tuliskan alasannya" in refused.get_data(as_text=True)
    assert _ev(plan).status == "open"
    ok = _rate(boss, plan, results_final=other, results_reason="Ada inovasi pendataan lansia.",
               **_ratings("di_atas"), behaviour_final="di_atas")
    assert ok.status_code == 302
    ev = _ev(plan)
    assert (ev.results_suggested, ev.results_final, ev.results_reason) == (suggested, other,
                                                                           "Ada inovasi pendataan lansia.")
    assert ev.behaviour_suggested == "di_atas"
    expected = {"di_atas": "sangat_baik", "sesuai": "baik"}[other]  # × behaviour di atas (RULES.md §3.2)
    assert ev.predicate == expected
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "evaluation.rate"))
    assert "inovasi" in audit.note


def test_any_behaviour_below_expectation_is_suggested_below_and_needs_a_reason_to_overrule(login):
    plan = plan_of(OWNER)
    boss = login(BOSS)
    boss.get(_url(plan))
    refused = _rate(boss, plan, b_akuntabel="di_bawah", behaviour_final="sesuai")
    assert refused.status_code == 422
    ok = _rate(boss, plan, b_akuntabel="di_bawah", behaviour_final="di_bawah")
    assert ok.status_code == 302
    assert _ev(plan).predicate in ("kurang", "sangat_kurang")


def test_finalised_evaluation_is_sealed_visible_to_the_employee_and_printable(login):
    plan = plan_of(OWNER)
    owner, _ = _to_final(login, plan)
    ev = _ev(plan)
    assert ev.status == "final" and len(ev.content_hash) == 64
    page = owner.get(_url(plan)).get_data(as_text=True)
    assert 'data-testid="predicate"' in page and "matriks <code>national</code>" in page
    assert login(BOSS).post(_url(plan), {"action": "rate", **_ratings()}).status_code == 403  # immutable
    pdf = owner.get(f"{_url(plan)}/pdf")
    assert pdf.status_code == 200 and pdf.headers["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert plan.employee.nip in text
    assert {"sangat_baik": "SANGAT BAIK", "baik": "BAIK", "butuh_perbaikan": "BUTUH PERBAIKAN",
            "kurang": "KURANG", "sangat_kurang": "SANGAT KURANG"}[ev.predicate] in text
    assert "PEJABAT PENILAI KINERJA" in text and "CATATAN / REKOMENDASI" in text


def test_a_change_after_finalisation_is_detected(login):
    plan = plan_of(OWNER)
    owner, _ = _to_final(login, plan)
    ev = _ev(plan)
    ev.notes = "diubah langsung di basis data"
    db.session.commit()
    page = owner.get(_url(plan)).get_data(as_text=True)
    assert "hash" in page and 'role="alert"' in page


def test_objection_within_14_days_is_decided_finally_by_the_supervisors_supervisor(login):
    plan = plan_of(OWNER)
    owner, boss = _to_final(login, plan)
    assert owner.post(_url(plan), {"action": "object", "text": " "}).status_code == 422
    assert owner.post(_url(plan), {"action": "object", "text": "Bukti Q3 belum dipertimbangkan."}).status_code == 302
    assert boss.post(_url(plan), {"action": "decide", "outcome": "upheld", "text": "x"}).status_code == 403
    top = login(TOP)
    top.get(_url(plan))
    before = _ev(plan).content_hash
    decided = top.post(_url(plan), {"action": "decide", "outcome": "upheld", "text": "Bukti valid.",
                                    "results_final": "di_atas", "behaviour_final": "di_atas"})
    assert decided.status_code == 302
    ev = _ev(plan)
    assert ev.predicate == "sangat_baik" and ev.decision_outcome == "upheld" and ev.content_hash != before
    again = top.post(_url(plan), {"action": "decide", "outcome": "rejected", "text": "x"})
    assert again.status_code == 403  # the decision is final


def test_no_objection_after_14_days(login, app):
    plan = plan_of(OWNER)
    owner, _ = _to_final(login, plan)
    app.config["TODAY"] = date(2026, 12, 15)
    assert owner.post(_url(plan), {"action": "object", "text": "Terlambat"}).status_code == 403


@pytest.mark.parametrize(("who", "get", "rate"), [
    (OWNER, 200, 403), (BOSS, 200, 302), (TOP, 200, 403), ("admin.dinkes", 200, 403), ("admin", 200, 403),
    ("staf.dinkes", 404, 404), ("kabid.disdik", 404, 404), ("admin.disdik", 404, 404),
])
def test_evaluation_access_follows_the_policy(login, who, get, rate):
    plan = plan_of(OWNER)
    login(OWNER).get(_url(plan))  # the evaluation exists
    client = login(who)
    assert client.get(_url(plan)).status_code == get
    assert _rate(client, plan).status_code == rate
    pdf = client.get(f"{_url(plan)}/pdf")
    assert pdf.status_code in ((302,) if get == 200 else (404,))  # not final yet: back to the page


def test_evaluation_index_lists_my_reports(login):
    page = login(BOSS).get("/penilaian").get_data(as_text=True)
    assert plan_of(OWNER).employee.name in page


def test_a_period_is_rated_only_after_it_ends_and_self_assessed_near_its_end(login, app):
    plan = plan_of(OWNER)
    q4 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                      ReviewPeriod.seq == 4))
    url = f"/skp/{plan.id}/penilaian/{q4.id}"
    boss = login(BOSS)
    assert 'data-testid="rate-wait"' in boss.get(url).get_data(as_text=True)
    boss.post(url, {"action": "rate", **_ratings(), "results_final": "sesuai", "behaviour_final": "sesuai"})
    owner = login(OWNER)
    owner.get(url)
    owner.post(url, {"action": "self_assess", **{f"sa_{r.id}": "Terlalu dini" for r in plan.results}})
    ev = db.session.scalar(select(Evaluation).where(Evaluation.review_id == q4.id, Evaluation.plan_id == plan.id))
    assert ev.status == "open" and ev.self_assessments == []
    app.config["TODAY"] = date(2026, 12, 20)  # within two weeks of the end: self-assessment opens
    owner.post(url, {"action": "self_assess", **{f"sa_{r.id}": "Sesuai rencana" for r in plan.results}})
    db.session.expire_all()
    assert db.session.get(Evaluation, ev.id).status == "self_assessed"


def test_annual_evaluation_waits_for_the_periodic_ones_and_proposes_their_mode(login, app):
    plan = plan_of("staf3.disdik")  # the demo finalised Q1–Q3 for this person
    url = f"/skp/{plan.id}/penilaian/tahunan"
    app.config["TODAY"] = date(2027, 1, 20)
    page = login("kabid.disdik").get(url).get_data(as_text=True)
    assert 'data-testid="rate-wait"' in page  # Q4 is not final yet
    from kinerja_web.evaluation import service
    from kinerja_web.rules.predicate import annual_proposal
    from kinerja_web.rules.types import Predicate

    proposal, periodic = service.annual_proposal(plan)
    assert len(periodic) == 3
    assert proposal == annual_proposal([Predicate(p) for p in periodic]).value
    assert service.PREDICATE_LABELS[proposal] in page.split('data-testid="annual-proposal"', 1)[1][:400]


def test_every_demo_evaluation_is_intact_and_the_predikat_follows_the_matrix(app):
    from kinerja_web.defaults.national import NATIONAL_MATRIX
    from kinerja_web.evaluation.service import verify
    from kinerja_web.rules.types import Rating

    evaluations = db.session.scalars(select(Evaluation).where(Evaluation.status == "final")).all()
    assert len(evaluations) > 20
    for ev in evaluations:
        assert verify(ev) is True
        expected = NATIONAL_MATRIX.predicate(Rating(ev.results_final), Rating(ev.behaviour_final))
        assert ev.predicate == expected.value
    assert len({ev.predicate for ev in evaluations}) >= 4  # a realistic spread for the calibration page


def test_finalising_announces_a_frozen_copy_to_plugins_and_survives_a_failing_one(login, app):
    from types import SimpleNamespace

    from kinerja_web import hookimpl

    seen = []

    def record(evaluation):
        seen.append(evaluation)

    def broken(evaluation):
        raise RuntimeError("export server down")

    pm = app.extensions["kinerja"]
    pm.register(SimpleNamespace(kinerja_evaluation_finalized=hookimpl(record)), name="export")
    pm.register(SimpleNamespace(kinerja_evaluation_finalized=hookimpl(broken)), name="broken")
    plan = plan_of(OWNER)
    _to_final(login, plan)
    ev = _ev(plan)
    assert ev.status == "final"
    assert [(s.nip, s.predicate, s.content_hash) for s in seen] == [(plan.employee.nip, ev.predicate,
                                                                     ev.content_hash)]


def test_the_rating_page_shows_evidence_and_feedback_given(login):
    plan = plan_of(OWNER)
    page = login(BOSS).get(_url(plan)).get_data(as_text=True)
    assert 'data-testid="evidence"' in page and "/bukti/" in page  # the demo attaches a PDF in Q1
    assert 'data-testid="feedback-given"' in page


def test_annual_evaluation_needs_the_organisation_predikat_and_prints_it(login, app):
    from kinerja_web.evaluation import service
    from kinerja_web.models import Calibration

    plan = plan_of("staf3.disdik")
    app.config["TODAY"] = date(2027, 1, 20)
    for review in service.reviews_of(plan):  # pretend Q4 was evaluated too
        if not db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id,
                                                          Evaluation.review_id == review.id)):
            db.session.add(Evaluation(plan=plan, review=review, status="final", predicate="baik"))
    db.session.commit()
    boss = login("kabid.disdik")
    url = f"/skp/{plan.id}/penilaian/tahunan"
    page = boss.get(url).get_data(as_text=True)
    assert "predikat kinerja organisasi" in page  # why rating must wait
    annual = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id,
                                                        Evaluation.review_id.is_(None)))
    db.session.add(Calibration(agency_id=plan.employee.agency_id, year=plan.period.year, org_predicate="istimewa"))
    db.session.commit()
    assert service.timing_problem(annual, "rate") is None
    boss.get(url)
    assert _rate_at(boss, url, annual).status_code == 302
    assert boss.post(url, {"action": "finalize"}).status_code == 302
    pdf = login("staf3.disdik").get(f"{url}/pdf")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "ISTIMEWA" in text and "1 JANUARI – 31 DESEMBER 2026" in text


def _rate_at(client, url, ev):
    db.session.refresh(ev)
    return client.post(url, {"action": "rate", **_ratings(), "results_final": ev.results_suggested or "sesuai",
                             "behaviour_final": "sesuai", "results_reason": "", "behaviour_reason": "", "notes": ""})


def _without_q3_realisation(plan):
    """Remove the Q3 realisation of the plan's first quantitative indicator (as if it was never entered)."""
    from kinerja_web.models import Realization

    ind = next(i for r in plan.results for i in r.indicators if i.target_kind != "qualitative")
    real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                       Realization.review_id == _q3(plan).id))
    if real is not None:
        db.session.delete(real)
        db.session.commit()
    return ind


def test_the_finalise_button_says_what_becomes_immutable_and_asks_first(login):
    plan = plan_of(OWNER)
    boss = login(BOSS)
    boss.get(_url(plan))
    assert _rate(boss, plan).status_code == 302
    page = boss.get(_url(plan)).get_data(as_text=True)
    form = page.split('data-testid="finalize-form"', 1)[1].split("</form>", 1)[0]
    assert 'data-confirm="' in form and "tidak dapat diubah lagi oleh siapa pun" in form
    assert 'data-testid="no-realisation"' not in page  # Q3 of this person is complete


def test_finalising_a_period_without_its_realisation_warns_and_needs_a_ticked_confirmation(login):
    plan = plan_of(OWNER)
    ind = _without_q3_realisation(plan)
    boss = login(BOSS)
    boss.get(_url(plan))
    assert _rate(boss, plan).status_code == 302
    page = boss.get(_url(plan)).get_data(as_text=True)
    warning = page.split('data-testid="no-realisation"', 1)[1].split("</p>", 1)[0]
    assert "Tidak ada realisasi untuk periode ini" in warning and ind.name[:40] in warning
    assert "capaian kumulatif periode sebelumnya" in warning and 'name="confirm_missing"' in page
    refused = boss.post(_url(plan), {"action": "finalize"})
    assert refused.status_code == 422 and _ev(plan).status == "rated"
    assert 'data-testid="confirm-error"' in refused.get_data(as_text=True)
    assert boss.post(_url(plan), {"action": "finalize", "confirm_missing": "y"}).status_code == 302
    ev = _ev(plan)
    assert ev.status == "final"
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "evaluation.finalize",
                                                       AuditEntry.object_id == ev.id))
    assert "confirmed" in entry.note and ind.name in entry.note


def test_the_workflow_refuses_to_finalise_a_period_without_its_realisation_unconfirmed(app, login):
    from kinerja_web import workflow
    from kinerja_web.models import User

    plan = plan_of(OWNER)
    ind = _without_q3_realisation(plan)
    boss = login(BOSS)
    boss.get(_url(plan))
    _rate(boss, plan)
    user = db.session.scalar(select(User).where(User.username == BOSS))
    with app.test_request_context(), pytest.raises(workflow.TransitionError) as refused:
        workflow.evaluation.finalize(_ev(plan), user)
    assert ind.name in str(refused.value.messages[0]) and _ev(plan).status == "rated"


# -- the explanation in English -------------------------------------------------------

class _CappedGrowth(Capped):
    code, version, base, cap = "uji_capped_growth", 1, GrowthOverBaseline, Decimal(100)


D = Decimal
WORKED = [  # (rule, target, realisation): every worked text the built-in rules write
    (LowerIsBetter(), Target(TargetKind.SINGLE, D(0)), D(0)),
    (LowerIsBetter(), Target(TargetKind.SINGLE, D(0)), D(2)),
    (LowerIsBetter(), Target(TargetKind.SINGLE, D(7)), D("6.5")),
    (GrowthOverBaseline(), Target(TargetKind.GROWTH, D(5), baseline=D(120)), D(130)),
    (_CappedGrowth(), Target(TargetKind.GROWTH, D(5), baseline=D(120)), D(150)),
    (CakupanSPM(), Target(TargetKind.MAX_ATTAINABLE, D(100)), D(115)),
    (RangeTarget(), Target(TargetKind.RANGE, D(80), upper=D(90)), D(85)),
]


@pytest.mark.parametrize(("rule", "target", "realization"), WORKED, ids=lambda x: getattr(x, "code", None))
def test_every_worked_formula_of_the_built_in_rules_reads_in_english(app, rule, target, realization):
    stored = rule.worked(target, realization)
    with app.test_request_context(), force_locale("en"):
        english = rule_words(stored)
    assert not {"realisasi", "pertumbuhan", "dibatasi", "tercapai", "melebihi", "maksimal"} & set(english.split())
    with app.test_request_context(), force_locale("id"):
        assert rule_words(stored) == stored


@pytest.mark.parametrize(("text", "english"), [
    ("127,5 / (120 × (1 + 5/100) = 126) × 100 %; pertumbuhan 6,25 % = 101,19 %, dibatasi 100 %",
     "127,5 / (120 × (1 + 5/100) = 126) × 100 %; growth 6,25 % = 101,19 %, capped at 100 %"),
    ("kesalahan aturan uji v1: ZeroDivisionError: realisasi nol",
     "rule error uji v1: ZeroDivisionError: realisasi nol"),  # the plugin's error, as it was raised
    ("belum ada realisasi", "no realisation yet"),
    # a plugin's own texts are never translated word by word into a mixed line
    ("min(realisasi, 100) / target × 100 %, paling tinggi 100 %", None),
    ("100 % bila |realisasi − target| ≤ 2 poin, selain itu realisasi / target × 100 %", None),
])
def test_only_whole_built_in_texts_are_translated(app, text, english):
    with app.test_request_context(), force_locale("en"):
        assert rule_words(text) == (english or text)


def test_a_stored_formula_shows_the_rules_english_only_while_that_rule_version_is_installed(app):
    ref = {"plugin": "kesehatan", "plugin_version": "2.0.0", "kind": "scoring", "code": "cakupan_spm", "version": 1}
    worked = "115 / 100 × 100 % = 115 %, dibatasi 100 %"
    with app.test_request_context(), force_locale("en"):
        assert score_formula({"formula": worked, "rule": ref}) == [
            "115 / 100 × 100 % = 115 %, capped at 100 %", "realisation / target × 100 %, at most 100 %"]
        # another version (or plugin) of the rule may compute differently: its English would not be this score's
        assert score_formula({"formula": worked, "rule": {**ref, "version": 2}}) == [
            "115 / 100 × 100 % = 115 %, capped at 100 %"]
        assert score_formula({"formula": worked, "rule": {**ref, "plugin": "lain"}}) == [
            "115 / 100 × 100 % = 115 %, capped at 100 %"]
        assert score_formula({"formula": CakupanSPM.formula, "rule": ref}) == [CakupanSPM.formula_en]
        assert score_formula({"formula": "55.2000 / 60 × 100 %", "rule": {**ref, "code": "higher_is_better",
                                                                          "plugin": "kinerja_web.scoring"}}) == [
            "55.2 / 60 × 100 %", "realisation / target × 100 %"]
    with app.test_request_context(), force_locale("id"):  # stored in Indonesian, shown as stored
        assert score_formula({"formula": worked, "rule": ref}) == [worked]


def test_the_english_page_explains_each_attainment_with_its_rules_english(login, app):
    plan = plan_of(OWNER)
    owner = login(OWNER)
    owner.post("/language", {"locale": "en", "next": _url(plan)})
    page = owner.get(_url(plan)).get_data(as_text=True)
    explained = " ".join(re.findall(r'data-testid="explain">(.*?)</div>', page, re.S))
    registry = app.extensions["kinerja_registry"]
    computed = [s for s in _ev(plan).scores if s.get("percent") is not None]
    assert computed
    for score in computed:
        assert registry.scoring_rules[score["rule"]["code"]].record.formula_en in html.unescape(explained)
    assert not {"realisasi", "pertumbuhan", "dibatasi", "paling"} & set(html.unescape(explained).split())
