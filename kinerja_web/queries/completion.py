"""Completion as the agency must show it to its allowance office (issue 13, part 5).

Per person of a scope (an agency, or a unit and those below it) and one review period: an approved SKP covering
the period (after a move, the part of the year that covers it, the latest when a move splits the period), its
realisations entered, its required evidence uploaded, the period rated, and which of the agency's deadlines
were missed. People whose status on the period's last day is leave, retirement, discipline or a transfer out
are left out of the counts and listed apart with the reason and the date.

Every answer is a view of one subquery, one row per person with their facts as 0/1 columns (:func:`_facts`):
the summary per unit is a GROUP BY over it, a page of the list a LIMIT/OFFSET over it, an export or the
reminder job a ``yield_per`` stream over it. So a page costs the same statements for ten people or twenty
thousand, and never holds more than a page of them.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import and_, case, false, func, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..models import Employee, Evaluation, Evidence, Plan, PlanIndicator, Realization, ReviewPeriod, Unit, WorkResult
from ..models.status import EXCLUDED, StatusChange
from .dashboard import Scope, tree_order

RATED = ("rated", "final")
PAGE = 100  # people per page of the list, and of the people left out
BATCH = 500  # rows per read when streaming (exports, reminders)
# what the list shows (?tampil=): everyone counted, those not complete, those late against a deadline, and
# those still missing one step (what each figure of the summary opens), each with the Tally field it counts
SHOW = {"semua": "counted", "belum": "incomplete", "terlambat": "late", "tanpa-skp": "skp",
        "tanpa-realisasi": "realised", "tanpa-bukti": "evidence", "belum-dinilai": "rated"}
STEPS = ("tanpa-skp", "tanpa-realisasi", "tanpa-bukti", "belum-dinilai")  # shown: those without the step
INPUT_MISSING = "belum-isi"  # without an approved SKP, realisations or evidence: whom the reminder job writes to


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


@dataclass
class Tally:
    """The counts of one unit (with the units below it) or of the whole scope."""

    counted: int = 0
    skp: int = 0
    realised: int = 0
    evidence: int = 0
    rated: int = 0
    complete: int = 0
    late: int = 0
    left_out: int = 0

    @property
    def incomplete(self) -> int:
        return self.counted - self.complete

    def add(self, other: Tally) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def share(self, name: str) -> int | None:
        """A count as a whole percentage of the people counted (None when nobody is)."""
        return round(100 * getattr(self, name) / self.counted) if self.counted else None

    def of(self, show: str) -> int:
        """How many people the list shows with ``?tampil=show``."""
        value = getattr(self, SHOW[show])
        return self.counted - value if show in STEPS else value


@dataclass
class Summary:
    total: Tally
    units: list[tuple[Unit, int, Tally]]  # (unit, depth 0 or 1, its counts with the units below it) in tree order


def skp_deadline(year: int) -> date:
    """The SKP is set by the end of January (RULES.md §1.2)."""
    return date(year, 1, 31)


def _flag(condition):
    return case((condition, 1), else_=0)


def _facts(scope: Scope, review: ReviewPeriod, today: date):
    """One row per person of the scope, active or left out: who, their unit and supervisor, the plan that
    covers the period, their status on its last day, and their facts as 0/1 columns (0 for people left out)."""
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
    people = (select(Employee.id, Employee.name, Employee.nip, Employee.unit_id, Employee.supervisor_id,
                     Employee.active, plan.label("plan_id"), latest.label("status_id"))
              .where(*conds).subquery("people"))
    # per plan of the scope's people: quantitative indicators without a value, evidence-requiring ones without any
    has_evidence = select(Evidence.id).where(Evidence.realization_id == Realization.id).exists()
    no_value = and_(PlanIndicator.target_kind != "qualitative", Realization.value.is_(None))
    no_evidence = and_(PlanIndicator.evidence_required.is_(True), or_(Realization.id.is_(None), ~has_evidence))
    figures = (select(WorkResult.plan_id, func.count().filter(no_value).label("no_value"),
                      func.count().filter(no_evidence).label("no_evidence"))
               .join(PlanIndicator, PlanIndicator.result_id == WorkResult.id)
               .outerjoin(Realization, and_(Realization.indicator_id == PlanIndicator.id,
                                            Realization.review_id == review.id))
               .join(Plan, Plan.id == WorkResult.plan_id).join(Employee, Employee.id == Plan.employee_id)
               .where(*conds, Plan.period_id == review.period_id, Plan.status == "approved")
               .group_by(WorkResult.plan_id).subquery("figures"))
    rated = select(Evaluation.id).where(Evaluation.plan_id == people.c.plan_id, Evaluation.review_id == review.id,
                                        Evaluation.status.in_(RATED)).exists()
    boss = aliased(Employee)
    excluded = func.coalesce(StatusChange.kind, "").in_(EXCLUDED)
    counted = ~excluded
    skp = and_(counted, people.c.plan_id.is_not(None))
    realised = and_(skp, func.coalesce(figures.c.no_value, 0) == 0)
    evidence = and_(skp, func.coalesce(figures.c.no_evidence, 0) == 0)
    late_skp = and_(counted, ~skp) if today > skp_deadline(review.period.year) else false()
    late_input = (and_(counted, or_(~realised, ~evidence))
                  if review.input_deadline and today > review.input_deadline else false())
    return (select(people.c.id.label("employee_id"), people.c.name, people.c.nip, people.c.unit_id,
                   Unit.name.label("unit"), people.c.supervisor_id, boss.name.label("supervisor"), people.c.plan_id,
                   StatusChange.kind.label("reason"), StatusChange.effective_on.label("since"),
                   _flag(excluded).label("excluded"), _flag(skp).label("skp"), _flag(realised).label("realised"),
                   _flag(evidence).label("evidence"), _flag(and_(skp, rated)).label("rated"),
                   _flag(and_(realised, evidence, rated)).label("complete"),
                   _flag(late_skp).label("late_skp"), _flag(late_input).label("late_input"),
                   _flag(or_(late_skp, late_input)).label("late"), _flag(and_(realised, evidence)).label("input_done"))
            .join(Unit, Unit.id == people.c.unit_id).outerjoin(boss, boss.id == people.c.supervisor_id)
            .outerjoin(StatusChange, StatusChange.id == people.c.status_id)
            .outerjoin(figures, figures.c.plan_id == people.c.plan_id)
            # someone who left is usually deactivated too: still listed apart, with the reason
            .where(or_(people.c.active.is_(True), excluded))
            .subquery("facts"))


COUNTS = ("skp", "realised", "evidence", "rated", "complete", "late")


def summary(scope: Scope, review: ReviewPeriod, today: date) -> Summary:
    """The counts per unit (its own people, then rolled up the tree: units, never people, in Python) and for
    the scope: one statement. The units are two levels of the tree, so an agency of 600 units answers with its
    top unit and its bidang, and each drills down to its own list."""
    facts = _facts(scope, review, today)
    own = {unit_id: Tally(counted=int(counted or 0), left_out=int(left or 0),
                          **{name: int(value or 0) for name, value in zip(COUNTS, values, strict=True)})
           for unit_id, counted, left, *values in db.session.execute(
               select(facts.c.unit_id, func.sum(1 - facts.c.excluded), func.sum(facts.c.excluded),
                      *(func.sum(facts.c[name]) for name in COUNTS)).group_by(facts.c.unit_id))}
    parents = {u.id: u.parent_id for u in scope.units}
    rolled: dict[int, Tally] = {}
    total = Tally()
    for unit_id, tally in own.items():
        total.add(tally)
        seen = set()
        while unit_id is not None and unit_id not in seen:  # a looped tree ends too
            seen.add(unit_id)
            rolled.setdefault(unit_id, Tally()).add(tally)
            unit_id = parents.get(unit_id)
    # two levels: the scope's top unit(s) and the units right below; a unit's own list shows the next level
    units = [(u, depth, rolled[u.id]) for u, depth in tree_order(scope.units, scope.unit.id if scope.unit else None)
             if u.id in rolled and depth <= 1]
    return Summary(total, units)


def _ordered(facts, show: str | None):
    if show is None:
        where = facts.c.excluded == 1
    elif show == "semua":
        where = facts.c.excluded == 0
    elif show == "terlambat":
        where = facts.c.late == 1
    else:  # everyone counted without ...
        where = and_(facts.c.excluded == 0, facts.c[{"belum": "complete", INPUT_MISSING: "input_done"}.get(
            show, SHOW.get(show, ""))] == 0)
    return select(facts).where(where).order_by(facts.c.unit, facts.c.name, facts.c.employee_id)


def _row(r, review: ReviewPeriod) -> Row:
    late = ((("skp", skp_deadline(review.period.year)),) if r.late_skp else ()) + (
        (("input", review.input_deadline),) if r.late_input else ())
    return Row(r.employee_id, r.name, r.nip, r.unit, r.supervisor_id, r.supervisor, r.plan_id, bool(r.skp),
               bool(r.realised), bool(r.evidence), bool(r.rated), late)


def _excluded(r) -> Excluded:
    return Excluded(r.employee_id, r.name, r.nip, r.unit, r.reason, r.since)


def people(scope: Scope, review: ReviewPeriod, today: date, show: str = "semua", page: int = 1) -> list[Row]:
    """One page of the people counted (``show``: everyone, the incomplete or the late), by unit and name."""
    query = _ordered(_facts(scope, review, today), show).limit(PAGE).offset((page - 1) * PAGE)
    return [_row(r, review) for r in db.session.execute(query)]


def left_out(scope: Scope, review: ReviewPeriod, today: date, page: int = 1) -> list[Excluded]:
    """One page of the people left out of the counts, by unit and name."""
    query = _ordered(_facts(scope, review, today), None).limit(PAGE).offset((page - 1) * PAGE)
    return [_excluded(r) for r in db.session.execute(query)]


def stream(scope: Scope, review: ReviewPeriod, today: date, show: str = "semua") -> Iterator[Row]:
    """Every person ``show`` selects, read in batches (one statement): for the exports and the reminders.

    The statement is built now and run when the rows are first read (inside a streamed response's body,
    after the request's own commit), so a PostgreSQL server-side cursor is never opened in a transaction
    that ends before it is read."""
    query = _ordered(_facts(scope, review, today), show).execution_options(yield_per=BATCH)
    return _lazy(query, lambda r: _row(r, review))


def stream_left_out(scope: Scope, review: ReviewPeriod, today: date) -> Iterator[Excluded]:
    """The people left out, read as :func:`stream` reads."""
    return _lazy(_ordered(_facts(scope, review, today), None).execution_options(yield_per=BATCH), _excluded)


def _lazy(query, make) -> Iterator:
    for r in db.session.execute(query):
        yield make(r)


def pages(count: int) -> int:
    return max((count + PAGE - 1) // PAGE, 1)

