"""Starting an SKP from a proposal: last year's SKP, or the supervisor's approved RHK.

Either way the result is an ordinary draft the person then edits in the editor;
nothing is submitted for them. The source rows are read through
``queries.proposals``; only the person's own SKP can be copied.
"""
from __future__ import annotations

from decimal import Decimal

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import access
from ..extensions import db
from ..models import Employee, Period, Plan, PlanIndicator, WorkResult
from ..models.audit import record
from ..queries import proposals
from .base import AlreadyDone, TransitionError, transition
from .plan_content import INDICATOR_VALUES, SETTINGS_FIELDS

COPIED_SETTINGS = tuple(f for f in SETTINGS_FIELDS if f != "approach")


def _new_plan(employee: Employee, actor, period_id: int, approach: str) -> Plan:
    access.require(actor, "plan.create", employee)
    period = db.session.get(Period, period_id)
    if period is None or period.agency_id != employee.agency_id:
        abort(404)
    plan = Plan(employee_id=employee.id, period_id=period_id, approach=approach)
    plan.period = period
    db.session.add(plan)
    try:
        db.session.flush()
    except IntegrityError:  # the same button pressed twice
        raise AlreadyDone([_l("You already have a plan for this year.")]) from None
    return plan


def _indicator_from_entry(entry) -> PlanIndicator:
    """A catalogue entry as an indicator with every field the catalogue knows.

    A growth entry gets its proposed growth but no baseline: the catalogue cannot know this year's
    figure, so the person records it (with its source) before the SKP can be submitted.
    """
    kind = entry.target_kind.value
    target = entry.default_target if entry.default_target is not None else Decimal(100)
    if kind == "growth":
        target = entry.default_target
    upper = None
    if kind == "range":
        upper = entry.default_upper if entry.default_upper is not None else target + 10
    return PlanIndicator(
        catalogue_code=entry.code, name=entry.name, aspect=entry.aspect.value, unit=entry.unit,
        target_kind=kind, target_value=None if kind == "qualitative" else target, target_upper=upper,
        target_text="", scoring=entry.scoring, evidence_required=entry.evidence_required,
        aggregation=str(entry.aggregation), due_rule=entry.due_rule)


@transition
def from_previous(employee: Employee, actor, period_id: int, source_id: int, catalogue=()) -> Plan:
    """Copy the person's SKP of an earlier year (RHK, indicators, targets, attachment) into a new draft.

    A main RHK keeps its link when the supervisor's approved SKP of the new year has an RHK with the
    same text; otherwise it waits to be linked again (the submission check says so). An indicator
    from the catalogue takes the due rule the catalogue (``catalogue``: the person's frozen records)
    declares now; one whose entry is no longer offered keeps last year's. A growth target keeps its
    growth but not its baseline, which was the figure of the year before last: the person records
    the new one and its source before submitting (the submission check says so).
    """
    plan = _new_plan(employee, actor, period_id, "kuantitatif")
    source = proposals.previous_plan(employee, plan.period.year)
    if source is None or source.id != source_id:  # another person's SKP, or not the latest one
        abort(404)
    plan.approach = source.approach
    for name in COPIED_SETTINGS:
        setattr(plan, name, getattr(source, name))
    parents = {r.text.strip(): r.id for r in proposals.supervisor_results(employee, plan.period.year)}
    entries = {e.code: e for e in catalogue}
    for i, old in enumerate(source.results):
        result = WorkResult(kind=old.kind, text=old.text, position=i, cascading=old.cascading,
                            parent_id=parents.get((old.parent.text if old.parent else old.text).strip()))
        for j, ind in enumerate(old.indicators):
            copy = PlanIndicator(position=j)
            for name in INDICATOR_VALUES:
                setattr(copy, name, getattr(ind, name))
            if ind.catalogue_code in entries:
                copy.due_rule = entries[ind.catalogue_code].due_rule
            if copy.target_kind == "growth":  # last year's baseline is the year before's figure
                copy.baseline_value, copy.baseline_source = None, ""
            result.indicators.append(copy)
        plan.results.append(result)
    record(actor, "plan.create", plan, after={"status": "draft", "copied_from": source.id},
           agency_id=employee.agency_id)
    return plan


@transition
def from_supervisor(employee: Employee, actor, period_id: int, catalogue) -> Plan:
    """A draft with one main RHK per RHK of the supervisor's approved SKP, each linked to it (non-direct
    cascading) and carrying the catalogue indicators that RHK uses, with the catalogue's defaults.

    ``catalogue`` is the agency's catalogue for the person's position (frozen records).
    """
    plan = _new_plan(employee, actor, period_id, "kuantitatif")
    parents = proposals.supervisor_results(employee, plan.period.year)
    if not parents:
        raise TransitionError([_l("Your supervisor has no approved SKP for this year yet, so there is "
                                  "nothing to propose. Start an empty SKP instead.")])
    entries = {e.code: e for e in catalogue}
    for i, parent in enumerate(parents):
        result = WorkResult(kind="utama", text=parent.text, position=i, parent_id=parent.id,
                            cascading="non_direct")
        codes = dict.fromkeys(ind.catalogue_code for ind in parent.indicators if ind.catalogue_code in entries)
        for j, code in enumerate(codes):
            ind = _indicator_from_entry(entries[code])
            ind.position = j
            result.indicators.append(ind)
        plan.results.append(result)
    record(actor, "plan.create", plan, after={"status": "draft", "proposed_from": "supervisor"},
           agency_id=employee.agency_id)
    return plan
