"""Progress of a plan: realisation to date, attainment with its rule, and what is missing.

For the pages of one person's plan (home, monitoring, realisation form): a fixed number
of statements whatever the plan's size. Pages that list a team use ``queries.team``,
which counts the same things in SQL instead.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from flask import current_app
from sqlalchemy import Integer, bindparam, exists, func, select
from sqlalchemy.orm import aliased, attributes, joinedload

from ..clock import today
from ..extensions import db
from ..models import (
    Employee,
    Evidence,
    Feedback,
    Plan,
    PlanIndicator,
    Realization,
    Reopening,
    ReviewPeriod,
    WorkResult,
)
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
    first_unanswered: int | None = None  # the oldest unanswered thread, where the home page links

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
    """The annual target as the engine reads it (a growth target with its baseline)."""
    return Target(TargetKind(ind.target_kind), ind.target_value, ind.target_upper, ind.target_text,
                  ind.baseline_value)


def attainment(ind: PlanIndicator, value: Decimal | None) -> Attainment:
    rule, ref = current_app.extensions["kinerja_registry"].scoring_rule(ind.scoring)
    return attain(rule, ref, target_of(ind), value)


def reviews_by_period(period_ids) -> dict[int, list[ReviewPeriod]]:
    rows = db.session.scalars(_statements()["reviews"], {"ids": list(set(period_ids))}).all()
    grouped = defaultdict(list)
    for review in rows:
        grouped[review.period_id].append(review)
    return grouped


PLAN_LOAD = (joinedload(Plan.employee).joinedload(Employee.supervisor), joinedload(Plan.period),
             joinedload(Plan.results).joinedload(WorkResult.indicators))


@cache
def _statements() -> dict:
    """Built once: constructing SQLAlchemy expressions costs more than running them on a small plan."""
    ids = bindparam("ids", expanding=True)
    newest = (select(Plan.employee_id, func.max(Plan.id).label("id"))
              .where(Plan.employee_id.in_(ids), Plan.status == "approved")
              .group_by(Plan.employee_id).subquery())
    count = (select(func.count(Evidence.id)).where(Evidence.realization_id == Realization.id)
             .correlate(Realization).scalar_subquery())
    reply = aliased(Feedback)
    owner = select(Plan.employee_id).where(Plan.id == Feedback.plan_id).correlate(Feedback).scalar_subquery()
    return {
        "plan": select(Plan).where(Plan.id == bindparam("plan_id", type_=Integer)).options(*PLAN_LOAD),
        "current": select(Plan).join(newest, Plan.id == newest.c.id).options(*PLAN_LOAD),
        "reviews": select(ReviewPeriod).where(ReviewPeriod.period_id.in_(ids)).order_by(ReviewPeriod.seq),
        "realizations": select(Realization, count).where(Realization.indicator_id.in_(ids)),
        "unanswered": (select(Feedback.plan_id, func.count(Feedback.id), func.min(Feedback.id))
                       .where(Feedback.plan_id.in_(ids), Feedback.parent_id.is_(None), Feedback.author_id != owner,
                              ~exists().where(reply.parent_id == Feedback.id, reply.author_id == owner))
                       .group_by(Feedback.plan_id)),
    }


def load_plan(plan_id: int) -> Plan | None:
    """A plan with its employee, supervisor, period, RHK and indicators, in one statement."""
    return db.session.scalars(_statements()["plan"], {"plan_id": plan_id}).unique().first()


def current_plans(employee_ids) -> list[Plan]:
    """The newest approved plan of each employee, loaded like :func:`load_plan` (one statement)."""
    if not employee_ids:
        return []
    return list(db.session.scalars(_statements()["current"], {"ids": list(employee_ids)}).unique())


def _realizations(indicator_ids, with_evidence: bool):
    """Realisations of these indicators, each with ``evidence_count`` (and its evidence when asked)."""
    if not indicator_ids:
        return []
    rows = db.session.execute(_statements()["realizations"], {"ids": list(indicator_ids)}).all()
    found = []
    for real, n in rows:
        real.evidence_count = n
        found.append(real)
    if with_evidence:
        files = defaultdict(list)
        ids = [r.id for r in found if r.evidence_count]
        for ev in (db.session.scalars(select(Evidence).where(Evidence.realization_id.in_(ids))
                                      .order_by(Evidence.id)) if ids else ()):
            files[ev.realization_id].append(ev)
        for real in found:  # the relationship, filled without marking the row changed
            attributes.set_committed_value(real, "evidence", files.get(real.id, []))
    return found


def progress(plans: list[Plan], with_evidence: bool = False, feedback: bool = True,
             only_indicator: int | None = None) -> list[PlanProgress]:
    """Progress of each plan (loaded with :data:`PLAN_LOAD`): four statements at most.

    ``with_evidence`` also loads the evidence rows (monitoring lists them); ``feedback`` counts
    unanswered feedback; ``only_indicator`` limits the work to one indicator (the realisation form).
    """
    if not plans:
        return []
    reviews = reviews_by_period(p.period_id for p in plans)
    indicator_ids = [i.id for p in plans for r in p.results for i in r.indicators
                     if only_indicator is None or i.id == only_indicator]
    found = _realizations(indicator_ids, with_evidence)
    by_indicator = defaultdict(dict)
    for real in found:
        by_indicator[real.indicator_id][real.review_id] = real
    unanswered = _unanswered_feedback({p.id: p.employee_id for p in plans}) if feedback else {}
    now = today()
    out = []
    for plan in plans:
        count, first = unanswered.get(plan.id, (0, None))
        pp = PlanProgress(plan, reviews.get(plan.period_id, []), unanswered=count, first_unanswered=first)
        due = [r for r in pp.reviews if r.ends_on < now]
        for result in plan.results:
            items = []
            for ind in result.indicators:
                if only_indicator is not None and ind.id != only_indicator:
                    continue
                reals = by_indicator.get(ind.id, {})
                values = [reals[r.id].value if r.id in reals else None for r in pp.reviews]
                so_far = to_date(values, ind.aggregation)
                ip = IndicatorProgress(ind, reals, so_far, attainment(ind, so_far))
                if ind.target_kind != "qualitative":
                    ip.missing_values = [r for r in due if r.id not in reals or reals[r.id].value is None]
                if ind.evidence_required:
                    ip.missing_evidence = [r for r in due if r.id in reals and not reals[r.id].evidence_count]
                items.append(ip)
            pp.results.append((result, items))
        out.append(pp)
    return out


def _unanswered_feedback(owners: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Top-level feedback by someone else without a reply from the employee: plan id → (how many,
    the oldest one's id), in one statement."""
    rows = db.session.execute(_statements()["unanswered"], {"ids": list(owners)}).all()
    return {plan_id: (count, first) for plan_id, count, first in rows}


def feedback_threads(plan_id: int) -> list[Feedback]:
    """The plan's top-level feedback, oldest first, each with its replies and authors (one statement)."""
    rows = db.session.scalars(select(Feedback).where(Feedback.plan_id == plan_id)
                              .options(joinedload(Feedback.author)).order_by(Feedback.id)).all()
    replies = defaultdict(list)
    for fb in rows:
        if fb.parent_id is not None:
            replies[fb.parent_id].append(fb)
    top = [fb for fb in rows if fb.parent_id is None]
    for fb in top:
        attributes.set_committed_value(fb, "replies", replies.get(fb.id, []))
    return top


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
