"""Hierarchy guardrails, the write side: an admin's one-click fixes of a supervisor, the reminder to
a supervisor whose SKP others wait for, and the employee's report "this is not my supervisor" with
the admin's decision. What a supervisor may be is decided in one place (``admin.supervisor_problem``),
shared with the employee form."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import access
from ..clock import today
from ..extensions import db
from ..models import Employee, Period, Plan, SupervisorCorrection, User, WorkResult
from ..models.audit import record, utcnow
from ..notify import notify, notify_admins, short
from ..queries.hierarchy import REMINDER
from .admin import follow_supervisor, supervisor_problem
from .base import AlreadyDone, TransitionError, transition

NOT_FOUND = _l("No active employee of this agency has this NIP.")
WAITING = _l("Your report is already waiting for the admin's decision.")
DECIDED = _l("This report was already decided.")


def _change(actor, emp: Employee, boss: Employee | None, note: str = "") -> None:
    """Make ``boss`` the supervisor of ``emp`` after the shared checks; audited, plans follow."""
    problem = supervisor_problem(emp, emp.agency_id, boss.id if boss else None)
    if problem:
        raise TransitionError(fields={"nip": [problem]}, messages=[problem])
    before = emp.supervisor_id
    emp.supervisor = boss
    emp.supervisor_id = boss.id if boss else None
    record(actor, "employees.supervisor", emp, {"supervisor_id": before}, {"supervisor_id": emp.supervisor_id},
           note=note)
    follow_supervisor(actor, emp, before)


def _by_nip(emp: Employee, nip: str) -> Employee:
    """The active employee of ``emp``'s agency with this NIP, or a refusal on the NIP field."""
    nip = (nip or "").replace(" ", "")
    found = db.session.scalar(select(Employee).where(Employee.nip == nip)) if nip else None
    if found is None or found.agency_id != emp.agency_id or not found.active:
        raise TransitionError(fields={"nip": [NOT_FOUND]})
    if found.id == emp.id:
        raise TransitionError(fields={"nip": [_l("An employee cannot supervise themselves.")]})
    return found


@transition
def set_supervisor(emp: Employee, actor, boss: Employee) -> None:
    """The admin's one-click fix: ``boss`` becomes ``emp``'s supervisor; ``emp`` is told."""
    access.require(actor, "hierarchy.fix", emp)
    if emp.supervisor_id == boss.id:
        raise AlreadyDone([_l("%(name)s is already the supervisor.", name=boss.name)])
    _change(actor, emp, boss)
    notify([emp.id], "supervisor_changed", link=url_for("planning.my_plans"), name=boss.name)


def _current_year(agency_id: int) -> int | None:
    return db.session.scalar(select(func.max(Period.year)).where(Period.agency_id == agency_id))


@transition
def remind(boss: Employee, actor) -> int:
    """Remind a supervisor that staff wait for their approved SKP (once a day); returns how many wait."""
    access.require(actor, "hierarchy.fix", boss)
    year = _current_year(boss.agency_id)
    has_rhk = db.session.scalar(
        select(WorkResult.id).join(Plan, Plan.id == WorkResult.plan_id).join(Period, Period.id == Plan.period_id)
        .where(Plan.employee_id == boss.id, Plan.status == "approved", Period.year == year).limit(1))
    if year is None or has_rhk:
        raise AlreadyDone([_l("%(name)s has an approved SKP now.", name=boss.name)])
    if not db.session.scalar(select(User.id).where(User.employee_id == boss.id, User.active.is_(True))):
        raise TransitionError([_l("%(name)s has no active login account: tell them another way, "
                                  "or create the account in the employee form.", name=boss.name)])
    waiting = db.session.scalar(select(func.count(Employee.id)).where(
        Employee.supervisor_id == boss.id, Employee.active.is_(True)))
    if not waiting:
        raise AlreadyDone([_l("Nobody waits for the SKP of %(name)s.", name=boss.name)])
    added = notify([boss.id], REMINDER, link=url_for("planning.my_plans"),
                   dedupe_key=f"{REMINDER}:{year}:{boss.id}:{today().isoformat()}", count=waiting, year=year)
    if not added:
        raise AlreadyDone([_l("%(name)s was already reminded today.", name=boss.name)])
    record(actor, "hierarchy.remind", boss, after={"waiting": waiting, "year": year})
    return waiting


