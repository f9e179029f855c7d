"""Small fake plugins for the contract and registry tests."""
from __future__ import annotations

from types import SimpleNamespace

from kinerja_web import hookimpl
from kinerja_web.rules.types import Agency, Aggregation, Aspect, Indicator


def fake(name: str, version: str = "1.0.0", **hooks) -> SimpleNamespace:
    """A plugin object called ``name`` at ``version`` implementing ``hooks`` (hook name → function)."""
    plugin = SimpleNamespace(name=name, __version__=version)
    for hook_name, function in hooks.items():
        setattr(plugin, hook_name, hookimpl(function))
    return plugin


def agency(code: str = "dinkes_x", **fields) -> Agency:
    return Agency(code=code, name=f"Dinas {code}", sector="uji", **fields)


def indicator(agency: str = "dinkes_x", code: str = "IKI_1", **fields) -> Indicator:
    fields = {"name": f"Indikator {code}", "unit": "%", "aspect": Aspect.QUANTITY,
              "aggregation": Aggregation.AVERAGE, **fields}
    return Indicator(agency=agency, code=code, **fields)


def returning(*records):
    """A declaration hook that returns ``records``."""
    return lambda: list(records)
