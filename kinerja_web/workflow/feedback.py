"""Continuous feedback (pembinaan): feedback and replies, performance dialogues,
and input asked of colleagues (peer input)."""
from __future__ import annotations

from flask import abort, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import access
from ..clock import today
from ..extensions import db
from ..models import Dialogue, Employee, Feedback, PeerInput, Plan, Realization, ReviewPeriod, WorkResult
from ..models.audit import record, utcnow
from ..notify import notify, short
from .base import AlreadyDone, TransitionError, transition


def _monitor(plan: Plan, anchor: str | None = None) -> str:
    return url_for("execution.monitor", plan_id=plan.id, _anchor=anchor)


@transition
def give(plan: Plan, actor, about: WorkResult | Realization, body: str) -> Feedback:
    """The supervisor's feedback on an RHK or a realisation of the plan."""
    access.require(actor, "feedback.write", plan)
    if isinstance(about, Realization) and about.indicator.result.plan_id == plan.id:
        fb, what = Feedback(plan_id=plan.id, realization_id=about.id), about.indicator.name
    elif isinstance(about, WorkResult) and about.plan_id == plan.id:
        fb, what = Feedback(plan_id=plan.id, result_id=about.id), about.text
    else:
        abort(404)
    fb.author_id, fb.body = actor.employee_id, body.strip()
    db.session.add(fb)
    record(actor, "feedback.create", fb, after={"body": fb.body}, agency_id=plan.agency_id)
    notify([plan.employee_id], "feedback", link=_monitor(plan), name=actor.employee.name, what=short(what))
    return fb


@transition
def reply(parent: Feedback, actor, body: str) -> Feedback:
    """The employee answers feedback on their plan."""
    if parent.parent_id is not None:
        abort(404)
    plan = parent.plan
    access.require(actor, "feedback.reply", plan)
    answer = Feedback(plan_id=plan.id, parent_id=parent.id, author_id=actor.employee_id, body=body.strip(),
                      result_id=parent.result_id, realization_id=parent.realization_id)
    db.session.add(answer)
    record(actor, "feedback.reply", answer, after={"body": answer.body}, agency_id=plan.agency_id)
    what = parent.realization.indicator.name if parent.realization else (parent.result.text if parent.result else "")
    notify([parent.author_id], "reply", link=_monitor(plan), name=actor.employee.name, what=short(what))
    return answer


@transition
def record_dialogue(plan: Plan, actor, held_on, notes: str, follow_ups: str = "") -> Dialogue:
    """A performance dialogue the supervisor held with the employee (not in the future)."""
    access.require(actor, "feedback.write", plan)
    if held_on > today():
        raise TransitionError(fields={"held_on": [_l("A dialogue cannot be in the future.")]})
    row = Dialogue(plan_id=plan.id, held_on=held_on, notes=notes.strip(), follow_ups=(follow_ups or "").strip(),
                   author_id=actor.employee_id)
    db.session.add(row)
    record(actor, "dialogue.create", row, after={"held_on": str(row.held_on)}, agency_id=plan.agency_id)
    notify([plan.employee_id], "dialogue", link=_monitor(plan, "dialog"), name=actor.employee.name)
    return row


@transition
def request_input(plan: Plan, actor, rater: Employee, review: ReviewPeriod) -> PeerInput:
    """Ask a colleague of the same agency for input on the employee's work in one review period."""
    access.require(actor, "feedback.write", plan)
    if (review.period_id != plan.period_id or rater.agency_id != plan.employee.agency_id
            or rater.id in (plan.employee_id, actor.employee_id) or not rater.active):
        abort(400)
    exists = db.session.scalar(select(PeerInput.id).where(
        PeerInput.employee_id == plan.employee_id, PeerInput.review_id == review.id, PeerInput.rater_id == rater.id))
    if exists:
        raise AlreadyDone([_l("This colleague was already asked for this period.")])
    peer = PeerInput(employee_id=plan.employee_id, review_id=review.id, rater_id=rater.id,
                     requested_by_id=actor.employee_id)
    db.session.add(peer)
    try:
        db.session.flush()
    except IntegrityError:  # asked twice at once
        raise AlreadyDone([_l("This colleague was already asked for this period.")]) from None
    record(actor, "peer.request", peer, after={"rater_id": peer.rater_id}, agency_id=plan.agency_id)
    notify([rater.id], "peer_request", link=url_for("execution.peer_answer", peer_id=peer.id),
           name=actor.employee.name, colleague=plan.employee.name, period=review.name)
    return peer


@transition
def answer_input(peer: PeerInput, actor, strengths: str, improvements: str, collaboration: str) -> None:
    """The colleague's answers to the three questions."""
    access.require(actor, "peer.answer", peer)
    before = {"answered": peer.answered_at is not None}
    peer.strengths, peer.improvements, peer.collaboration = strengths, improvements, collaboration
    peer.answered_at = utcnow()
    record(actor, "peer.answer", peer, before, {"answered": True}, agency_id=peer.employee.agency_id)
    notify([peer.requested_by_id], "peer_answered", name=actor.employee.name, colleague=peer.employee.name)
