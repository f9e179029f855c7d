"""The attainment read model (models.Standing, workflow/standing.py): what the write path keeps equals what
``flask kinerja refresh`` rebuilds from the source rows, after the demo and after each kind of change, and the
dashboards read their attainment from it.

The demo on the suite's pinned TODAY (2026-11-23): Q1–Q3 have ended.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import and_, delete, func, select

from kinerja_web.extensions import db
from kinerja_web.models import (
    Employee,
    Plan,
    PlanIndicator,
    PlanStanding,
    Realization,
    ReviewPeriod,
    Standing,
    User,
    WorkResult,
)
from kinerja_web.queries import dashboard as q
from kinerja_web.workflow import realization, standing
from tests.conftest import TODAY
from tests.web.test_dashboard_cache import _save_a_missing_value, _scope


def _stored() -> list[tuple]:
    return sorted(tuple(r) for r in db.session.execute(select(*(getattr(Standing, c) for c in standing.COLUMNS))))


def _agrees() -> None:
    stored, fresh = _stored(), standing.rows_of(db.session)
    assert stored == fresh, f"{len(stored)} stored rows, {len(fresh)} computed afresh"
    plans, fresh_plans = standing.stored_plan_rows(db.session), standing.plan_rows_of(db.session)
    assert plans == fresh_plans, f"{len(plans)} stored plan rows, {len(fresh_plans)} computed afresh"
    assert len(plans) == len({(r[2], r[1]) for r in stored})  # a plan row per plan and review with indicators


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
    runner.invoke(args=["kinerja", "refresh"])
    db.session.execute(PlanStanding.__table__.update().values(values_entered=PlanStanding.values_entered + 1).where(
        PlanStanding.plan_id == select(func.min(PlanStanding.plan_id)).scalar_subquery()))
    db.session.commit()
    checked = runner.invoke(args=["kinerja", "refresh", "--check"])
    assert checked.exit_code != 0 and "plan rows" in checked.output
    rebuilt = runner.invoke(args=["kinerja", "refresh"])
    assert rebuilt.exit_code == 0 and "standing rows rebuilt" in rebuilt.output
    db.session.expire_all()
    _agrees()


def test_the_plan_rows_add_up_what_the_realisations_say(app):
    """Independently of the read model's SQL: each plan row's counts, straight from the source rows."""
    rows = db.session.execute(select(PlanStanding, ReviewPeriod).join(
        ReviewPeriod, ReviewPeriod.id == PlanStanding.review_id)).all()
    assert rows
    checked = late = 0
    for row, review in rows[:40]:
        quantitative = db.session.scalars(select(PlanIndicator.id).join(WorkResult).where(
            WorkResult.plan_id == row.plan_id, PlanIndicator.target_kind != "qualitative")).all()
        values = db.session.execute(select(Realization.indicator_id, ReviewPeriod.seq).join(
            ReviewPeriod, ReviewPeriod.id == Realization.review_id).where(
            Realization.indicator_id.in_(quantitative), Realization.value.is_not(None),
            ReviewPeriod.period_id == review.period_id, ReviewPeriod.seq <= review.seq)).all()
        assert row.indicators == len(quantitative)
        assert row.values_due == len(quantitative) * review.seq
        assert row.values_entered == len(values)
        assert row.own_entered == sum(1 for _, seq in values if seq == review.seq)
        assert row.late == (len(values) < len(quantitative) * review.seq)
        assert row.pct_n <= row.indicators and row.own_pct_n <= row.own_entered
        checked += 1
        late += row.late
    assert checked and 0 < late < checked or checked < 40


def test_the_trend_reads_each_period_s_own_values(app):
    """The trend's entered count and attainment of a period are that period's own realisations alone."""
    scope = _scope()
    points = q.trend(scope, TODAY)
    assert len(points) >= 2
    where, share = q.scope_where(scope), len(scope.reviews)
    for point in points:
        own = db.session.execute(  # the realisations of the period, against the period's share of the target
            select(func.count(Realization.value), func.avg(q.attainment_expr(Realization.value, 1 / share)))
            .select_from(PlanIndicator).join(WorkResult).join(Plan, Plan.id == WorkResult.plan_id)
            .join(Employee, Employee.id == Plan.employee_id)
            .outerjoin(Realization, and_(Realization.indicator_id == PlanIndicator.id,
                                         Realization.review_id == point.review.id, Realization.value.is_not(None)))
            .where(PlanIndicator.target_kind != "qualitative", where.people, where.plans)).one()
        assert point.entered == own[0] and point.entered > 0
        assert abs(point.attainment - float(own[1])) < 1e-6


def test_a_plan_leaving_approval_leaves_the_read_model(app):
    plan = db.session.scalar(select(Plan).join(Standing, Standing.plan_id == Plan.id).limit(1))
    plan.status = "superseded"
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(Standing).where(Standing.plan_id == plan.id)) == 0
    assert db.session.scalar(select(func.count()).select_from(PlanStanding).where(
        PlanStanding.plan_id == plan.id)) == 0
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
