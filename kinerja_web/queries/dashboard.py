"""What the leaders' dashboards read: attainment, the cycle's progress, predikat and IKM, per unit, in SQL.

A dashboard is about a :class:`Scope`: an agency's year, as of its latest ended review period, for the
whole agency or one unit with the units below it. Every figure is a GROUP BY in one statement whatever
the agency's size; Python only walks the unit tree (units, never people) and shapes rows for the page.

Attainment (capaian) here is the national formula of RULES.md §3.3 written in SQL, per indicator of an
approved SKP: the realisation to date (summed, latest, mean or best, as the indicator rolls up) against
the target due to date (a summed target pro rata), lower-is-better, range and growth targets as the
national rules score them. A plugin's own sector rule (a cap, a tolerance, a seasonal due rule) is applied
on each person's monitoring page, not here; and one indicator counts at most 200 % in a mean, so a
mistyped realisation cannot carry a unit. Qualitative targets are judged by the assessor and left out.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import (
    Float,
    String,
    and_,
    case,
    cast,
    distinct,
    exists,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import aliased, joinedload

from ..extensions import db
from ..models import (
    Agency,
    AgencyGoal,
    Calibration,
    Employee,
    Evaluation,
    Period,
    Plan,
    PlanIndicator,
    PlanStanding,
    ReviewPeriod,
    Standing,
    Survey,
    Unit,
    WorkResult,
)
from ..rules.types import Predicate
from .cache import cached, remember, stamp_columns

CAP = 200.0  # the most one indicator counts in a mean, in percent
LIST_PAGE = 50
LATE_KINDS = ("skp", "realisasi", "penilaian")


@dataclass
class Scope:
    """An agency's year for a dashboard: the whole agency (``unit`` None) or a unit and those below it."""

    agency: Agency
    units: list[Unit]  # every unit of the agency, by name
    period: Period | None
    reviews: list[ReviewPeriod]
    years: list[int]
    unit: Unit | None = None
    surveys: dict[int, tuple[int, str]] = field(default_factory=dict)  # unit id → (survey id, title)
    own_only: bool = False  # the unit's own people, not those of the units below it

    @property
    def key(self) -> tuple:
        """What the scope's figures depend on, for :func:`~kinerja_web.queries.cache.cached` (the unit tree
        itself is counted data)."""
        return (self.agency.id, self.period.id if self.period else None, self.unit.id if self.unit else None,
                self.own_only)

    @property
    def unit_ids(self) -> list[int] | None:
        """The unit and every unit below it (only the unit with ``own_only``); None for the whole agency."""
        if self.unit is None:
            return None
        return [self.unit.id] if self.own_only else subtree(self.units, self.unit.id)

    def ended(self, today) -> list[ReviewPeriod]:
        return [r for r in self.reviews if r.ends_on < today]

    def as_of(self, today) -> ReviewPeriod | None:
        """The latest review period that has ended: figures to date stop there."""
        ended = self.ended(today)
        return ended[-1] if ended else None


def children_of(units: list[Unit]) -> dict[int | None, list[int]]:
    """Parent id → the ids of the units directly below it."""
    children: dict[int | None, list[int]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u.id)
    return children


def subtree(units: list[Unit], root_id: int, children: dict[int | None, list[int]] | None = None) -> list[int]:
    """``root_id`` and the ids of every unit below it (a looped tree ends too); ``children``: the units'
    :func:`children_of`, when the caller walks several subtrees."""
    if children is None:
        children = children_of(units)
    out, todo, seen = [], [root_id], set()
    while todo:
        uid = todo.pop()
        if uid in seen:
            continue
        seen.add(uid)
        out.append(uid)
        todo.extend(children.get(uid, ()))
    return out


def tree_order(units: list[Unit], root_id: int | None = None) -> list[tuple[Unit, int]]:
    """(unit, depth) in tree order under ``root_id`` (the unit itself first), or the whole agency."""
    by_parent: dict[int | None, list[Unit]] = {}
    ids = {u.id for u in units}
    for u in units:
        by_parent.setdefault(u.parent_id if u.parent_id in ids else None, []).append(u)
    out, seen = [], set()

    def walk(unit: Unit, depth: int) -> None:
        if unit.id in seen:
            return
        seen.add(unit.id)
        out.append((unit, depth))
        for child in by_parent.get(unit.id, ()):
            walk(child, depth + 1)

    roots = [u for u in units if u.id == root_id] if root_id else by_parent.get(None, [])
    for root in roots:
        walk(root, 0)
    return out


