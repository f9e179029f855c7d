"""Reads of competence development: the training-needs analysis (TNA) of an agency or unit, a person's
JP against the agency's yearly target, a team's and a scope's progress, and open items for next year.

Every function is one statement (``needs``: two) whatever the number of people or items: the counting
is GROUP BY in SQL; Python only labels the groups.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, and_, case, distinct, func, literal, select

from ..extensions import db
from ..models import (
    DevelopmentItem,
    DevelopmentPlan,
    DevelopmentRecord,
    Employee,
    Evaluation,
    Period,
    Plan,
    Unit,
)

FAR_BELOW = ("kurang", "sangat_kurang")  # predikat of people far below expectation
# priority of a need: (label, share of the scope's evaluated people at least, or anyone far below expectation)
PRIORITIES = (("tinggi", 0.20), ("sedang", 0.10), ("rendah", 0.0))
PEOPLE_LIMIT = 200


@dataclass(frozen=True)
class Need:
    kind: str  # behaviour | result | other
    key: str  # the BerAKHLAK value code, or the area's text
    area: str
    people: int
    far_below: int  # of them, people whose predikat was Kurang or Sangat Kurang
    open_people: int  # of them, people with the item still open
    priority: str


def _key():
    return func.coalesce(DevelopmentItem.value_code, DevelopmentItem.area)


def _scoped(query: Select, agency_id: int, unit_ids, year: int) -> Select:
    query = query.where(DevelopmentItem.agency_id == agency_id, DevelopmentItem.year == year)
    if unit_ids is not None:
        query = query.where(Employee.unit_id.in_(unit_ids))
    return query


def priority(people: int, far_below: int, evaluated: int) -> str:
    share = people / evaluated if evaluated else 0.0
    if far_below:
        return PRIORITIES[0][0]
    return next(label for label, least in PRIORITIES if share >= least)


def needs(agency_id: int, unit_ids, year: int) -> tuple[list[Need], int]:
    """(needs by area, most people first; people of the scope with a final evaluation that year)."""
    rows = db.session.execute(_scoped(
        select(DevelopmentItem.kind, _key(), func.min(DevelopmentItem.area),
               func.count(distinct(DevelopmentItem.employee_id)),
               func.count(distinct(case((Evaluation.predicate.in_(FAR_BELOW), DevelopmentItem.employee_id)))),
               func.count(distinct(case((DevelopmentItem.closed_at.is_(None), DevelopmentItem.employee_id)))))
        .join(Employee, Employee.id == DevelopmentItem.employee_id)
        .join(DevelopmentPlan, DevelopmentPlan.id == DevelopmentItem.development_plan_id)
        .join(Evaluation, Evaluation.id == DevelopmentPlan.evaluation_id), agency_id, unit_ids, year)
        .group_by(DevelopmentItem.kind, _key())).all()
    evaluated_q = (select(func.count(distinct(Plan.employee_id)))
                   .join(Evaluation, Evaluation.plan_id == Plan.id).join(Period, Period.id == Plan.period_id)
                   .join(Employee, Employee.id == Plan.employee_id)
                   .where(Evaluation.status == "final", Period.agency_id == agency_id, Period.year == year))
    if unit_ids is not None:
        evaluated_q = evaluated_q.where(Employee.unit_id.in_(unit_ids))
    evaluated = db.session.scalar(evaluated_q) or 0
    out = [Need(kind, key, area, people, far, open_, priority(people, far, evaluated))
           for kind, key, area, people, far, open_ in rows]
    rank = {label: n for n, (label, _least) in enumerate(PRIORITIES)}
    out.sort(key=lambda n: (rank[n.priority], -n.people, -n.far_below, n.kind, n.area))
    return out, evaluated


def item_rows(agency_id: int, unit_ids, year: int, kind: str | None = None, key: str | None = None) -> Select:
    """Every item of the scope (one need's when ``kind`` and ``key`` are given), by area then name:
    (item, NIP, name, unit, predikat)."""
    query = _scoped(
        select(DevelopmentItem, Employee.nip, Employee.name, Unit.name, Evaluation.predicate)
        .join(Employee, Employee.id == DevelopmentItem.employee_id)
        .join(Unit, Unit.id == Employee.unit_id, isouter=True)
        .join(DevelopmentPlan, DevelopmentPlan.id == DevelopmentItem.development_plan_id)
        .join(Evaluation, Evaluation.id == DevelopmentPlan.evaluation_id), agency_id, unit_ids, year)
    if kind is not None:
        query = query.where(DevelopmentItem.kind == kind, _key() == key)
    return query.order_by(DevelopmentItem.kind, _key(), Employee.name, DevelopmentItem.id)


def people_of(agency_id: int, unit_ids, year: int, kind: str, key: str) -> tuple[list, bool]:
    """(the need's items with their people, up to PEOPLE_LIMIT; whether there were more): one statement."""
    rows = db.session.execute(item_rows(agency_id, unit_ids, year, kind, key).limit(PEOPLE_LIMIT + 1)).all()
    return rows[:PEOPLE_LIMIT], len(rows) > PEOPLE_LIMIT


def records_of(employee_id: int, year: int) -> list[DevelopmentRecord]:
    """The person's completed development of the year, newest first, with the item each closed."""
    from sqlalchemy.orm import joinedload

    return list(db.session.scalars(
        select(DevelopmentRecord).where(DevelopmentRecord.employee_id == employee_id, DevelopmentRecord.year == year)
        .options(joinedload(DevelopmentRecord.item))
        .order_by(DevelopmentRecord.ended_on.desc(), DevelopmentRecord.id.desc())))


def open_items(employee_id: int, before_year: int | None = None) -> list[DevelopmentItem]:
    """The person's open development items (of years before ``before_year``), oldest year first."""
    query = select(DevelopmentItem).where(DevelopmentItem.employee_id == employee_id,
                                          DevelopmentItem.closed_at.is_(None))
    if before_year is not None:
        query = query.where(DevelopmentItem.year < before_year)
    return list(db.session.scalars(query.order_by(DevelopmentItem.year, DevelopmentItem.id)))


def hours_by_person(year: int) -> Select:
    """(employee id, JP completed in ``year``) per person with any record: a subquery to join to people."""
    return (select(DevelopmentRecord.employee_id.label("employee_id"),
                   func.sum(DevelopmentRecord.hours).label("hours"))
            .where(DevelopmentRecord.year == year).group_by(DevelopmentRecord.employee_id))


def team(supervisor_id: int, year: int) -> list:
    """(employee id, name, NIP, JP of the year) for each active direct report, by name: one statement."""
    hours = hours_by_person(year).subquery()
    return db.session.execute(
        select(Employee.id, Employee.name, Employee.nip, func.coalesce(hours.c.hours, 0))
        .outerjoin(hours, hours.c.employee_id == Employee.id)
        .where(Employee.supervisor_id == supervisor_id, Employee.active.is_(True))
        .order_by(Employee.name, Employee.id)).all()


@dataclass(frozen=True)
class Progress:
    people: int
    reached: int  # people with at least the target's JP
    hours: int  # JP completed by all of them

    @property
    def mean(self) -> float:
        return self.hours / self.people if self.people else 0.0


def progress(agency_id: int, unit_ids, year: int, target: int) -> Progress:
    """The scope's active people, how many reached ``target`` JP in ``year``, and the JP of all: one statement."""
    hours = hours_by_person(year).subquery()
    jp = func.coalesce(hours.c.hours, 0)
    query = (select(func.count(Employee.id), func.coalesce(func.sum(case((jp >= target, 1), else_=0)), 0),
                    func.coalesce(func.sum(jp), 0))
             .select_from(Employee).outerjoin(hours, hours.c.employee_id == Employee.id)
             .where(and_(Employee.agency_id == agency_id, Employee.active.is_(True))))
    if unit_ids is not None:
        query = query.where(Employee.unit_id.in_(unit_ids))
    people, reached, total = db.session.execute(query).one()
    return Progress(int(people), int(reached), int(total))


def hours_of(employee_id: int, year: int) -> int:
    return int(db.session.scalar(select(func.coalesce(func.sum(DevelopmentRecord.hours), literal(0)))
                                 .where(DevelopmentRecord.employee_id == employee_id,
                                        DevelopmentRecord.year == year)) or 0)
