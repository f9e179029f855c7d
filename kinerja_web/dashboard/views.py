"""The agency dashboard: what leaders look at, with the panels the agency's plugins declare.

A plugin's panel is its own template and context (``kinerja_dashboard_panels``), rendered
here with autoescaping; a plugin that raises, or whose template fails, is named in place of
its panel and kept for the province admin (``plugin_calls``).
"""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from flask_babel import get_locale
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from .. import access, plugin_calls
from ..clock import today
from ..extensions import db
from ..models import Agency, Period
from ..queries.panels import PanelData
from ..rules.types import DashboardPanel

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


def rendered_panels(agency: Agency, year: int) -> list[dict]:
    """Each plugin panel as {plugin, title, html} or {plugin, failed}, in plugin order."""
    registry = current_app.extensions["kinerja_registry"]
    catalogue = {d.record.code: (d.plugin, d.record) for d in registry.catalogue(agency.code)}
    answers = plugin_calls.call("kinerja_dashboard_panels", agency.code, agency=agency.code, year=year,
                                data=PanelData(agency.id, year, catalogue))
    english = str(get_locale()) == "en"
    out = [{"plugin": f.plugin, "failed": True} for f in answers.failures]
    env = current_app.jinja_env
    for plugin, panels in answers.values:
        for panel in panels or ():
            if not isinstance(panel, DashboardPanel):
                continue
            title = panel.title_en if english and panel.title_en else panel.title
            try:
                # the plugin's template rendered with autoescaping: its output is safe HTML
                html = Markup(env.get_template(panel.template).render(**dict(panel.context)))
            except Exception as exc:  # a template of the plugin's: contained like its hook
                plugin_calls.fault(plugin, f"panel {panel.template}", agency.code, exc)
                out.append({"plugin": plugin, "failed": True, "title": title})
                continue
            out.append({"plugin": plugin, "title": title, "html": html})
    return out
