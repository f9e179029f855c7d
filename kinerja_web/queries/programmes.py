"""What the programme pages read: the programmes a user takes part in, and each agency's contribution to a
programme's shared RHK, aggregated in SQL (a fixed number of statements whatever the number of people).

A contribution is an RHK of an approved SKP of the programme's year, of an active employee of an agency taking
part, linked to a programme RHK (``WorkResult.programme_result_id``). Its attainment is the dashboards' national
formula per indicator (``queries.dashboard.indicators``: realisations of the review periods ended so far against
the target due); an agency's, a programme RHK's and the programme's attainment are the mean over their
indicators, as the dashboards count a unit's.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import g
from sqlalchemy import and_, distinct, exists, func, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Agency, Employee, Period, Plan, Unit, WorkResult
from ..models.programme import Programme, ProgrammeAgency, ProgrammeResult
from .dashboard import LIST_PAGE, Where, indicators


def visible(user) -> list[tuple[Programme, int, int]]:
    """(programme, agencies taking part, programme RHK) of the programmes ``user`` takes part in (the province
    admin: all), newest year first: one statement (the lead agency joined)."""
    agencies = (select(func.count(ProgrammeAgency.id)).where(ProgrammeAgency.programme_id == Programme.id)
                .correlate(Programme).scalar_subquery())
    results = (select(func.count(ProgrammeResult.id)).where(ProgrammeResult.programme_id == Programme.id)
               .correlate(Programme).scalar_subquery())
    query = (select(Programme, agencies, results).options(joinedload(Programme.lead_agency))
             .order_by(Programme.year.desc(), Programme.name, Programme.id))
    if user.role != "province_admin":
        emp = getattr(user, "employee", None)
        agency_id = emp.agency_id if emp is not None else user.agency_id
        query = query.where(exists().where(ProgrammeAgency.programme_id == Programme.id,
                                           ProgrammeAgency.agency_id == agency_id))
    return [(p, int(a), int(r)) for p, a, r in db.session.execute(query)]


def load(programme_id: int) -> Programme | None:
    """The programme with its lead, agencies (with their names) and RHK: three statements."""
    return db.session.scalar(
        select(Programme).where(Programme.id == programme_id)
        .options(joinedload(Programme.lead_agency),
                 selectinload(Programme.members).joinedload(ProgrammeAgency.agency),
                 selectinload(Programme.results)))


def linkable(agency_id: int, year: int) -> list[tuple[int, str]]:
    """(id, "programme: RHK") of the programme RHK an SKP of ``agency_id`` for ``year`` may link to: one statement,
    read once per request (the editor builds several RHK forms)."""
    cache = g.setdefault("linkable_programme_rhk", {})
    if (agency_id, year) not in cache:
        rows = db.session.execute(
            select(ProgrammeResult.id, Programme.name, ProgrammeResult.text)
            .join(Programme, Programme.id == ProgrammeResult.programme_id)
            .join(ProgrammeAgency, ProgrammeAgency.programme_id == Programme.id)
            .where(ProgrammeAgency.agency_id == agency_id, Programme.year == year)
            .order_by(Programme.name, ProgrammeResult.position, ProgrammeResult.id)).all()
        cache[(agency_id, year)] = [(i, f"{name}: {text}") for i, name, text in rows]
    return list(cache[(agency_id, year)])


def _where(programme: Programme) -> Where:
    """The active people of the agencies taking part, their approved SKP of the programme's year, and of those
    only the RHK linked to one of the programme's RHK."""
    members = select(ProgrammeAgency.agency_id).where(ProgrammeAgency.programme_id == programme.id)
    years = select(Period.id).where(Period.year == programme.year)
    linked = select(ProgrammeResult.id).where(ProgrammeResult.programme_id == programme.id)
    return Where(and_(Employee.active.is_(True), Employee.agency_id.in_(members)),
                 and_(Plan.status == "approved", Plan.period_id.in_(years), WorkResult.programme_result_id.in_(linked)))


