"""Editing a draft SKP: its settings, its RHK and their indicators (IKI).

Only the owner edits, and only while the plan is a draft or returned. Values
arrive parsed (planning/choices.py maps the forms); each change is audited with
the fields before and after.
"""
from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l

from .. import access
from ..extensions import db
from ..models import Plan, PlanIndicator, WorkResult
from ..models.audit import record, snapshot
from ..models.programme import ProgrammeResult
from .base import TransitionError, assign, transition

SETTINGS_FIELDS = ("approach", "resources", "accountability", "consequences")
RESULT_FIELDS = ("kind", "text", "parent_id", "goal_id", "cascading", "programme_result_id")
INDICATOR_FIELDS = ("catalogue_code", "name", "aspect", "unit", "target_kind", "target_value",
                    "target_upper", "target_text", "baseline_value", "baseline_source", "scoring",
                    "evidence_required")
# the roll-up and the due rule follow from the catalogue entry or the target: set, not audited
INDICATOR_VALUES = (*INDICATOR_FIELDS, "aggregation", "due_rule")


def _editable(plan: Plan, actor, child=None) -> None:
    access.require(actor, "plan.edit", plan)
    if isinstance(child, WorkResult) and child not in plan.results:
        abort(404)
    if isinstance(child, PlanIndicator) and child.result not in plan.results:
        abort(404)


def _programme_link(plan: Plan, actor, values: dict, result: WorkResult | None = None) -> None:
    """A link to a programme RHK: only to a programme of the SKP's year that the person's agency takes part in.
    A link kept unchanged stays (the agency may have left the programme since)."""
    wanted = values.get("programme_result_id")
    if wanted is None or (result is not None and result.programme_result_id == wanted):
        return
    target = db.session.get(ProgrammeResult, wanted)
    if target is None or not access.may(actor, "programme.link", target):
        raise TransitionError(fields={"programme_result_id": [
            _l("Your agency does not take part in this programme: link your RHK to a programme of your agency.")]})
    if target.programme.year != plan.period.year:
        raise TransitionError(fields={"programme_result_id": [
            _l("This programme is for another year than this SKP.")]})


@transition
def update_settings(plan: Plan, actor, values: dict) -> None:
    _editable(plan, actor)
    before = snapshot(plan, SETTINGS_FIELDS)
    assign(plan, values, SETTINGS_FIELDS)
    record(actor, "plan.settings", plan, before, snapshot(plan, SETTINGS_FIELDS), agency_id=plan.agency_id)


@transition
def add_result(plan: Plan, actor, values: dict) -> WorkResult:
    _editable(plan, actor)
    _programme_link(plan, actor, values)
    result = WorkResult(position=len(plan.results))
    assign(result, values, RESULT_FIELDS)
    plan.results.append(result)
    record(actor, "rhk.create", result, after=snapshot(result, RESULT_FIELDS), agency_id=plan.agency_id)
    return result


@transition
def update_result(plan: Plan, actor, result: WorkResult, values: dict) -> None:
    _editable(plan, actor, result)
    _programme_link(plan, actor, values, result)
    before = snapshot(result, RESULT_FIELDS)
    assign(result, values, RESULT_FIELDS)
    record(actor, "rhk.update", result, before, snapshot(result, RESULT_FIELDS), agency_id=plan.agency_id)


@transition
def delete_result(plan: Plan, actor, result: WorkResult) -> None:
    _editable(plan, actor, result)
    record(actor, "rhk.delete", result, before=snapshot(result, RESULT_FIELDS), agency_id=plan.agency_id)
    plan.results.remove(result)


@transition
def add_indicator(plan: Plan, actor, result: WorkResult, values: dict) -> PlanIndicator:
    _editable(plan, actor, result)
    ind = PlanIndicator(position=len(result.indicators))
    assign(ind, values, INDICATOR_VALUES)
    result.indicators.append(ind)
    record(actor, "iki.create", ind, after=snapshot(ind, INDICATOR_FIELDS), agency_id=plan.agency_id)
    return ind


@transition
def update_indicator(plan: Plan, actor, ind: PlanIndicator, values: dict) -> None:
    _editable(plan, actor, ind)
    before = snapshot(ind, INDICATOR_FIELDS)
    assign(ind, values, INDICATOR_VALUES)
    record(actor, "iki.update", ind, before, snapshot(ind, INDICATOR_FIELDS), agency_id=plan.agency_id)


@transition
def delete_indicator(plan: Plan, actor, ind: PlanIndicator) -> None:
    _editable(plan, actor, ind)
    record(actor, "iki.delete", ind, before=snapshot(ind, INDICATOR_FIELDS), agency_id=plan.agency_id)
    ind.result.indicators.remove(ind)



@transition
def add_result_with_indicators(plan: Plan, actor, values: dict, indicators: list[dict]) -> WorkResult:
    """An RHK and its first indicators from one form: all of them are saved, or none."""
    _editable(plan, actor)
    _programme_link(plan, actor, values)
    result = WorkResult(position=len(plan.results))
    assign(result, values, RESULT_FIELDS)
    plan.results.append(result)
    record(actor, "rhk.create", result, after=snapshot(result, RESULT_FIELDS), agency_id=plan.agency_id)
    for i, ind_values in enumerate(indicators):
        ind = PlanIndicator(position=i)
        assign(ind, ind_values, INDICATOR_VALUES)
        result.indicators.append(ind)
        record(actor, "iki.create", ind, after=snapshot(ind, INDICATOR_FIELDS), agency_id=plan.agency_id)
    return result
