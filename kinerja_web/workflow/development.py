"""Competence development: the items of a development plan kept as rows, completed development
recorded (with its JP and evidence) and the open item it closes, and an item taken into next year's SKP.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import access
from ..clock import today
from ..execution import evidence as files
from ..extensions import db
from ..models import DevelopmentItem, DevelopmentRecord, Plan, WorkResult
from ..models.audit import record, utcnow
from ..models.development import RECORD_KINDS
from ..rules.berakhlak import BERAKHLAK
from .base import AlreadyDone, TransitionError, transaction, transition

VALUE_CODES = {v.name: v.code for v in BERAKHLAK}
MAX_HOURS = 500  # JP in one record: a long diklat (Latsar CPNS is about 300 JP) still fits


def sync_items(dev, ev) -> None:
    """Keep the development plan's item rows in step with its JSON ``items`` (in the caller's transaction).

    An item that is still listed keeps its row (and so its closed state); an open row no longer listed goes;
    a closed row stays, since the development recorded against it happened.
    """
    emp = ev.plan.employee
    rows = db.session.scalars(select(DevelopmentItem).where(DevelopmentItem.development_plan_id == dev.id)).all()

    def key(kind, area, action_type, action):
        return (kind, (area or "").strip(), action_type, (action or "").strip())

    existing = {key(r.kind, r.area, r.action_type, r.action): r for r in rows}
    kept = set()
    for item in dev.items or []:
        k = key(item.get("kind") or "other", item.get("area"), item.get("action_type"), item.get("action"))
        row = existing.get(k)
        if row is None:
            kind = k[0] if k[0] in ("behaviour", "result") else "other"
            row = DevelopmentItem(development_plan_id=dev.id, employee_id=emp.id, agency_id=emp.agency_id,
                                  year=ev.plan.period.year, kind=kind, area=k[1][:500], action_type=k[2] or "",
                                  action=k[3],
                                  value_code=item.get("value_code") or (VALUE_CODES.get(k[1]) if kind == "behaviour"
                                                                        else None))
            db.session.add(row)
            existing[k] = row
        row.gap = item.get("gap") or ""
        kept.add(id(row))
    for row in rows:
        if id(row) not in kept and row.closed_at is None:
            db.session.delete(row)


@dataclass(frozen=True)
class Completed:
    """What the form says was completed, parsed."""

    kind: str
    title: str
    started_on: date
    ended_on: date
    hours: int
    link: str = ""
    item_id: int | None = None


def _check(employee, c: Completed) -> DevelopmentItem | None:
    fields: dict[str, list] = {}
    if c.kind not in RECORD_KINDS:
        fields["kind"] = [_l("Choose a kind of development from the list.")]
    if c.ended_on < c.started_on:
        fields["ended_on"] = [_l("The end date is before the start date.")]
    elif c.ended_on > today():
        fields["ended_on"] = [_l("Record development once it is completed: the end date is in the future.")]
    if not 1 <= c.hours <= MAX_HOURS:
        fields["hours"] = [_l("Give the hours in JP, from 1 to %(most)s.", most=MAX_HOURS)]
    item = None
    if c.item_id is not None:
        item = db.session.get(DevelopmentItem, c.item_id)
        if item is None or item.employee_id != employee.id:
            abort(404)
        if item.closed_at is not None:
            fields["item_id"] = [_l("That development item is already closed.")]
    if fields:
        raise TransitionError(fields=fields)
    return item


def record_completed(employee, actor, c: Completed, upload=None) -> DevelopmentRecord:
    """Record development the person completed; closes the open development item it names.

    ``upload`` is a werkzeug ``FileStorage`` (evidence, optional), checked and stored as realisation
    evidence is; it is removed again when the record is refused.
    """
    access.require(actor, "development.record", employee)
    item = _check(employee, c)
    stored = None
    if upload is not None and upload.filename:
        try:
            stored = files.store(upload)
        except files.EvidenceError as exc:
            raise TransitionError(fields={"evidence": [str(exc)]}) from None
    try:
        with transaction():
            rec = DevelopmentRecord(employee_id=employee.id, agency_id=employee.agency_id, year=c.ended_on.year,
                                    kind=c.kind, title=c.title.strip()[:300], started_on=c.started_on,
                                    ended_on=c.ended_on, hours=c.hours, evidence_link=c.link.strip()[:500],
                                    item_id=item.id if item else None, created_by_id=actor.id)
            if stored:
                rec.filename, rec.stored_name = stored.filename, stored.stored_name
                rec.content_type, rec.sha256 = stored.content_type, stored.sha256
            db.session.add(rec)
            if item is not None:
                item.closed_at = utcnow()
            record(actor, "development.record", rec, None,
                   {"kind": c.kind, "title": rec.title, "hours": c.hours, "year": rec.year,
                    "ended_on": c.ended_on.isoformat(), "item_id": rec.item_id,
                    "evidence": stored.sha256 if stored else rec.evidence_link},
                   agency_id=employee.agency_id)
    except Exception:
        if stored:
            files.path_of(stored.stored_name).unlink(missing_ok=True)
        raise
    return rec


@transition
def take_into_plan(plan: Plan, actor, item: DevelopmentItem) -> WorkResult:
    """An additional RHK (tambahan) in the person's editable SKP of a later year, from an open item."""
    access.require(actor, "plan.edit", plan)
    if item.employee_id != plan.employee_id or item.closed_at is not None or item.year >= plan.period.year:
        abort(404)
    text = _l("Competence development: %(action)s", action=item.label)
    text = str(text)[:1000]
    if any(r.text == text for r in plan.results):
        raise AlreadyDone([_l("This development item is already an RHK of this SKP.")])
    result = WorkResult(kind="tambahan", text=text, position=len(plan.results))
    plan.results.append(result)
    record(actor, "development.take", result, None, {"item_id": item.id, "text": text}, agency_id=plan.agency_id)
    return result
