"""Completion as the agency must show it to its allowance office (issue 13, part 5).

Per person of a scope (an agency, or a unit and those below it) and one review period: an approved SKP covering
the period (after a move, the part of the year that covers it, the latest when a move splits the period), its
realisations entered, its required evidence uploaded, the period rated, and which of the agency's deadlines
were missed. People whose status on the period's last day is leave, retirement, discipline or a transfer out
are left out of the counts and listed apart with the reason and the date. Three statements whatever the size.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Employee, Evaluation, Evidence, Plan, PlanIndicator, Realization, ReviewPeriod, Unit, WorkResult
from ..models.status import EXCLUDED, StatusChange
from .dashboard import Scope

RATED = ("rated", "final")


@dataclass(frozen=True)
class Row:
    employee_id: int
    name: str
    nip: str
    unit: str
    supervisor_id: int | None
    supervisor: str | None
    plan_id: int | None
    skp: bool  # an approved SKP covers the period
    realised: bool  # every quantitative indicator has a value for the period
    evidence: bool  # every indicator that requires evidence has some
    rated: bool
    late: tuple[tuple[str, date], ...]  # (deadline kind: skp | input, its date) missed

    @property
    def complete(self) -> bool:
        return self.skp and self.realised and self.evidence and self.rated


@dataclass(frozen=True)
class Excluded:
    employee_id: int
    name: str
    nip: str
    unit: str
    reason: str  # a status code (models.status.EXCLUDED)
    since: date


def skp_deadline(year: int) -> date:
    """The SKP is set by the end of January (RULES.md §1.2)."""
    return date(year, 1, 31)


def completion(scope: Scope, review: ReviewPeriod, today: date) -> tuple[list[Row], list[Excluded]]:
    conds = [Employee.agency_id == scope.agency.id]
    if scope.unit_ids is not None:
        conds.append(Employee.unit_id.in_(scope.unit_ids))
    latest = (select(StatusChange.id).where(StatusChange.employee_id == Employee.id,
                                            StatusChange.effective_on <= review.ends_on)
              .order_by(StatusChange.effective_on.desc(), StatusChange.id.desc()).limit(1)
              .correlate(Employee).scalar_subquery())
    plan = (select(Plan.id).where(Plan.employee_id == Employee.id, Plan.period_id == review.period_id,
                                  Plan.status == "approved",
                                  or_(Plan.starts_on.is_(None), Plan.starts_on <= review.ends_on),
                                  or_(Plan.ends_on.is_(None), Plan.ends_on >= review.starts_on))
            .order_by(Plan.part.desc()).limit(1).correlate(Employee).scalar_subquery())
    boss = aliased(Employee)
    people = db.session.execute(
        select(Employee.id, Employee.name, Employee.nip, Unit.name, boss.id, boss.name, plan,
               StatusChange.kind, StatusChange.effective_on)
        .join(Unit, Unit.id == Employee.unit_id).outerjoin(boss, boss.id == Employee.supervisor_id)
        .outerjoin(StatusChange, StatusChange.id == latest)
        # someone who left is usually deactivated too: still listed apart, with the reason
        .where(*conds, or_(Employee.active.is_(True), StatusChange.kind.in_(EXCLUDED)))
        .order_by(Unit.name, Employee.name, Employee.id)).all()
    plan_ids = [r[6] for r in people if r[6] is not None and r[7] not in EXCLUDED]
    figures = _figures(plan_ids, review.id)
    rated = set(db.session.scalars(select(Evaluation.plan_id).where(
        Evaluation.plan_id.in_(plan_ids), Evaluation.review_id == review.id,
        Evaluation.status.in_(RATED)))) if plan_ids else set()
    rows, excluded = [], []
    for emp_id, name, nip, unit, boss_id, boss_name, plan_id, kind, since in people:
        if kind in EXCLUDED:
            excluded.append(Excluded(emp_id, name, nip, unit, kind, since))
            continue
        missing_values, missing_evidence = figures.get(plan_id, (0, 0))
        skp = plan_id is not None
        realised, evidence = skp and missing_values == 0, skp and missing_evidence == 0
        late = []
        if not skp and today > skp_deadline(review.period.year):
            late.append(("skp", skp_deadline(review.period.year)))
        if (not realised or not evidence) and review.input_deadline and today > review.input_deadline:
            late.append(("input", review.input_deadline))
        rows.append(Row(emp_id, name, nip, unit, boss_id, boss_name, plan_id, skp, realised, evidence,
                        plan_id in rated, tuple(late)))
    return rows, excluded


def _figures(plan_ids: list[int], review_id: int) -> dict[int, tuple[int, int]]:
    """Per plan: quantitative indicators without a value for the period, and indicators requiring evidence
    without any (one statement)."""
    if not plan_ids:
        return {}
    has_evidence = select(Evidence.id).where(Evidence.realization_id == Realization.id).exists()
    no_value = and_(PlanIndicator.target_kind != "qualitative", Realization.value.is_(None))
    no_evidence = and_(PlanIndicator.evidence_required.is_(True), or_(Realization.id.is_(None), ~has_evidence))
    rows = db.session.execute(
        select(WorkResult.plan_id, func.count().filter(no_value), func.count().filter(no_evidence))
        .join(PlanIndicator, PlanIndicator.result_id == WorkResult.id)
        .outerjoin(Realization, and_(Realization.indicator_id == PlanIndicator.id,
                                     Realization.review_id == review_id))
        .where(WorkResult.plan_id.in_(plan_ids)).group_by(WorkResult.plan_id))
    return {plan_id: (int(a or 0), int(b or 0)) for plan_id, a, b in rows}