def units_of(agency_id: int | None = None, unit_id: int | None = None) -> list[tuple[Unit, int | None, str | None]]:
    """Every unit of an agency (or of the agency of ``unit_id``), by name, with its agency loaded and its
    survey (id, title) if it has one: one statement, which reads the cache's stamp as well."""
    if unit_id is not None:
        agency_id = select(Unit.agency_id).where(Unit.id == unit_id).scalar_subquery()
    stamp = stamp_columns()
    rows = db.session.execute(
        select(Unit, Survey.id, Survey.title, *stamp).outerjoin(Survey, Survey.unit_id == Unit.id)
        .where(Unit.agency_id == agency_id).options(joinedload(Unit.agency)).order_by(Unit.name, Unit.id)).all()
    if rows:
        remember(rows[0][3:])
    return [(r[0], r[1], r[2]) for r in rows]


# -- the building blocks --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Where:
    """Which people and which plans a figure counts: conditions on :class:`Employee` and on :class:`Plan`."""

    people: object
    plans: object


def scope_where(scope: Scope) -> Where:
    """The scope's active people (of the agency, in the unit's subtree) and their approved SKP of the year."""
    conds = [Employee.agency_id == scope.agency.id, Employee.active.is_(True)]
    if scope.unit_ids is not None:
        conds.append(Employee.unit_id.in_(scope.unit_ids))
    return Where(and_(*conds), and_(Plan.period_id == scope.period.id, Plan.status == "approved"))


def province_where(year: int) -> Where:
    """Every active employee of the province and their approved SKP of ``year`` (each agency's own period)."""
    return Where(Employee.active.is_(True), and_(Plan.status == "approved", Plan.period_id.in_(
        select(Period.id).where(Period.year == year))))


def _f(col):
    return cast(col, Float)


def attainment_expr(to_date, factor, c=PlanIndicator):
    """Percent attainment of one indicator row (``c``: :class:`PlanIndicator` or a subquery's columns of the
    same names) from ``to_date`` and the share of a summed target that is due (``factor``, a number or a
    column); NULL where no formula applies. Capped at :data:`CAP`."""
    factor = factor if hasattr(factor, "compile") else literal(float(factor))
    due = case((c.aggregation == "sum", factor), else_=literal(1.0))
    td, t, up = _f(to_date), _f(c.target_value) * due, _f(c.target_upper) * due
    level = _f(c.baseline_value) * (1 + _f(c.target_value) / 100) * due
    raw = case(
        (td.is_(None), null()),
        (and_(c.target_kind == "range", t > 0, up > 0),
         case((td > up, td / up * 100), (td < t, td / t * 100), else_=literal(100.0))),
        (c.target_kind == "growth", case((level > 0, td / level * 100), else_=null())),
        (c.scoring == "lower_is_better",
         case((c.target_value == 0, case((td <= 0, literal(100.0)), else_=literal(0.0))),
              (t > 0, (2 - td / t) * 100), else_=null())),
        (t > 0, td / t * 100),
        else_=null())
    return case((raw > CAP, literal(CAP)), (raw < 0, literal(0.0)), else_=raw)


