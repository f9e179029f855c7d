"""The floor for ``flask kinerja recompute --dry-run``: the same capaian arithmetic in plain Python.

One streaming SELECT reads, for every final periodic evaluation, each indicator's target and its
realisations up to the evaluated review period. The loop adds them up to date (sum, last, average,
max), takes the period's target (pro rata for sums) and computes the capaian with the formula of
the indicator's scoring rule, in Decimal, as ``kinerja_web.rules`` does. No ORM, no JSON, no
comparison with the stored snapshot: what is left when everything but the numbers is gone.

    .venv/bin/python bench/plain_recompute.py --database sqlite:///instance/bench/province-50000.sqlite3
"""
from __future__ import annotations

import argparse
import time
from decimal import Decimal

HUNDRED, ONE, ZERO = Decimal(100), Decimal(1), Decimal(0)


def percent(rule: str, target: Decimal | None, upper: Decimal | None, real: Decimal) -> Decimal | None:
    if rule in ("higher_is_better", "max_attainable"):
        return None if target is None or target == 0 else real / target * HUNDRED
    if rule == "lower_is_better":
        if target is None:
            return None
        if target == 0:
            return HUNDRED if real <= 0 else ZERO
        return max(ZERO, (ONE + (ONE - real / target)) * HUNDRED)
    if rule == "range":
        if target is None or upper is None or target == 0:
            return None
        if real > upper:
            return real / upper * HUNDRED
        if real < target:
            return real / target * HUNDRED
        return HUNDRED
    raise KeyError(rule)


def to_date(values: list[tuple[int, Decimal]], aggregation: str) -> Decimal:
    if aggregation == "sum":
        return sum((v for _, v in values), ZERO)
    if aggregation == "last":
        return max(values)[1]
    if aggregation == "average":
        return sum((v for _, v in values), ZERO) / len(values)
    if aggregation == "max":
        return max(v for _, v in values)
    raise KeyError(aggregation)


def run(url: str) -> dict:
    from sqlalchemy import and_, create_engine, func, select
    from sqlalchemy.orm import aliased

    from kinerja_web.config import normalise_database_url
    from kinerja_web.models import Evaluation, PlanIndicator, Realization, ReviewPeriod, WorkResult

    engine = create_engine(normalise_database_url(url))
    evaluated, counted = aliased(ReviewPeriod), aliased(ReviewPeriod)
    start = time.perf_counter()
    with engine.connect() as conn:
        reviews = dict(conn.execute(select(ReviewPeriod.period_id, func.count(ReviewPeriod.id))
                                    .group_by(ReviewPeriod.period_id)).all())
        rows = conn.execution_options(stream_results=True, yield_per=20_000).execute(
            select(Evaluation.id, evaluated.seq, evaluated.period_id, PlanIndicator.id, PlanIndicator.target_value,
                   PlanIndicator.target_upper, PlanIndicator.scoring, PlanIndicator.aggregation, counted.seq,
                   Realization.value)
            .select_from(Evaluation)
            .join(evaluated, Evaluation.review_id == evaluated.id)
            .join(WorkResult, WorkResult.plan_id == Evaluation.plan_id)
            .join(PlanIndicator, PlanIndicator.result_id == WorkResult.id)
            .join(Realization, Realization.indicator_id == PlanIndicator.id)
            .join(counted, and_(Realization.review_id == counted.id, counted.seq <= evaluated.seq))
            .where(Evaluation.status == "final", Realization.value.is_not(None))
            .order_by(Evaluation.id))
        stats = {"evaluations": 0, "capaian": 0, "rows": 0, "sum": ZERO, "unknown_rule": 0}
        current, indicators = None, {}

        def finish():
            for (seq, period, target, upper, rule, aggregation), values in indicators.values():
                due = None if target is None else (target * seq / reviews[period] if aggregation == "sum" else target)
                high = None if upper is None else (upper * seq / reviews[period] if aggregation == "sum" else upper)
                try:
                    result = percent(rule, due, high, to_date(values, aggregation))
                except KeyError:
                    stats["unknown_rule"] += 1
                    continue
                if result is not None:
                    stats["capaian"] += 1
                    stats["sum"] += result
            stats["evaluations"] += 1

        for part in rows.partitions():
            stats["rows"] += len(part)
            for ev_id, seq, period, ind_id, target, upper, rule, aggregation, real_seq, value in part:
                if ev_id != current:
                    if current is not None:
                        finish()
                    current, indicators = ev_id, {}
                entry = indicators.get(ind_id)
                if entry is None:
                    entry = indicators[ind_id] = ((seq, period, target, upper, rule, aggregation), [])
                entry[1].append((real_seq, value))
        if current is not None:
            finish()
    engine.dispose()
    stats["seconds"] = time.perf_counter() - start
    return stats


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    args = parser.parse_args(argv)
    stats = run(args.database)
    print(f"plain loop: {stats['evaluations']:,} final evaluations, {stats['rows']:,} rows, "
          f"{stats['capaian']:,} capaian in {stats['seconds']:.1f} s (checksum {stats['sum']:.2f}"
          f"{', unknown rules ' + str(stats['unknown_rule']) if stats['unknown_rule'] else ''})")


if __name__ == "__main__":
    main()
