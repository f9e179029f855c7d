"""Final results of an agency for one period: columns only, paginated, counted in SQL."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, case, func, select

from ..extensions import db
from ..models import DevelopmentPlan, Employee, Evaluation, Plan, Position

PAGE = 50
RECOGNITION_LIMIT = 200
RANK = {"sangat_baik": 0, "baik": 1, "butuh_perbaikan": 2, "kurang": 3, "sangat_kurang": 4}


@dataclass(frozen=True)
class Result:
    evaluation_id: int
    name: str
    position: str
    predicate: str | None


def _base(agency_id: int, review_id: int | None):
    return (select(Evaluation.id, Employee.name, Position.name, Evaluation.predicate)
            .join(Plan, Evaluation.plan_id == Plan.id).join(Employee, Plan.employee_id == Employee.id)
            .join(Position, Employee.position_id == Position.id)
            .where(Employee.agency_id == agency_id, Evaluation.status == "final",
                   Evaluation.review_id == review_id if review_id else Evaluation.review_id.is_(None)))


def results_query(agency_id: int, review_id: int | None) -> Select:
    """Every final result of the period, best predikat first, then by name: the page's table a page at a
    time, its export all of it (one statement)."""
    rank = case(RANK, value=Evaluation.predicate, else_=9)
    return _base(agency_id, review_id).order_by(rank, Employee.name, Evaluation.id)


def development_plans(agency_id: int, review_id: int | None) -> Select:
    """The development plans (tindak lanjut) of the period's final evaluations, by name (one statement):
    (evaluation id, NIP, name, position, predikat, items)."""
    return (select(Evaluation.id, Employee.nip, Employee.name, Position.name, Evaluation.predicate,
                   DevelopmentPlan.items)
            .join(DevelopmentPlan, DevelopmentPlan.evaluation_id == Evaluation.id)
            .join(Plan, Evaluation.plan_id == Plan.id).join(Employee, Plan.employee_id == Employee.id)
            .join(Position, Employee.position_id == Position.id)
            .where(Employee.agency_id == agency_id, Evaluation.status == "final",
                   Evaluation.review_id == review_id if review_id else Evaluation.review_id.is_(None))
            .order_by(Employee.name, Evaluation.id))


def final_results(agency_id: int, review_id: int | None, page: int = 1):
    """(recognised: Sangat Baik up to RECOGNITION_LIMIT, page of all results best first, counts per predikat)."""
    base = _base(agency_id, review_id)
    recognised = [Result(*r) for r in db.session.execute(
        base.where(Evaluation.predicate == "sangat_baik").order_by(Employee.name).limit(RECOGNITION_LIMIT))]
    rows = [Result(*r) for r in db.session.execute(
        results_query(agency_id, review_id).limit(PAGE).offset((page - 1) * PAGE))]
    counts = dict(db.session.execute(
        select(Evaluation.predicate, func.count(Evaluation.id))
        .join(Plan, Evaluation.plan_id == Plan.id).join(Employee, Plan.employee_id == Employee.id)
        .where(Employee.agency_id == agency_id, Evaluation.status == "final",
               Evaluation.review_id == review_id if review_id else Evaluation.review_id.is_(None))
        .group_by(Evaluation.predicate)).all())
    return recognised, rows, counts
