"""Rendering the panels agency plugins declare for a dashboard (``kinerja_dashboard_panels``).

Shared by the dashboard page and ``kinerja_web.testing.render_panel``: a plugin's panel is its own
template and context, rendered with autoescaping in the reader's language; a plugin that raises, or whose
template fails, is named in place of its panel and kept for the province admin (``plugin_calls``).
"""
from __future__ import annotations

from flask import current_app
from markupsafe import Markup

from .. import plugin_calls
from ..models import Agency
from ..queries.panels import PanelData
from ..rules.types import DashboardPanel
from ..ui import locale_name


def panel_html(panel: DashboardPanel) -> Markup:
    """A plugin's panel template rendered with autoescaping, its context and ``locale`` ("id" or "en").

    The app's environment gives the template the host's filters (``number``, ``percent``), which write
    numbers in the reader's notation; the plugin chooses its own words by ``locale``.
    """
    locale = "en" if locale_name() == "en" else "id"
    template = current_app.jinja_env.get_template(panel.template)
    # the plugin's template rendered with autoescaping: its output is safe HTML
    return Markup(template.render(**{**dict(panel.context), "locale": locale}))


def rendered_panels(agency: Agency, year: int, groups: dict[int, tuple[int, str]] | None = None) -> list[dict]:
    """Each plugin panel as {plugin, title, html} or {plugin, failed}, in plugin order, then {plugin, off}
    for each plugin switched off for the agency. ``groups`` adds units up as the page's unit table does
    (:class:`~kinerja_web.queries.panels.PanelData`)."""
    registry = current_app.extensions["kinerja_registry"]
    catalogue = {d.record.code: (d.plugin, d.record) for d in registry.catalogue(agency.code)}
    answers = plugin_calls.call("kinerja_dashboard_panels", agency.code, agency=agency.code, year=year,
                                data=PanelData(agency.id, year, catalogue, groups=groups))
    english = locale_name() == "en"
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
