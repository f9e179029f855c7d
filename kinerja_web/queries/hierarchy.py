"""Hierarchy guardrails: what in an agency's reporting lines will block someone, found before it does.

Every check covers the whole agency in one statement: a page of rows with the total counted by a
window function, or an aggregate. :func:`report` therefore costs the same ten statements for an
agency of twenty people or of 17,000, and :func:`problem_count` two.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import aliased, joinedload

from ..clock import start_of_day_utc, today
from ..extensions import db
from ..models import (
    Agency,
    Employee,
    Notification,
    Period,
    Plan,
    Position,
    SupervisorCorrection,
    Unit,
    User,
    WorkResult,
)
from .supervisor_proposal import suggester

LIMIT = 50  # rows shown per kind of problem; the total is always shown beside them
REMINDER = "skp_needed"  # the notification kind of a reminder to a supervisor without an approved SKP

Boss = aliased(Employee, name="boss")
BossUnit = aliased(Unit, name="boss_unit")
BossAgency = aliased(Agency, name="boss_agency")
BossPosition = aliased(Position, name="boss_position")


@dataclass(frozen=True)
class Row:
    """One person with a problem: who, where, their supervisor now, and what is proposed instead."""

    id: int
    name: str
    nip: str
    unit_id: int
    unit: str
    position: str
    kind: str
    boss_id: int | None = None
    boss: str = ""
    boss_nip: str = ""
    boss_unit: str = ""
    boss_agency: str = ""
    boss_active: bool = True
    suggestion: tuple | None = None  # (id, name, nip, position name)


def _year(agency_id: int):
    """The agency's newest performance year: the SKP year people plan and link RHK in."""
    # correlate(None): inside a query that has Period in its FROM it must still look at every period
    return select(func.max(Period.year)).where(Period.agency_id == agency_id).correlate(None).scalar_subquery()


def _person(agency_id: int, *columns):
    return (select(Employee.id, Employee.name, Employee.nip, Employee.unit_id, Unit.name, Position.name,
                   Position.kind, *columns)
            .join(Unit, Unit.id == Employee.unit_id).join(Position, Position.id == Employee.position_id)
            .where(Employee.agency_id == agency_id, Employee.active.is_(True)))


def _no_supervisor(agency_id: int):
    # The head of the agency is appraised by the head of region, outside the system: the JPT
    # of a top unit with no supervisor (access.is_head_of) is expected to have none.
    head = and_(Position.kind == "jpt", Unit.parent_id.is_(None))
    return _person(agency_id).where(Employee.supervisor_id.is_(None), ~head)


def _with_boss(agency_id: int):
    return (_person(agency_id, Boss.id, Boss.name, Boss.nip, BossUnit.name, BossAgency.name, Boss.active)
            .join(Boss, Boss.id == Employee.supervisor_id).join(BossUnit, BossUnit.id == Boss.unit_id)
            .join(BossAgency, BossAgency.id == Boss.agency_id))


def _bad_supervisor(agency_id: int):
    return _with_boss(agency_id).where(or_(Boss.active.is_(False), Boss.agency_id != agency_id))


def _unit_mismatch(agency_id: int):
    """The supervisor's unit is neither the person's unit nor one above it (the SMA staff under the SD/MI head).

    The unit tree's closure is a recursive CTE; UNION (not UNION ALL) ends it even on a looped tree.
    """
    tree = select(Unit.id.label("unit_id"), Unit.id.label("above_id")).where(
        Unit.agency_id == agency_id).cte("unit_tree", recursive=True)
    parent = aliased(Unit)
    tree = tree.union(select(tree.c.unit_id, parent.parent_id).join(parent, parent.id == tree.c.above_id)
                      .where(parent.parent_id.is_not(None)))
    within = exists().where(tree.c.unit_id == Employee.unit_id, tree.c.above_id == Boss.unit_id)
    return _with_boss(agency_id).where(Boss.active.is_(True), Boss.agency_id == agency_id, ~within)


def _has_rhk(employee_id, year):
    """An approved SKP of ``year`` with at least one RHK: what staff link their own RHK to."""
    return (exists().where(WorkResult.plan_id == Plan.id, Plan.employee_id == employee_id,
                           Plan.status == "approved", Plan.period_id == Period.id, Period.year == year))


