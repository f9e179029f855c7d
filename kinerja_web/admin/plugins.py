"""The plugins page: what each plugin declares, what failed recently, and the per-agency switches.

Every admin sees what is installed; the province admin also sees every plugin's
recent faults and switches an agency's use of a plugin off or on (an agency admin
sees the faults of their own agency).
"""
from __future__ import annotations

from collections import defaultdict

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import access, plugin_calls, workflow
from ..queries import plugins as plugin_rows
from .common import bp
from .forms import PluginSwitchForm

REQUEST_HOOKS = ("kinerja_form_fields", "kinerja_validate_realization", "kinerja_dashboard_panels")


def _declared_by(registry) -> dict[str, dict[str, list]]:
    """{plugin: {kind: [record, ...]}} of what each plugin declared."""
    out: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for kind, table in (("agencies", registry.agencies), ("scoring_rules", registry.scoring_rules),
                        ("due_rules", registry.due_rules), ("rating_policies", registry.rating_policies),
                        ("predicate_policies", registry.predicate_policies),
                        ("distribution_policies", registry.distribution_policies)):
        for code, d in table.items():
            out[d.plugin][kind].append((code, d.record))
    for (agency, _code), d in registry.indicators.items():
        out[d.plugin]["indicators"].append((agency, d.record))
    return out


def _switchable(registry) -> list[str]:
    """Plugins an agency can stop using: the installed ones that are not the built-in national rules."""
    return [p.name for p in registry.plugins if not p.name.startswith(plugin_calls.BUILT_IN)]


@bp.get("/plugins")
@login_required
def plugins():
    access.require(current_user, "admin.enter")
    registry = current_app.extensions["kinerja_registry"]
    province = access.is_province_admin(current_user)
    own = None if province else (current_user.agency.code if current_user.agency else "")
    return render_template("admin/plugins.html", registry=registry, declared=_declared_by(registry),
                           faults=plugin_rows.recent_faults(agency_code=own), province=province,
                           switches=plugin_rows.switches() if province else {},
                           switchable=_switchable(registry), form=PluginSwitchForm(),
                           request_hooks=REQUEST_HOOKS)


@bp.post("/plugins/switch")
@login_required
def switch_plugin():
    access.require(current_user, "province.manage")
    registry = current_app.extensions["kinerja_registry"]
    form = PluginSwitchForm()
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("admin.plugins", _anchor="switches"))
    enabled = form.enabled.data == "1"
    try:
        workflow.plugins.set_switch(current_user, form.agency.data, form.plugin.data, enabled, form.reason.data,
                                    _switchable(registry))
    except workflow.TransitionError as exc:
        for message in exc.messages or [m for errors in exc.fields.values() for m in errors]:
            flash(message, "error")
        return redirect(url_for("admin.plugins", _anchor="switches"))
    flash(_l("%(plugin)s is switched on for %(agency)s.", plugin=form.plugin.data, agency=form.agency.data) if enabled
          else _l("%(plugin)s is switched off for %(agency)s.", plugin=form.plugin.data, agency=form.agency.data),
          "success")
    return redirect(url_for("admin.plugins", _anchor="switches"))


