"""Daily progress (progres harian): entries added several at once, removed while their period is open,
and a period's entries confirmed as an indicator's realisation with where the number came from."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from .. import access
from ..clock import today
from ..extensions import db
from ..models import Evidence, Plan, PlanIndicator, ProgressEntry, Realization, ReviewPeriod
from ..models.audit import record
from ..queries import action_plans as plans_q
from ..queries import daily as daily_q
from ..queries import progress as prog
from ..rules.types import Aggregation
from .base import TransitionError, transaction
from .realization import CLOSED, _newer, _require_open, _store, evaluated, plugin_messages

KEEP = object()  # a row that does not say which action plan it serves (a sheet has no such column)


@dataclass(frozen=True)
class Row:
    """One parsed entry of the form."""

    day: date
    activity: str
    indicator_id: int | None = None
    starts_at: time | None = None
    ends_at: time | None = None
    quantity: Decimal | None = None
    unit: str = ""
    link: str = ""
    # the rencana aksi the entry serves, None for none; KEEP leaves it as stored
    action_plan_id: int | None | object = KEEP


# what _place refuses, by code (the import's preview names them by code: it is shown in either language)
PROBLEMS = {
    "future": _l("Progress is recorded for today or earlier, not for a future date."),
    "outside": _l("This date lies outside the review periods of your SKP."),
    "closed": CLOSED,
    "order": _l("The end time must be after the start time."),
    "whole": _l("This indicator counts: enter a whole number."),
}


def problem_codes(row: Row, review: ReviewPeriod | None, closed: bool, ind: PlanIndicator | None) -> dict:
    """``{field: code}`` of what is wrong with one row (codes of :data:`PROBLEMS`)."""
    problems = {}
    if row.day > today():
        problems["day"] = "future"
    elif review is None:
        problems["day"] = "outside"
    elif closed:
        problems["day"] = "closed"
    if row.starts_at and row.ends_at and row.ends_at <= row.starts_at:
        problems["ends_at"] = "order"
    # a summed indicator counts events (RULES.md §6.5): a day's count is a whole number
    if (ind is not None and row.quantity is not None and ind.aggregation == Aggregation.SUM
            and row.quantity != row.quantity.to_integral_value()):
        problems["quantity"] = "whole"
    return problems


def _problems(row: Row, review: ReviewPeriod | None, closed: bool, ind: PlanIndicator | None) -> dict:
    return {name: [PROBLEMS[code]] for name, code in problem_codes(row, review, closed, ind).items()}


def is_closed(plan: Plan, review: ReviewPeriod) -> bool:
    """Whether ``review`` takes no more entries of ``plan`` (not started, locked, or evaluated)."""
    return prog.not_started(review) or prog.is_locked(plan.employee_id, review) or evaluated(plan, review)


def _place(plan: Plan, rows: list[Row]) -> tuple[list[ReviewPeriod], dict[int, PlanIndicator]]:
    """The open review period of each row's date, or a refusal naming the row (index) and field,
    ``{"0.day": [...]}``, so the form shows every problem at once and keeps what was typed."""
    reviews = prog.reviews_by_period([plan.period_id]).get(plan.period_id, [])
    indicators = {i.id: i for i in daily_q.countable(plan, [i for r in plan.results for i in r.indicators])}
    served = ({p.id: p for p in plans_q.choices(plan.id, [r.id for r in reviews])}
              if any(_names_plan(row) for row in rows) else {})
    closed: dict[int, bool] = {}
    errors, placed = {}, []
    for n, row in enumerate(rows):
        if row.indicator_id is not None and row.indicator_id not in indicators:
            abort(404)
        if _names_plan(row) and row.action_plan_id not in served:
            abort(404)
        review = next((r for r in reviews if r.starts_on <= row.day <= r.ends_on), None)
        if review is not None and review.id not in closed:
            closed[review.id] = is_closed(plan, review)
        problems = _problems(row, review, review is not None and closed[review.id],
                             indicators.get(row.indicator_id))
        errors.update({f"{n}.{name}": messages for name, messages in problems.items()})
        if _names_plan(row) and review is not None and served[row.action_plan_id].review_id != review.id:
            errors[f"{n}.action_plan_id"] = [_l("This action plan belongs to another review period than this date.")]
        placed.append(review)
    if errors:
        raise TransitionError(fields=errors)
    return placed, indicators


def _names_plan(row: Row) -> bool:
    return row.action_plan_id is not None and row.action_plan_id is not KEEP


def _fill(entry: ProgressEntry, row: Row, review: ReviewPeriod, ind: PlanIndicator | None) -> None:
    entry.review_id, entry.indicator_id, entry.day = review.id, row.indicator_id, row.day
    entry.starts_at, entry.ends_at, entry.activity = row.starts_at, row.ends_at, row.activity.strip()
    entry.quantity, entry.link = row.quantity, row.link.strip()
    if row.action_plan_id is not KEEP:
        entry.action_plan_id = row.action_plan_id
    entry.unit = row.unit.strip() or (ind.unit if ind and row.quantity is not None else "")


def add(plan: Plan, actor, rows: list[Row]) -> list[ProgressEntry]:
    """Store several entries in one transaction, or none (see :func:`_place` for the refusal)."""
    access.require(actor, "progress.write", plan)
    placed, indicators = _place(plan, rows)
    with transaction():
        entries = []
        for row, review in zip(rows, placed, strict=True):
            entry = ProgressEntry(plan_id=plan.id, created_by_id=actor.id)
            _fill(entry, row, review, indicators.get(row.indicator_id))
            db.session.add(entry)
            record(actor, "progress.add", entry, after=_snapshot(entry), agency_id=plan.agency_id)
            entries.append(entry)
    return entries


def update(entry: ProgressEntry, actor, row: Row) -> None:
    """Change an entry while both its old and its new date lie in a period open for input."""
    plan = entry.plan
    access.require(actor, "progress.write", plan)
    if prog.is_locked(plan.employee_id, entry.review) or evaluated(plan, entry.review):
        raise TransitionError([CLOSED])
    (review,), indicators = _place(plan, [row])
    with transaction():
        before = _snapshot(entry)
        _fill(entry, row, review, indicators.get(row.indicator_id))
        record(actor, "progress.edit", entry, before=before, after=_snapshot(entry), agency_id=plan.agency_id)


def remove(entry: ProgressEntry, actor) -> None:
    """Remove an entry while its review period is open for input."""
    plan = entry.plan
    access.require(actor, "progress.write", plan)
    with transaction():
        if prog.is_locked(plan.employee_id, entry.review) or evaluated(plan, entry.review):
            raise TransitionError([CLOSED])
        record(actor, "progress.delete", entry, before=_snapshot(entry), agency_id=plan.agency_id)
        db.session.delete(entry)


def confirm(plan: Plan, actor, ind: PlanIndicator, review: ReviewPeriod, real: Realization | None,
            version) -> Realization:
    """Store what the period's entries add up to as the realisation, its provenance saying so, and the
    entries' links as its evidence (nobody types the same work twice)."""
    access.require(actor, "realization.edit", plan)
    if ind.result.plan_id != plan.id or review.period_id != plan.period_id or not daily_q.countable(plan, [ind]):
        abort(404)
    _require_open(plan, review)
    if str(version or "0") != str(real.version if real else 0):
        raise _newer(real.value if real else None)
    offer = daily_q.proposal(plan.id, ind, review)
    if offer is None:
        raise TransitionError([_l("No progress entry of this period counts towards this indicator.")])
    messages = plugin_messages(plan, ind, offer.value)
    if messages:
        raise TransitionError(messages)
    try:
        with transaction():
            real = _store(plan, actor, ind, review, real, offer.value, real.note if real else "", [], None,
                          provenance=offer.provenance())
            known = {ev.url for ev in real.evidence}
            for url in offer.links:
                if url not in known:
                    real.evidence.append(Evidence(kind="link", url=url, uploaded_by_id=actor.id))
    except (StaleDataError, IntegrityError):
        raise _newer(db.session.scalar(select(Realization.value).where(
            Realization.indicator_id == ind.id, Realization.review_id == review.id))) from None
    return real


def _snapshot(entry: ProgressEntry) -> dict:
    return {"day": entry.day.isoformat(), "activity": entry.activity, "indicator_id": entry.indicator_id,
            "quantity": None if entry.quantity is None else str(entry.quantity), "unit": entry.unit,
            "link": entry.link, "action_plan_id": entry.action_plan_id}
