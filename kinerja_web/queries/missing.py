"""What is missing in one person's review periods, and where it is fixed.

Each review period of a plan has a state for its owner's input: open, closed after
the input deadline (and perhaps reopened until a date), rated or final (then its
realisations are what was evaluated and nothing reopens them), and the latest
request to reopen it. :func:`review_states` reads all of it in one statement;
:func:`todo` turns a plan's progress into the home page's items, each with its fix.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from sqlalchemy import Date, Integer, bindparam, exists, func, select

from ..clock import today
from ..extensions import db
from ..models import Evaluation, PlanIndicator, Realization, Reopening, ReopenRequest, ReviewPeriod, WorkResult

EVALUATED = ("rated", "final")


@dataclass(frozen=True)
class ReviewState:
    """Where one review period stands for one person's input."""

    review: ReviewPeriod
    closed: bool  # the input deadline passed and no reopening lasts until today
    reopened_until: date | None
    evaluation: str | None  # status of the period's evaluation, if opened
    request_id: int | None = None  # the latest request to reopen it
    request_status: str | None = None
    request_note: str = ""

    @property
    def evaluated(self) -> bool:
        """Rated or final: the realisations are what was evaluated and stay as they are."""
        return self.evaluation in EVALUATED

    @property
    def locked(self) -> bool:
        return self.closed or self.evaluated

    @property
    def pending(self) -> bool:
        return self.request_status == "pending"

    @property
    def refused(self) -> bool:
        return self.request_status == "refused"

    @property
    def can_ask(self) -> bool:
        """A reopening can be asked for: closed, not yet evaluated, no request waiting."""
        return self.closed and not self.evaluated and not self.pending


@cache
def _statement():
    """Built once (see queries.progress): every review's reopening, evaluation and latest request."""
    employee = bindparam("employee_id", type_=Integer)
    now = bindparam("today", type_=Date)
    until = (select(func.max(Reopening.until))
             .where(Reopening.employee_id == employee, Reopening.review_id == ReviewPeriod.id,
                    Reopening.until >= now)
             .correlate(ReviewPeriod).scalar_subquery())
    status = (select(Evaluation.status)
              .where(Evaluation.plan_id == bindparam("plan_id", type_=Integer),
                     Evaluation.review_id == ReviewPeriod.id)
              .correlate(ReviewPeriod).limit(1).scalar_subquery())
    latest = (select(func.max(ReopenRequest.id))
              .where(ReopenRequest.employee_id == employee, ReopenRequest.review_id == ReviewPeriod.id)
              .correlate(ReviewPeriod).scalar_subquery())
    return (select(ReviewPeriod.id, until, status, ReopenRequest.id, ReopenRequest.status,
                   ReopenRequest.decision_note)
            .outerjoin(ReopenRequest, ReopenRequest.id == latest)
            .where(ReviewPeriod.id.in_(bindparam("ids", expanding=True))))


def review_states(employee_id: int, plan_id: int, reviews) -> dict[int, ReviewState]:
    """Review id → :class:`ReviewState` of these reviews of the person's plan, in one statement."""
    reviews = list(reviews)
    if not reviews:
        return {}
    now = today()
    rows = {row[0]: row[1:] for row in db.session.execute(
        _statement(), {"employee_id": employee_id, "plan_id": plan_id, "today": now,
                       "ids": [r.id for r in reviews]})}
    states = {}
    for review in reviews:
        until, status, request_id, request_status, note = rows.get(review.id, (None,) * 5)
        past = review.input_deadline is not None and now > review.input_deadline
        states[review.id] = ReviewState(review, past and until is None, until, status, request_id,
                                        request_status, note or "")
    return states


@dataclass
class Item:
    """One thing missing on the home page: ``count`` of ``kind`` in ``state.review``."""

    kind: str  # "values" | "evidence"
    state: ReviewState
    indicator_ids: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.indicator_ids)


def todo(pp, states: dict[int, ReviewState]) -> list[Item]:
    """The missing realisations and evidence of a plan's progress, per review period in order."""
    items = []
    for review in pp.reviews:
        for kind in ("values", "evidence"):
            ids = [ip.indicator.id for ip in pp.indicators if review in getattr(ip, f"missing_{kind}")]
            if ids:
                items.append(Item(kind, states[review.id], ids))
    return items


def without_realisation(plan_ids, review_id: int) -> dict[int, list[PlanIndicator]]:
    """Plan id → its non-qualitative indicators with no realised value in this review period, in the
    plan's order; plans with none are left out (one statement for all the plans)."""
    realised = exists().where(Realization.indicator_id == PlanIndicator.id, Realization.review_id == review_id,
                              Realization.value.is_not(None))
    rows = db.session.execute(
        select(WorkResult.plan_id, PlanIndicator).join(PlanIndicator.result)
        .where(WorkResult.plan_id.in_(list(plan_ids)), PlanIndicator.target_kind != "qualitative", ~realised)
        .order_by(WorkResult.plan_id, WorkResult.position, WorkResult.id, PlanIndicator.position, PlanIndicator.id))
    found = defaultdict(list)
    for plan_id, indicator in rows:
        found[plan_id].append(indicator)
    return dict(found)
