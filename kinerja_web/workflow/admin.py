"""Administration: agencies, their units, positions, employees (with login
accounts), goals and years. Agency admins change their own agency, the province
admin every agency; every edit is audited with the fields before and after."""
from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import access
from ..extensions import db
from ..models import Agency, AgencyGoal, Employee, Period, Plan, Position, Unit, User
from ..models.audit import record, snapshot
from ..models.auth import end_sessions_of_agency
from ..review_periods import make_review_periods
from .base import TransitionError, assign, transition

# What an agency admin edits: the model and the fields of each kind of row.
ROWS = {
    "units": (Unit, ("name", "parent_id")),
    "positions": (Position, ("name", "kind")),
    "employees": (Employee, ("nip", "name", "rank", "unit_id", "position_id", "supervisor_id")),
    "goals": (AgencyGoal, ("year", "text")),
}


@transition
def create_agency(actor, code: str, name: str) -> Agency:
    """Add an agency that a plugin declares (province admin)."""
    access.require(actor, "province.manage")
    agency = Agency(code=code, name=name.strip())
    db.session.add(agency)
    db.session.flush()
    record(actor, "agency.create", agency, after={"code": agency.code, "name": agency.name}, agency_id=agency.id)
    return agency


@transition
def set_agency_active(agency: Agency, actor, active: bool) -> None:
    """Deactivate or reactivate an agency; deactivating ends its people's sessions everywhere."""
    access.require(actor, "agency.manage", agency)
    access.require(actor, "province.manage")
    before = {"active": agency.active}
    agency.active = active
    if not active:
        end_sessions_of_agency(agency.id)
    record(actor, "agency.toggle", agency, before, {"active": agency.active}, agency_id=agency.id)


def supervisor_problem(emp: Employee | None, agency_id: int, supervisor_id: int | None):
    """Why ``supervisor_id`` cannot be the supervisor of ``emp`` (None: a new employee), or None.

    The one place that says what a supervisor must be: someone else, of the same agency,
    active, and not below the person in the reporting line (no loop). Every path that sets
    a supervisor (the employee form, the guardrails page, a correction report) asks it.
    """
    if supervisor_id is None:
        return None
    if emp is not None and supervisor_id == emp.id:
        return _l("An employee cannot supervise themselves.")
    boss = db.session.get(Employee, supervisor_id)
    if boss is None or boss.agency_id != agency_id:
        return _l("Choose an employee of this agency.")
    if not boss.active:
        return _l("%(name)s is inactive: choose an active supervisor.", name=boss.name)
    if emp is not None and emp.id in _reporting_line(boss):
        return _l("%(name)s already reports to %(employee)s, directly or through others: "
                  "this would make a reporting loop.", name=boss.name, employee=emp.name)
    return None


def _reporting_line(emp: Employee) -> set[int]:
    """Ids of everyone above ``emp``, walking up one supervisor at a time (a loop already stored ends the walk)."""
    seen: set[int] = set()
    boss_id = emp.supervisor_id
    while boss_id is not None and boss_id not in seen:
        seen.add(boss_id)
        boss_id = db.session.scalar(select(Employee.supervisor_id).where(Employee.id == boss_id))
    return seen


def follow_supervisor(actor, emp: Employee, old_supervisor_id: int | None) -> None:
    """After ``emp``'s supervisor changed: plans not yet approved go to the new supervisor.

    A draft, returned or submitted SKP stores the supervisor it was sent to; it moves to the
    new one (a submitted SKP is announced to them), while approved and superseded SKP keep
    who approved them. Call inside the transaction that changed the supervisor.
    """
    from flask import url_for

    from ..notify import notify

    if emp.supervisor_id == old_supervisor_id:
        return
    plans = db.session.scalars(select(Plan).where(
        Plan.employee_id == emp.id, Plan.status.in_(("draft", "returned", "submitted")),
        Plan.supervisor_id.is_not(None))).all()
    for plan in plans:
        record(actor, "plan.supervisor", plan, {"supervisor_id": plan.supervisor_id},
               {"supervisor_id": emp.supervisor_id}, agency_id=emp.agency_id)
        plan.supervisor_id = emp.supervisor_id
        if plan.status == "submitted":
            notify([emp.supervisor_id], "plan_submitted", link=url_for("planning.review", plan_id=plan.id),
                   name=emp.name)


