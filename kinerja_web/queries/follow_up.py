"""Final results of an agency for one period: columns only, paginated, counted in SQL."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select

from ..extensions import db
from ..models import Employee, Evaluation, Plan, Position

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


def final_results(agency_id: int, review_id: int | None, page: int = 1):
    """(recognised: Sangat Baik up to RECOGNITION_LIMIT, page of all results best first, counts per predikat)."""
    base = _base(agency_id, review_id)
    recognised = [Result(*r) for r in db.session.execute(
        base.where(Evaluation.predicate == "sangat_baik").order_by(Employee.name).limit(RECOGNITION_LIMIT))]
    rank = case(RANK, value=Evaluation.predicate, else_=9)
    rows = [Result(*r) for r in db.session.execute(
        base.order_by(rank, Employee.name, Evaluation.id).limit(PAGE).offset((page - 1) * PAGE))]
    counts = dict(db.session.execute(
        select(Evaluation.predicate, func.count(Evaluation.id))
        .join(Plan, Evaluation.plan_id == Plan.id).join(Employee, Plan.employee_id == Employee.id)
        .where(Employee.agency_id == agency_id, Evaluation.status == "final",
               Evaluation.review_id == review_id if review_id else Evaluation.review_id.is_(None))
        .group_by(Evaluation.predicate)).all())
    return recognised, rows, counts
