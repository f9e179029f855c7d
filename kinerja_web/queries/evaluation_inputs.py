"""What the engine reads to evaluate many plans at once, as plain rows (no ORM objects).

``rules.evaluation.evaluate`` reads indicators by attribute, so a result row serves as well as a
``PlanIndicator``; loading rows instead of entities is what makes the team page's suggestions and
``flask kinerja recompute`` cheap. Each function is one statement, whatever the number of plans.
"""
from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select

from ..extensions import db
from ..models import Agency, Employee, Period, Plan, PlanIndicator, Realization, ReviewPeriod, WorkResult

# The columns ``evaluate`` and the stored snapshot read, under PlanIndicator's attribute names.
INDICATOR_COLUMNS = (PlanIndicator.id, PlanIndicator.name, PlanIndicator.unit, PlanIndicator.target_kind,
                     PlanIndicator.target_value, PlanIndicator.target_upper, PlanIndicator.target_text,
                     PlanIndicator.scoring, PlanIndicator.aggregation, PlanIndicator.baseline_value,
                     PlanIndicator.due_rule)


def _core(statement):
    """Run a select of columns on the session's connection: plain rows, without the ORM's loading layer
    (about a quarter of the time of reading the province's 600,000 indicators)."""
    return db.session.connection().execute(statement)


class PlanInputs(NamedTuple):
    period_id: int
    agency: str  # the agency's code: it names the rating policy and matrix
    results: list[tuple[int, str, list]]  # RHK in the plan's order: (id, kind, indicator rows in order)
    year: int | None = None  # the plan's performance year
    adopted: list | None = None  # the agency's adopted candidate rule sets (``Agency.rules_adopted``)


def plans(plan_ids: Collection[int]) -> dict[int, PlanInputs]:
    """Each plan's period, agency and RHK with their indicators, in the order ``Plan.results`` has them."""
    if not plan_ids:
        return {}
    rows = _core(
        select(Plan.id, Plan.period_id, Agency.code, WorkResult.id, WorkResult.kind, *INDICATOR_COLUMNS,
               Period.year, Agency.rules_adopted)
        .join(Employee, Employee.id == Plan.employee_id).join(Agency, Agency.id == Employee.agency_id)
        .join(Period, Period.id == Plan.period_id)
        .outerjoin(WorkResult, WorkResult.plan_id == Plan.id)
        .outerjoin(PlanIndicator, PlanIndicator.result_id == WorkResult.id)
        .where(Plan.id.in_(set(plan_ids)))
        .order_by(Plan.id, WorkResult.position, WorkResult.id, PlanIndicator.position, PlanIndicator.id))
    out: dict[int, PlanInputs] = {}
    plan = result_id = indicators = None
    width = 5  # plan id, period, agency, RHK id, RHK kind; then the indicator's columns
    for row in rows:
        if plan is None or plan[0] != row[0]:
            plan = (row[0], PlanInputs(row[1], row[2], [], row[-2], row[-1]))
            out[row[0]] = plan[1]
            result_id = None
        if row[3] is None:  # a plan without RHK
            continue
        if row[3] != result_id:
            result_id, indicators = row[3], []
            plan[1].results.append((result_id, row[4], indicators))
        if row[width] is not None:  # an RHK without indicators still counts (its rating is None)
            indicators.append(_Indicator(*row[width:-2]))
    return out


class _Indicator(NamedTuple):
    id: int
    name: str
    unit: str
    target_kind: str
    target_value: Decimal | None
    target_upper: Decimal | None
    target_text: str
    scoring: str
    aggregation: str
    baseline_value: Decimal | None
    due_rule: str


def realisations(plan_ids: Collection[int]) -> dict[tuple, Decimal]:
    """{(indicator id, review id): value} of the plans' indicators, values entered only.

    Every review period's: the engine counts those up to the evaluated one. Filtering them here
    would let SQLite walk a whole review period's realisations of the province by its index.
    """
    if not plan_ids:
        return {}
    return {(i, r): v for i, r, v in _core(
        select(Realization.indicator_id, Realization.review_id, Realization.value)
        .join(PlanIndicator, PlanIndicator.id == Realization.indicator_id)
        .join(WorkResult, WorkResult.id == PlanIndicator.result_id)
        .where(WorkResult.plan_id.in_(set(plan_ids)), Realization.value.is_not(None)))}


def reviews(period_ids: Collection[int]) -> dict[int, list]:
    """{period id: [(review id, seq, name)] in order} (one statement)."""
    out: dict[int, list] = {p: [] for p in period_ids}
    if out:
        for period_id, *review in _core(
                select(ReviewPeriod.period_id, ReviewPeriod.id, ReviewPeriod.seq, ReviewPeriod.name)
                .where(ReviewPeriod.period_id.in_(list(out))).order_by(ReviewPeriod.seq)):
            out[period_id].append(tuple(review))
    return out