def _employee_problems(emp: Employee | None, agency_id: int, values: dict, username: str | None,
                       has_account: bool) -> dict:
    fields = {}
    clash = db.session.scalar(select(Employee.id).where(Employee.nip == values["nip"]))
    if clash and (emp is None or clash != emp.id):
        fields["nip"] = [_l("Another employee already has this NIP.")]
    if username and not has_account and db.session.scalar(select(User.id).where(User.username == username)):
        fields["username"] = [_l("This login name is taken.")]
    problem = supervisor_problem(emp, agency_id, values["supervisor_id"])
    if problem:
        fields["supervisor_id"] = [problem]
    return fields


@transition
def save_row(agency: Agency, actor, kind: str, obj, values: dict, *, username: str | None = None,
             password: str | None = None):
    """Create (``obj`` None) or update a unit, position, employee or goal of the agency.

    For an employee, ``username`` creates a login account when there is none, and
    ``password`` sets the account's password (a reset ends its sessions).
    """
    access.require(actor, "agency.manage", agency)
    model, fields = ROWS[kind]
    if obj is not None and (not isinstance(obj, model) or obj.agency_id != agency.id):
        abort(404)
    account = db.session.scalar(select(User).where(User.employee_id == obj.id)) if kind == "employees" and obj else None
    if kind == "employees":
        problems = _employee_problems(obj, agency.id, values, username, account is not None)
        if problems:
            raise TransitionError(fields=problems)
    before = snapshot(obj, fields) if obj else None
    if obj is None:
        obj = model(agency_id=agency.id)
        db.session.add(obj)
    assign(obj, values, fields)
    if kind == "employees":
        _save_account(actor, obj, account, username, password)
        if before is not None:
            follow_supervisor(actor, obj, before["supervisor_id"])
    record(actor, f"{kind}.{'update' if before else 'create'}", obj, before, snapshot(obj, fields))
    return obj


def _save_account(actor, emp: Employee, account: User | None, username: str | None, password: str | None) -> None:
    if account is None and username:
        account = User(username=username, role="staff", employee=emp)
        account.set_password(password)
        db.session.add(account)
        record(actor, "account.create", account, after={"username": account.username}, agency_id=emp.agency_id)
    elif account is not None and password:
        account.set_password(password)
        account.end_sessions()
        record(actor, "account.password_reset", account, after={"username": account.username},
               agency_id=emp.agency_id)


@transition
def set_row_active(agency: Agency, actor, kind: str, obj, active: bool) -> None:
    """Deactivate or reactivate a unit, position or employee (with the employee's account)."""
    access.require(actor, "agency.manage", agency)
    if obj.agency_id != agency.id:
        abort(404)
    if not hasattr(obj, "active"):
        abort(400)
    if obj.active == active:
        return
    record(actor, f"{kind}.{'activate' if active else 'deactivate'}", obj, {"active": obj.active}, {"active": active})
    obj.active = active
    if kind == "employees":
        account = db.session.scalar(select(User).where(User.employee_id == obj.id))
        if account is not None and account.active != active:
            account.active = active
            if not active:
                account.end_sessions()
            record(actor, "account.activate" if active else "account.deactivate", account,
                   after={"active": active}, agency_id=obj.agency_id)


@transition
def create_period(agency: Agency, actor, year: int, cadence: str) -> Period:
    """A year of the agency with its review periods (months or quarters)."""
    access.require(actor, "agency.manage", agency)
    if db.session.scalar(select(Period.id).where(Period.agency_id == agency.id, Period.year == year)):
        raise TransitionError(fields={"year": [_l("This year already exists.")]})
    period = Period(agency_id=agency.id, year=year, cadence=cadence)
    make_review_periods(period)
    db.session.add(period)
    record(actor, "period.create", period, after={"year": period.year, "cadence": period.cadence})
    return period


@transition
def create_province_admin(username: str, password: str) -> User:
    """The first (or another) province administrator, from the command line."""
    if db.session.scalar(select(User).where(User.username == username)):
        raise TransitionError([f"User {username!r} already exists."])
    user = User(username=username, role="province_admin")
    user.set_password(password)
    db.session.add(user)
    return user
