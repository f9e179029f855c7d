"""Reads of the public satisfaction survey (IKM).

Answers are never loaded to be counted: SQL gives, per survey and review period, the respondent
count and the sum of each element's answers (one statement, however many answers), and the pure
engine (:mod:`kinerja_web.rules.ikm`) turns those sums into the index, exactly as it would the raw
answers. A review period covers its Jakarta calendar days (``starts_on`` 00:00 to the day after
``ends_on`` 00:00); answers outside every review period of the year count in none.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, literal_column, or_, select
from sqlalchemy.orm import aliased, joinedload

from .. import access
from ..clock import start_of_day_utc, today
from ..extensions import db
from ..models import Employee, Period, ReviewPeriod, Survey, SurveyResponse, Unit
from ..models.survey import ANSWERS
from ..rules import ikm

COMMENTS_PAGE = 20
_COLUMNS = [getattr(SurveyResponse, a) for a in ANSWERS]
_LOAD = (joinedload(Survey.unit), joinedload(Survey.agency))


def _until(day: date):
    return start_of_day_utc(day + timedelta(days=1))


def by_token(token: str) -> Survey | None:
    """The survey of a public link (its unit and agency loaded), one statement."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(Survey).where(Survey.token == token).options(*_LOAD))


def by_code(code: str) -> Survey | None:
    """The survey of a printed short code, read without regard to case, dashes or spaces."""
    code = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if not code or len(code) > 12:
        return None
    return db.session.scalar(select(Survey).where(Survey.code == code))


def get(survey_id: int) -> Survey | None:
    return db.session.scalar(select(Survey).where(Survey.id == survey_id).options(*_LOAD))


def of_agency(agency_id: int) -> list[Survey]:
    """The agency's surveys with their units, by unit name (one statement)."""
    return list(db.session.scalars(select(Survey).join(Survey.unit).where(Survey.agency_id == agency_id)
                                   .options(*_LOAD).order_by(Unit.name, Survey.id)))


def _below(unit_id: int):
    """The ids of a unit and every unit under it (a recursive CTE; UNION ends it even on a looped tree)."""
    tree = select(Unit.id.label("id")).where(Unit.id == unit_id).cte("units_below", recursive=True)
    child = aliased(Unit)
    return tree.union(select(child.id).join(tree, child.parent_id == tree.c.id))


def visible(user, page: int = 1, size: int = 50) -> tuple[list[Survey], int]:
    """The surveys whose results ``user`` may see (``ikm.view``), a page of them by unit name, and
    how many there are: every survey for the province admin; the agency's for its admins and its
    head; for the head of a unit, that unit's and those of the units under it. Two statements."""
    query = select(Survey).join(Survey.unit)
    emp = getattr(user, "employee", None)
    if access.is_province_admin(user):
        pass
    elif user.role == "agency_admin":
        query = query.where(Survey.agency_id == user.agency_id)
    elif emp is not None and access.is_head_of(user, emp.agency):
        query = query.where(Survey.agency_id == emp.agency_id)
    elif emp is not None and access.heads_unit(user, emp.unit):
        below = _below(emp.unit_id)
        query = query.where(Survey.agency_id == emp.agency_id, Survey.unit_id.in_(select(below.c.id)))
    else:
        return [], 0
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.options(*_LOAD).order_by(Unit.name, Survey.id)
                              .limit(size).offset((page - 1) * size)).all()
    return list(rows), total


@dataclass(frozen=True)
class Year:
    """An agency's performance year: its review periods, and the years it has (for a choice)."""

    period: Period | None
    reviews: list[ReviewPeriod]
    years: list[int]


