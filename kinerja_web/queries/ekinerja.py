"""The year's SKP of an agency as flat rows for the e-Kinerja workbook: one statement per sheet.

Only approved SKP count (the version in force; older versions are ``superseded``). Each function returns
a ``Select``; the export streams it with ``yield_per``.
"""
from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import aliased

from ..models import (
    ActionPlan,
    AgencyGoal,
    Employee,
    Evaluation,
    Evidence,
    Period,
    Plan,
    PlanIndicator,
    Position,
    ProgressEntry,
    Realization,
    ReviewPeriod,
    Unit,
    WorkResult,
)


def _plans(agency_id: int, year: int):
    return (select(Plan.id).join(Period, Period.id == Plan.period_id)
            .join(Employee, Employee.id == Plan.employee_id)
            .where(Period.agency_id == agency_id, Period.year == year, Employee.agency_id == agency_id,
                   Plan.status == "approved"))


def skp(agency_id: int, year: int) -> Select:
    """One row per approved SKP: the employee, the appraising official (Pejabat Penilai), the approach."""
    boss, boss_position = aliased(Employee), aliased(Position)
    return (select(Plan.id.label("plan_id"), Plan.version, Plan.approach, Plan.status, Plan.decided_at,
                   Employee.nip, Employee.name, Employee.rank, Position.name.label("position"),
                   Position.kind.label("position_kind"), Unit.name.label("unit"),
                   boss.nip.label("boss_nip"), boss.name.label("boss_name"), boss.rank.label("boss_rank"),
                   boss_position.name.label("boss_position"), Period.year)
            .join(Employee, Employee.id == Plan.employee_id).join(Position, Position.id == Employee.position_id)
            .join(Unit, Unit.id == Employee.unit_id).join(Period, Period.id == Plan.period_id)
            .outerjoin(boss, boss.id == func.coalesce(Plan.supervisor_id, Employee.supervisor_id))
            .outerjoin(boss_position, boss_position.id == boss.position_id)
            .where(Plan.id.in_(_plans(agency_id, year)))
            .order_by(Unit.name, Employee.name, Plan.id))


def rhk(agency_id: int, year: int) -> Select:
    """One row per RHK with the leader's RHK it intervenes in (or the agency goal it serves)."""
    parent = aliased(WorkResult)
    return (select(Employee.nip, WorkResult.plan_id, WorkResult.id.label("result_id"), WorkResult.kind,
                   WorkResult.position, WorkResult.text, WorkResult.cascading, parent.text.label("parent_text"),
                   AgencyGoal.text.label("goal"))
            .join(Plan, Plan.id == WorkResult.plan_id).join(Employee, Employee.id == Plan.employee_id)
            .outerjoin(parent, parent.id == WorkResult.parent_id)
            .outerjoin(AgencyGoal, AgencyGoal.id == WorkResult.goal_id)
            .where(WorkResult.plan_id.in_(_plans(agency_id, year)))
            .order_by(WorkResult.plan_id, WorkResult.kind.desc(), WorkResult.position, WorkResult.id))


def indicators(agency_id: int, year: int) -> Select:
    """One row per indicator (IKI) with its aspect and target."""
    return (select(Employee.nip, WorkResult.plan_id, PlanIndicator.result_id, PlanIndicator.id.label("indicator_id"),
                   PlanIndicator.aspect, PlanIndicator.name, PlanIndicator.target_kind, PlanIndicator.target_value,
                   PlanIndicator.target_upper, PlanIndicator.target_text, PlanIndicator.baseline_value,
                   PlanIndicator.unit, PlanIndicator.catalogue_code)
            .join(WorkResult, WorkResult.id == PlanIndicator.result_id)
            .join(Plan, Plan.id == WorkResult.plan_id).join(Employee, Employee.id == Plan.employee_id)
            .where(WorkResult.plan_id.in_(_plans(agency_id, year)))
            .order_by(WorkResult.plan_id, WorkResult.position, WorkResult.id, PlanIndicator.position,
                      PlanIndicator.id))


