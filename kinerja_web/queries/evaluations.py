"""Evaluation statuses of a person and their team: columns only, never the score snapshots."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select

from ..extensions import db
from ..models import Employee, Evaluation, Plan, ReviewPeriod
from .team import TEAM_PAGE, current_plan_id


@dataclass(frozen=True)
class PlanRow:
    plan_id: int
    period_id: int
    employee_id: int
    name: str


@dataclass(frozen=True)
class Status:
    status: str
    predicate: str | None


def evaluation_board(me_id: int, page: int = 1, per_page: int = TEAM_PAGE):
    """My current plan first, then a page of my direct reports' plans, with every evaluation status.

    Returns (rows, statuses {(plan id, review id or None): Status}, reviews {period id: [ReviewPeriod]},
    number of people). Four statements whatever the team size.
    """
    plan_id = current_plan_id(Employee.id)
    people = (select(Employee.id, Employee.name, plan_id.label("plan_id"))
              .where(or_(Employee.id == me_id, Employee.supervisor_id == me_id), Employee.active.is_(True))
              .subquery())
    base = (select(people.c.plan_id, Plan.period_id, people.c.id, people.c.name)
            .join(Plan, Plan.id == people.c.plan_id))
    rows = [PlanRow(*r) for r in db.session.execute(
        base.order_by(case((people.c.id == me_id, 0), else_=1), people.c.name, people.c.id)
        .limit(per_page).offset((page - 1) * per_page)).all()]
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    plan_ids = [r.plan_id for r in rows]
    statuses = {(p, r): Status(s, pred) for p, r, s, pred in db.session.execute(
        select(Evaluation.plan_id, Evaluation.review_id, Evaluation.status, Evaluation.predicate)
        .where(Evaluation.plan_id.in_(plan_ids)))} if plan_ids else {}
    reviews = defaultdict(list)
    if rows:
        for review in db.session.scalars(select(ReviewPeriod).where(
                ReviewPeriod.period_id.in_({r.period_id for r in rows})).order_by(ReviewPeriod.seq)):
            reviews[review.period_id].append(review)
    return rows, statuses, reviews, total or 0
