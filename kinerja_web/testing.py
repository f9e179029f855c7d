"""Helpers for plugin authors' tests (installed as a pytest plugin).

``make_registry(plugin)`` builds the registry from the national defaults and
exactly the plugins given, so a plugin can be tested without Flask::

    def test_catalogue_loads():
        reg = make_registry(kinerja_kesehatan)
        assert reg.catalogue("dinkes")
"""
from __future__ import annotations

from decimal import Decimal

import pytest

from .plugins import build_plugin_manager
from .registry import Registry
from .rules.scoring import attain
from .rules.types import Target, TargetKind


def make_registry(*plugins, config=None) -> Registry:
    """The frozen registry for the defaults plus ``plugins``."""
    return Registry.collect(build_plugin_manager(config, plugins=list(plugins)))


def capaian(registry: Registry, rule_code: str, target, realization, upper=None,
            kind: TargetKind = TargetKind.SINGLE) -> Decimal | None:
    """Attainment percent of one case, for data-driven scoring tests."""
    rule, ref = registry.scoring_rule(rule_code)
    dec = lambda v: None if v is None else Decimal(str(v))  # noqa: E731
    return attain(rule, ref, Target(kind, dec(target), dec(upper)), dec(realization)).percent


@pytest.fixture
def kinerja_registry():
    """A registry with the national defaults only."""
    return make_registry()
