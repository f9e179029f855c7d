"""Progress of plans: realisation to date, attainment, and what is missing.

Built for many plans at once with a fixed number of queries, so home pages
stay bounded however many reports or indicators there are.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from ..clock import today
from ..extensions import db
from ..models import Employee, Feedback, Plan, PlanIndicator, Realization, Reopening, ReviewPeriod, WorkResult
from ..rules.aggregation import to_date
from ..rules.scoring import attain
from ..rules.types import Attainment, Target, TargetKind


@dataclass
class IndicatorProgress:
    indicator: PlanIndicator
    realizations: dict[int, Realization]  # review id → realisation
    to_date: Decimal | None
    attainment: Attainment
    missing_values: list[ReviewPeriod] = field(default_factory=list)
    missing_evidence: list[ReviewPeriod] = field(default_factory=list)


@dataclass
class PlanProgress:
    plan: Plan
    reviews: list[ReviewPeriod]
    results: list[tuple] = field(default_factory=list)  # (WorkResult, [IndicatorProgress])
    unanswered: int = 0

    @property
    def indicators(self):
        return [ip for _, ips in self.results for ip in ips]

    @property
    def missing_values(self) -> int:
        return sum(len(ip.missing_values) for ip in self.indicators)

    @property
    def missing_evidence(self) -> int:
        return sum(len(ip.missing_evidence) for ip in self.indicators)

    @property
    def attention(self) -> int:
        """How much needs someone's attention; supervisors see the largest first."""
        return self.missing_values + self.missing_evidence + self.unanswered


def target_of(ind: PlanIndicator) -> Target:
    return Target(TargetKind(ind.target_kind), ind.target_value, ind.target_upper, ind.target_text)


def attainment(ind: PlanIndicator, value: Decimal | None) -> Attainment:
    rule, ref = current_app.extensions["kinerja_registry"].scoring_rule(ind.scoring)
    return attain(rule, ref, target_of(ind), value)


def reviews_by_period(period_ids) -> dict[int, list[ReviewPeriod]]:
    rows = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id.in_(set(period_ids)))
                              .order_by(ReviewPeriod.seq)).all()
    grouped = defaultdict(list)
    for review in rows:
        grouped[review.period_id].append(review)
    return grouped


PLAN_LOAD = (joinedload(Plan.employee).joinedload(Employee.supervisor), joinedload(Plan.period),
             selectinload(Plan.results).selectinload(WorkResult.indicators))


def current_plans(employee_ids) -> list[Plan]:
    """The newest approved plan of each employee (two queries)."""
    if not employee_ids:
        return []
    newest = (select(Plan.employee_id, func.max(Plan.id).label("id"))
              .where(Plan.employee_id.in_(employee_ids), Plan.status == "approved")
              .group_by(Plan.employee_id).subquery())
    return list(db.session.scalars(select(Plan).join(newest, Plan.id == newest.c.id).options(*PLAN_LOAD)))


def progress(plans: list[Plan]) -> list[PlanProgress]:
    """Progress of each plan (results and indicators must be loaded or loadable)."""
    if not plans:
        return []
    reviews = reviews_by_period(p.period_id for p in plans)
    indicator_ids = [i.id for p in plans for r in p.results for i in r.indicators]
    found = db.session.scalars(select(Realization).where(Realization.indicator_id.in_(indicator_ids))
                               .options(selectinload(Realization.evidence))).all() if indicator_ids else []
    by_indicator = defaultdict(dict)
    for real in found:
        by_indicator[real.indicator_id][real.review_id] = real
    unanswered = _unanswered_feedback({p.id: p.employee_id for p in plans})
    now = today()
    out = []
    for plan in plans:
        pp = PlanProgress(plan, reviews.get(plan.period_id, []), unanswered=unanswered.get(plan.id, 0))
        due = [r for r in pp.reviews if r.ends_on < now]
        for result in plan.results:
            items = []
            for ind in result.indicators:
                reals = by_indicator.get(ind.id, {})
                values = [reals[r.id].value if r.id in reals else None for r in pp.reviews]
                so_far = to_date(values, ind.aggregation)
                ip = IndicatorProgress(ind, reals, so_far, attainment(ind, so_far))
                if ind.target_kind != "qualitative":
                    ip.missing_values = [r for r in due if r.id not in reals or reals[r.id].value is None]
                if ind.evidence_required:
                    ip.missing_evidence = [r for r in due if r.id in reals and not reals[r.id].evidence]
                items.append(ip)
            pp.results.append((result, items))
        out.append(pp)
    return out


def _unanswered_feedback(owners: dict[int, int]) -> dict[int, int]:
    """Supervisor feedback without a reply from the employee, per plan id."""
    rows = db.session.scalars(
        select(Feedback).where(Feedback.plan_id.in_(owners), Feedback.parent_id.is_(None))
        .options(selectinload(Feedback.replies))).all()
    counts = defaultdict(int)
    for fb in rows:
        owner = owners[fb.plan_id]
        if fb.author_id != owner and not any(r.author_id == owner for r in fb.replies):
            counts[fb.plan_id] += 1
    return counts


def is_locked(employee_id: int, review: ReviewPeriod) -> bool:
    """After the input deadline a period is closed unless reopened for this person."""
    now = today()
    if review.input_deadline is None or now <= review.input_deadline:
        return False
    reopened = db.session.scalar(select(Reopening.id).where(
        Reopening.employee_id == employee_id, Reopening.review_id == review.id, Reopening.until >= now))
    return reopened is None


def not_started(review: ReviewPeriod) -> bool:
    return review.starts_on > today()
