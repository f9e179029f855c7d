"""The hand-computed capaian and the validation cases of the TOML case files, run by kinerja_web.testing."""
from __future__ import annotations

import tomllib
from pathlib import Path

import kinerja_pendidikan
from kinerja_pendidikan.indicators import BY_CODE, INDICATORS

from kinerja_web.testing import case_file_tests

HERE = Path(__file__).parent
SCORING, VALIDATION = HERE / "cases_scoring.toml", HERE / "cases_validation.toml"

test_scoring_cases = case_file_tests(kinerja_pendidikan, SCORING, "disdik")
test_validation_cases = case_file_tests(kinerja_pendidikan, VALIDATION, "disdik")


def _cases(path, table):
    return tomllib.loads(path.read_text("utf-8"))[table]


def test_every_rule_and_due_rule_the_catalogue_uses_has_a_case():
    cases = _cases(SCORING, "case")
    assert {i.scoring for i in INDICATORS} <= {c["rule"] for c in cases}
    assert {i.due_rule for i in INDICATORS if i.due_rule} <= {c.get("due_rule") for c in cases}


def test_every_roll_up_the_catalogue_uses_has_a_mid_year_case():
    periodic = {BY_CODE[c["indicator"]].aggregation for c in _cases(SCORING, "case") if "periods" in c}
    assert {i.aggregation for i in INDICATORS} <= periodic


def test_validation_cases_cover_refusals_and_acceptances_of_typed_and_derived_values():
    cases = _cases(VALIDATION, "validation")
    assert any(c["messages"] for c in cases) and any(not c["messages"] for c in cases)
    assert any("fields" in c and "value" not in c for c in cases)  # a coverage derived from its counts