def realizations(agency_id: int, year: int) -> Select:
    """One row per recorded realisation, with its review period and how many pieces of evidence it has."""
    evidence = (select(func.count(Evidence.id)).where(Evidence.realization_id == Realization.id)
                .correlate(Realization).scalar_subquery())
    return (select(Employee.nip, WorkResult.plan_id, PlanIndicator.result_id, Realization.indicator_id,
                   ReviewPeriod.name.label("review"), ReviewPeriod.starts_on, ReviewPeriod.ends_on,
                   Realization.value, PlanIndicator.unit, Realization.note, evidence.label("evidence"))
            .join(ReviewPeriod, ReviewPeriod.id == Realization.review_id)
            .join(PlanIndicator, PlanIndicator.id == Realization.indicator_id)
            .join(WorkResult, WorkResult.id == PlanIndicator.result_id)
            .join(Plan, Plan.id == WorkResult.plan_id).join(Employee, Employee.id == Plan.employee_id)
            .where(WorkResult.plan_id.in_(_plans(agency_id, year)))
            .order_by(WorkResult.plan_id, PlanIndicator.result_id, Realization.indicator_id, ReviewPeriod.seq))


def progress(agency_id: int, year: int) -> Select:
    """One row per progres harian entry, joined to its RHK and indicator when it counts towards one. Ordered by
    SKP and day, which the (plan_id, day) index serves, so PostgreSQL streams it without sorting the year."""
    return (select(Employee.nip, ProgressEntry.plan_id, PlanIndicator.result_id, ProgressEntry.indicator_id,
                   ProgressEntry.id.label("entry_id"), ProgressEntry.day, ProgressEntry.starts_at,
                   ProgressEntry.ends_at, ProgressEntry.activity, ProgressEntry.quantity, ProgressEntry.unit,
                   ProgressEntry.link, ProgressEntry.action_plan_id, ActionPlan.description.label("action_plan"))
            .join(Plan, Plan.id == ProgressEntry.plan_id).join(Employee, Employee.id == Plan.employee_id)
            .outerjoin(PlanIndicator, PlanIndicator.id == ProgressEntry.indicator_id)
            .outerjoin(ActionPlan, ActionPlan.id == ProgressEntry.action_plan_id)
            .where(ProgressEntry.plan_id.in_(_plans(agency_id, year)))
            .order_by(ProgressEntry.plan_id, ProgressEntry.day, ProgressEntry.starts_at, ProgressEntry.id))


def action_plans(agency_id: int, year: int) -> Select:
    """One row per rencana aksi with its review period and the planned quantity of an indicator, if any."""
    return (select(Employee.nip, ActionPlan.plan_id, ActionPlan.result_id, ActionPlan.id.label("action_plan_id"),
                   ReviewPeriod.name.label("review"), ActionPlan.seq, ActionPlan.description, ActionPlan.indicator_id,
                   ActionPlan.quantity, PlanIndicator.unit)
            .join(Plan, Plan.id == ActionPlan.plan_id).join(Employee, Employee.id == Plan.employee_id)
            .join(ReviewPeriod, ReviewPeriod.id == ActionPlan.review_id)
            .outerjoin(PlanIndicator, PlanIndicator.id == ActionPlan.indicator_id)
            .where(ActionPlan.plan_id.in_(_plans(agency_id, year)))
            .order_by(ActionPlan.plan_id, ReviewPeriod.seq, ActionPlan.result_id, ActionPlan.seq, ActionPlan.id))


def predicates(agency_id: int, year: int) -> Select:
    """One row per evaluation (each review period and the annual one) with both ratings and the predikat."""
    return (select(Employee.nip, Employee.name, Evaluation.plan_id, ReviewPeriod.name.label("review"),
                   ReviewPeriod.seq, Evaluation.status, Evaluation.results_final, Evaluation.behaviour_final,
                   Evaluation.predicate, Evaluation.finalized_at)
            .join(Plan, Plan.id == Evaluation.plan_id).join(Employee, Employee.id == Plan.employee_id)
            .outerjoin(ReviewPeriod, ReviewPeriod.id == Evaluation.review_id)
            .where(Evaluation.plan_id.in_(_plans(agency_id, year)))
            .order_by(Employee.name, Evaluation.plan_id, ReviewPeriod.seq.is_(None), ReviewPeriod.seq))
