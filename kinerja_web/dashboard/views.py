"""The agency dashboard: what leaders look at, with the panels the agency's plugins declare.

A plugin's panel is its own template and context (``kinerja_dashboard_panels``), rendered
here with autoescaping in the reader's language; a plugin that raises, or whose template fails,
is named in place of its panel and kept for the province admin (``plugin_calls``), and a plugin
switched off for the agency is named as such.
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


def panel_html(panel: DashboardPanel) -> Markup:
    """A plugin's panel template rendered with autoescaping, its context and ``locale`` ("id" or "en").

    The app's environment gives the template the host's filters (``number``, ``percent``), which write
    numbers in the reader's notation; the plugin chooses its own words by ``locale``.
    """
    locale = "en" if str(get_locale()) == "en" else "id"
    template = current_app.jinja_env.get_template(panel.template)
    # the plugin's template rendered with autoescaping: its output is safe HTML
    return Markup(template.render(**{**dict(panel.context), "locale": locale}))


def rendered_panels(agency: Agency, year: int) -> list[dict]:
    """Each plugin panel as {plugin, title, html} or {plugin, failed}, in plugin order, then {plugin, off}
    for each plugin switched off for the agency."""
    registry = current_app.extensions["kinerja_registry"]
    catalogue = {d.record.code: (d.plugin, d.record) for d in registry.catalogue(agency.code)}
    answers = plugin_calls.call("kinerja_dashboard_panels", agency.code, agency=agency.code, year=year,
                                data=PanelData(agency.id, year, catalogue))
    english = str(get_locale()) == "en"
    out = [{"plugin": f.plugin, "failed": True} for f in answers.failures]
    for plugin, panels in answers.values:
        for panel in panels or ():
            if not isinstance(panel, DashboardPanel):
                continue
            title = panel.title_en if english and panel.title_en else panel.title
            try:
                html = panel_html(panel)
            except Exception as exc:  # a template of the plugin's: contained like its hook
                plugin_calls.fault(plugin, f"panel {panel.template}", agency.code, exc)
                out.append({"plugin": plugin, "failed": True, "title": title})
                continue
            out.append({"plugin": plugin, "title": title, "html": html})
    return out + [{"plugin": plugin, "off": True} for plugin in answers.off]
