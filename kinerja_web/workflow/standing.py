"""The read model of attainment (:class:`~kinerja_web.models.Standing`): kept by the write path, rebuilt by refresh.

A leader's dashboard counts a whole agency's attainment. Grouping every realisation of the agency on each view
costs seconds at province scale, so each quantitative indicator of an approved SKP has one row per review
period of its year saying where it stands at the end of that period: the realisation to date, the attainment
(the national formula of RULES.md §3.3 in SQL, :func:`~kinerja_web.queries.dashboard.attainment_expr`), and how
many of the periods so far have a value. The dashboards read the rows of the latest ended period.

**Kept in the same transaction.** Any commit that wrote a realisation, an indicator, an RHK, a plan or a review
period through the ORM session (the workflow, imports, the demo, the CLI) recomputes the rows of the plans it
touched just before it commits (:func:`_before_commit`), with one DELETE and one INSERT … SELECT, so what the
dashboards read is never behind what was saved. Rows written past the session (a bulk load) need
``flask kinerja refresh``, which rebuilds every row from the source rows with the same statement; a test proves
that the two agree.
"""
from __future__ import annotations

from sqlalchemy import Float, and_, case, delete, event, func, insert, literal, null, select
from sqlalchemy.orm import Session, aliased

from ..models import Plan, PlanIndicator, PlanStanding, Realization, ReviewPeriod, Standing, WorkResult

_TOUCHED = "kinerja_standing_touched"
CHUNK = 500  # plan ids per statement


def _rows(plan_filter):
    """SELECT of the standing rows of the approved SKP ``plan_filter`` accepts (None: every one): per
    quantitative indicator and per review period ``upto`` of its year, what the realisations of the periods up
    to ``upto`` add up to."""
    from ..queries.dashboard import attainment_expr

    upto, rev, real = aliased(ReviewPeriod, name="st_upto"), aliased(ReviewPeriod, name="st_rev"), aliased(
        Realization, name="st_real")
    count = (select(ReviewPeriod.period_id.label("period_id"), func.count(ReviewPeriod.id).label("n"))
             .group_by(ReviewPeriod.period_id).subquery("st_count"))
    due = select(func.count(ReviewPeriod.id)).where(ReviewPeriod.period_id == upto.period_id,
                                                     ReviewPeriod.seq <= upto.seq).correlate(upto).scalar_subquery()
    counted = case((rev.id.is_not(None), real.value))  # a realisation of a period up to ``upto``
    conds = [Plan.status == "approved", PlanIndicator.target_kind != "qualitative"]
    if plan_filter is not None:
        conds.append(plan_filter)
    grouped = (select(PlanIndicator.id.label("indicator_id"), upto.id.label("review_id"), Plan.id.label("plan_id"),
                      PlanIndicator.target_value, PlanIndicator.target_upper, PlanIndicator.baseline_value,
                      PlanIndicator.target_kind, PlanIndicator.scoring, PlanIndicator.aggregation,
                      (func.cast(due, Float) / count.c.n).label("factor"), due.label("reviews_due"),
                      func.count(rev.id).label("reviews_entered"),
                      (func.cast(literal(1), Float) / count.c.n).label("share"),
                      func.sum(case((rev.id == upto.id, real.value))).label("own"),
                      func.sum(counted).label("total"), func.avg(counted).label("mean"),
                      func.max(counted).label("best"), func.max(rev.seq).label("last_seq"))
               .select_from(PlanIndicator).join(WorkResult, WorkResult.id == PlanIndicator.result_id)
               .join(Plan, Plan.id == WorkResult.plan_id)
               .join(upto, upto.period_id == Plan.period_id)
               .join(count, count.c.period_id == Plan.period_id)
               .outerjoin(real, and_(real.indicator_id == PlanIndicator.id, real.value.is_not(None)))
               .outerjoin(rev, and_(rev.id == real.review_id, rev.period_id == upto.period_id, rev.seq <= upto.seq))
               .where(*conds)
               .group_by(PlanIndicator.id, upto.id, upto.period_id, upto.seq, Plan.id, count.c.n)
               .subquery("st_grouped"))
    last_real, last_rev = aliased(Realization, name="st_last_real"), aliased(ReviewPeriod, name="st_last_rev")
    last = (select(last_real.value).join(last_rev, last_rev.id == last_real.review_id)
            .where(last_real.indicator_id == grouped.c.indicator_id, last_rev.seq == grouped.c.last_seq)
            .limit(1).correlate(grouped).scalar_subquery())
    to_date = case((grouped.c.last_seq.is_(None), null()), (grouped.c.aggregation == "sum", grouped.c.total),
                   (grouped.c.aggregation == "average", grouped.c.mean),
                   (grouped.c.aggregation == "max", grouped.c.best), else_=last)
    dated = (select(grouped, func.cast(to_date, Float).label("to_date"))
             .cte("st_dated").prefix_with("MATERIALIZED"))
    own = func.cast(dated.c.own, Float)
    return select(dated.c.indicator_id, dated.c.review_id, dated.c.plan_id, dated.c.factor, dated.c.to_date,
                  attainment_expr(dated.c.to_date, dated.c.factor, dated.c).label("pct"),
                  dated.c.reviews_due, dated.c.reviews_entered, own.label("own_value"),
                  attainment_expr(own, dated.c.share, dated.c).label("own_pct"))