def years_of(agency_ids, year: int | None = None) -> dict[int, Year]:
    """Per agency, the chosen year (else the one holding today, else the latest before it, else the
    latest) with its review periods; one statement."""
    periods = db.session.scalars(select(Period).where(Period.agency_id.in_(list(agency_ids)))
                                 .options(joinedload(Period.reviews)).order_by(Period.year)).unique().all()
    now = today().year
    out = {}
    for agency_id in agency_ids:
        mine = [p for p in periods if p.agency_id == agency_id]
        chosen = (next((p for p in mine if p.year == year), None)
                  or next((p for p in mine if p.year == now), None)
                  or next((p for p in reversed(mine) if p.year < now), None)
                  or (mine[-1] if mine else None))
        out[agency_id] = Year(chosen, list(chosen.reviews) if chosen else [], [p.year for p in mine])
    return out


def tallies(reviews_of: dict[int, list[ReviewPeriod]]) -> dict[tuple[int, int], ikm.Tally]:
    """Per (survey id, review period id): the respondents and the sum of each element's answers.

    ``reviews_of`` maps a survey id to the review periods to count it in. One statement: each answer
    is put in its review period by a CASE over the periods' bounds, then counted and summed by group.
    """
    groups: dict[tuple[int, ...], list[int]] = {}
    for survey_id, reviews in reviews_of.items():
        if reviews:
            groups.setdefault(tuple(r.id for r in reviews), []).append(survey_id)
    if not groups:
        return {}
    when, bounds = [], []
    for survey_ids in groups.values():
        for review in next(reviews_of[s] for s in survey_ids):
            start, end = start_of_day_utc(review.starts_on), _until(review.ends_on)
            when.append((and_(SurveyResponse.survey_id.in_(survey_ids), SurveyResponse.created_at >= start,
                              SurveyResponse.created_at < end), literal_column(str(int(review.id)))))
            bounds.append((start, end))
    placed = (select(SurveyResponse.survey_id, case(*when, else_=None).label("review_id"), *_COLUMNS)
              .where(SurveyResponse.survey_id.in_(list(reviews_of)),
                     SurveyResponse.created_at >= min(b[0] for b in bounds),
                     SurveyResponse.created_at < max(b[1] for b in bounds))
              .subquery())
    rows = db.session.execute(
        select(placed.c.survey_id, placed.c.review_id, func.count(),
               *[func.sum(getattr(placed.c, a)) for a in ANSWERS])
        .where(placed.c.review_id.is_not(None)).group_by(placed.c.survey_id, placed.c.review_id)).all()
    return {(row[0], row[1]): ikm.Tally(int(row[2]), tuple(int(t) for t in row[3:])) for row in rows}


@dataclass(frozen=True)
class PeriodResult:
    review: ReviewPeriod
    result: ikm.Result


def results(survey_id: int, reviews: list[ReviewPeriod]) -> tuple[list[PeriodResult], ikm.Result]:
    """The index per review period and for the year (the sum of its periods' sums), one statement."""
    counted = tallies({survey_id: reviews})
    per = [PeriodResult(r, ikm.compute(counted.get((survey_id, r.id), ikm.EMPTY))) for r in reviews]
    year = ikm.EMPTY
    for r in reviews:
        year = year + counted.get((survey_id, r.id), ikm.EMPTY)
    return per, ikm.compute(year)


def comments(survey_id: int, reviews: list[ReviewPeriod], page: int = 1,
             size: int = COMMENTS_PAGE) -> tuple[list[SurveyResponse], int]:
    """A page of the year's comments, newest first, and how many there are (two statements)."""
    if not reviews:
        return [], 0
    where = (SurveyResponse.survey_id == survey_id, SurveyResponse.comment != "",
             SurveyResponse.created_at >= start_of_day_utc(reviews[0].starts_on),
             SurveyResponse.created_at < _until(reviews[-1].ends_on))
    total = db.session.scalar(select(func.count(SurveyResponse.id)).where(*where)) or 0
    rows = db.session.execute(select(SurveyResponse.id, SurveyResponse.created_at, SurveyResponse.comment)
                              .where(*where).order_by(SurveyResponse.id.desc())
                              .limit(size).offset((page - 1) * size)).all()
    return list(rows), total


