"""The fast path and the service's full path agree, to the last digit and provenance.

The team page's suggestions and ``flask kinerja recompute`` evaluate many people from plain rows
(``queries.evaluation_inputs``); ``service.compute`` evaluates one person from ORM rows and stores
the snapshot. Checked on every evaluation of the demo province and on a plan with every kind of
indicator the engine treats differently: each roll-up, a range, lower-is-better with a target of 0,
a qualitative target judged (or not yet), nothing entered, an RHK without indicators, the year.
"""
from __future__ import annotations

import copy
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from kinerja_web.evaluation import service
from kinerja_web.extensions import db
from kinerja_web.models import Evaluation, PlanIndicator, Realization, ReviewPeriod, WorkResult
from kinerja_web.queries import evaluation_inputs as inputs
from kinerja_web.queries.evaluations import suggestions
from kinerja_web.recompute import differences
from kinerja_web.rules.berakhlak import CORE_VALUE_CODES
from tests.helpers import employee, plan_of

OWNER = "staf3.dinkes"

# name, target kind, target, upper, scoring rule, roll-up, value entered in Q1, Q2, Q3 (None: not entered)
VARIED = [
    ("Dokumen disusun", "single", 8, None, "higher_is_better", "sum", (2, 3, None)),
    ("Kematian ibu", "max_attainable", 0, None, "lower_is_better", "sum", (0, 0, 1)),
    ("Keluhan layanan", "single", 0, None, "lower_is_better", "last", (0, 0, 0)),
    ("Waktu layanan (hari)", "range", 3, 5, "range", "average", (4, 6, "2.5")),
    ("Cakupan terbaik", "single", 90, None, "higher_is_better", "max", (70, "95.5", 80)),
    ("Angka kesakitan", "single", 8, None, "lower_is_better", "average", (9, 7, "6.25")),
    ("Bebas temuan", "max_attainable", 100, None, "max_attainable", "last", (100, 100, 100)),
    ("Belum direalisasikan", "single", 10, None, "higher_is_better", "sum", (None, None, None)),
    ("Laporan diterima pimpinan", "qualitative", None, None, "higher_is_better", "last", ()),
]


def _reviews(plan) -> list[ReviewPeriod]:
    return list(db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                                   .order_by(ReviewPeriod.seq)))


def _varied_plan():
    """The owner's plan with one more RHK holding every case above and one without indicators, and
    its evaluations of Q1–Q3 and the year as ``service.compute`` leaves them, all final."""
    plan = plan_of(OWNER)
    reviews = _reviews(plan)
    extra = WorkResult(plan_id=plan.id, kind="tambahan", text="RHK uji jalur cepat", position=90)
    empty = WorkResult(plan_id=plan.id, kind="tambahan", text="RHK tanpa indikator", position=91)
    db.session.add_all([extra, empty])
    db.session.flush()
    for n, (name, kind, target, upper, rule, roll_up, values) in enumerate(VARIED):
        ind = PlanIndicator(result_id=extra.id, name=name, aspect="kuantitas", unit="", target_kind=kind,
                            target_value=None if target is None else Decimal(target),
                            target_upper=None if upper is None else Decimal(upper),
                            target_text="Diterima tanpa revisi" if kind == "qualitative" else "",
                            scoring=rule, aggregation=roll_up, position=n)
        db.session.add(ind)
        db.session.flush()
        for review, value in zip(reviews, values, strict=False):
            if value is not None:
                db.session.add(Realization(indicator_id=ind.id, review_id=review.id, value=Decimal(str(value))))
    qualitative = ind
    boss = employee("kabid.dinkes")
    for ev in db.session.scalars(select(Evaluation).where(Evaluation.plan_id == plan.id)):
        db.session.delete(ev)
    db.session.flush()
    db.session.expire_all()
    for review in [*reviews[:3], None]:
        ev = Evaluation(plan_id=plan.id, review_id=review.id if review else None, status="open")
        db.session.add(ev)
        db.session.flush()
        judged = {} if review is reviews[0] else {  # Q1 waits for the judgement
            qualitative.id: {"rating": "di_atas", "by_id": boss.id, "by": boss.name, "at": "2026-11-20T03:00:00"}}
        if review is not reviews[1]:
            ev.behaviour = {code: {"rating": "di_atas" if n % 2 else "sesuai", "feedback": ""}
                            for n, code in enumerate(CORE_VALUE_CODES)}
        service.compute(ev, judged)
        ev.status = "final"
    db.session.commit()
    return plan