COLUMNS = ("indicator_id", "review_id", "plan_id", "factor", "to_date", "pct", "reviews_due", "reviews_entered",
           "own_value", "own_pct")
PLAN_COLUMNS = ("plan_id", "review_id", "indicators", "values_due", "values_entered", "late", "pct_n", "pct_sum",
                "own_entered", "own_pct_n", "own_pct_sum")


def _plan_rows(rows, plan_filter=None):
    """SELECT of the :class:`PlanStanding` rows: the standing ``rows`` (the table, or a SELECT of the same
    columns) added up per plan and review period."""
    query = select(
        rows.c.plan_id, rows.c.review_id, func.count().label("indicators"),
        func.sum(rows.c.reviews_due).label("values_due"), func.sum(rows.c.reviews_entered).label("values_entered"),
        (func.max(case((rows.c.reviews_entered < rows.c.reviews_due, 1), else_=0)) == 1).label("late"),
        func.count(rows.c.pct).label("pct_n"), func.coalesce(func.sum(rows.c.pct), 0.0).label("pct_sum"),
        func.count(rows.c.own_value).label("own_entered"), func.count(rows.c.own_pct).label("own_pct_n"),
        func.coalesce(func.sum(rows.c.own_pct), 0.0).label("own_pct_sum"),
    ).group_by(rows.c.plan_id, rows.c.review_id)
    return query if plan_filter is None else query.where(plan_filter)


def fill_statement(plan_filter):
    """INSERT … SELECT of the standing rows of the approved SKP ``plan_filter`` accepts (None: all)."""
    return insert(Standing).from_select(list(COLUMNS), _rows(plan_filter))


def plan_fill_statement(plan_ids=None):
    """INSERT … SELECT of the :class:`PlanStanding` rows of ``plan_ids`` (None: all) from their standing rows."""
    table = Standing.__table__
    return insert(PlanStanding).from_select(
        list(PLAN_COLUMNS), _plan_rows(table, None if plan_ids is None else table.c.plan_id.in_(plan_ids)))


