"""State machine of a plan (SKP): create, submit, approve, return, revise.

Plan: draft → submitted → approved, or submitted → returned (with a reason) →
submitted again. An approved plan is locked; a revision copies it into a new
draft version and, once that is approved, the old one becomes superseded.
"""

from __future__ import annotations

from flask import abort, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from .. import access
from ..extensions import db
from ..models import BehaviourExpectation, Employee, Period, Plan, PlanIndicator, WorkResult
from ..models.audit import record, utcnow
from ..notify import notify
from .base import AlreadyDone, TransitionError, transition


def upsert_texts(collection, key: str, texts: dict, factory) -> None:
    """Set the text of each keyed child row; create rows only for non-empty new texts."""
    existing = {getattr(row, key): row for row in collection}
    for code, text in texts.items():
        text = (text or "").strip()
        if code in existing:
            existing[code].text = text
        elif text:
            collection.append(factory(code, text))


def _state(plan) -> dict:
    return {"status": plan.status, "version": plan.version}


def _audit(actor, action, plan, before, note=""):
    record(actor, action, plan, before=before, after=_state(plan), note=note, agency_id=plan.employee.agency_id)


def submission_problems(plan) -> list[str]:
    """What stops a plan from being submitted, in words for the employee.

    Translated now, not lazily: a lazy string counts as safe markup in a template,
    and these carry the employee's own RHK text, which must be escaped.
    """
    problems = []
    if not plan.results:
        problems.append(gettext("Add at least one RHK."))
    for result in plan.results:
        if not result.indicators:
            problems.append(gettext("RHK \u201c%(rhk)s\u201d has no indicator.", rhk=result.text[:60]))
        if result.kind == "utama" and plan.employee.supervisor_id and result.parent_id is None:
            problems.append(gettext("Main RHK \u201c%(rhk)s\u201d must be linked to an RHK of your supervisor.",
                                    rhk=result.text[:60]))
        if result.kind == "utama" and not plan.employee.supervisor_id and result.goal_id is None:
            problems.append(gettext("Main RHK \u201c%(rhk)s\u201d must be linked to an agency goal.",
                                    rhk=result.text[:60]))
        for ind in result.indicators:  # a proposal or a copy brings the growth, never this year's baseline
            if ind.target_kind == "growth" and (ind.target_value is None or ind.baseline_value is None
                                                or not ind.baseline_source):
                problems.append(gettext("Indicator \u201c%(iki)s\u201d: record the growth, its baseline and the "
                                        "baseline's source.", iki=ind.name[:60]))
    return problems


@transition
def create(employee: Employee, actor, period_id: int, approach: str) -> Plan:
    """Start the employee's SKP of a year as a draft."""
    access.require(actor, "plan.create", employee)
    period = db.session.get(Period, period_id)
    if period is None or period.agency_id != employee.agency_id:
        abort(404)
    plan = Plan(employee_id=employee.id, period_id=period_id, approach=approach)
    db.session.add(plan)
    try:
        db.session.flush()
    except IntegrityError:  # the same form sent twice
        raise AlreadyDone([_l("You already have a plan for this year.")]) from None
    record(actor, "plan.create", plan, after={"status": "draft"}, agency_id=employee.agency_id)
    return plan


@transition
def submit(plan: Plan, actor) -> None:
    access.require(actor, "plan.submit", plan)
    problems = submission_problems(plan)
    if problems:
        raise TransitionError(problems)
    before = _state(plan)
    plan.status = "submitted"
    plan.supervisor_id = plan.employee.supervisor_id
    plan.submitted_at = utcnow()
    plan.return_reason = None
    _audit(actor, "plan.submit", plan, before)
    notify(
        [plan.supervisor_id],
        "plan_submitted",
        link=url_for("planning.review", plan_id=plan.id),
        name=plan.employee.name,
    )


