"""Input deadlines of review periods, reopening a closed period for one person,
and the reminders sent as a deadline nears (``flask kinerja remind``)."""
from __future__ import annotations

from datetime import date, timedelta

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import access
from ..clock import today
from ..extensions import db
from ..models import Agency, Employee, Reopening, ReviewPeriod
from ..models.audit import record
from ..notify import notify, short
from ..queries.progress import current_plans, progress
from .base import TransitionError, transition


@transition
def set_input_deadline(review: ReviewPeriod, actor, deadline: date) -> None:
    """Move a review period's input deadline; never before the period ends."""
    agency = db.session.get(Agency, review.period.agency_id)
    access.require(actor, "agency.manage", agency)
    if deadline < review.ends_on:
        raise TransitionError(fields={"input_deadline": [_l(
            "The deadline cannot be before the period ends (%(end)s).", end=review.ends_on.strftime("%d-%m-%Y"))]})
    before = {"input_deadline": str(review.input_deadline)}
    review.input_deadline = deadline
    record(actor, "review_period.deadline", review, before, {"input_deadline": str(review.input_deadline)},
           agency_id=agency.id)


UNTIL_PAST = _l("The reopening must last until today or later.")


@transition
def reopen(employee: Employee, actor, review: ReviewPeriod, until: date, reason: str) -> Reopening:
    """Reopen a closed review period for one employee until a date, with a reason; they are told."""
    access.require(actor, "deadline.reopen", employee)
    return reopen_rows(employee, actor, review, until, reason)


def reopen_rows(employee: Employee, actor, review: ReviewPeriod, until: date, reason: str,
                link: str = "") -> Reopening:
    """The rows of a reopening (the row, its audit entry, the employee's notification), inside the
    caller's transition and after its access check: :func:`reopen` and an approved request share it."""
    if review.period.agency_id != employee.agency_id:
        abort(404)
    if until < today():
        raise TransitionError([UNTIL_PAST])
    if review.input_deadline is None or review.input_deadline >= today():
        raise TransitionError([_l("This period is still open for input; there is nothing to reopen.")])
    row = Reopening(employee_id=employee.id, review_id=review.id, until=until, reason=reason.strip(),
                    created_by_id=actor.id)
    db.session.add(row)
    record(actor, "review_period.reopen", row, after={"employee_id": employee.id, "until": str(row.until)},
           note=row.reason, agency_id=employee.agency_id)
    notify([employee.id], "reopened", link=link, period=review.name, until=row.until.strftime("%d-%m-%Y"))
    return row


@transition
def remind(now: date | None = None) -> int:
    """Notify people whose required evidence is missing as an input deadline nears.

    Each reminder is sent once (a dedupe key per indicator and period), so this is
    safe to run daily. Returns how many were added.
    """
    now = now or today()
    horizon = now + timedelta(days=int(current_app.config["REMINDER_DAYS"]))
    ids = db.session.scalars(select(Employee.id).where(Employee.active.is_(True))).all()
    sent = 0
    for pp in progress(current_plans(ids)):
        for review in pp.reviews:
            if review.input_deadline is None or not now <= review.input_deadline <= horizon:
                continue
            if review.starts_on > now:
                continue
            for ip in pp.indicators:
                if not ip.indicator.evidence_required:
                    continue
                real = ip.realizations.get(review.id)
                if real is not None and real.evidence:
                    continue
                sent += notify([pp.plan.employee_id], "evidence_missing",
                               link=f"/skp/{pp.plan.id}/pemantauan#iki-{ip.indicator.id}",
                               dedupe_key=f"evidence:{ip.indicator.id}:{review.id}",
                               what=short(ip.indicator.name), period=review.name,
                               deadline=review.input_deadline.strftime("%d-%m-%Y"))
    return sent
