"""Employee statuses with effective dates, and what a move mid-year does to the SKP (RULES.md §1.2).

A move to a new post (``mutasi`` inside the agency, ``promosi``) closes the year's current SKP the day
before it takes effect (its review periods up to then are evaluated by the old appraiser, whose name,
NIP, position and unit are kept on the closed SKP) and opens a new draft SKP, the next part of the year,
for the rest of the year with the new supervisor. Leave, retirement, discipline and a transfer out of
the agency only set the status: those people are left out of completion counts from that date.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import access
from ..extensions import db
from ..models import Employee, Period, Plan, Position, Unit
from ..models.audit import record
from ..models.status import MOVES, STATUS_KINDS, StatusChange
from .admin import supervisor_problem
from .base import TransitionError, transition


def _post(emp: Employee) -> dict:
    return {"status": emp.status, "status_since": emp.status_since.isoformat() if emp.status_since else None,
            "unit_id": emp.unit_id, "position_id": emp.position_id, "supervisor_id": emp.supervisor_id}


def current_part(employee_id: int, period_id: int) -> list[Plan]:
    """Every version of the latest part of the employee's SKP of that year, newest version first."""
    plans = list(db.session.scalars(select(Plan).where(Plan.employee_id == employee_id, Plan.period_id == period_id)
                                    .order_by(Plan.part.desc(), Plan.version.desc())))
    return [p for p in plans if p.part == plans[0].part] if plans else []


def _problems(emp: Employee, kind: str, on: date | None, period, post: dict) -> dict:
    """Why this change makes no sense, by form field (empty: it does)."""
    fields: dict[str, list] = {}
    if kind not in STATUS_KINDS:
        fields["kind"] = [_l("Choose a status.")]
    if on is None:
        fields["effective_on"] = [_l("Enter the date the status takes effect.")]
    elif period is None:
        fields["effective_on"] = [_l("The agency has no performance year %(year)s: add the year first.",
                                     year=on.year)]
    elif emp.status_since is not None and on < emp.status_since:
        fields["effective_on"] = [_l("The last status change took effect on %(date)s: a new one cannot take "
                                     "effect before it.", date=emp.status_since.isoformat())]
    if emp.status in ("pensiun", "mutasi_keluar"):
        fields.setdefault("kind", []).append(
            _l("%(name)s has left (retired or transferred out) and cannot be given another status.", name=emp.name))
    elif kind == emp.status and kind not in MOVES:
        fields.setdefault("kind", []).append(_l("%(name)s already has this status.", name=emp.name))
    if kind in MOVES:
        if on is not None and on.month == 1 and on.day == 1:
            fields.setdefault("effective_on", []).append(
                _l("A move on 1 January needs no second SKP: change the employee's post instead."))
        unit, position = db.session.get(Unit, post["unit_id"] or 0), db.session.get(Position, post["position_id"] or 0)
        if unit is None or unit.agency_id != emp.agency_id or not unit.active:
            fields["unit_id"] = [_l("Choose the new unit.")]
        if position is None or position.agency_id != emp.agency_id or not position.active:
            fields["position_id"] = [_l("Choose the new position.")]
        problem = supervisor_problem(emp, emp.agency_id, post["supervisor_id"])
        if problem:
            fields["supervisor_id"] = [problem]
        if not fields and (post["unit_id"], post["position_id"], post["supervisor_id"]) == (
                emp.unit_id, emp.position_id, emp.supervisor_id):
            fields["unit_id"] = [_l("A move needs a new unit, position or supervisor.")]
    return fields


@transition
def change_status(emp: Employee, actor, kind: str, effective_on: date | None, note: str = "",
                  unit_id: int | None = None, position_id: int | None = None,
                  supervisor_id: int | None = None) -> StatusChange:
    """Record a status change of ``emp`` from ``effective_on`` (agency admins), audited; a move closes and
    opens the SKP parts of that year as the module says."""
    access.require(actor, "employee.status", emp)
    period = db.session.scalar(select(Period).where(Period.agency_id == emp.agency_id,
                                                    Period.year == effective_on.year)) if effective_on else None
    post = {"unit_id": unit_id, "position_id": position_id, "supervisor_id": supervisor_id}
    fields = _problems(emp, kind, effective_on, period, post)
    part = current_part(emp.id, period.id) if period is not None and kind in MOVES else []
    start = part[0].starts_on if part else None
    if part and start is not None and effective_on <= start:
        fields.setdefault("effective_on", []).append(
            _l("The current SKP began on %(date)s: a move must take effect after that.", date=start.isoformat()))
    if fields:
        raise TransitionError(fields=fields)
    before = _post(emp)
    change = StatusChange(employee_id=emp.id, kind=kind, effective_on=effective_on, note=(note or "").strip(),
                          old_unit_id=emp.unit_id, created_by_id=getattr(actor, "id", None))
    if kind in MOVES:
        change.new_unit_id, change.new_position_id, change.new_supervisor_id = unit_id, position_id, supervisor_id
        if part:
            change.closed_plan_id, change.opened_plan_id = _close_and_open(part, actor, emp, effective_on, post)
        emp.unit_id, emp.position_id, emp.supervisor_id = unit_id, position_id, supervisor_id
    emp.status, emp.status_since = kind, effective_on
    db.session.add(change)
    db.session.flush()
    record(actor, "employee.status", emp, before=before, after=_post(emp), note=change.note[:1000],
           agency_id=emp.agency_id)
    return change


def _close_and_open(part: list[Plan], actor, emp: Employee, on: date, post: dict) -> tuple[int, int]:
    """Close the current part the day before ``on`` and open the next one from ``on``; (closed, opened) ids."""
    from ..evaluation.service import appraisal_snapshot

    kept = next((p for p in part if p.status == "approved"), part[0])
    snapshot = appraisal_snapshot(emp)  # before the post changes: who appraises this part
    for plan in part:
        before = {"status": plan.status, "ends_on": None}
        plan.ends_on = on - timedelta(days=1)
        if plan is kept:
            plan.closing_snapshot = snapshot
        if plan.status not in ("approved", "superseded"):  # a pending revision or a draft: the move replaces it
            plan.status = "superseded"
        record(actor, "plan.close", plan, before=before, after={"status": plan.status,
                                                               "ends_on": plan.ends_on.isoformat()},
               agency_id=emp.agency_id)
    new = Plan(employee_id=emp.id, period_id=kept.period_id, part=kept.part + 1, version=1, status="draft",
               approach=kept.approach, starts_on=on, supervisor_id=post["supervisor_id"])
    db.session.add(new)
    db.session.flush()
    record(actor, "plan.open", new, after={"status": "draft", "part": new.part, "starts_on": on.isoformat()},
           agency_id=emp.agency_id)
    return kept.id, new.id