def indicators(where: Where, today, cascade: bool = True):
    """Subquery: one row per counted indicator of an approved SKP, with its employee, unit, agency, RHK,
    realisation to date (``to_date``: the review periods ended before ``today``), attainment (``pct``, NULL
    without realisation or target) and how many of the ended periods have a value (``reviews_due``,
    ``reviews_entered``); with ``cascade``, the agency goal its RHK serves and the RHK at the top of that
    cascade (``goal_id``, ``root_id``; NULL otherwise).

    The figures come from the read model (:class:`~kinerja_web.models.Standing`, kept by the write path): the
    row of each indicator as of the latest review period of its year that ended before ``today``. So a view
    reads one row per indicator instead of grouping every realisation. The rows are read once (a MATERIALIZED
    common table expression) however often the statement uses them."""
    asof, st = _as_of(today), aliased(Standing, name="dash_st")
    if cascade:
        ups, goal, root = _cascade(WorkResult.id)
    else:
        ups, goal, root = [], null(), null()
    rows = (select(PlanIndicator.id.label("id"), PlanIndicator.name.label("name"),
                   func.coalesce(PlanIndicator.catalogue_code, PlanIndicator.name).label("key"),
                   PlanIndicator.target_value.label("target"), PlanIndicator.target_upper,
                   PlanIndicator.baseline_value, PlanIndicator.target_kind, PlanIndicator.scoring,
                   PlanIndicator.aggregation, PlanIndicator.unit.label("measure"), WorkResult.id.label("result_id"),
                   WorkResult.text.label("result"), Plan.id.label("plan_id"), Employee.id.label("employee_id"),
                   Employee.name.label("employee"), Employee.unit_id.label("unit_id"),
                   Employee.agency_id.label("agency_id"), goal.label("goal_id"), root.label("root_id"),
                   st.to_date.label("to_date"), st.pct.label("pct"),
                   func.coalesce(st.reviews_due, 0).label("reviews_due"),
                   func.coalesce(st.reviews_entered, 0).label("reviews_entered"))
            .select_from(Plan).join(Employee, Employee.id == Plan.employee_id)
            .join(WorkResult, WorkResult.plan_id == Plan.id)
            .join(PlanIndicator, PlanIndicator.result_id == WorkResult.id)
            .outerjoin(asof, asof.c.period_id == Plan.period_id)
            .outerjoin(st, and_(st.indicator_id == PlanIndicator.id, st.review_id == asof.c.review_id)))
    for level, on in ups:
        rows = rows.outerjoin(level, on)
    dated = (rows.where(where.people, where.plans, PlanIndicator.target_kind != "qualitative")
             .cte("dash_ind").prefix_with("MATERIALIZED"))
    return select(dated).subquery()


DEPTH = 6  # RHK levels searched above an indicator's RHK for the agency goal it serves


def _cascade(start):
    """(goal id, top RHK id) of the RHK ``start`` (a column of result ids): the first of it and the RHK above
    it (``parent_id``, up to :data:`DEPTH` levels) that names an agency goal. Each level is a primary-key
    look-up, so this costs the same in any database whatever the agency's size. Returns (joins, goal, root)."""
    levels = [aliased(WorkResult, name=f"dash_up{n}") for n in range(DEPTH)]
    joins = [(levels[0], levels[0].id == start)]
    for n in range(1, DEPTH):
        joins.append((levels[n], levels[n].id == levels[n - 1].parent_id))
    goal = func.coalesce(*(lv.goal_id for lv in levels))
    root = case(*((lv.goal_id.is_not(None), lv.id) for lv in levels), else_=null())
    return joins, goal, root


# -- the dashboard's figures --------------------------------------------------------------------------------

@dataclass
class UnitFigures:
    """One unit's own people (not the units below it) and where their year stands."""

    people: int = 0
    skp: int = 0  # with an approved SKP for the year
    values_due: int = 0  # indicator × ended review period
    values_entered: int = 0
    late_values: int = 0  # people with a value missing
    evals_due: int = 0  # approved SKP × ended review period
    evals_final: int = 0
    late_evals: int = 0  # people with an ended period not evaluated (final)
    indicators: int = 0  # with an attainment
    attainment: float | None = None  # mean percent

    def __iadd__(self, other: UnitFigures) -> UnitFigures:
        n = self.indicators + other.indicators
        if n:
            mine, theirs = (self.attainment or 0) * self.indicators, (other.attainment or 0) * other.indicators
            self.attainment = (mine + theirs) / n
        self.indicators = n
        self.people += other.people
        self.skp += other.skp
        self.values_due += other.values_due
        self.values_entered += other.values_entered
        self.late_values += other.late_values
        self.evals_due += other.evals_due
        self.evals_final += other.evals_final
        self.late_evals += other.late_evals
        return self

    @property
    def late_skp(self) -> int:
        return self.people - self.skp

    def share(self, part: str, whole: str) -> float | None:
        total = getattr(self, whole)
        return getattr(self, part) * 100 / total if total else None


