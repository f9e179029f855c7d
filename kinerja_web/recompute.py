"""``flask kinerja recompute --dry-run``: compare final evaluations with the current rules, in batches.

Final results are never rewritten (a plugin upgrade must not change a stored predikat); this
reads every final evaluation once, recomputes it with the rules installed now and reports what
would differ. Memory stays bounded: evaluations are read in keyset batches, each batch loads its
plans and realisations in a few statements, and the session is emptied after every batch.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from types import SimpleNamespace

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from .evaluation import service
from .extensions import db
from .models import Employee, Evaluation, Plan, Realization, ReviewPeriod, WorkResult

BATCH = 2000


def _batches(size: int) -> Iterator[list]:
    last = 0
    while True:
        rows = db.session.execute(
            select(Evaluation.id, Evaluation.plan_id, Evaluation.review_id, Evaluation.behaviour,
                   Evaluation.scores, Evaluation.results_suggested)
            .where(Evaluation.status == "final", Evaluation.id > last).order_by(Evaluation.id).limit(size)).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id


def differences(batch_size: int = BATCH, progress: Callable[[int], None] = lambda n: None) -> Iterator[tuple]:
    """Yield (evaluation id, employee name, period label, [lines]) for each final evaluation that would differ."""
    reviews_by_period: dict[int, list] = {}
    rules_by_agency: dict[str, tuple] = {}
    for rows in _batches(batch_size):
        plan_ids = {r.plan_id for r in rows}
        plans = {p.id: p for p in db.session.scalars(
            select(Plan).where(Plan.id.in_(plan_ids)).options(
                joinedload(Plan.employee).joinedload(Employee.agency), joinedload(Plan.period),
                joinedload(Plan.results).joinedload(WorkResult.indicators))).unique()}
        missing = {p.period_id for p in plans.values()} - reviews_by_period.keys()
        if missing:
            grouped = defaultdict(list)
            for review in db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id.in_(missing))
                                             .order_by(ReviewPeriod.seq)):
                grouped[review.period_id].append(review)
            for period_id in missing:
                reviews_by_period[period_id] = grouped.get(period_id, [])
        ind_ids = [i.id for p in plans.values() for r in p.results for i in r.indicators]
        reals = defaultdict(dict)
        for ind_id, review_id, value in (db.session.execute(
                select(Realization.indicator_id, Realization.review_id, Realization.value)
                .where(Realization.indicator_id.in_(ind_ids))) if ind_ids else ()):
            reals[ind_id][(ind_id, review_id)] = value
        for row in rows:
            plan = plans[row.plan_id]
            code = plan.employee.agency.code
            if code not in rules_by_agency:
                rules_by_agency[code] = service.policies(plan)
            reviews = reviews_by_period[plan.period_id]
            review = next((r for r in reviews if r.id == row.review_id), None)
            mine = {k: v for i in (ind for r in plan.results for ind in r.indicators) for k, v in reals[i.id].items()}
            shadow = SimpleNamespace(plan=plan, review=review, behaviour=row.behaviour, scores=None)
            service.compute(shadow, service.judgements_of(SimpleNamespace(scores=row.scores)),
                            reviews=reviews, reals=mine, rules=rules_by_agency[code])
            lines = _compare(row, shadow)
            if lines:
                yield row.id, plan.employee.name, f"{review.name if review else 'tahunan'} {plan.period.year}", lines
        progress(len(rows))
        db.session.expunge_all()  # bounded memory: nothing of this batch stays in the session


def _compare(row, shadow) -> list[str]:
    stored = {s["indicator_id"]: s for s in row.scores or []}
    lines = []
    for s in shadow.scores:
        old = stored.get(s["indicator_id"], {})
        if old.get("percent") != s["percent"] or old.get("rule") != s["rule"]:
            lines.append(f"  {s['name'][:60]}: {old.get('percent')} ({_rule(old.get('rule'))}) "
                         f"-> {s['percent']} ({_rule(s['rule'])})")
    if shadow.results_suggested != row.results_suggested:
        lines.append(f"  suggested results rating: {row.results_suggested} -> {shadow.results_suggested}")
    return lines


def _rule(ref) -> str:
    return f"{ref['code']} v{ref['version']} {ref['plugin']} {ref['plugin_version']}" if ref else "-"


def count_final() -> int:
    return db.session.scalar(select(func.count(Evaluation.id)).where(Evaluation.status == "final")) or 0
