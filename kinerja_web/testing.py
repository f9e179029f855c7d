"""Helpers for plugin authors' tests (installed as a pytest plugin).

``make_registry(plugin)`` builds the registry from the national defaults and
exactly the plugins given, so a plugin can be tested without Flask::

    def test_catalogue_loads():
        reg = make_registry(kinerja_kesehatan)
        assert reg.catalogue("dinkes")

``scoring_cases`` and ``check_scoring_case`` run a TOML table of hand-computed
capaian, so a domain expert extends the cases without touching Python::

    CASES = scoring_cases(Path(__file__).with_name("scoring_cases.toml"))

    @pytest.mark.parametrize("case", CASES, ids=case_id)
    def test_capaian_matches_the_hand_computed_percentage(registry, case):
        check_scoring_case(registry, "dinkes", case)
"""
from __future__ import annotations

import tomllib
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from .plugins import build_plugin_manager
from .registry import Registry
from .rules.aggregation import period_target, to_date
from .rules.rating import NationalRatingPolicy, ScoredIndicator
from .rules.scoring import attain
from .rules.types import Target, TargetKind

CENT = Decimal("0.01")


def make_registry(*plugins, config=None) -> Registry:
    """The frozen registry for the defaults plus ``plugins``."""
    return Registry.collect(build_plugin_manager(config, plugins=list(plugins)))


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def capaian(registry: Registry, rule_code: str, target, realization, upper=None,
            kind: TargetKind = TargetKind.SINGLE) -> Decimal | None:
    """Attainment percent of one case, for data-driven scoring tests."""
    rule, ref = registry.scoring_rule(rule_code)
    return attain(rule, ref, Target(kind, _dec(target), _dec(upper)), _dec(realization)).percent


def scoring_cases(path: Path) -> list[dict]:
    """The ``[[case]]`` tables of a TOML case file."""
    return tomllib.loads(Path(path).read_text("utf-8"))["case"]


def case_id(case: dict) -> str:
    return f"{case['indicator']}: {case['note']}"


def check_scoring_case(registry: Registry, agency: str, case: dict) -> None:
    """Check one hand-computed case against the catalogue indicator it names.

    A case gives ``target`` (the annual target; for a range, the lower bound,
    with ``upper``) and either one ``realization`` or the realisations of the
    first review ``periods`` of a year of ``of`` periods (a mid-year review).
    Then the indicator's own roll-up gives the realisation to date and the
    target due (``to_date`` and ``due``, checked when the case states them),
    and its scoring rule the capaian: ``expected``, rounded half up to two
    decimals. ``rating``, when stated, is the band the national rating policy
    gives that capaian (di_atas, sesuai, di_bawah).
    """
    indicator = registry.indicators[(agency, case["indicator"])].record
    label = case_id(case)
    assert ("upper" in case) == (indicator.target_kind is TargetKind.RANGE), \
        f"{label}: 'upper' belongs to range targets, and a range target needs it"
    target, upper = _dec(case["target"]), _dec(case.get("upper"))
    if "periods" in case:
        periods, count = [_dec(v) for v in case["periods"]], int(case["of"])
        realization = to_date(periods, indicator.aggregation)
        target = period_target(target, indicator.aggregation, len(periods), count)
        upper = period_target(upper, indicator.aggregation, len(periods), count)
    else:
        realization = _dec(case["realization"])
    if "to_date" in case:
        assert realization == _dec(case["to_date"]), \
            f"{label}: {indicator.aggregation} of the periods is {realization}, the case says {case['to_date']}"
    if "due" in case:
        assert target.quantize(CENT, ROUND_HALF_UP) == _dec(case["due"]), \
            f"{label}: {indicator.aggregation} makes {target} due, the case says {case['due']}"
    rule, ref = registry.scoring_rule(indicator.scoring)
    attainment = attain(rule, ref, Target(indicator.target_kind, target, upper), realization)
    assert attainment.percent is not None, f"{label}: {attainment.explanation}"
    assert attainment.percent.quantize(CENT, ROUND_HALF_UP) == _dec(case["expected"]), \
        f"{label}: capaian {attainment.percent} with rule {indicator.scoring}, the case says {case['expected']}"
    if "rating" in case:
        band = NationalRatingPolicy().rate_indicator(ScoredIndicator(attainment.percent, attainment.max_attainable))
        assert band == case["rating"], f"{label}: the national policy rates it {band}, the case says {case['rating']}"


@pytest.fixture
def kinerja_registry():
    """A registry with the national defaults only."""
    return make_registry()
