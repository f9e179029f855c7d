"""Which agency, year, review period and unit a calibration or follow-up page is about, validated."""
from __future__ import annotations

from flask import abort, request
from flask_login import current_user
from sqlalchemy import select

from .. import access
from ..extensions import db
from ..models import Agency, Period, ReviewPeriod, Unit
from ..params import arg_int, to_id


def scope(agency):
    """Year, review period (None: annual) and unit from the query string, validated."""
    periods = db.session.scalars(select(Period).where(Period.agency_id == agency.id).order_by(Period.year.desc())).all()
    if not periods:
        abort(404)
    year = arg_int("tahun", None, 1900, 9999) or periods[0].year
    period = next((p for p in periods if p.year == year), None)
    if period is None:
        abort(404)
    raw = request.args.get("periode", "")
    review = None
    if raw and raw != "tahunan":
        review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.id == _id(raw),
                                                              ReviewPeriod.period_id == period.id))
        if review is None:
            abort(404)
    unit = None
    if request.args.get("unit"):
        unit = db.session.scalar(select(Unit).where(Unit.id == _id(request.args["unit"]),
                                                    Unit.agency_id == agency.id))
        if unit is None:
            abort(404)
    return periods, period, review, unit


def team_review(me):
    """The agency's review periods and the one the evaluations page (and its export) is about: ``periode``
    in the query string, by default the latest that has ended."""
    from ..clock import today
    from ..params import arg_id
    from ..queries.evaluations import reviews_of_agency

    reviews = reviews_of_agency(me.agency_id)
    wanted = arg_id("periode")
    if wanted is not None:
        chosen = next((r for r in reviews if r.id == wanted), None)
        if chosen is None:
            abort(404)
        return reviews, chosen
    now = today()
    ended = [r for r in reviews if r.ends_on < now]
    return reviews, (ended[-1] if ended else (reviews[0] if reviews else None))


def visible_agency(agency_id: int) -> Agency:
    """The agency, if the user may see its calibration and follow-up; else 404/403."""
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        abort(404)
    access.require(current_user, "calibration.view", agency)
    return agency


def _id(value):
    return to_id(value) or -1


def scope_args(period, review, unit) -> dict:
    """The query string that names a scope, for links and redirects."""
    args = {"tahun": period.year, "periode": review.id if review else "tahunan"}
    if unit:
        args["unit"] = unit.id
    return args