def refresh(session: Session, plan_ids=None) -> None:
    """Recompute the standing rows, and the plans' sums of them, of the plans ``plan_ids`` (None: of every
    plan) in the session's transaction: two DELETE and two INSERT … SELECT per :data:`CHUNK` plans."""
    if plan_ids is None:
        session.execute(delete(PlanStanding))
        session.execute(delete(Standing))
        session.execute(fill_statement(None))
        session.execute(plan_fill_statement(None))
        return
    ids = sorted({int(i) for i in plan_ids if i is not None})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        session.execute(delete(PlanStanding).where(PlanStanding.plan_id.in_(chunk)))
        session.execute(delete(Standing).where(Standing.plan_id.in_(chunk)))
        session.execute(fill_statement(Plan.id.in_(chunk)))
        session.execute(plan_fill_statement(chunk))


def rows_of(session: Session, plan_filter=None) -> list[tuple]:
    """The standing rows as they should be, computed afresh (for the test that proves refresh and the write
    path agree, and for ``flask kinerja refresh --check``)."""
    return sorted(tuple(r) for r in session.execute(_rows(plan_filter)))


def plan_rows_of(session: Session) -> list[tuple]:
    """The :class:`PlanStanding` rows as they should be, added up from standing rows computed afresh."""
    return sorted(_plan_tuple(r) for r in session.execute(_plan_rows(_rows(None).subquery())))


def stored_plan_rows(session: Session) -> list[tuple]:
    """The :class:`PlanStanding` rows as stored (comparable with :func:`plan_rows_of`)."""
    return sorted(_plan_tuple(r) for r in session.execute(select(*(getattr(PlanStanding, c) for c in PLAN_COLUMNS))))


def _plan_tuple(row) -> tuple:
    """A plan row with its flag as a bool and its sums rounded (added up in another order, floats differ in
    the last digits)."""
    out = list(row)
    out[5] = bool(out[5])
    for i in (7, 10):
        out[i] = round(float(out[i] or 0), 6)
    return tuple(out)


# -- kept by the write path ------------------------------------------------------------------------------------

def _touched(session: Session) -> dict[str, set]:
    return session.info.setdefault(_TOUCHED, {"plan": set(), "result": set(), "indicator": set(), "period": set()})


def _note(session: Session, objects) -> None:
    """Remember which plans the flushed objects belong to (by the ids they carry; resolved at commit)."""
    for obj in objects:
        if isinstance(obj, Realization):
            _touched(session)["indicator"].add(obj.indicator_id)
        elif isinstance(obj, PlanIndicator):
            _touched(session)["result"].add(obj.result_id)
        elif isinstance(obj, WorkResult):
            _touched(session)["plan"].add(obj.plan_id)
        elif isinstance(obj, Plan):
            _touched(session)["plan"].add(obj.id)
        elif isinstance(obj, ReviewPeriod):
            _touched(session)["period"].add(obj.period_id)


@event.listens_for(Session, "after_flush")
def _after_flush(session, flush_context) -> None:
    _note(session, list(session.new) + list(session.dirty) + list(session.deleted))


@event.listens_for(Session, "before_commit")
def _before_commit(session) -> None:
    """Recompute the rows of the plans this transaction touched, last, inside it."""
    session.flush()  # what is still pending is noted by this flush
    found = session.info.pop(_TOUCHED, None)
    if not found or not any(found.values()):
        return
    plans = set(found["plan"])
    if found["indicator"] - {None}:
        plans.update(session.scalars(select(WorkResult.plan_id).join(
            PlanIndicator, PlanIndicator.result_id == WorkResult.id)
            .where(PlanIndicator.id.in_(sorted(found["indicator"] - {None})))))
    if found["result"] - {None}:
        plans.update(session.scalars(select(WorkResult.plan_id).where(
            WorkResult.id.in_(sorted(found["result"] - {None})))))
    if found["period"] - {None}:
        plans.update(session.scalars(select(Plan.id).where(Plan.period_id.in_(sorted(found["period"] - {None})))))
    refresh(session, plans - {None})


@event.listens_for(Session, "after_transaction_end")
def _transaction_end(session, transaction) -> None:
    if transaction.parent is None:
        session.info.pop(_TOUCHED, None)
