"""Requests to reopen a closed review period: the employee asks with a reason, the agency
admin approves (a real reopening until a date) or refuses (with a note), once."""
from __future__ import annotations

from datetime import date

from flask import abort, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import access
from ..clock import today
from ..extensions import db
from ..models import Employee, ReopenRequest, ReviewPeriod
from ..models.audit import record, utcnow
from ..notify import notify, notify_admins, short
from ..queries.missing import review_states
from ..queries.progress import current_plans
from .base import AlreadyDone, TransitionError, transition
from .deadlines import UNTIL_PAST, reopen_rows

EVALUATED = _l("The evaluation of this period is already rated or final: its realisations can no longer change, "
               "so it cannot be reopened.")
STILL_OPEN = _l("This period is still open for input: enter the realisation directly.")
WAITING = _l("A request to reopen this period is already waiting for the admin's decision.")


def _period_name(review: ReviewPeriod) -> str:
    return f"{review.name} {review.ends_on.year}"


def _monitor_link(employee: Employee) -> str:
    plans = current_plans([employee.id])
    return url_for("execution.monitor", plan_id=plans[0].id) if plans else url_for("execution.dashboard")


@transition
def ask_reopening(employee: Employee, actor, review: ReviewPeriod, reason: str) -> ReopenRequest:
    """The employee asks the agency admin to reopen a closed period of their current plan; one request
    waits at a time per person and period, and the agency's admins are told."""
    access.require(actor, "reopening.ask", employee)
    # Serialises two requests of the same person (two tabs, a double click) on PostgreSQL.
    db.session.execute(select(Employee.id).where(Employee.id == employee.id).with_for_update())
    plans = current_plans([employee.id])
    if not plans or review.period_id != plans[0].period_id:
        abort(404)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(fields={"reason": [_l("Write why the period should be reopened.")]})
    state = review_states(employee.id, plans[0].id, [review])[review.id]
    if state.evaluated:
        raise TransitionError([EVALUATED])
    if not state.closed:
        raise TransitionError([STILL_OPEN])
    if state.pending:
        raise AlreadyDone([WAITING])
    row = ReopenRequest(employee_id=employee.id, review_id=review.id, reason=reason, status="pending")
    db.session.add(row)
    record(actor, "reopen_request.create", row, after={"review_id": review.id, "status": row.status},
           note=reason, agency_id=employee.agency_id)
    notify_admins(employee.agency_id, "reopen_requested",
                  link=url_for("admin.reopen_requests", agency_id=employee.agency_id),
                  name=employee.name, period=_period_name(review), reason=short(reason))
    return row


@transition
def decide_reopening(request: ReopenRequest, actor, approve: bool, until: date | None,
                     note: str) -> ReopenRequest:
    """Approve (a reopening until ``until``, linked to the request) or refuse (``note`` required) a
    waiting request; the employee is told either way."""
    access.require(actor, "reopen_request.decide", request)
    # Two admins deciding at once: the row lock makes the second one see the first decision.
    status = db.session.scalar(select(ReopenRequest.status).where(ReopenRequest.id == request.id).with_for_update())
    if status != "pending":
        raise AlreadyDone([_l("This request was already decided.")])
    employee, review = request.employee, request.review
    note = (note or "").strip()
    link = _monitor_link(employee)
    if approve:
        if until is None or until < today():
            raise TransitionError(fields={"until": [UNTIL_PAST]})
        plans = current_plans([employee.id])
        state = review_states(employee.id, plans[0].id, [review])[review.id] if plans else None
        if state is not None and state.evaluated:
            raise TransitionError([EVALUATED])
        request.reopening = reopen_rows(employee, actor, review, until, note or request.reason, link=link)
        request.status = "approved"
    else:
        if not note:
            raise TransitionError(fields={"note": [_l("Write why the request is refused; the employee reads it.")]})
        request.status = "refused"
        notify([employee.id], "reopen_refused", link=link, period=_period_name(review), note=short(note))
    request.decided_by_id, request.decided_at, request.decision_note = actor.id, utcnow(), note
    db.session.flush()
    record(actor, f"reopen_request.{'approve' if approve else 'refuse'}", request, before={"status": "pending"},
           after={"status": request.status, "reopening_id": request.reopening_id,
                  "until": str(until) if approve else None},
           note=note, agency_id=employee.agency_id)
    return request
