"""Reads of daily progress (progres harian): a week of one SKP's entries, and what a period's entries
propose as an indicator's realisation. Each read is one statement, whatever the number of entries."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import ActionPlan, PlanIndicator, ProgressEntry, ReviewPeriod
from ..rules.aggregation import to_date

PLACES = Decimal("0.01")  # an average of whole numbers is shown and stored to two places


@dataclass(frozen=True)
class Proposal:
    """What the entries of one indicator in one review period add up to by the indicator's roll-up rule."""

    value: Decimal | None
    count: int
    aggregation: str
    links: tuple[str, ...]

    def provenance(self) -> dict:
        return {"kind": "progress", "entries": self.count, "aggregation": self.aggregation}


def countable(plan, indicators) -> list[PlanIndicator]:
    """The indicators entries can count towards: not one an agency plugin derives from two numbers (a ratio
    of people served to the target population is not a sum of days), not a qualitative one."""
    from ..app import registry_of

    declared = registry_of(current_app).indicators
    agency = plan.employee.agency.code
    return [ind for ind in indicators if ind.target_kind != "qualitative" and not getattr(
        getattr(declared.get((agency, ind.catalogue_code or "")), "record", None), "ratio", None)]


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week(plan_id: int, monday: date) -> list[ProgressEntry]:
    """The entries of the week starting ``monday``, by day and time, with the indicator they serve."""
    return list(db.session.scalars(
        select(ProgressEntry).where(ProgressEntry.plan_id == plan_id, ProgressEntry.day >= monday,
                                    ProgressEntry.day < monday + timedelta(days=7))
        .options(joinedload(ProgressEntry.indicator), joinedload(ProgressEntry.review),
                 joinedload(ProgressEntry.action_plan))
        .order_by(ProgressEntry.day, ProgressEntry.starts_at, ProgressEntry.id)))


def year_query(plan_id: int) -> Select:
    """Every entry of one SKP as flat rows for its progres harian sheet (``export.columns.PROGRESS``)."""
    return (select(ProgressEntry.id.label("entry_id"), ProgressEntry.day, ProgressEntry.starts_at,
                   ProgressEntry.ends_at, ProgressEntry.activity, ProgressEntry.indicator_id,
                   PlanIndicator.catalogue_code.label("indicator_code"), PlanIndicator.name.label("indicator"),
                   ProgressEntry.quantity, ProgressEntry.unit, ProgressEntry.link, ProgressEntry.action_plan_id,
                   ActionPlan.description.label("action_plan"))
            .outerjoin(PlanIndicator, PlanIndicator.id == ProgressEntry.indicator_id)
            .outerjoin(ActionPlan, ActionPlan.id == ProgressEntry.action_plan_id)
            .where(ProgressEntry.plan_id == plan_id)
            .order_by(ProgressEntry.day, ProgressEntry.starts_at, ProgressEntry.id))


def entry(entry_id: int) -> ProgressEntry | None:
    return db.session.scalar(select(ProgressEntry).where(ProgressEntry.id == entry_id)
                             .options(joinedload(ProgressEntry.plan), joinedload(ProgressEntry.review)))


def _rows(plan_id: int, review_id: int, indicator_id: int | None = None):
    query = (select(ProgressEntry.indicator_id, ProgressEntry.quantity, ProgressEntry.link)
             .where(ProgressEntry.plan_id == plan_id, ProgressEntry.review_id == review_id,
                    ProgressEntry.indicator_id.is_not(None))
             .order_by(ProgressEntry.day, ProgressEntry.starts_at, ProgressEntry.id))
    if indicator_id is not None:
        query = query.where(ProgressEntry.indicator_id == indicator_id)
    return db.session.execute(query).all()


def _propose(ind: PlanIndicator, rows) -> Proposal:
    # the engine's roll-up over periods is the same question over days: a count is summed,
    # a level takes the latest day, a rate the mean of the days, a best the maximum
    values = [q for _, q, _ in rows if q is not None]
    value = to_date(values, ind.aggregation)
    if value is not None and value != value.to_integral_value():
        value = value.quantize(PLACES)
    links = tuple(dict.fromkeys(link for _, _, link in rows if link))
    return Proposal(value, len(values), ind.aggregation, links)


def proposal(plan_id: int, ind: PlanIndicator, review: ReviewPeriod) -> Proposal | None:
    """The proposal for one indicator, or None when no entry of the period counts towards it."""
    rows = _rows(plan_id, review.id, ind.id)
    return _propose(ind, rows) if any(q is not None for _, q, _ in rows) else None


def proposals(plan_id: int, review: ReviewPeriod, indicators) -> dict[int, Proposal]:
    """Proposals of every indicator with counted entries in ``review`` (one statement)."""
    by_indicator: dict[int, list] = {}
    for row in _rows(plan_id, review.id):
        by_indicator.setdefault(row[0], []).append(row)
    return {ind.id: _propose(ind, by_indicator[ind.id]) for ind in indicators
            if any(q is not None for _, q, _ in by_indicator.get(ind.id, ()))}
