"""What an employee import compares its file with: the agency's units, positions, employees and
accounts, and the NIPs and units of other agencies. Seven statements whatever the size of the agency."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from ..extensions import db
from ..models import Agency, Employee, Position, Unit, User


@dataclass
class Roster:
    agency_id: int
    agency_code: str
    units: dict[str, dict] = field(default_factory=dict)  # lower-case name -> {id, name, parent_id, active}
    unit_names: dict[int, str] = field(default_factory=dict)  # id -> name, this agency
    foreign_units: set[int] = field(default_factory=set)  # unit ids of other agencies
    positions: dict[str, dict] = field(default_factory=dict)  # lower-case name -> {id, name, kind, active}
    position_names: dict[int, str] = field(default_factory=dict)  # id -> name
    employees: dict[str, dict] = field(default_factory=dict)  # nip -> the employee's fields
    nip_of: dict[int, str] = field(default_factory=dict)  # employee id -> nip
    foreign_nips: dict[str, str] = field(default_factory=dict)  # nip -> agency code, other agencies
    accounts: dict[int, dict] = field(default_factory=dict)  # employee id -> {id, username, email}
    usernames: dict[str, int | None] = field(default_factory=dict)  # every username -> its employee id


def roster(agency: Agency) -> Roster:
    """The agency as an import sees it, in a fixed number of statements."""
    out = Roster(agency.id, agency.code)
    for uid, name, parent_id, active, agency_id in db.session.execute(
            select(Unit.id, Unit.name, Unit.parent_id, Unit.active, Unit.agency_id)).all():
        if agency_id != agency.id:
            out.foreign_units.add(uid)
            continue
        out.unit_names[uid] = name
        key = name.strip().lower()
        if key not in out.units or (active and not out.units[key]["active"]):
            out.units[key] = {"id": uid, "name": name, "parent_id": parent_id, "active": active}
    for pid, name, kind, active in db.session.execute(
            select(Position.id, Position.name, Position.kind, Position.active)
            .where(Position.agency_id == agency.id)).all():
        out.position_names[pid] = name
        key = name.strip().lower()
        if key not in out.positions or (active and not out.positions[key]["active"]):
            out.positions[key] = {"id": pid, "name": name, "kind": kind, "active": active}
    for row in db.session.execute(
            select(Employee.id, Employee.nip, Employee.name, Employee.rank, Employee.unit_id, Employee.position_id,
                   Employee.supervisor_id, Employee.active).where(Employee.agency_id == agency.id)).mappings():
        out.employees[row["nip"]] = dict(row)
        out.nip_of[row["id"]] = row["nip"]
    out.foreign_nips = dict(db.session.execute(
        select(Employee.nip, Agency.code).join(Agency, Agency.id == Employee.agency_id)
        .where(Employee.agency_id != agency.id)).all())
    for uid, username, email, emp_id in db.session.execute(
            select(User.id, User.username, User.email, User.employee_id)).all():
        out.usernames[username] = emp_id
        if emp_id is not None and emp_id in out.nip_of:
            out.accounts[emp_id] = {"id": uid, "username": username, "email": email}
    return out


def template_rows(agency_id: int):
    """The agency's active employees as the import file lists them (the template is the current roster):
    one statement, read in batches."""
    from sqlalchemy.orm import aliased

    boss, parent = aliased(Employee), aliased(Unit)
    query = (select(Employee.nip, Employee.name, Position.name.label("position"), Position.kind.label("position_kind"),
                    Unit.name.label("unit"), parent.name.label("parent_unit"), Unit.id.label("unit_id"),
                    boss.nip.label("supervisor_nip"), User.email, Employee.rank, Agency.code.label("agency"))
             .join(Position, Position.id == Employee.position_id).join(Unit, Unit.id == Employee.unit_id)
             .join(Agency, Agency.id == Employee.agency_id)
             .outerjoin(parent, parent.id == Unit.parent_id).outerjoin(boss, boss.id == Employee.supervisor_id)
             .outerjoin(User, User.employee_id == Employee.id)
             .where(Employee.agency_id == agency_id, Employee.active.is_(True)).order_by(Employee.id))
    yield from db.session.execute(query.execution_options(yield_per=500)).mappings()