@transition
def report(emp: Employee, actor, nip: str, note: str) -> SupervisorCorrection:
    """The employee reports that their recorded supervisor is wrong, optionally naming the right one
    by NIP; one report waits at a time per person, and the agency's admins are told."""
    access.require(actor, "employee.report_supervisor", emp)
    # Serialises two reports of the same person (two tabs, a double click) on PostgreSQL.
    db.session.execute(select(Employee.id).where(Employee.id == emp.id).with_for_update())
    if db.session.scalar(select(SupervisorCorrection.id).where(
            SupervisorCorrection.employee_id == emp.id, SupervisorCorrection.status == "pending")):
        raise AlreadyDone([WAITING])
    suggested = _by_nip(emp, nip) if (nip or "").strip() else None
    if suggested is not None and suggested.id == emp.supervisor_id:
        raise TransitionError(fields={"nip": [_l("This is the supervisor recorded now.")]})
    note = (note or "").strip()
    if suggested is None and not note:
        raise TransitionError(fields={"note": [_l("Give the NIP of your right supervisor, or say what is wrong.")]})
    row = SupervisorCorrection(employee_id=emp.id, current_supervisor_id=emp.supervisor_id,
                               suggested_supervisor_id=suggested.id if suggested else None, note=note,
                               status="pending")
    db.session.add(row)
    record(actor, "correction.create", row, note=note, agency_id=emp.agency_id,
           after={"current": emp.supervisor_id, "suggested": row.suggested_supervisor_id})
    notify_admins(emp.agency_id, "supervisor_reported",
                  link=url_for("admin.hierarchy", agency_id=emp.agency_id, _anchor="laporan"),
                  name=emp.name, supervisor=emp.supervisor.name if emp.supervisor else "–")
    return row


def _decided(corr: SupervisorCorrection, actor, status: str, note: str) -> None:
    corr.status, corr.decided_by_id, corr.decided_at, corr.decision_note = status, actor.id, utcnow(), note
    record(actor, f"correction.{'accept' if status == 'approved' else 'refuse'}", corr,
           {"status": "pending"}, {"status": status, "supervisor_id": corr.employee.supervisor_id},
           note=note, agency_id=corr.employee.agency_id)


def _lock(corr: SupervisorCorrection) -> None:
    db.session.refresh(corr, with_for_update=True)  # two admins deciding at once: the second sees it
    if corr.status != "pending":
        raise AlreadyDone([DECIDED])


@transition
def accept(corr: SupervisorCorrection, actor, nip: str, note: str) -> None:
    """Accept a report: the supervisor named by ``nip`` (else the one the employee named) becomes the
    employee's supervisor, after the same checks as the employee form; the employee is told."""
    access.require(actor, "correction.decide", corr)
    _lock(corr)
    emp = corr.employee
    boss = _by_nip(emp, nip) if (nip or "").strip() else corr.suggested_supervisor
    if boss is None:
        raise TransitionError(fields={"nip": [_l("Give the NIP of the right supervisor.")]})
    if boss.id != emp.supervisor_id:
        _change(actor, emp, boss, note=f"correction {corr.id}")
    _decided(corr, actor, "approved", (note or "").strip())
    notify([emp.id], "supervisor_report_accepted", link=url_for("planning.my_plans"), name=boss.name)


@transition
def refuse(corr: SupervisorCorrection, actor, note: str) -> None:
    """Refuse a report, saying why (required); the employee is told."""
    access.require(actor, "correction.decide", corr)
    note = (note or "").strip()
    if not note:
        raise TransitionError(fields={"note": [_l("Say why, so the employee knows what is right.")]})
    _lock(corr)
    _decided(corr, actor, "refused", note)
    notify([corr.employee_id], "supervisor_report_refused", link=url_for("planning.my_plans"), note=short(note))
