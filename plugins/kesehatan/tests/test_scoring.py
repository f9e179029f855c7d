"""Capaian of catalogue indicators matches the hand-computed cases in scoring_cases.toml."""
from __future__ import annotations

from pathlib import Path

import kinerja_kesehatan
import pytest

from kinerja_web.testing import case_id, check_scoring_case, make_registry, scoring_cases

CASES = scoring_cases(Path(__file__).with_name("scoring_cases.toml"))


@pytest.fixture(scope="module")
def registry():
    return make_registry(kinerja_kesehatan)


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_capaian_matches_the_hand_computed_percentage(registry, case):
    check_scoring_case(registry, "dinkes", case)