@transition
def approve(plan: Plan, actor, expectations: dict[str, str]) -> None:
    access.require(actor, "plan.review", plan)
    before = _state(plan)
    upsert_texts(plan.expectations, "value_code", expectations,
                 lambda code, text: BehaviourExpectation(value_code=code, text=text))
    plan.status = "approved"
    plan.decided_at = utcnow()
    expectations_note = "; ".join(f"{c}: {t.strip()}" for c, t in expectations.items() if (t or "").strip())
    if plan.previous is not None and plan.previous.status == "approved":
        old = _state(plan.previous)
        plan.previous.status = "superseded"
        carried = _carry_realizations(plan.previous, plan)
        _audit(actor, "plan.supersede", plan.previous, old, note=f"{carried} realisations carried over")
    _audit(actor, "plan.approve", plan, before, note=expectations_note[:1000])
    notify(
        [plan.employee_id], "plan_approved", link=url_for("execution.monitor", plan_id=plan.id), year=plan.period.year
    )


@transition
def return_(plan: Plan, actor, reason: str) -> None:
    access.require(actor, "plan.review", plan)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError([_l("Give a reason so the employee knows what to change.")])
    before = _state(plan)
    plan.status = "returned"
    plan.return_reason = reason
    plan.decided_at = utcnow()
    _audit(actor, "plan.return", plan, before, note=reason)
    notify(
        [plan.employee_id],
        "plan_returned",
        link=url_for("planning.detail", plan_id=plan.id),
        year=plan.period.year,
        reason=reason[:200],
    )


@transition
def revise(plan: Plan, actor, reason: str) -> Plan:
    """Copy an approved plan into a new draft version; the old one stays approved."""
    access.require(actor, "plan.revise", plan)
    if db.session.query(Plan.id).filter_by(previous_id=plan.id).first():
        raise TransitionError([_l("A revision of this plan already exists.")])
    new = Plan(
        employee=plan.employee,
        period=plan.period,
        version=plan.version + 1,
        previous_id=plan.id,
        approach=plan.approach,
        status="draft",
        revision_reason=(reason or "").strip(),
        resources=plan.resources,
        accountability=plan.accountability,
        consequences=plan.consequences,
    )
    for result in plan.results:
        copy = WorkResult(
            kind=result.kind,
            text=result.text,
            parent_id=result.parent_id,
            goal_id=result.goal_id,
            cascading=result.cascading,
            programme_result_id=result.programme_result_id,
            position=result.position,
        )
        for ind in result.indicators:
            copy.indicators.append(PlanIndicator(**{c: getattr(ind, c) for c in INDICATOR_FIELDS}))
        new.results.append(copy)
    for exp in plan.expectations:
        new.expectations.append(BehaviourExpectation(value_code=exp.value_code, text=exp.text))
    db.session.add(new)
    try:
        db.session.flush()
    except IntegrityError:  # the same form sent twice: this version number is taken
        raise AlreadyDone([_l("A revision of this plan already exists.")]) from None
    _audit(actor, "plan.revise", new, {"from_plan": plan.id}, note=new.revision_reason)
    return new


def _carry_realizations(old: Plan, new: Plan) -> int:
    """Move realisations (with evidence) and feedback to the approved revision.

    An RHK or indicator is the same when it sits at the same place with the same
    text (a revision copies them in order); anything changed stays with the old version.
    """
    from ..models import Feedback, Realization

    moved = 0
    for old_result, new_result in zip(old.results, new.results, strict=False):
        if old_result.text != new_result.text:
            continue
        db.session.query(Feedback).filter_by(plan_id=old.id, result_id=old_result.id).update(
            {"plan_id": new.id, "result_id": new_result.id})
        for old_ind, new_ind in zip(old_result.indicators, new_result.indicators, strict=False):
            if old_ind.name != new_ind.name:
                continue
            for real in db.session.query(Realization).filter_by(indicator_id=old_ind.id):
                real.indicator_id = new_ind.id
                moved += 1
                db.session.query(Feedback).filter_by(plan_id=old.id, realization_id=real.id).update(
                    {"plan_id": new.id})
    return moved


INDICATOR_FIELDS = (
    "catalogue_code",
    "name",
    "aspect",
    "unit",
    "target_kind",
    "target_value",
    "target_upper",
    "target_text",
    "baseline_value",
    "baseline_source",
    "scoring",
    "evidence_required",
    "aggregation",
    "due_rule",
    "position",
)
