"""One clock: the Jakarta calendar date (or ``TODAY``) for every date rule (issue 7 §1)."""
from __future__ import annotations

from datetime import date, datetime

from kinerja_web.clock import local_date, start_of_day_utc, today, utcnow
from kinerja_web.extensions import db
from kinerja_web.models import Evaluation
from tests.helpers import plan_of


def test_a_stored_utc_stamp_is_read_as_its_jakarta_date():
    assert local_date(datetime(2026, 11, 8, 18, 30)) == date(2026, 11, 9)  # 01:30 WIB
    assert local_date(datetime(2026, 11, 8, 16, 59)) == date(2026, 11, 8)  # 23:59 WIB
    assert start_of_day_utc(date(2026, 11, 9)) == datetime(2026, 11, 8, 17, 0)


def test_now_falls_on_the_pinned_day(app):
    assert today() == date(2026, 11, 23)
    assert local_date(utcnow()) == date(2026, 11, 23)
    app.config["TODAY"] = "2027-01-01"
    assert today() == date(2027, 1, 1) and local_date(utcnow()) == date(2027, 1, 1)


def test_an_objection_window_counts_from_the_jakarta_date_of_finalisation(app, login):
    """Finalised at 01:30 WIB on 9 November (18:30 UTC on the 8th): objections are open until the 23rd."""
    plan = plan_of("staf.dinkes")
    ev = db.session.query(Evaluation).filter_by(plan_id=plan.id, status="final").order_by(Evaluation.id).first()
    ev.finalized_at = datetime(2026, 11, 8, 18, 30)
    db.session.commit()
    from kinerja_web import access
    from kinerja_web.models import User

    owner = db.session.query(User).filter_by(username="staf.dinkes").one()
    app.config["TODAY"] = date(2026, 11, 23)
    assert access.may(owner, "evaluation.object", ev)
    app.config["TODAY"] = date(2026, 11, 24)
    assert not access.may(owner, "evaluation.object", ev)