@dataclass
class Contribution:
    """What one agency's people contribute to one programme RHK (``result_id`` None: to the whole programme)."""

    result_id: int | None
    agency_id: int
    rhk: int = 0
    people: int = 0
    indicators: int = 0  # with an attainment
    attainment: float | None = None


def contributions(programme: Programme, today) -> list[Contribution]:
    """Per programme RHK and agency, and per agency over the whole programme (``result_id`` None): linked RHK,
    people and attainment. Four statements: counts and attainment, per RHK and agency and per agency."""
    where = _where(programme)
    counted = (select(WorkResult.programme_result_id.label("rid"), Employee.agency_id.label("aid"),
                      WorkResult.id.label("wid"), Employee.id.label("eid"))
               .join(Plan, Plan.id == WorkResult.plan_id).join(Employee, Employee.id == Plan.employee_id)
               .where(where.people, where.plans).subquery())
    ind = indicators(where, today, cascade=False)
    scored = (select(WorkResult.programme_result_id.label("rid"), ind.c.agency_id.label("aid"), ind.c.pct)
              .join(WorkResult, WorkResult.id == ind.c.result_id).subquery())
    out: dict[tuple, Contribution] = {}
    for per_result in (True, False):
        keys = (counted.c.rid, counted.c.aid) if per_result else (counted.c.aid,)
        skeys = (scored.c.rid, scored.c.aid) if per_result else (scored.c.aid,)
        people = select(*keys, func.count(distinct(counted.c.wid)), func.count(distinct(counted.c.eid))).group_by(*keys)
        attained = select(*skeys, func.count(scored.c.pct), func.avg(scored.c.pct)).group_by(*skeys)
        for row in db.session.execute(people):
            key = tuple(row[:-2]) if per_result else (None, row[0])
            out[key] = Contribution(key[0], key[1], int(row[-2]), int(row[-1]))
        for row in db.session.execute(attained):
            key = tuple(row[:-2]) if per_result else (None, row[0])
            found = out.setdefault(key, Contribution(key[0], key[1]))
            found.indicators, found.attainment = int(row[-2]), None if row[-1] is None else float(row[-1])
    return list(out.values())


@dataclass(frozen=True)
class Contributor:
    """One linked RHK behind an agency's contribution; the person and attainment only for who may see them."""

    id: int
    text: str
    employee: str
    unit: str
    indicators: int
    attainment: float | None


def contributors(programme: Programme, result_id: int, agency_id: int, today, page: int = 1
                 ) -> tuple[list[Contributor], bool]:
    """The RHK of ``agency_id``'s people linked to programme RHK ``result_id``, by the person's name, a page of
    :data:`LIST_PAGE` (and whether there is a next page): one statement."""
    where = _where(programme)
    ind = indicators(where, today, cascade=False)
    scored = (select(ind.c.result_id, func.count(ind.c.pct).label("n"), func.avg(ind.c.pct).label("mean"))
              .group_by(ind.c.result_id).subquery())
    rows = db.session.execute(
        select(WorkResult.id, WorkResult.text, Employee.name, Unit.name, scored.c.n, scored.c.mean)
        .join(Plan, Plan.id == WorkResult.plan_id).join(Employee, Employee.id == Plan.employee_id)
        .join(Unit, Unit.id == Employee.unit_id).outerjoin(scored, scored.c.result_id == WorkResult.id)
        .where(where.people, where.plans, WorkResult.programme_result_id == result_id, Employee.agency_id == agency_id)
        .order_by(Employee.name, Employee.id, WorkResult.id)
        .limit(LIST_PAGE + 1).offset((page - 1) * LIST_PAGE)).all()
    found = [Contributor(i, t, e, u, int(n or 0), None if m is None else float(m)) for i, t, e, u, n, m in rows]
    return found[:LIST_PAGE], len(found) > LIST_PAGE


def agencies(exclude) -> list[Agency]:
    """Active agencies by name, but ``exclude`` (ids): one statement."""
    return list(db.session.scalars(select(Agency).where(Agency.active.is_(True), Agency.id.not_in(list(exclude) or [0]))
                                   .order_by(Agency.name)))
