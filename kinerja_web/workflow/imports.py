"""Imports: an agency's employees from a file (all or nothing), and one's own realisations from the export.

The employee import checks the file again against the database inside its transaction (the preview may
be minutes old), then writes in batches: units, positions, employees (inserted, then their supervisors
set once everyone has an id), accounts, deactivations, the plans that follow a new supervisor, and one
audit entry per row changed plus one for the import. A failure anywhere rolls all of it back.
"""
from __future__ import annotations

from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select, update

from .. import access
from ..clock import today, utcnow
from ..extensions import db
from ..imports.employees import Check, check
from ..imports.reading import Table
from ..models import Agency, AuditEntry, Employee, Plan, Position, Unit, User
from ..models.audit import record
from ..queries.imports import roster
from .base import TransitionError, transition

CHUNK = 1000
UNUSABLE_PASSWORD = "!"  # matches no password: the person sets one through "forgot password" (by email)
Progress = Callable[[int, int], None]


@transition
def import_employees(agency: Agency, actor, table: Table, *, filename: str, sha256: str,
                     progress: Progress | None = None) -> Check:
    """Import the employee file of an agency (its admin or the province admin); all or nothing."""
    access.require(actor, "employees.import", agency)
    return _apply(agency, actor, table, filename, sha256, progress)


@transition
def import_employees_from_command_line(agency: Agency, table: Table, *, filename: str, sha256: str,
                                       progress: Progress | None = None) -> Check:
    """The same from ``flask kinerja import-employees`` (whoever runs it owns the server); audited without
    an actor."""
    return _apply(agency, None, table, filename, sha256, progress)


def _execute(statement, rows: list[dict], done: list[int], total: int, progress: Progress | None) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(statement, rows[start:start + CHUNK])
        done[0] += len(rows[start:start + CHUNK])
        if progress:
            progress(done[0], total)


def _apply(agency, actor, table, filename, sha256, progress) -> Check:
    found = check(table, roster(agency), today())
    if not found.ok:
        raise TransitionError([_l("The file has errors (the agency may have changed since the preview): "
                                  "nothing was imported. Upload it again to see them.")])
    ids = _units(agency, found)
    kinds = _positions(agency, found)
    people = found.people
    actor_id = getattr(actor, "id", None)
    audit: list[dict] = []

    def audit_row(action, object_type, object_id, before=None, after=None):
        audit.append({"at": utcnow(), "actor_id": actor_id, "agency_id": agency.id, "action": action,
                      "object_type": object_type, "object_id": object_id, "before": before, "after": after,
                      "note": "import"})

    # progress counts rows written: employees inserted, supervisors set, employees changed, deactivated, audited
    led = sum(1 for n in found.created if people[n]["supervisor_nip"])
    total = (2 * len(found.created) + led + 2 * len(found.changed) + 2 * len(found.deactivated)
             + len(found.accounts_new))
    done = [0]
    new_rows = [{"agency_id": agency.id, "unit_id": ids[people[n]["unit"].lower()],
                 "position_id": kinds[people[n]["position"].lower()], "nip": n, "name": people[n]["name"],
                 "rank": people[n].get("rank", ""), "active": True} for n in found.created]
    _execute(insert(Employee), new_rows, done, total, progress)
    emp_id = dict(db.session.execute(select(Employee.nip, Employee.id).where(Employee.agency_id == agency.id)).all())
    new_set = set(found.created)
    supervisors = [{"id": emp_id[n], "supervisor_id": emp_id[r["supervisor_nip"]]} for n, r in people.items()
                   if n in new_set and r["supervisor_nip"]]
    changes = []
    for nip, diff in found.changed.items():
        row = people[nip]
        changes.append({"id": emp_id[nip], "name": row["name"], "rank": row["rank"],
                        "unit_id": ids[row["unit"].lower()], "position_id": kinds[row["position"].lower()],
                        "supervisor_id": emp_id[row["supervisor_nip"]] if row["supervisor_nip"] else None,
                        "active": True})
        audit_row("employees.import_update", "Employee", emp_id[nip],
                  {k: v[0] for k, v in diff.items()}, {k: v[1] for k, v in diff.items()})
    _execute(update(Employee), supervisors, done, total, progress)
    _execute(update(Employee), changes, done, total, progress)
    back = [emp_id[n] for n, diff in found.changed.items() if "active" in diff]  # in the file again: log in again
    for start in range(0, len(back), CHUNK):
        db.session.execute(update(User).where(User.employee_id.in_(back[start:start + CHUNK]))
                           .values(active=True).execution_options(synchronize_session=False))
    for nip in found.created:
        r = people[nip]
        audit_row("employees.import_create", "Employee", emp_id[nip], None,
                  {"nip": nip, "name": r["name"], "unit": r["unit"], "position": r["position"],
                   "supervisor": r["supervisor_nip"] or None})
    gone = [emp_id[n] for n in found.deactivated]
    for start in range(0, len(gone), CHUNK):
        part = gone[start:start + CHUNK]
        db.session.execute(update(Employee).where(Employee.id.in_(part)).values(active=False)
                           .execution_options(synchronize_session=False))
        db.session.execute(update(User).where(User.employee_id.in_(part), User.active.is_(True))
                           .values(active=False, session_version=User.session_version + 1)
                           .execution_options(synchronize_session=False))
        done[0] += len(part)
        if progress:
            progress(done[0], total)
    for emp in gone:
        audit_row("employees.import_deactivate", "Employee", emp, {"active": True}, {"active": False})
    _accounts(found, emp_id, audit_row)
    _follow_supervisors(found, emp_id, audit_row)
    _execute(insert(AuditEntry), audit, done, max(total, done[0] + len(audit)), progress)
    record(actor, "employees.import", agency, after={
        "file": filename, "sha256": sha256, "rows": found.rows, "created": len(found.created),
        "changed": len(found.changed), "deactivated": len(found.deactivated), "units_created": len(found.units_new),
        "positions_created": len(found.positions_new), "accounts_created": len(found.accounts_new)},
        agency_id=agency.id, note="command line" if actor is None else "")
    return found