@dataclass(frozen=True)
class Feed:
    """What a unit's survey says for one review period: where an indicator fed by the IKM takes its value."""

    survey_id: int
    title: str
    is_open: bool
    result: ikm.Result

    def provenance(self) -> dict:
        return {"kind": "ikm", "survey_id": self.survey_id, "respondents": self.result.respondents,
                "index": str(self.result.shown), "rule": self.result.rule, "version": self.result.version}


def unit_index(unit_id: int, review: ReviewPeriod) -> tuple[str, Feed | None]:
    """The unit's name and its survey's IKM in one review period (None without a survey); one statement."""
    inside = and_(SurveyResponse.survey_id == Survey.id,
                  SurveyResponse.created_at >= start_of_day_utc(review.starts_on),
                  SurveyResponse.created_at < _until(review.ends_on))
    row = db.session.execute(
        select(Unit.name, Survey.id, Survey.title, Survey.status, func.count(SurveyResponse.id),
               *[func.coalesce(func.sum(c), 0) for c in _COLUMNS])
        .select_from(Unit).outerjoin(Survey, Survey.unit_id == Unit.id).outerjoin(SurveyResponse, inside)
        .where(Unit.id == unit_id).group_by(Unit.name, Survey.id, Survey.title, Survey.status)).first()
    if row is None or row[1] is None:
        return (row[0] if row else ""), None
    counted = ikm.Tally(int(row[4]), tuple(int(t) for t in row[5:]))
    return row[0], Feed(row[1], row[2], row[3] == "open", ikm.compute(counted))


def heads_of(unit_ids) -> dict[int, list[str]]:
    """The names of the heads of these units by the org chart (``access.heads_unit``): an active
    employee of the unit whose supervisor is none or works in another unit. One statement."""
    boss = aliased(Employee)
    rows = db.session.execute(
        select(Employee.unit_id, Employee.name).outerjoin(boss, boss.id == Employee.supervisor_id)
        .where(Employee.unit_id.in_(list(unit_ids)), Employee.active.is_(True),
               or_(Employee.supervisor_id.is_(None), boss.unit_id != Employee.unit_id))
        .order_by(Employee.name)).all()
    out: dict[int, list[str]] = {}
    for unit_id, name in rows:
        out.setdefault(unit_id, []).append(name)
    return out


def answer_counts(survey_ids) -> dict[int, int]:
    """Answers per survey, all time (one statement)."""
    if not survey_ids:
        return {}
    return dict(db.session.execute(select(SurveyResponse.survey_id, func.count(SurveyResponse.id))
                                   .where(SurveyResponse.survey_id.in_(list(survey_ids)))
                                   .group_by(SurveyResponse.survey_id)).all())


def units_without_survey(agency_id: int) -> list[tuple[int, str]]:
    """(id, name) of the agency's active units that have no survey yet, by name (one statement)."""
    return list(db.session.execute(
        select(Unit.id, Unit.name).outerjoin(Survey, Survey.unit_id == Unit.id)
        .where(Unit.agency_id == agency_id, Unit.active.is_(True), Survey.id.is_(None)).order_by(Unit.name)).all())


@dataclass(frozen=True)
class Offer:
    """What the realisation form of an indicator fed by the IKM shows: the owner's unit and its survey's
    index for the period (``feed`` None when the unit has no survey)."""

    unit: str
    feed: Feed | None

    @property
    def usable(self) -> bool:
        return self.feed is not None and self.feed.result.index is not None


def feed_of(plan, ind) -> str:
    """Where the indicator's value may come from instead of being typed (its catalogue record's ``feed``)."""
    from flask import current_app

    registry = current_app.extensions["kinerja_registry"]
    declared = registry.indicators.get((plan.employee.agency.code, ind.catalogue_code or ""))
    return getattr(declared.record, "feed", "") if declared else ""


def offer(plan, ind, review: ReviewPeriod) -> Offer | None:
    """For an indicator fed by the IKM: the index of the plan owner's unit in ``review`` (one statement);
    None for any other indicator (no statement)."""
    if feed_of(plan, ind) != "ikm":
        return None
    return Offer(*unit_index(plan.employee.unit_id, review))