def _waiting(agency_id: int):
    """Supervisors (active, of the agency) with no approved SKP with RHK for the year, and how many
    active staff wait on them. Teams are counted first, so the SKP is looked up once per supervisor,
    not once per employee (16,000 probes became 2,000 in the province benchmark)."""
    year = _year(agency_id)
    teams = (select(Employee.supervisor_id.label("boss_id"), func.count().label("waiting"))
             .where(Employee.agency_id == agency_id, Employee.active.is_(True), Employee.supervisor_id.is_not(None))
             .group_by(Employee.supervisor_id).subquery("teams"))
    return (select(teams.c.boss_id, teams.c.waiting).join(Boss, Boss.id == teams.c.boss_id)
            .where(Boss.active.is_(True), Boss.agency_id == agency_id, year.is_not(None), ~_has_rhk(Boss.id, year))
            .subquery("waiting"))


def _boss_plan_status(year):
    return (select(Plan.status).join(Period, Period.id == Plan.period_id)
            .where(Plan.employee_id == Boss.id, Period.year == year)
            .order_by(Plan.version.desc()).limit(1).scalar_subquery())


def _page(stmt, order, limit):
    rows = db.session.execute(stmt.add_columns(func.count().over()).order_by(*order).limit(limit)).all()
    return [tuple(r)[:-1] for r in rows], (rows[0][-1] if rows else 0)


def find_loops(pairs) -> list[list[int]]:
    """The reporting loops among ``(employee id, supervisor id)`` pairs, each from its lowest id on.

    Each person has at most one supervisor, so walking up from everyone once and colouring whom
    a walk has seen finds every loop in O(n): a few milliseconds for 17,000 pairs, where a
    recursive query would expand every chain for every starting person.
    """
    up = dict(pairs)
    done: set[int] = set()
    loops = []
    for start in up:
        path: dict[int, int] = {}
        node = start
        while node is not None and node not in done and node not in path:
            path[node] = len(path)
            node = up.get(node)
        if node is not None and node in path:
            members = list(path)[path[node]:]
            first = members.index(min(members))
            loops.append(members[first:] + members[:first])
        done.update(path)
    return sorted(loops)


def _pairs(agency_id: int):
    return db.session.execute(select(Employee.id, Employee.supervisor_id).where(
        Employee.agency_id == agency_id, Employee.active.is_(True), Employee.supervisor_id.is_not(None))).all()


def problem_count(agency_id: int) -> int:
    """How many problems the guardrails page lists for the agency (two statements)."""
    def count(stmt):
        return select(func.count()).select_from(stmt.subquery()).scalar_subquery()

    pending = (select(func.count(SupervisorCorrection.id)).join(SupervisorCorrection.employee)
               .where(Employee.agency_id == agency_id, SupervisorCorrection.status == "pending").scalar_subquery())
    supervisors = select(func.count()).select_from(_waiting(agency_id)).scalar_subquery()
    total = db.session.scalar(select(count(_no_supervisor(agency_id)) + count(_bad_supervisor(agency_id))
                                     + count(_unit_mismatch(agency_id)) + supervisors + pending))
    return total + len(find_loops(_pairs(agency_id)))


def _without_skp(agency_id: int, limit: int):
    """Supervisors whose staff wait for their approved SKP: how many wait, the SKP's status, and
    whether they were reminded today, most waited-for first."""
    waiting = _waiting(agency_id)
    reminded = exists().where(User.employee_id == Boss.id, Notification.user_id == User.id,
                              Notification.kind == REMINDER, Notification.created_at >= start_of_day_utc(today()))
    return _page(
        select(Boss.id, Boss.name, Boss.nip, BossPosition.name, BossUnit.name, waiting.c.waiting,
               _boss_plan_status(_year(agency_id)), reminded).select_from(waiting)
        .join(Boss, Boss.id == waiting.c.boss_id).join(BossPosition, BossPosition.id == Boss.position_id)
        .join(BossUnit, BossUnit.id == Boss.unit_id), (waiting.c.waiting.desc(), Boss.name, Boss.id), limit)