def _units(agency: Agency, found: Check) -> dict[str, int]:
    if found.units_new:
        db.session.execute(insert(Unit), [{"agency_id": agency.id, "name": name, "active": True}
                                          for name in found.units_new.values()])
    ids = _ids_by_name(db.session.execute(select(Unit.id, Unit.name, Unit.active)
                                          .where(Unit.agency_id == agency.id).order_by(Unit.id)).all())
    parents = [{"id": ids[u], "parent_id": ids[p], "active": True} for u, p in found.unit_parents.items()
               if u in found.units_new or u in found.units_changed]
    revived = [{"id": ids[u], "active": True} for u in found.units_changed if u not in found.unit_parents]
    for rows in (parents, revived):
        if rows:
            db.session.execute(update(Unit), rows)
    return ids


def _ids_by_name(rows) -> dict[str, int]:
    """Lower-case name -> id; of two rows with one name the active one (as ``queries.imports.roster`` picks)."""
    ids: dict[str, int] = {}
    active_of: dict[str, bool] = {}
    for row_id, name, active in rows:
        key = name.strip().lower()
        if key not in ids or (active and not active_of[key]):
            ids[key], active_of[key] = row_id, active
    return ids


def _positions(agency: Agency, found: Check) -> dict[str, int]:
    if found.positions_new:
        db.session.execute(insert(Position), [{"agency_id": agency.id, "name": p["name"], "kind": p["kind"],
                                               "active": True} for p in found.positions_new.values()])
    kinds = {r["position"].lower(): r["position_kind"] for r in found.people.values() if r["position_kind"]}
    ids = _ids_by_name(db.session.execute(select(Position.id, Position.name, Position.active)
                                          .where(Position.agency_id == agency.id).order_by(Position.id)).all())
    rows = [{"id": ids[p], "active": True, **({"kind": kinds[p]} if p in kinds else {})}
            for p in found.positions_changed]
    for row in rows:
        db.session.execute(update(Position), [row])
    return ids


def _accounts(found: Check, emp_id: dict, audit_row) -> None:
    rows = [{"username": n, "password_hash": UNUSABLE_PASSWORD, "role": "staff", "employee_id": emp_id[n],
             "email": found.people[n]["email"], "active": True, "session_version": 0} for n in found.accounts_new]
    if rows:
        db.session.execute(insert(User), rows)
        for n in found.accounts_new:
            audit_row("account.create", "Employee", emp_id[n], None, {"username": n})
    emails = [n for n, diff in found.changed.items() if "email" in diff and n not in found.accounts_new]
    if emails:
        accounts = dict(db.session.execute(select(User.employee_id, User.id)
                                           .where(User.employee_id.in_([emp_id[n] for n in emails]))).all())
        db.session.execute(update(User), [{"id": accounts[emp_id[n]], "email": found.people[n]["email"]}
                                          for n in emails])


def _follow_supervisors(found: Check, emp_id: dict, audit_row) -> None:
    """Plans not yet approved go to the new supervisor (as ``workflow.admin.follow_supervisor`` does)."""
    moved = {emp_id[n]: emp_id.get(found.people[n]["supervisor_nip"]) for n, diff in found.changed.items()
             if "supervisor" in diff}
    ids = list(moved)
    for start in range(0, len(ids), CHUNK):
        plans = db.session.execute(select(Plan.id, Plan.employee_id, Plan.supervisor_id).where(
            Plan.employee_id.in_(ids[start:start + CHUNK]), Plan.status.in_(("draft", "returned", "submitted")),
            Plan.supervisor_id.is_not(None))).all()
        if plans:
            db.session.execute(update(Plan), [{"id": p.id, "supervisor_id": moved[p.employee_id]} for p in plans])
        for p in plans:
            audit_row("plan.supervisor", "Plan", p.id, {"supervisor_id": p.supervisor_id},
                      {"supervisor_id": moved[p.employee_id]})


def _cells(changes) -> list[tuple]:
    return [(c["indicator_id"], c["review_id"], c["old"], c["value"], c["note"]) for c in changes]


@transition
def import_realizations(plan: Plan, actor, table: Table, *, expected: list[dict]) -> int:
    """Store the realisations of a filled-in sheet of one's own plan, all or nothing, each exactly as the
    realisation form stores it (``realization._store``: the value, the audit entry, the scoring inputs).

    ``expected`` are the changes the preview showed; if the sheet now gives others (someone saved a value
    meanwhile, a period closed), nothing is stored and the person is asked to check again.
    """
    from decimal import Decimal

    from ..imports.realizations import check as check_sheet
    from ..models import PlanIndicator, Realization, ReviewPeriod
    from .realization import _store

    access.require(actor, "realization.import", plan)
    sheet = check_sheet(table, plan)
    if not sheet.ok or _cells(sheet.changes) != _cells(expected):
        raise TransitionError([_l("The SKP changed since the preview (a value was saved or a period closed): "
                                  "nothing was imported. Upload the file again to check it.")])
    for c in sheet.changes:
        ind, review = db.session.get(PlanIndicator, c["indicator_id"]), db.session.get(ReviewPeriod, c["review_id"])
        real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                           Realization.review_id == review.id))
        _store(plan, actor, ind, review, real, Decimal(c["value"]), c["note"], [], None)
    return len(sheet.changes)
