"""Leaders' dashboards: the agency's, a unit's and the province's, with the panels the agency's plugins declare.

Who sees what is the access policy's: ``dashboard.view`` (an agency: its head and its admins),
``dashboard.unit`` (a unit: also whoever heads it or a unit above it) and ``dashboard.province``. An object
the viewer may not see answers 404, so a changed id in a URL tells nothing. A plugin's panel is its own
template and context (``kinerja_dashboard_panels``, see :mod:`.panels`).
"""
from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import access
from ..clock import today
from ..development.common import development_tile
from ..extensions import db
from ..models import Agency
from ..params import arg_int
from . import bp, page
from .panels import rendered_panels
from .scope import scope_of, visible


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
        visible("dashboard.view", chosen)
        scope = scope_of(chosen)
    elif code:
        chosen = db.session.scalar(select(Agency).where(Agency.code == code))
        visible("dashboard.view", chosen)
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
    context["panels"] = rendered_panels(scope.agency, scope.period.year if scope.period else today().year,
                                        page.row_groups(scope, context["rows"]))
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
