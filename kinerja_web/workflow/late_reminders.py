"""Reminders before an input deadline to the people still missing something and to their supervisors
(``flask kinerja remind``). Who is late is the completion list's answer (``queries.completion``), so the
reminder, the list and its export never disagree; people on leave, retired or transferred out get none. The
people are read in batches from one statement, never an agency's whole list at once."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from ..clock import today
from ..extensions import db
from ..models import Agency, Period, ReviewPeriod
from ..notify import notify
from ..queries.completion import INPUT_MISSING, stream
from ..queries.dashboard import Scope
from .base import transition


@transition
def remind_late(now: date | None = None) -> int:
    """For every review period whose input deadline falls within ``REMINDER_DAYS`` from today: one reminder
    to each person without an approved SKP, realisations or required evidence for it, and one to each of
    their supervisors with how many of their people that is. Each is sent once per deadline (a dedupe key),
    so this is safe to run daily. Returns how many were added."""
    now = now or today()
    horizon = now + timedelta(days=int(current_app.config["REMINDER_DAYS"]))
    due = db.session.execute(
        select(ReviewPeriod, Period, Agency).join(Period, Period.id == ReviewPeriod.period_id)
        .join(Agency, Agency.id == Period.agency_id)
        .where(Agency.active.is_(True), ReviewPeriod.input_deadline.is_not(None),
               ReviewPeriod.input_deadline >= now, ReviewPeriod.input_deadline <= horizon,
               ReviewPeriod.starts_on <= now)).all()
    sent = 0
    for review, period, agency in due:
        deadline = review.input_deadline.strftime("%d-%m-%Y")
        bosses = Counter()  # one entry per supervisor, not per person
        for row in stream(Scope(agency, [], period, [review], [period.year]), review, now, INPUT_MISSING):
            link = f"/skp/{row.plan_id}/pemantauan" if row.plan_id else "/skp"
            sent += notify([row.employee_id], "completion_late", link=link, dedupe_key=f"late:{review.id}",
                           period=review.name, deadline=deadline)
            if row.supervisor_id:
                bosses[row.supervisor_id] += 1
        for boss_id, count in bosses.items():
            sent += notify([boss_id], "completion_team_late", link="/", dedupe_key=f"late-team:{review.id}",
                           count=count, period=review.name, deadline=deadline)
    return sent
