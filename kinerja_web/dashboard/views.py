"""Leaders' dashboards: the agency's, a unit's and the province's, with the panels the agency's plugins declare.

Who sees what is the access policy's: ``dashboard.view`` (an agency: its head and its admins),
``dashboard.unit`` (a unit: also whoever heads it or a unit above it) and ``dashboard.province``. An object
the viewer may not see answers 404, so a changed id in a URL tells nothing. A plugin's panel is its own
template and context (``kinerja_dashboard_panels``, see :mod:`.panels`).
"""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import access
from ..clock import today
from ..development.common import development_tile
from ..extensions import db
from ..models import Agency
from ..params import arg_int
from ..queries import dashboard as q
from ..queries.ikm import years_of
from . import page
from .panels import rendered_panels

bp = Blueprint("dashboard", __name__)


def _visible(action: str, obj) -> None:
    """404 for what the viewer may not see (not even whether it exists), else the policy's answer."""
    if obj is None or not access.may(current_user, action, obj):
        abort(404)


def scope_of(agency: Agency | None = None, agency_id: int | None = None, unit_id: int | None = None,
             own: bool = False, mine: bool = False) -> q.Scope:
    """The scope of a page: an agency (the object, or its id), or a unit of it (``unit_id``; ``own``: its own
    people only), for the year ``?tahun=``. What the viewer may not see answers 404, but their ``mine``
    (own) agency a 403. Two statements (the agency's units with the agency, the year), three for an agency
    without units."""
    if agency is not None:
        agency_id = agency.id
    rows = q.units_of(agency_id=agency_id, unit_id=unit_id if agency_id is None else None)
    units = [u for u, _, _ in rows]
    if agency is None:
        agency = units[0].agency if units else (db.session.get(Agency, agency_id) if agency_id else None)
        if agency is None:
            abort(404)
    unit = None
    if unit_id is not None:
        unit = next((u for u in units if u.id == unit_id), None)
        _visible("dashboard.unit", unit)
    elif mine:
        access.require(current_user, "dashboard.view", agency)
    else:
        _visible("dashboard.view", agency)
    year = years_of([agency.id], arg_int("tahun", None, 1900, 9999))[agency.id]
    return q.Scope(agency, units, year.period, year.reviews, year.years, unit,
                   {u.id: (sid, title) for u, sid, title in rows if sid is not None},
                   own_only=unit is not None and own)


@bp.get("/dasbor")
@login_required
def agency():
    """The agency's dashboard: the viewer's own agency, or the one a province admin picks (``?instansi=``).
    A unit head who does not lead the agency is taken to their unit's dashboard."""
    code = request.args.get("instansi", "")[:32]
    agencies = []
    if access.is_province_admin(current_user):
        if not code:
            return redirect(url_for("dashboard.province"))
        agencies = db.session.scalars(select(Agency).order_by(Agency.name)).all()
        chosen = next((a for a in agencies if a.code == code), None)
        _visible("dashboard.view", chosen)
        scope = scope_of(chosen)
    elif code:
        chosen = db.session.scalar(select(Agency).where(Agency.code == code))
        _visible("dashboard.view", chosen)
        scope = scope_of(chosen)
    else:
        emp = current_user.employee
        agency_id = emp.agency_id if emp is not None else current_user.agency_id
        if agency_id is None:
            abort(404)
        if emp is not None and emp.supervisor_id is not None and access.is_unit_head(emp):
            return redirect(url_for("dashboard.unit", unit_id=emp.unit_id))
        scope = scope_of(agency_id=agency_id, mine=True)
    context = page.overview(scope, today())
    context["development"] = development_tile(scope)
    context["panels"] = rendered_panels(scope.agency, scope.period.year if scope.period else today().year)
    return render_template("dashboard/overview.html", agencies=agencies, **context)


@bp.get("/dasbor/unit/<int:unit_id>")
@login_required
def unit(unit_id):
    """A unit's dashboard: the unit and the units below it."""
    scope = scope_of(unit_id=unit_id)
    return render_template("dashboard/overview.html", agencies=[], panels=None, development=development_tile(scope),
                           **page.overview(scope, today()))


@bp.get("/dasbor/provinsi")
@login_required
def province():
    """The province's dashboard: one row per agency, each leading to the agency's dashboard."""
    access.require(current_user, "dashboard.province")
    return render_template("dashboard/province.html", **page.province(arg_int("tahun", None, 1900, 9999), today()))


from . import lists  # noqa: E402,F401  (the drill-down routes, on this blueprint)
