"""The dashboards' aggregate cache (queries/cache.py): a repeated view reads only its scope (whose statement
carries the stamp), and a change saved through the workflow shows on the next view, on the page and in every
figure.

The demo's dinkes on the suite's pinned TODAY (2026-11-23): Q1–Q3 have ended.
"""
from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

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
from kinerja_web.queries import dashboard as q
from kinerja_web.queries import dashboard_lists as lists
from kinerja_web.workflow import deadlines, realization
from kinerja_web.workflow.base import TransitionError
from tests.conftest import TODAY
from tests.helpers import count_queries


def _scope() -> q.Scope:
    from kinerja_web.queries.ikm import years_of

    agency = db.session.scalar(select(Agency).where(Agency.code == "dinkes"))
    units = [u for u, _, _ in q.units_of(agency_id=agency.id)]
    year = years_of([agency.id])[agency.id]
    return q.Scope(agency, units, year.period, year.reviews, year.years)


def _fresh(scope: q.Scope) -> dict[int, q.UnitFigures]:
    """The figures computed afresh, past the cache."""
    return q.figures(q.scope_where(scope), "unit_id", TODAY)


def _save_a_missing_value() -> tuple[Employee, int]:
    """Save, through the workflow, a realisation the dashboard counts as missing (in an ended review period the
    agency admin reopens for the person first): the employee and the unit whose figures it changes."""
    rows = db.session.execute(
        select(Plan, PlanIndicator, ReviewPeriod)
        .join(WorkResult, WorkResult.plan_id == Plan.id).join(PlanIndicator, PlanIndicator.result_id == WorkResult.id)
        .join(Employee, Employee.id == Plan.employee_id).join(Agency, Agency.id == Employee.agency_id)
        .join(ReviewPeriod, ReviewPeriod.period_id == Plan.period_id)
        .outerjoin(Realization, (Realization.indicator_id == PlanIndicator.id)
                   & (Realization.review_id == ReviewPeriod.id))
        .where(Agency.code == "dinkes", Plan.status == "approved", ReviewPeriod.ends_on < TODAY,
               PlanIndicator.target_kind != "qualitative", Realization.id.is_(None))
        .order_by(ReviewPeriod.seq.desc(), PlanIndicator.id)).all()
    admin = db.session.scalar(select(User).where(User.username == "admin.dinkes"))
    for plan, ind, review in rows:
        user = db.session.scalar(select(User).where(User.employee_id == plan.employee_id))
        if user is None or db.session.scalar(select(Evaluation.id).where(
                Evaluation.plan_id == plan.id, Evaluation.review_id == review.id)) is not None:
            continue
        try:
            deadlines.reopen(plan.employee, admin, review, TODAY + timedelta(days=7), "cache test")
            realization.save(plan, user, ind, review, None, value=str(ind.target_value or 1), note="cache test",
                             version="0", link="https://arsip.example.go.id/bukti/1")
        except TransitionError:
            db.session.rollback()
            continue
        return plan.employee, plan.employee.unit_id
    raise AssertionError("the demo has no open missing realisation to save")


def test_a_repeated_view_reads_no_aggregate_and_the_same_figures(app):
    scope = _scope()
    first = (q.unit_figures(scope, TODAY), q.breakdown(scope, TODAY), q.distribution(scope, None))
    db.session.commit()  # a new request: a new transaction, a scope read afresh
    with count_queries() as counted:
        scope = _scope()
    assert len(counted) == 3 and "data_stamp" in counted[1]  # the units' statement reads the stamp too
    with count_queries() as counted:
        again = (q.unit_figures(scope, TODAY), q.breakdown(scope, TODAY), q.distribution(scope, None))
    assert counted == []
    assert again == first and again[0] == _fresh(scope)
    assert again[0] is not first[0]  # each caller its own copy


def test_a_realisation_saved_through_the_workflow_shows_on_the_next_view(app):
    scope = _scope()
    before = q.unit_figures(scope, TODAY)
    late_before = lists.late_people(scope, "realisasi", TODAY)[1]
    db.session.commit()
    person, unit_id = _save_a_missing_value()
    after = q.unit_figures(scope, TODAY)
    assert after[unit_id].values_entered == before[unit_id].values_entered + 1
    assert after == _fresh(scope)
    assert lists.late_people(scope, "realisasi", TODAY)[1] <= late_before


def test_the_agency_dashboard_page_shows_a_saved_realisation_at_once(app, login):
    head = login("kadis.dinkes")

    def entered() -> str:
        page = re.sub(r"chart-\d+", "chart", head.get("/dasbor").get_data(as_text=True))  # ids count charts
        return re.sub(r'name="csrf_token"[^>]*>', "csrf", page)  # the signed token carries the second it was made

    before = entered()
    assert entered() == before  # the cached view is the same page
    _save_a_missing_value()
    db.session.commit()
    assert entered() != before


def test_a_transaction_that_wrote_a_counted_row_neither_reads_nor_fills_the_cache(app):
    scope = _scope()
    q.unit_figures(scope, TODAY)
    db.session.commit()
    real = db.session.scalar(select(Realization).join(ReviewPeriod, ReviewPeriod.id == Realization.review_id)
                             .where(ReviewPeriod.ends_on < TODAY, Realization.value.is_not(None)).limit(1))
    real.value = real.value + 1000
    db.session.flush()
    assert q.unit_figures(scope, TODAY) == _fresh(scope)  # what this transaction sees
    db.session.rollback()
    assert q.unit_figures(scope, TODAY) == _fresh(scope)  # the rolled-back value was never kept
