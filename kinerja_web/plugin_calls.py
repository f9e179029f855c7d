"""Calling plugins at request time, one implementation at a time.

The declaration hooks run once at start-up, where a failing plugin stops the
app with its name (``registry``). The request-time hooks (form fields,
validation, dashboard panels) run while someone waits for a page: here a plugin
that raises must not take the page down. :func:`call` asks each implementation
on its own, passes it only the arguments it declares, and turns an exception
into a :class:`Failure` that names the plugin. The failure is logged with the
plugin's name and kept as a ``PluginFault`` row, which the province admin reads
on the plugins page whichever app server it happened on.

A plugin the province admin switched off for an agency (``PluginSwitch``) is
not asked about that agency at all. A request learns whether any switch is off
from the layout's one statement (``queries.layout``), and reads the switches, once
per request, only when one is; outside a request they are read every time.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, g, has_request_context
from flask_login import current_user
from sqlalchemy import insert, select

from .extensions import db
from .models import PluginFault, PluginSwitch

log = logging.getLogger("kinerja_web.plugins")

BUILT_IN = "kinerja_web."  # the national defaults are part of the host, never switched off


@dataclass(frozen=True)
class Failure:
    """A plugin's hook raised; the page says which plugin failed, the details go to the log."""

    plugin: str
    hook: str
    message: str


@dataclass(frozen=True)
class Answers:
    """What each plugin answered (name, value), in call order, who failed, and who was not asked because the
    province admin switched it off for the agency."""

    values: list[tuple[str, Any]]
    failures: list[Failure]
    off: list[str] = field(default_factory=list)


def switched_off() -> frozenset[tuple[str, str]]:
    """(agency code, plugin name) pairs switched off: nothing to read when the layout says none is."""
    if has_request_context():
        if "plugins_off" in g:
            return g.plugins_off
        layout = getattr(current_user, "layout", None) if current_user else None
        if layout is not None and not layout.get("plugins_off"):
            g.plugins_off = frozenset()
            return g.plugins_off
    off = frozenset(tuple(row) for row in db.session.execute(
        select(PluginSwitch.agency_code, PluginSwitch.plugin).where(PluginSwitch.enabled.is_(False))).all())
    if has_request_context():
        g.plugins_off = off
    return off


def forget_switches() -> None:
    """Read the switches again (after this request changed one)."""
    if has_request_context():
        g.pop("plugins_off", None)


def enabled(agency_code: str | None, plugin: str) -> bool:
    """Whether ``plugin`` serves ``agency_code`` (the built-in defaults always do)."""
    if agency_code is None or plugin.startswith(BUILT_IN):
        return True
    return (agency_code, plugin) not in switched_off()


def call(hook_name: str, agency_code: str | None, **kwargs) -> Answers:
    """Call every implementation of a request-time hook, containing each one's failure."""
    hook = getattr(current_app.extensions["kinerja"].hook, hook_name)
    values, failures, off = [], [], []
    for impl in reversed(hook.get_hookimpls()):  # pluggy's call order: the last registered first
        name = impl.plugin_name
        if not enabled(agency_code, name):
            off.append(name)
            continue
        try:
            value = impl.function(*[kwargs[a] for a in impl.argnames])
        except Exception as exc:  # any error of a plugin is contained and named
            failures.append(fault(name, hook_name, agency_code, exc))
            continue
        if value is not None:
            values.append((name, value))
    return Answers(values, failures, off)


def fault(plugin: str, hook: str, agency_code: str | None, exc: BaseException) -> Failure:
    """Log a plugin's exception with its name and keep it for the plugins page."""
    message = f"{type(exc).__name__}: {exc}"[:2000]
    log.error("plugin %s failed in %s (agency %s): %s", plugin, hook, agency_code, message, exc_info=exc)
    try:  # on its own connection: the request's transaction is not the fault's business
        with db.engine.begin() as conn:
            conn.execute(insert(PluginFault).values(plugin=plugin, hook=hook, agency_code=agency_code,
                                                    message=message, created_at=_now()))
    except Exception:  # the page must still render when the fault cannot be stored
        log.exception("could not store the fault of plugin %s", plugin)
    return Failure(plugin, hook, message)


def _now():
    from .models.audit import utcnow

    return utcnow()
