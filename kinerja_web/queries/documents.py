"""What the regulation's remaining documents show (RULES.md §2.1): the EV. KINERJA sheet of one plan, the
kuadran of ratings of a team, a unit or an agency, and the pola distribusi per unit. Columns only, a fixed
number of statements whatever the size of the plan, the team or the agency."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from ..clock import local_date
from ..extensions import db
from ..models import (
    Calibration,
    Employee,
    Evaluation,
    Evidence,
    Feedback,
    Plan,
    PlanIndicator,
    Position,
    Realization,
    ReviewPeriod,
    Unit,
)

PEOPLE_LIMIT = 500  # people listed by name in a kuadran; the cells count everyone


# --- EV. KINERJA: realisations and feedback per RHK of one plan ------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One realisation of an indicator in a review period, with how many pieces of evidence support it."""

    value: Decimal | None
    note: str
    evidence: int


@dataclass
class Note:
    """A piece of continuous feedback (umpan balik) on an RHK, with the replies to it."""

    id: int
    author: str
    body: str
    at: datetime
    replies: list


def realisations(plan, review_ids: list[int]) -> dict[tuple[int, int], Entry]:
    """{(indicator id, review id): Entry} of the plan in those review periods (one statement)."""
    ind_ids = [i.id for r in plan.results for i in r.indicators]
    if not ind_ids or not review_ids:
        return {}
    rows = db.session.execute(
        select(Realization.indicator_id, Realization.review_id, Realization.value, Realization.note,
               func.count(Evidence.id))
        .outerjoin(Evidence, Evidence.realization_id == Realization.id)
        .where(Realization.indicator_id.in_(ind_ids), Realization.review_id.in_(review_ids))
        .group_by(Realization.id, Realization.indicator_id, Realization.review_id, Realization.value,
                  Realization.note))
    return {(i, r): Entry(v, n or "", e) for i, r, v, n, e in rows}


def feedback(plan_id: int, reviews: list[ReviewPeriod]) -> dict[int, list[Note]]:
    """{RHK id: [Note]} of the feedback given in these review periods (one statement).

    Feedback on a realisation belongs to the realisation's period; feedback on the RHK itself to the
    period it was written in (Jakarta dates, from the first period's start to the last one's end).
    Replies follow the feedback they answer.
    """
    if not reviews:
        return {}
    real, ind = aliased(Realization), aliased(PlanIndicator)
    review_ids = {r.id for r in reviews}
    begins, ends = min(r.starts_on for r in reviews), max(r.ends_on for r in reviews)
    rows = db.session.execute(
        select(Feedback.id, Feedback.parent_id, func.coalesce(Feedback.result_id, ind.result_id), real.review_id,
               Employee.name, Feedback.body, Feedback.created_at)
        .join(Employee, Employee.id == Feedback.author_id)
        .outerjoin(real, real.id == Feedback.realization_id).outerjoin(ind, ind.id == real.indicator_id)
        .where(Feedback.plan_id == plan_id).order_by(Feedback.id)).all()
    kept: dict[int, Note] = {}
    found: dict[int, list[Note]] = {}
    for fid, parent, result_id, review_id, author, body, at in rows:
        if parent is not None:
            if parent in kept:
                kept[parent].replies.append(Note(fid, author, body, at, []))
            continue
        within = review_id in review_ids if review_id is not None else begins <= local_date(at) <= ends
        if within and result_id is not None:
            kept[fid] = Note(fid, author, body, at, [])
            found.setdefault(result_id, []).append(kept[fid])
    return found


def evaluation(plan_id: int, review_id: int | None) -> Evaluation | None:
    """The stored evaluation of the plan for the period (None: the year), if opened (one statement)."""
    return db.session.scalar(select(Evaluation).where(
        Evaluation.plan_id == plan_id,
        Evaluation.review_id == review_id if review_id else Evaluation.review_id.is_(None)))


# --- KUADRAN: the rating of results × the rating of behaviour -------------------------------------------------

@dataclass(frozen=True)
class Rated:
    """One person in a kuadran."""

    name: str
    nip: str
    position: str
    unit: str
    results: str
    behaviour: str
    predicate: str | None
    final: bool


