"""Build the plugin manager: built-in defaults, entry points, blocking.

There is no global manager: ``create_app`` builds one per app, and tests pass
exactly the plugins they want.
"""
from __future__ import annotations

from importlib import metadata

import pluggy

from . import hookspecs
from .defaults import DEFAULT_PLUGINS

ENTRY_POINT_GROUP = hookspecs.PROJECT


class PluginError(RuntimeError):
    """A plugin cannot be used; start-up stops. The message names the plugin."""


class KinerjaPluginManager(pluggy.PluginManager):
    """A pluggy manager that also remembers each plugin's distribution version."""

    def __init__(self):
        super().__init__(hookspecs.PROJECT)
        self.add_hookspecs(hookspecs)
        self.versions: dict[str, str] = {}

    def register_plugin(self, plugin, name: str, version: str) -> None:
        if self.is_blocked(name):
            return
        try:
            self.register(plugin, name=name)
        except (pluggy.PluginValidationError, ValueError) as exc:
            raise PluginError(f"Plugin {name!r} {version}: {exc}") from exc
        self.versions[name] = version


def _own_version() -> str:
    try:
        return metadata.version("kinerja-web")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def build_plugin_manager(config=None, plugins=None) -> KinerjaPluginManager:
    """Return a manager with the defaults plus ``plugins``, or the entry points.

    :param config: a mapping; ``PLUGINS_BLOCKED`` lists plugin names to skip.
    :param plugins: explicit plugin objects (tests); when None the installed
        distributions of entry-point group ``kinerja`` are loaded.
    """
    config = config or {}
    pm = KinerjaPluginManager()
    for name in config.get("PLUGINS_BLOCKED", ()):
        pm.set_blocked(name)
    own = _own_version()
    for name, module in DEFAULT_PLUGINS:
        pm.register_plugin(module, f"kinerja_web.{name}", own)
    if plugins is None:
        _load_entry_points(pm)
    else:
        for plugin in plugins:
            name = getattr(plugin, "name", None) or getattr(plugin, "__name__", repr(plugin))
            pm.register_plugin(plugin, name, str(getattr(plugin, "__version__", "0")))
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        raise PluginError(f"Plugin {name!r} implements an unknown hook: {exc}") from exc
    return pm


def _load_entry_points(pm: KinerjaPluginManager) -> None:
    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if pm.is_blocked(ep.name) or pm.has_plugin(ep.name):
            continue
        dist = ep.dist
        label = f"{dist.name} {dist.version}" if dist else "?"
        try:
            plugin = ep.load()
        except Exception as exc:  # any import failure must name the plugin
            raise PluginError(f"Plugin {ep.name!r} ({label}) failed to import: {exc!r}") from exc
        pm.register_plugin(plugin, ep.name, dist.version if dist else "0")
