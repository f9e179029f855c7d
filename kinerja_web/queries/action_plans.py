"""Reads of action plans (rencana aksi): one SKP's plans of a review period, a whole SKP's plans grouped per
RHK and period (the monitoring page), the choices a daily progress entry offers. One statement each,
whatever the number of plans."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import ActionPlan, ReviewPeriod, WorkResult

MAX_PER_RESULT = 20  # rows per RHK and period: more is a diary, which daily progress is for


def of_review(plan_id: int, review_id: int) -> dict[int, list[ActionPlan]]:
    """The plans of one review period per RHK id, in their order, with the indicator each plans a quantity of."""
    rows = db.session.scalars(select(ActionPlan).where(ActionPlan.plan_id == plan_id,
                                                       ActionPlan.review_id == review_id)
                              .options(joinedload(ActionPlan.indicator))
                              .order_by(ActionPlan.result_id, ActionPlan.seq, ActionPlan.id)).all()
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.result_id].append(row)
    return dict(grouped)


def of_plan(plan_id: int) -> dict[tuple[int, int], list[ActionPlan]]:
    """Every plan of an SKP per (RHK id, review period id), for a compact list beside the realisations."""
    rows = db.session.scalars(select(ActionPlan).where(ActionPlan.plan_id == plan_id)
                              .options(joinedload(ActionPlan.indicator))
                              .order_by(ActionPlan.review_id, ActionPlan.result_id, ActionPlan.seq,
                                        ActionPlan.id)).all()
    grouped = defaultdict(list)
    for row in rows:
        grouped[(row.result_id, row.review_id)].append(row)
    return dict(grouped)


def count(plan_id: int, review_id: int) -> int:
    return db.session.scalar(select(func.count(ActionPlan.id)).where(ActionPlan.plan_id == plan_id,
                                                                    ActionPlan.review_id == review_id))


def choices(plan_id: int, review_ids) -> list[ActionPlan]:
    """The plans a progress entry may serve: those of the given review periods, in the order of their
    period and RHK, each with its review period loaded (one statement)."""
    if not review_ids:
        return []
    return list(db.session.scalars(
        select(ActionPlan).join(WorkResult, WorkResult.id == ActionPlan.result_id)
        .join(ReviewPeriod, ReviewPeriod.id == ActionPlan.review_id)
        .where(ActionPlan.plan_id == plan_id, ActionPlan.review_id.in_(list(review_ids)))
        .options(joinedload(ActionPlan.review))
        .order_by(ReviewPeriod.seq, WorkResult.position, WorkResult.id, ActionPlan.seq, ActionPlan.id)))