def _fast(ev, rules, reviews):
    """The fast path for one evaluation, as recompute runs it (but with each RHK's rating)."""
    plan = inputs.plans([ev.plan_id])[ev.plan_id]
    upto = ev.review.seq if ev.review else len(reviews)
    prepared = rules.prepare(plan.results, inputs.realisations([ev.plan_id]), reviews)
    return rules.evaluate(plan.agency, prepared, upto, service.judgements_of(ev), ev.behaviour)


def _full(ev):
    shadow = SimpleNamespace(plan=ev.plan, review=ev.review, behaviour=ev.behaviour,
                             scores=copy.deepcopy(ev.scores))
    service.compute(shadow)
    return shadow


@pytest.fixture
def varied(app):
    return _varied_plan()


def test_the_fast_path_gives_every_capaian_rule_and_rating_the_service_stores(varied):
    rules = service.Rules()
    evaluations = db.session.scalars(select(Evaluation).order_by(Evaluation.id)).all()
    assert {ev.review_id is None for ev in evaluations} == {True, False}
    for ev in evaluations:
        full = _full(ev)
        fast = _fast(ev, rules, [(r.id, r.seq) for r in _reviews(ev.plan)])
        # the whole stored snapshot, rebuilt from plain rows: numbers, formulas, each rule's plugin and version
        assert [service.score_snapshot(s, rules) for s in fast.scores] == full.scores, ev.id
        assert fast.result_ratings == full.result_ratings
        assert fast.counted == full.provenance["reviews_counted"]
        assert (getattr(fast.results_suggested, "value", None), getattr(fast.behaviour_suggested, "value", None)) \
            == (full.results_suggested, full.behaviour_suggested)


def test_the_varied_plan_covers_what_the_engine_treats_differently(varied):
    annual = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == varied.id,
                                                        Evaluation.review_id.is_(None)))
    scores = {s["name"]: s for s in annual.scores}
    assert scores["Kematian ibu"]["percent"] == "0" and scores["Kematian ibu"]["max_attainable"] is True
    assert scores["Keluhan layanan"]["percent"] == "100"
    assert scores["Laporan diterima pimpinan"]["judgement"]["rating"] == "di_atas"
    assert scores["Belum direalisasikan"]["percent"] is None
    assert {s["aggregation"] for s in annual.scores} == {"sum", "last", "average", "max"}
    assert annual.result_ratings[str(varied.results[-1].id)] is None  # the RHK without indicators
    assert annual.results_suggested and annual.behaviour_suggested


def test_the_team_page_suggests_what_the_service_computes(varied):
    reviews = _reviews(varied)
    for review in reviews[:3]:
        ev = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == varied.id,
                                                        Evaluation.review_id == review.id))
        full = _full(ev)
        member = SimpleNamespace(plan_id=varied.id, status="self_assessed")
        assert suggestions([member], review, reviews) == {
            varied.id: (full.results_suggested, full.behaviour_suggested, bool(service.unjudged(full)))}
    assert suggestions([member], reviews[0], reviews)[varied.id][2] is True  # Q1's qualitative target waits


def test_recompute_finds_nothing_to_report_then_each_tampered_number(varied):
    assert list(differences()) == []
    annual = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == varied.id,
                                                        Evaluation.review_id.is_(None)))
    scores = copy.deepcopy(annual.scores)
    by_name = {s["name"]: s for s in scores}
    by_name["Kematian ibu"]["percent"] = "100"
    by_name["Waktu layanan (hari)"]["rule"]["version"] = 0  # as an older version of the rule stored it
    annual.scores = scores
    annual.results_suggested = "di_bawah" if annual.results_suggested != "di_bawah" else "sesuai"
    db.session.commit()
    (found,) = list(differences())
    ev_id, name, period, lines = found
    assert (ev_id, name, period) == (annual.id, varied.employee.name, f"tahunan {varied.period.year}")
    assert len(lines) == 3
    assert "Kematian ibu: 100 (lower_is_better v1" in lines[0] and "-> 0 (" in lines[0]
    assert "Waktu layanan (hari)" in lines[1] and "range v0" in lines[1] and "range v1" in lines[1]
    assert lines[2].startswith("  suggested results rating:")
