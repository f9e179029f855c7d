"""The attainment read model (models.Standing, workflow/standing.py): what the write path keeps equals what
``flask kinerja refresh`` rebuilds from the source rows, after the demo and after each kind of change, and the
dashboards read their attainment from it.

The demo on the suite's pinned TODAY (2026-11-23): Q1–Q3 have ended.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import delete, func, select

from kinerja_web.extensions import db
from kinerja_web.models import Plan, PlanIndicator, Realization, ReviewPeriod, Standing, User, WorkResult
from kinerja_web.queries import dashboard as q
from kinerja_web.workflow import realization, standing
from tests.conftest import TODAY
from tests.web.test_dashboard_cache import _save_a_missing_value, _scope


def _stored() -> list[tuple]:
    return sorted(tuple(r) for r in db.session.execute(select(*(getattr(Standing, c) for c in standing.COLUMNS))))


def _agrees() -> None:
    stored, fresh = _stored(), standing.rows_of(db.session)
    assert stored == fresh, f"{len(stored)} stored rows, {len(fresh)} computed afresh"


def test_the_demo_is_kept_by_its_own_writes(app):
    _agrees()
    approved = db.session.scalar(select(func.count(PlanIndicator.id)).join(WorkResult).join(Plan).where(
        Plan.status == "approved", PlanIndicator.target_kind != "qualitative"))
    reviews = db.session.scalar(select(func.count(Standing.review_id.distinct())))
    assert approved and reviews >= 4
    assert db.session.scalar(select(func.count()).select_from(Standing)) >= approved * 4


def test_a_saved_realisation_moves_its_rows_and_the_dashboard_in_the_same_commit(app):
    scope = _scope()
    before = q.figures(q.scope_where(scope), "unit_id", TODAY)
    emp, unit_id = _save_a_missing_value()
    db.session.expire_all()
    _agrees()
    after = q.figures(q.scope_where(scope), "unit_id", TODAY)
    assert after[unit_id].values_entered == before[unit_id].values_entered + 1
    real = db.session.scalar(select(Realization).where(Realization.note == "cache test"))
    rows = db.session.scalars(select(Standing).join(ReviewPeriod, ReviewPeriod.id == Standing.review_id).where(
        Standing.indicator_id == real.indicator_id).order_by(ReviewPeriod.seq)).all()
    seq = db.session.get(ReviewPeriod, real.review_id).seq
    assert [r.reviews_entered >= 1 for r in rows][seq - 1:] == [True] * (len(rows) - seq + 1)
    assert rows[seq - 1].to_date is not None


def test_a_changed_value_in_the_open_period_moves_that_period_s_row(app):
    plan, ind, review, user = _an_entered_value()
    row = db.session.get(Standing, (ind.id, review.id))
    before = (row.to_date, row.pct)
    realization.save(plan, user, ind, review, None, value=str(ind.target_value * 3), note="read model test",
                     version=str(_version(ind, review)), link="https://arsip.example.go.id/bukti/2")
    db.session.expire_all()
    _agrees()
    row = db.session.get(Standing, (ind.id, review.id))
    assert (row.to_date, row.pct) != before and row.to_date > (before[0] or 0)


def test_refresh_rebuilds_what_a_load_past_the_app_left_out(app):
    runner = app.test_cli_runner()
    assert "agrees" in runner.invoke(args=["kinerja", "refresh", "--check"]).output
    db.session.execute(delete(Standing).where(Standing.plan_id.in_(select(Plan.id).limit(3))))
    db.session.execute(Standing.__table__.update().values(pct=12.5).where(
        Standing.indicator_id == select(func.min(Standing.indicator_id)).scalar_subquery()))
    db.session.commit()
    checked = runner.invoke(args=["kinerja", "refresh", "--check"])
    assert checked.exit_code != 0 and "differs" in checked.output
    rebuilt = runner.invoke(args=["kinerja", "refresh"])
    assert rebuilt.exit_code == 0 and "standing rows rebuilt" in rebuilt.output
    db.session.expire_all()
    _agrees()


def test_a_plan_leaving_approval_leaves_the_read_model(app):
    plan = db.session.scalar(select(Plan).join(Standing, Standing.plan_id == Plan.id).limit(1))
    plan.status = "superseded"
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Standing).where(Standing.plan_id == plan.id)) == 0
    _agrees()


def _an_entered_value():
    rows = db.session.execute(
        select(Plan, PlanIndicator, ReviewPeriod).join(WorkResult, WorkResult.plan_id == Plan.id)
        .join(PlanIndicator, PlanIndicator.result_id == WorkResult.id)
        .join(ReviewPeriod, ReviewPeriod.period_id == Plan.period_id)
        .where(Plan.status == "approved", PlanIndicator.target_kind != "qualitative", PlanIndicator.target_value > 0,
               PlanIndicator.aggregation == "sum", ReviewPeriod.starts_on <= TODAY, ReviewPeriod.ends_on >= TODAY)
        .order_by(PlanIndicator.id)).all()
    for plan, ind, review in rows:
        user = db.session.scalar(select(User).where(User.employee_id == plan.employee_id))
        if user is not None and ind.target_value > Decimal(0):
            return plan, ind, review, user
    raise AssertionError("the demo has no summed indicator in the open period")


def _version(ind, review) -> int:
    return db.session.scalar(select(Realization.version).where(Realization.indicator_id == ind.id,
                                                               Realization.review_id == review.id)) or 0
