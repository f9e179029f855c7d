"""The province admin switches an agency's use of a plugin off, or back on, at run time.

Switching off keeps the plugin's code loaded (``PLUGINS_BLOCKED`` in the
configuration unloads it) and keeps every stored result with its rule version:
the plugin is no longer asked anything about the agency at request time (form
fields, validation, dashboard panels) and its catalogue is no longer offered for
new indicators. Scoring rules keep computing the plans that already name them, so
a switch never silently changes an evaluation.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import access, plugin_calls
from ..extensions import db
from ..models import Agency, PluginSwitch
from ..models.audit import record, utcnow
from .base import TransitionError, transition


@transition
def set_switch(actor, agency_code: str, plugin: str, enabled: bool, reason: str, known_plugins) -> PluginSwitch:
    """Switch ``plugin`` off (``enabled=False``, a reason required) or on for an agency; audited."""
    access.require(actor, "province.manage")
    if plugin not in known_plugins or plugin.startswith(plugin_calls.BUILT_IN):
        raise TransitionError([_l("This plugin cannot be switched.")])
    agency = db.session.scalar(select(Agency).where(Agency.code == agency_code))
    if agency is None:
        raise TransitionError([_l("This agency is not in the system.")])
    reason = (reason or "").strip()
    if not enabled and not reason:
        raise TransitionError(fields={"reason": [_l("Say why the plugin is switched off.")]})
    row = db.session.scalar(select(PluginSwitch).where(PluginSwitch.agency_code == agency_code,
                                                       PluginSwitch.plugin == plugin))
    before = None if row is None else {"enabled": row.enabled, "reason": row.reason}
    if row is None:
        row = PluginSwitch(agency_code=agency_code, plugin=plugin)
        db.session.add(row)
    row.enabled, row.reason, row.changed_by_id, row.changed_at = enabled, reason, actor.id, utcnow()
    record(actor, "plugin.switch", row, before, {"plugin": plugin, "agency": agency_code, "enabled": enabled,
                                                 "reason": reason}, agency_id=agency.id)
    plugin_calls.forget_switches()
    return row
