"""Capaian of catalogue indicators matches the hand-computed cases in scoring_cases.toml."""
from __future__ import annotations

import tomllib
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import kinerja_kesehatan
import pytest

from kinerja_web.rules.types import TargetKind
from kinerja_web.testing import capaian, make_registry

CASES = tomllib.loads(Path(__file__).with_name("scoring_cases.toml").read_text("utf-8"))["case"]


@pytest.fixture(scope="module")
def registry():
    return make_registry(kinerja_kesehatan)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['indicator']}: {c['note']}")
def test_capaian_matches_the_hand_computed_percentage(registry, case):
    indicator = registry.indicators[("dinkes", case["indicator"])].record
    assert ("upper" in case) == (indicator.target_kind is TargetKind.RANGE), "upper belongs to range targets"
    percent = capaian(registry, indicator.scoring, case["target"], case["realization"],
                      upper=case.get("upper"), kind=indicator.target_kind)
    assert percent.quantize(Decimal("0.01"), ROUND_HALF_UP) == Decimal(str(case["expected"]))