def figures(where: Where, group: str, today) -> dict[int, UnitFigures]:
    """``group`` ("unit_id" or "agency_id") → :class:`UnitFigures` of the people ``where`` counts:
    one statement of grouped subqueries."""
    key = getattr(Employee, group)
    approved = exists().where(Plan.employee_id == Employee.id, where.plans)
    people = (select(key.label("key"), func.count(Employee.id).label("people"),
                     func.sum(case((approved, 1), else_=0)).label("skp"))
              .where(where.people).group_by(key).subquery())
    asof = _as_of(today)
    values = (select(key.label("key"), func.sum(PlanStanding.values_due).label("due"),
                     func.sum(PlanStanding.values_entered).label("entered"),
                     func.count(distinct(case((PlanStanding.late, Employee.id)))).label("late"),
                     func.sum(PlanStanding.pct_n).label("n"), func.sum(PlanStanding.pct_sum).label("total"))
              .select_from(Plan).join(Employee, Employee.id == Plan.employee_id)
              .join(asof, asof.c.period_id == Plan.period_id)
              .join(PlanStanding, and_(PlanStanding.plan_id == Plan.id, PlanStanding.review_id == asof.c.review_id))
              .where(where.people, where.plans).group_by(key).subquery())
    rev2 = aliased(ReviewPeriod)
    evals = (select(key.label("key"), func.count().label("due"), func.count(Evaluation.id).label("final"),
                    func.count(distinct(case((Evaluation.id.is_(None), Employee.id)))).label("late"))
             .select_from(Plan).join(Employee, Employee.id == Plan.employee_id)
             .join(rev2, and_(rev2.period_id == Plan.period_id, rev2.ends_on < today))
             .outerjoin(Evaluation, and_(Evaluation.plan_id == Plan.id, Evaluation.review_id == rev2.id,
                                         Evaluation.status == "final"))
             .where(where.people, where.plans).group_by(key).subquery())
    rows = db.session.execute(
        select(people.c.key, people.c.people, people.c.skp, values.c.due, values.c.entered, values.c.late,
               evals.c.due, evals.c.final, evals.c.late, values.c.n, values.c.total)
        .outerjoin(values, values.c.key == people.c.key)
        .outerjoin(evals, evals.c.key == people.c.key)).all()
    return {r[0]: UnitFigures(*(int(v or 0) for v in r[1:10]), float(r[10]) / int(r[9]) if r[9] else None)
            for r in rows}


def _as_of(today):
    """Subquery: per period, the id of its latest review period that ended before ``today``."""
    latest = (select(ReviewPeriod.period_id.label("period_id"), func.max(ReviewPeriod.seq).label("seq"))
              .where(ReviewPeriod.ends_on < today).group_by(ReviewPeriod.period_id).subquery("dash_latest"))
    return (select(ReviewPeriod.period_id.label("period_id"), ReviewPeriod.id.label("review_id"))
            .join(latest, and_(latest.c.period_id == ReviewPeriod.period_id, latest.c.seq == ReviewPeriod.seq))
            .subquery("dash_asof_review"))


def unit_figures(scope: Scope, today) -> dict[int, UnitFigures]:
    """Unit id → :class:`UnitFigures` of its own people in scope (one statement)."""
    if scope.period is None:
        return {}
    return cached("unit_figures", (scope.key, today), lambda: figures(scope_where(scope), "unit_id", today))


@dataclass(frozen=True)
class Breakdown:
    """One row of attainment by goal, by top RHK or by indicator."""

    kind: str  # goal | rhk | iki
    key: str
    label: str
    people: int
    indicators: int  # with an attainment
    attainment: float | None


def breakdown(scope: Scope, today, limit: int = 12) -> dict[str, list[Breakdown]]:
    """Attainment per agency goal (every goal of the year, supported or not), per RHK at the top of a goal's
    cascade, and per indicator (the ``limit`` most common), of the people in scope: one statement."""
    if scope.period is None:
        return {"goal": [], "rhk": [], "iki": []}
    return cached("breakdown", (scope.key, today, limit), lambda: _breakdown(scope, today, limit))