def _rated(review_id: int | None, year: int | None, agency_id: int):
    """Evaluations of the agency's employees with both final ratings set (rated or final) for the period."""
    query = (select(Evaluation).join(Plan, Evaluation.plan_id == Plan.id)
             .join(Employee, Plan.employee_id == Employee.id)
             .where(Employee.agency_id == agency_id, Evaluation.status.in_(("rated", "final")),
                    Evaluation.results_final.is_not(None), Evaluation.behaviour_final.is_not(None),
                    Evaluation.review_id == review_id if review_id else Evaluation.review_id.is_(None)))
    if not review_id and year is not None:  # as calibration.final_predicates: annual rows of that year only
        from ..models import Period

        query = query.where(Plan.period_id == select(Period.id).where(
            Period.agency_id == agency_id, Period.year == year).scalar_subquery())
    return query


def quadrant(agency_id: int, review_id: int | None, *, year: int | None = None, supervisor_id: int | None = None,
             unit_id: int | None = None, limit: int = PEOPLE_LIMIT):
    """The kuadran of a supervisor's direct reports, of a unit, or of the whole agency (two statements).

    Returns ({(results, behaviour): [rated count, final count]}, [Rated] up to ``limit``, by unit and name).
    """
    base = _rated(review_id, year, agency_id)
    if supervisor_id is not None:
        base = base.where(Employee.supervisor_id == supervisor_id)
    if unit_id is not None:
        base = base.where(Employee.unit_id == unit_id)
    final = func.sum(case((Evaluation.status == "final", 1), else_=0))
    cells = {(r, b): [n, int(f or 0)] for r, b, n, f in db.session.execute(
        base.with_only_columns(Evaluation.results_final, Evaluation.behaviour_final, func.count(Evaluation.id),
                               final)
        .group_by(Evaluation.results_final, Evaluation.behaviour_final))}
    people = [Rated(*row[:7], row[7] == "final") for row in db.session.execute(
        base.join(Position, Position.id == Employee.position_id).join(Unit, Unit.id == Employee.unit_id)
        .with_only_columns(Employee.name, Employee.nip, Position.name, Unit.name, Evaluation.results_final,
                           Evaluation.behaviour_final, Evaluation.predicate, Evaluation.status)
        .order_by(Unit.name, Employee.name, Employee.id).limit(limit))]
    return cells, people


# --- POLA DISTRIBUSI: the organisation predikat of each unit ---------------------------------------------------

@dataclass(frozen=True)
class UnitRow:
    id: int
    name: str
    parent_id: int | None


def units(agency_id: int) -> list[UnitRow]:
    """The agency's active units, by name (one statement)."""
    return [UnitRow(*r) for r in db.session.execute(
        select(Unit.id, Unit.name, Unit.parent_id).where(Unit.agency_id == agency_id, Unit.active.is_(True))
        .order_by(Unit.name, Unit.id))]


def org_predicates(agency_id: int, year: int, review_id: int | None) -> dict[int | None, str]:
    """{unit id (None: the agency): organisation predikat} set for the period (one statement)."""
    return dict(db.session.execute(select(Calibration.unit_id, Calibration.org_predicate).where(
        Calibration.agency_id == agency_id, Calibration.year == year, Calibration.org_predicate.is_not(None),
        Calibration.review_id == review_id if review_id else Calibration.review_id.is_(None))).all())


def applying(unit_id: int, parents: dict[int, int | None], set_for: dict[int | None, str]):
    """(predikat, unit id it was set for) that applies to a unit: its own, else the nearest unit up the tree
    that has one, else the agency's (None), as ``service.org_predicate_source`` finds it for a person."""
    seen = set()
    current = unit_id
    while current is not None and current not in seen:
        if current in set_for:
            return set_for[current], current
        seen.add(current)
        current = parents.get(current)
    return set_for.get(None), None


def distribution_inputs(agency_id: int, year: int, review_id: int | None) -> tuple[list[UnitRow], dict, dict]:
    """(units, {unit id or None: predikat set}, {unit id: Counter of final predikat}) in three statements."""
    from ..evaluation.calibration import counts_by_unit

    return units(agency_id), org_predicates(agency_id, year, review_id), counts_by_unit(agency_id, review_id, year)


def total(found: dict[int, Counter]) -> Counter:
    out: Counter = Counter()
    for counter in found.values():
        out.update(counter)
    return out


def period_bounds(reviews: list[ReviewPeriod], year: int) -> tuple[date, date]:
    """First and last day the document covers: the review period, or the whole year."""
    if reviews and len(reviews) == 1:
        return reviews[0].starts_on, reviews[0].ends_on
    return date(year, 1, 1), date(year, 12, 31)
