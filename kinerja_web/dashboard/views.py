"""The agency dashboard: what leaders look at, with the panels the agency's plugins declare.

A plugin's panel is its own template and context (``kinerja_dashboard_panels``), rendered
here with autoescaping in the reader's language; a plugin that raises, or whose template fails,
is named in place of its panel and kept for the province admin (``plugin_calls``), and a plugin
switched off for the agency is named as such.
"""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import access
from ..clock import today
from ..extensions import db
from ..models import Agency, Period
from .panels import rendered_panels

bp = Blueprint("dashboard", __name__)


def _agency() -> Agency:
    """The agency of the request: the user's own, or the one a province admin picked."""
    code = request.args.get("instansi", "")[:32]
    if code:
        agency = db.session.scalar(select(Agency).where(Agency.code == code))
    elif current_user.employee is not None:
        agency = current_user.employee.agency
    else:
        agency = current_user.agency
    if agency is None:
        abort(404)
    if code and not access.may(current_user, "dashboard.view", agency):
        abort(404)  # another agency's dashboard: not even whether the code exists
    access.require(current_user, "dashboard.view", agency)
    return agency


@bp.get("/dasbor")
@login_required
def agency():
    agency = _agency()
    years = list(db.session.scalars(select(Period.year).where(Period.agency_id == agency.id)
                                    .order_by(Period.year.desc())))
    year = request.args.get("tahun", type=int)
    if year not in years:
        year = next((y for y in years if y <= today().year), years[0] if years else today().year)
    panels = rendered_panels(agency, year)
    agencies = (db.session.scalars(select(Agency).order_by(Agency.name)).all()
                if access.is_province_admin(current_user) else [])
    return render_template("dashboard/agency.html", agency=agency, year=year, years=years, panels=panels,
                           agencies=agencies)