def _breakdown(scope: Scope, today, limit: int) -> dict[str, list[Breakdown]]:
    out: dict[str, list[Breakdown]] = {"goal": [], "rhk": [], "iki": []}
    ind = linked = indicators(scope_where(scope), today)
    goals = (select(literal("goal").label("kind"), cast(AgencyGoal.id, String).label("key"),
                    AgencyGoal.text.label("label"), func.count(distinct(linked.c.employee_id)),
                    func.count(linked.c.pct), func.avg(linked.c.pct))
             .outerjoin(linked, linked.c.goal_id == AgencyGoal.id)
             .where(AgencyGoal.agency_id == scope.agency.id, AgencyGoal.year == scope.period.year)
             .group_by(AgencyGoal.id, AgencyGoal.text))
    top = aliased(WorkResult)
    rhk = (select(literal("rhk"), cast(top.id, String), top.text, func.count(distinct(linked.c.employee_id)),
                  func.count(linked.c.pct), func.avg(linked.c.pct))
           .select_from(linked).join(top, top.id == linked.c.root_id).group_by(top.id, top.text))
    common = (select(literal("iki").label("kind"), ind.c.key.label("key"), func.min(ind.c.name).label("label"),
                     func.count(distinct(ind.c.employee_id)).label("people"), func.count(ind.c.pct).label("n"),
                     func.avg(ind.c.pct).label("mean"))
              .group_by(ind.c.key).order_by(func.count(distinct(ind.c.employee_id)).desc(), ind.c.key)
              .limit(limit).subquery())
    iki = select(common.c.kind, common.c.key, common.c.label, common.c.people, common.c.n, common.c.mean)
    for kind, key, label, people, n, mean in db.session.execute(union_all(goals, rhk, iki)).all():
        out[kind].append(Breakdown(kind, str(key), label, int(people or 0), int(n or 0),
                                   None if mean is None else float(mean)))
    for rows in out.values():
        rows.sort(key=lambda b: (b.kind == "iki" and -b.people, b.label))
    return out


@dataclass(frozen=True)
class TrendPoint:
    review: ReviewPeriod
    due: int  # indicator slots of the period
    entered: int
    attainment: float | None  # mean attainment of the period's own realisations against its share
    plans: int
    final: int  # final evaluations of the period


def trend(scope: Scope, today) -> list[TrendPoint]:
    """Per review period ended so far (the first one while it runs): realisations entered, the period's own
    attainment (what was realised in it against what was due in it) and final evaluations. One statement."""
    started = scope.ended(today) or [r for r in scope.reviews[:1] if r.starts_on <= today]
    if scope.period is None or not started:
        return []
    found = cached("trend", (scope.key, today, tuple(r.id for r in started)), lambda: _trend(scope, started))
    out = []
    for review in started:
        due, entered, mean, plans, final_n = found.get(review.id, (0, 0, None, 0, 0))
        out.append(TrendPoint(review, int(due), int(entered), None if mean is None else float(mean), int(plans),
                              int(final_n or 0)))
    return out


def _trend(scope: Scope, started: list[ReviewPeriod]) -> dict[int, tuple]:
    """From the read model's plan rows (:class:`~kinerja_web.models.PlanStanding`): each period's own values."""
    where = scope_where(scope)
    final = (select(func.count(Evaluation.id)).join(Plan, Plan.id == Evaluation.plan_id)
             .join(Employee, Employee.id == Plan.employee_id)
             .where(Evaluation.review_id == PlanStanding.review_id, Evaluation.status == "final", where.people,
                    where.plans)
             .correlate(PlanStanding).scalar_subquery())
    rows = db.session.execute(
        select(PlanStanding.review_id, func.sum(PlanStanding.indicators), func.sum(PlanStanding.own_entered),
               func.sum(PlanStanding.own_pct_n), func.sum(PlanStanding.own_pct_sum), func.count(Plan.id), final)
        .select_from(PlanStanding).join(Plan, Plan.id == PlanStanding.plan_id)
        .join(Employee, Employee.id == Plan.employee_id)
        .where(PlanStanding.review_id.in_([r.id for r in started]), where.people, where.plans)
        .group_by(PlanStanding.review_id)).all()
    return {r[0]: (r[1], r[2], float(r[4]) / int(r[3]) if r[3] else None, r[5], r[6]) for r in rows}


