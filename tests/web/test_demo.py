"""The demo works on any day it is loaded (issue 7 §1): every journey has something to try."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from kinerja_web.demo import demo_year
from kinerja_web.extensions import db
from kinerja_web.models import (
    Agency,
    Employee,
    Evaluation,
    Plan,
    PlanIndicator,
    Realization,
    ReviewPeriod,
    User,
    WorkResult,
)
from kinerja_web.queries import progress
from tests.conftest import reset
from tests.helpers import employee, plan_of

DAYS = [date(2027, 1, 1), date(2027, 2, 20), date(2027, 4, 1), date(2027, 6, 15), date(2027, 10, 5),
        date(2027, 12, 31), date(2028, 2, 29)]


@pytest.mark.parametrize("day", DAYS, ids=str)
def test_the_demo_offers_every_journey_on_any_day(app, demo_hash, day):
    app.config["TODAY"] = day
    reset(app, demo_hash, today=day)
    year = demo_year(day)
    assert year in (day.year, day.year - 1)

    # An open review period with realisations to enter for a staff member with an approved SKP.
    plan = plan_of("staf.dinkes")
    assert plan.status == "approved" and plan.period.year == year
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)).all()
    open_now = [r for r in reviews if r.starts_on <= day and not progress.is_locked(plan.employee_id, r)]
    assert open_now, "no review period open for input"

    # A finished period with several direct reports of each kabid ready to rate.
    ended = sorted((r for r in reviews if r.ends_on < day), key=lambda r: r.seq)
    assert ended, "no finished review period"
    for code in ("disdik", "dinkes", "dispar"):
        boss = employee(f"kabid.{code}")
        ready = db.session.scalars(
            select(Evaluation).join(Plan).join(Employee, Plan.employee_id == Employee.id)
            .where(Employee.supervisor_id == boss.id, Evaluation.status == "self_assessed")).all()
        assert len(ready) >= 2, code
        for ev in ready:
            assert ev.review.ends_on < day and ev.self_assessments
            ind_ids = [i.id for r in ev.plan.results for i in r.indicators]
            entered = db.session.scalar(select(func.count(Realization.id)).where(
                Realization.indicator_id.in_(ind_ids), Realization.review_id == ev.review_id))
            assert entered == len(ind_ids), "ready to rate but a realisation is missing"

    # A submitted SKP waiting for approval, final evaluations (with their PDFs) for calibration.
    assert plan_of("staf2.dinkes").status == "submitted"
    finals = db.session.scalar(select(func.count(Evaluation.id)).where(Evaluation.status == "final"))
    assert finals >= 9
    late = db.session.scalar(select(func.count(Evaluation.id)).where(Evaluation.status == "final",
                                                                     Evaluation.finalized_at.is_(None)))
    assert late == 0
    assert db.session.scalar(select(func.count(User.id))) > 30


def test_the_demo_dialogues_are_never_in_the_future(app, demo_hash):
    from kinerja_web.models import Dialogue

    day = date(2027, 10, 2)  # Q3 ended two days ago
    app.config["TODAY"] = day
    reset(app, demo_hash, today=day)
    assert db.session.scalar(select(func.max(Dialogue.held_on))) <= day


def test_a_final_demo_evaluation_opens_as_a_pdf_on_any_day(app, demo_hash, login):
    day = date(2027, 2, 20)
    app.config["TODAY"] = day
    reset(app, demo_hash, today=day)
    plan = plan_of("staf.dinkes")
    ev = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id, Evaluation.status == "final")
                           .order_by(Evaluation.review_id.desc()))
    response = login("staf.dinkes").get(f"/skp/{plan.id}/penilaian/{ev.review_id}/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"



def test_every_demo_realisation_of_a_derived_indicator_records_the_two_numbers_it_comes_from(app):
    """All twelve health SPM services (and every other ratio indicator) are derived: the demo stores the numbers
    a person would have entered, and its provenance names them, so the value can be recomputed from them."""
    registry = app.extensions["kinerja_registry"]
    rows = db.session.execute(
        select(Realization, PlanIndicator.catalogue_code, Agency.code)
        .join(PlanIndicator, Realization.indicator_id == PlanIndicator.id)
        .join(WorkResult, PlanIndicator.result_id == WorkResult.id).join(Plan, WorkResult.plan_id == Plan.id)
        .join(Employee, Plan.employee_id == Employee.id).join(Agency, Employee.agency_id == Agency.id)).all()
    derived = set()
    for real, code, agency in rows:
        declared = registry.indicators.get((agency, code or ""))
        if declared is None or declared.record.ratio is None:
            continue
        ratio, derived = declared.record.ratio, derived | {code}
        numbers = real.fields[declared.plugin]
        numerator, denominator = Decimal(numbers[ratio.numerator]), Decimal(numbers[ratio.denominator])
        assert denominator > 0 and numerator == numerator.to_integral_value(), (code, numbers)
        assert numerator / denominator * ratio.per == real.value, (code, numbers, real.value)
        assert real.provenance == {"kind": "ratio", "plugin": declared.plugin, "numerator": ratio.numerator,
                                   "denominator": ratio.denominator, "per": str(ratio.per), "inputs": numbers}
    # the SPM services 1-8 the demo's health plans are built from are among them
    assert {"SPM_IBU_HAMIL", "SPM_IBU_BERSALIN", "SPM_USIA_LANJUT", "SPM_HIPERTENSI"} <= derived