def _without_rhk(agency_id: int, limit: int):
    """The same waiting staff by unit and position: where nobody has an RHK to link to."""
    waiting = _waiting(agency_id)
    return _page(
        select(Unit.name, Position.name, func.count(Employee.id)).select_from(Employee)
        .join(waiting, waiting.c.boss_id == Employee.supervisor_id).join(Unit, Unit.id == Employee.unit_id)
        .join(Position, Position.id == Employee.position_id)
        .where(Employee.agency_id == agency_id, Employee.active.is_(True))
        .group_by(Unit.name, Position.name), (Unit.name, Position.name), limit)


@dataclass
class Report:
    """Each kind of problem as (rows shown, total), plus what the page needs to offer the fixes."""

    no_supervisor: tuple
    bad_supervisor: tuple
    unit_mismatch: tuple
    loops: tuple  # ([[(id, name, nip, position), ...], ...], total)
    without_skp: tuple  # ([(id, name, nip, position, unit, waiting, plan status, reminded today), ...], total)
    without_rhk: tuple  # ([(unit, position, people), ...], total)
    corrections: tuple  # ([(SupervisorCorrection, Row with the proposed supervisor), ...], total)

    @property
    def total(self) -> int:
        return sum(part[1] for part in (self.no_supervisor, self.bad_supervisor, self.unit_mismatch, self.loops,
                                        self.without_skp, self.corrections))


def report(agency_id: int, limit: int = LIMIT) -> Report:
    """Every problem of the agency's reporting lines, each kind limited to ``limit`` rows with its total."""
    order = (Employee.name, Employee.id)
    no_sup, no_sup_total = _page(_no_supervisor(agency_id), order, limit)
    bad, bad_total = _page(_bad_supervisor(agency_id), order, limit)
    mismatch, mismatch_total = _page(_unit_mismatch(agency_id), order, limit)
    pairs = _pairs(agency_id)
    loops = find_loops(pairs)
    shown = loops[:limit]
    names = {r.id: tuple(r) for r in db.session.execute(
        select(Employee.id, Employee.name, Employee.nip, Position.name).join(Position)
        .where(Employee.id.in_({i for loop in shown for i in loop})))}
    skp_rows, skp_total = _without_skp(agency_id, limit)
    rhk_rows, rhk_total = _without_rhk(agency_id, limit)
    corrections = db.session.execute(
        select(SupervisorCorrection, func.count().over()).join(SupervisorCorrection.employee)
        .where(Employee.agency_id == agency_id, SupervisorCorrection.status == "pending")
        .options(joinedload(SupervisorCorrection.employee).joinedload(Employee.unit),
                 joinedload(SupervisorCorrection.employee).joinedload(Employee.position),
                 joinedload(SupervisorCorrection.current_supervisor).joinedload(Employee.position),
                 joinedload(SupervisorCorrection.suggested_supervisor).joinedload(Employee.position))
        .order_by(SupervisorCorrection.created_at, SupervisorCorrection.id).limit(limit)).all()
    propose = suggester(agency_id, pairs)
    return Report(
        no_supervisor=([propose(Row(*r)) for r in no_sup], no_sup_total),
        bad_supervisor=([propose(Row(*r)) for r in bad], bad_total),
        unit_mismatch=([propose(Row(*r)) for r in mismatch], mismatch_total),
        loops=([[names[i] for i in loop if i in names] for loop in shown], len(loops)),
        without_skp=(skp_rows, skp_total),
        without_rhk=(rhk_rows, rhk_total),
        corrections=([(c, propose(_reporter(c))) for c, _ in corrections], corrections[0][1] if corrections else 0))


def _reporter(corr) -> Row:
    emp = corr.employee
    return Row(emp.id, emp.name, emp.nip, emp.unit_id, emp.unit.name, emp.position.name, emp.position.kind,
               boss_id=corr.current_supervisor_id)


def latest_correction(employee_id: int, days: int = 30) -> SupervisorCorrection | None:
    """The person's newest report "this is not my supervisor" (with the supervisor it names) while it
    waits, or for ``days`` after its decision; else None."""
    from datetime import timedelta

    from ..clock import utcnow

    row = db.session.scalar(
        select(SupervisorCorrection).where(SupervisorCorrection.employee_id == employee_id)
        .options(joinedload(SupervisorCorrection.suggested_supervisor))
        .order_by(SupervisorCorrection.id.desc()).limit(1))
    if row is not None and row.status != "pending" and row.decided_at < utcnow() - timedelta(days=days):
        return None
    return row