def distribution(scope: Scope, review_id: int | None) -> tuple[Counter, str | None]:
    """Final predikat of the scope's people in one review period (None: the annual evaluations of the year),
    and the organisation predikat set for the unit (else the agency) in calibration: one statement."""
    if scope.period is None:
        return Counter(), None
    return cached("distribution", (scope.key, review_id), lambda: _distribution(scope, review_id))


def _distribution(scope: Scope, review_id: int | None) -> tuple[Counter, str | None]:
    unit_id = scope.unit.id if scope.unit else None
    org = (select(Calibration.org_predicate)
           .where(Calibration.agency_id == scope.agency.id, Calibration.year == scope.period.year,
                  Calibration.review_id == review_id if review_id else Calibration.review_id.is_(None),
                  or_(Calibration.unit_id.is_(None), Calibration.unit_id == unit_id),
                  Calibration.org_predicate.is_not(None))
           .order_by(Calibration.unit_id.is_(None)).limit(1).scalar_subquery())
    counted = (select(Evaluation.predicate.label("predicate"), func.count(Evaluation.id).label("n"))
               .join(Plan, Plan.id == Evaluation.plan_id).join(Employee, Employee.id == Plan.employee_id)
               .where(scope_where(scope).people, Plan.period_id == scope.period.id, Evaluation.status == "final",
                      Evaluation.review_id == review_id if review_id else Evaluation.review_id.is_(None))
               .group_by(Evaluation.predicate).subquery())
    rows = db.session.execute(select(org, counted.c.predicate, counted.c.n)
                              .select_from(select(literal(1).label("one")).subquery())
                              .outerjoin(counted, true())).all()
    found = Counter({Predicate(p): int(n) for _, p, n in rows if p in set(Predicate)})
    return found, rows[0][0] if rows else None


def ikm_by_unit(scope: Scope) -> dict[int, tuple[int, str, object]]:
    """Unit id → (survey id, title, the year's :class:`~kinerja_web.rules.ikm.Result`) for the units in scope
    with a survey: the answers counted by ``queries.ikm.tallies`` (one statement, none without a survey)."""
    from ..rules import ikm as rules_ikm
    from .ikm import tallies

    ids = scope.unit_ids
    surveys = {uid: s for uid, s in scope.surveys.items() if ids is None or uid in ids}
    if not surveys or not scope.reviews:
        return {}
    counted = tallies({sid: scope.reviews for sid, _ in surveys.values()})
    out = {}
    for uid, (sid, title) in surveys.items():
        year = rules_ikm.EMPTY
        for review in scope.reviews:
            year = year + counted.get((sid, review.id), rules_ikm.EMPTY)
        out[uid] = (sid, title, rules_ikm.compute(year))
    return out


def province(year: int, today) -> tuple[list[Agency], dict[int, UnitFigures], dict[int, Counter]]:
    """Every agency, its figures for ``year`` and the final predikat of its latest ended review period:
    three statements, whatever the province's size."""
    agencies = db.session.scalars(select(Agency).order_by(Agency.name)).all()
    found, counts = cached("province", (year, today), lambda: _province(year, today))
    return list(agencies), found, counts


def _province(year: int, today) -> tuple[dict[int, UnitFigures], dict[int, Counter]]:
    found = figures(province_where(year), "agency_id", today)
    latest = (select(ReviewPeriod.id).where(ReviewPeriod.period_id == Plan.period_id, ReviewPeriod.ends_on < today)
              .order_by(ReviewPeriod.seq.desc()).limit(1).correlate(Plan).scalar_subquery())
    where = province_where(year)
    rows = db.session.execute(
        select(Employee.agency_id, Evaluation.predicate, func.count(Evaluation.id))
        .join(Plan, Plan.id == Evaluation.plan_id).join(Employee, Employee.id == Plan.employee_id)
        .where(where.people, where.plans, Evaluation.status == "final", Evaluation.review_id == latest)
        .group_by(Employee.agency_id, Evaluation.predicate)).all()
    counts: dict[int, Counter] = {}
    for agency_id, predicate, n in rows:
        if predicate in set(Predicate):
            counts.setdefault(agency_id, Counter())[Predicate(predicate)] = int(n)
    return found, counts
