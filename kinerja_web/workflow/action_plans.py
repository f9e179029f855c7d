"""Action plans (rencana aksi): an approved SKP's owner saves what they will do for each RHK in a review
period, all rows of the form at once or none, and may start a period from the previous period's plans."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import update

from .. import access
from ..extensions import db
from ..models import ActionPlan, Plan, ProgressEntry, ReviewPeriod
from ..models.audit import record, utcnow
from ..queries import action_plans as plans_q
from ..queries import progress as prog
from ..rules.types import Aggregation
from .base import AlreadyDone, TransitionError, transaction
from .realization import _require_open

MAX_DESCRIPTION = 1000


@dataclass(frozen=True)
class Row:
    """One parsed row of the form: a new plan (``id`` None), a changed one, or one to remove."""

    result_id: int
    description: str
    id: int | None = None
    indicator_id: int | None = None
    quantity: Decimal | None = None
    remove: bool = False


@dataclass(frozen=True)
class Saved:
    added: int
    changed: int
    removed: int


def _problems(row: Row, indicators: dict) -> dict:
    problems = {}
    text = row.description.strip()
    if not text:
        problems["description"] = [_l("Describe the action.")]
    elif len(text) > MAX_DESCRIPTION:
        problems["description"] = [_l("At most %(max)d characters.", max=MAX_DESCRIPTION)]
    ind = indicators.get(row.indicator_id)
    if row.indicator_id is not None and ind is None:
        problems["indicator_id"] = [_l("This indicator does not belong to this RHK.")]
    if row.quantity is not None:
        if row.quantity < 0:
            problems["quantity"] = [_l("The number cannot be negative.")]
        elif row.indicator_id is None:
            problems["indicator_id"] = [_l("Choose the indicator the planned quantity counts towards.")]
        # a summed indicator counts things (RULES.md §6.5): one plans a whole number of them
        elif (ind is not None and ind.aggregation == Aggregation.SUM
              and row.quantity != row.quantity.to_integral_value()):
            problems["quantity"] = [_l("This indicator counts: enter a whole number.")]
    return problems


def save(plan: Plan, actor, review: ReviewPeriod, rows: list[Row]) -> Saved:
    """Add, change and remove the period's plans of ``rows`` in one transaction, or none of them.

    A refusal names the row (its index in ``rows``) and field, ``{"0.description": [...]}``, so the form
    shows every problem at once and keeps what was typed. Plans not in ``rows`` are left as they are.
    """
    access.require(actor, "action_plan.write", plan)
    if review.period_id != plan.period_id:
        abort(404)
    _require_open(plan, review)
    results = {r.id: r for r in plan.results}
    stored = {p.id: p for group in plans_q.of_review(plan.id, review.id).values() for p in group}
    errors = {}
    for n, row in enumerate(rows):
        if row.result_id not in results:
            abort(404)
        if row.id is not None and (row.id not in stored or stored[row.id].result_id != row.result_id):
            abort(404)  # another person's, another period's or another RHK's plan
        if row.remove:
            continue
        indicators = {i.id: i for i in results[row.result_id].indicators}
        errors.update({f"{n}.{name}": messages for name, messages in _problems(row, indicators).items()})
    kept = {r: sum(1 for p in stored.values() if p.result_id == r) for r in results}
    for row in rows:
        kept[row.result_id] += (row.id is None and not row.remove) - (row.id is not None and row.remove)
    if any(n > plans_q.MAX_PER_RESULT for n in kept.values()):
        raise TransitionError([_l("At most %(max)d action plans per RHK and period.", max=plans_q.MAX_PER_RESULT)],
                              fields=errors)
    if errors:
        raise TransitionError(fields=errors)
    added = changed = removed = 0
    ordered = []
    with transaction():
        for row in rows:
            current = stored.get(row.id)
            if row.remove:
                if current is not None:
                    _remove(plan, actor, current)
                    removed += 1
                continue
            if current is None:
                current = ActionPlan(plan_id=plan.id, result_id=row.result_id, review_id=review.id,
                                     created_by_id=actor.id)
                _fill(current, row)
                db.session.add(current)
                record(actor, "action_plan.add", current, after=_snapshot(current), agency_id=plan.agency_id)
                added += 1
            elif _differs(current, row):
                before = _snapshot(current)
                _fill(current, row)
                current.updated_at, current.updated_by_id = utcnow(), actor.id
                record(actor, "action_plan.edit", current, before=before, after=_snapshot(current),
                       agency_id=plan.agency_id)
                changed += 1
            ordered.append(current)
        _renumber(ordered, stored, rows)
    return Saved(added, changed, removed)


def propose_from_last(plan: Plan, actor, review: ReviewPeriod) -> int:
    """Copy the SKP's plans of the review period before ``review`` into it; refused when ``review``
    already has plans (nothing is overwritten) or there is nothing to copy. Returns how many were copied."""
    access.require(actor, "action_plan.write", plan)
    if review.period_id != plan.period_id:
        abort(404)
    _require_open(plan, review)
    reviews = prog.reviews_by_period([plan.period_id]).get(plan.period_id, [])
    earlier = [r for r in reviews if r.seq < review.seq]
    if not earlier:
        raise TransitionError([_l("This is the first review period of the SKP: there is no earlier period.")])
    if plans_q.count(plan.id, review.id):
        raise AlreadyDone([_l("This period already has action plans; nothing was copied.")])
    source = earlier[-1]
    previous = [p for group in plans_q.of_review(plan.id, source.id).values() for p in group]
    if not previous:
        raise TransitionError([_l("%(period)s has no action plans to copy.", period=source.name)])
    with transaction():
        for old in previous:
            new = ActionPlan(plan_id=plan.id, result_id=old.result_id, review_id=review.id, seq=old.seq,
                             description=old.description, indicator_id=old.indicator_id, quantity=old.quantity,
                             created_by_id=actor.id)
            db.session.add(new)
            record(actor, "action_plan.copy", new, after={**_snapshot(new), "copied_from": old.id},
                   agency_id=plan.agency_id)
    return len(previous)


def _fill(row_: ActionPlan, row: Row) -> None:
    row_.description, row_.indicator_id = row.description.strip(), row.indicator_id
    row_.quantity = row.quantity if row.indicator_id is not None else None


def _differs(current: ActionPlan, row: Row) -> bool:
    quantity = row.quantity if row.indicator_id is not None else None
    return (current.description, current.indicator_id, current.quantity) != (
        row.description.strip(), row.indicator_id, quantity)


def _remove(plan: Plan, actor, current: ActionPlan) -> None:
    # the progress entries that served it stay: they only lose the link
    db.session.execute(update(ProgressEntry).where(ProgressEntry.action_plan_id == current.id)
                       .values(action_plan_id=None))
    record(actor, "action_plan.delete", current, before=_snapshot(current), agency_id=plan.agency_id)
    db.session.delete(current)


def _renumber(ordered: list[ActionPlan], stored: dict[int, ActionPlan], rows: list[Row]) -> None:
    """Each RHK's plans in the order the form showed them; plans the form did not carry after them."""
    mentioned = {row.id for row in rows}
    rest = sorted((p for p in stored.values() if p.id not in mentioned),
                  key=lambda p: (p.seq, p.id))
    seqs: dict[int, int] = {}
    for plan_row in [*ordered, *rest]:
        seqs[plan_row.result_id] = seqs.get(plan_row.result_id, 0) + 1
        plan_row.seq = seqs[plan_row.result_id]


def _snapshot(row: ActionPlan) -> dict:
    return {"result_id": row.result_id, "review_id": row.review_id, "description": row.description,
            "indicator_id": row.indicator_id, "quantity": None if row.quantity is None else str(row.quantity)}
