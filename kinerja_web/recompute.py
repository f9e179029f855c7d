"""``flask kinerja recompute --dry-run``: compare final evaluations with the current rules, in batches.

Final results are never rewritten (a plugin upgrade must not change a stored predikat); this
reads every final evaluation once, recomputes it with the rules installed now and reports what
would differ. Memory stays bounded: evaluations are read in keyset batches, and each batch loads
its plans and realisations as plain rows in a few statements (``queries.evaluation_inputs``).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from sqlalchemy import Text, cast, func, select

from .evaluation import service
from .evaluation.rule_sets import RuleBook
from .extensions import db
from .models import Employee, Evaluation, Period, Plan
from .queries import evaluation_inputs as inputs

BATCH = 2000


def _batches(size: int) -> Iterator[list]:
    last = 0
    while True:
        rows = db.session.execute(
            select(Evaluation.id, Evaluation.plan_id, Evaluation.review_id, cast(Evaluation.scores, Text),
                   Evaluation.results_suggested, Employee.name, Period.year)
            .join(Plan, Plan.id == Evaluation.plan_id).join(Employee, Employee.id == Plan.employee_id)
            .join(Period, Period.id == Plan.period_id)
            .where(Evaluation.status == "final", Evaluation.id > last).order_by(Evaluation.id).limit(size)).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id


def differences(batch_size: int = BATCH, progress: Callable[[int], None] = lambda n: None) -> Iterator[tuple]:
    """Yield (evaluation id, employee name, period label, [lines]) for each final evaluation that would differ.

    Plain rows in, the engine (``rules.evaluation.evaluate``) as ``service.compute`` calls it, and only
    the numbers compared: no snapshot is built unless a difference is printed.
    """
    periods: dict[int, tuple] = {}  # period id → ([(review id, seq)], {review id: (seq, name)})
    book = RuleBook(service.Rules())  # an adopted candidate proves the results from its start period on
    for rows in _batches(batch_size):
        plans = inputs.plans({r.plan_id for r in rows})
        missing = {p.period_id for p in plans.values()} - periods.keys()
        if missing:
            for period_id, reviews in inputs.reviews(missing).items():
                periods[period_id] = ([(rid, seq) for rid, seq, _ in reviews],
                                      {rid: (seq, name) for rid, seq, name in reviews})
        reals, prepared = inputs.realisations(plans), {}
        for ev_id, plan_id, review_id, text, suggested, name, year in rows:
            plan = plans[plan_id]
            reviews, named = periods[plan.period_id]
            seq, period = named.get(review_id, (None, "tahunan"))
            rules = book.rules(plan.agency, year, seq, plan.adopted)
            key = (plan_id, id(rules))
            if key not in prepared:  # a plan's evaluations (Q1, Q2, …) under one rule set share what does not change
                prepared[key] = rules.prepare(plan.results, reals, reviews)
            # Parsed here, one at a time, rather than by the column type for the whole batch: 2,000 parsed
            # snapshots alive together cost memory and keep the garbage collector busy.
            stored = json.loads(text) if text is not None else None
            judgements = service.judgements_in(stored) if prepared[key].qualitative else {}
            out = rules.evaluate(plan.agency, prepared[key], len(reviews) if seq is None else seq, judgements, None,
                                 each_result=False)
            lines = _compare(stored, suggested, out, rules)
            if lines:
                yield ev_id, name, f"{period} {year}", lines
        progress(len(rows))  # plain rows only: nothing of this batch stays in the session


def _compare(scores, results_suggested, out, rules) -> list[str]:
    """Lines for each indicator whose stored capaian or rule differs, and for a different suggestion."""
    stored = {s["indicator_id"]: s for s in scores or ()}
    lines, number, ref_of, nothing = [], service.number, rules.stored_ref, {}
    for s in out.scores:
        old = stored.get(s.indicator.id, nothing)
        percent, rule = number(s.percent), ref_of(s.indicator.scoring)
        if old.get("percent") != percent or old.get("rule") != rule:
            lines.append(f"  {s.indicator.name[:60]}: {old.get('percent')} ({_rule(old.get('rule'))}) "
                         f"-> {percent} ({_rule(rule)})")
    suggested = out.results_suggested.value if out.results_suggested else None
    if suggested != results_suggested:
        lines.append(f"  suggested results rating: {results_suggested} -> {suggested}")
    return lines


def _rule(ref) -> str:
    return f"{ref['code']} v{ref['version']} {ref['plugin']} {ref['plugin_version']}" if ref else "-"


def count_final() -> int:
    return db.session.scalar(select(func.count(Evaluation.id)).where(Evaluation.status == "final")) or 0
