"""Programmes across agencies: created and run by the province admin or the lead agency's admins.

A programme's agencies always include its lead (a row of its own), so "taking part" is one look-up. Every
change is audited under the lead agency; a membership change records the agency codes before and after.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import access
from ..extensions import db
from ..models import Agency, WorkResult
from ..models.audit import record, snapshot
from ..models.programme import Programme, ProgrammeAgency, ProgrammeResult
from .base import TransitionError, assign, transition

PROGRAMME_FIELDS = ("name", "goals")
RESULT_FIELDS = ("text", "indicator", "target_value", "unit")


def _codes(agency_ids) -> list[str]:
    return sorted(db.session.scalars(select(Agency.code).where(Agency.id.in_(list(agency_ids)))))


def _active_agencies(agency_ids) -> set[int]:
    return set(db.session.scalars(select(Agency.id).where(Agency.id.in_(list(agency_ids)), Agency.active.is_(True))))


@transition
def create(lead: Agency, actor, values: dict, member_ids) -> Programme:
    """A programme of ``values["year"]`` led by ``lead``, with the other agencies of ``member_ids``."""
    access.require(actor, "programme.create", lead)
    members = (_active_agencies(member_ids) | {lead.id})
    programme = Programme(lead_agency_id=lead.id, year=values["year"])
    assign(programme, {k: v for k, v in values.items() if k != "year"}, PROGRAMME_FIELDS)
    programme.members = [ProgrammeAgency(agency_id=a) for a in sorted(members)]
    db.session.add(programme)
    record(actor, "programme.create", programme,
           after={**snapshot(programme, ("name", "year", "goals")), "agencies": _codes(members)})
    return programme


@transition
def update(programme: Programme, actor, values: dict) -> None:
    access.require(actor, "programme.manage", programme)
    before = snapshot(programme, PROGRAMME_FIELDS)
    assign(programme, values, PROGRAMME_FIELDS)
    record(actor, "programme.update", programme, before, snapshot(programme, PROGRAMME_FIELDS))


@transition
def set_members(programme: Programme, actor, agency_ids) -> None:
    """The agencies taking part become the lead and ``agency_ids`` (active agencies only). The RHK that staff of
    an agency that leaves have linked stay linked in their SKP but no longer count for the programme."""
    access.require(actor, "programme.manage", programme)
    before = programme.member_ids
    wanted = _active_agencies(agency_ids) | {programme.lead_agency_id}
    if wanted == before:
        return
    programme.members = [m for m in programme.members if m.agency_id in wanted] + [
        ProgrammeAgency(agency_id=a) for a in sorted(wanted - before)]
    record(actor, "programme.members", programme, {"agencies": _codes(before)}, {"agencies": _codes(wanted)})


@transition
def add_result(programme: Programme, actor, values: dict) -> ProgrammeResult:
    access.require(actor, "programme.manage", programme)
    result = ProgrammeResult(position=len(programme.results))
    assign(result, values, RESULT_FIELDS)
    programme.results.append(result)
    record(actor, "programme.rhk.create", result, after=snapshot(result, RESULT_FIELDS))
    return result


@transition
def update_result(programme: Programme, actor, result: ProgrammeResult, values: dict) -> None:
    access.require(actor, "programme.manage", programme)
    if result.programme_id != programme.id:
        raise TransitionError([_l("This RHK belongs to another programme.")])
    before = snapshot(result, RESULT_FIELDS)
    assign(result, values, RESULT_FIELDS)
    record(actor, "programme.rhk.update", result, before, snapshot(result, RESULT_FIELDS))


@transition
def delete_result(programme: Programme, actor, result: ProgrammeResult) -> None:
    """Delete a programme RHK nobody links to (a link is part of someone's SKP, which only they change)."""
    access.require(actor, "programme.manage", programme)
    if result.programme_id != programme.id:
        raise TransitionError([_l("This RHK belongs to another programme.")])
    linked = db.session.scalar(select(func.count(WorkResult.id)).where(WorkResult.programme_result_id == result.id))
    if linked:
        raise TransitionError([_l("%(n)d RHK in SKP link to this programme RHK; it cannot be deleted while "
                                  "they do.", n=linked)])
    record(actor, "programme.rhk.delete", result, before=snapshot(result, RESULT_FIELDS))
    programme.results.remove(result)
