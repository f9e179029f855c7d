"""The case files run through the host's runner, and between them cover every rule, roll-up and check."""
from __future__ import annotations

import tomllib
from pathlib import Path

import kinerja_pariwisata
import pytest
from kinerja_pariwisata.indicators import INDICATORS
from kinerja_pariwisata.rules import DUE_RULES

from kinerja_web.testing import case_file_tests

HERE = Path(__file__).parent
SCORING, VALIDATION = HERE / "cases_scoring.toml", HERE / "cases_validation.toml"
CATALOGUE = {i.code: i for i in INDICATORS}

test_scoring_cases = case_file_tests(kinerja_pariwisata, SCORING, "dispar")
test_validation_cases = case_file_tests(kinerja_pariwisata, VALIDATION, "dispar")

CASES = tomllib.loads(SCORING.read_text("utf-8"))["case"]
CHECKS = tomllib.loads(VALIDATION.read_text("utf-8"))["validation"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c['indicator']}: {c['note']}")
def test_every_scoring_case_names_the_rule_that_must_produce_it(case):
    assert case.get("rule"), "add rule = \"…\": the scoring rule code that produced the expected capaian"


def test_every_scoring_rule_of_the_catalogue_has_a_case():
    assert {i.scoring for i in INDICATORS} <= {c["rule"] for c in CASES}


def test_every_due_rule_has_a_periodic_case_that_names_it():
    named = {c["due_rule"] for c in CASES if "due_rule" in c and "periods" in c}
    assert {r.code for r in DUE_RULES} <= named


def test_every_roll_up_of_the_catalogue_has_a_periodic_case():
    periodic = {CATALOGUE[c["indicator"]].aggregation for c in CASES if "periods" in c}
    assert {i.aggregation for i in INDICATORS} <= periodic


def test_every_target_kind_of_the_catalogue_has_a_case():
    assert {i.target_kind for i in INDICATORS} <= {CATALOGUE[c["indicator"]].target_kind for c in CASES}


def test_every_ratio_indicator_has_a_case_deriving_its_value():
    assert {i.code for i in INDICATORS if i.ratio} <= {c["indicator"] for c in CASES if "fields" in c}


@pytest.mark.parametrize("expected", ["melebihi 100 %", "bilangan bulat", "negatif", "di luar rentang",
                                      "melebihi jumlah"])
def test_every_kind_of_refusal_has_a_validation_case(expected):
    assert any(expected in m for c in CHECKS for m in c["messages"])


def test_validation_cases_also_show_values_that_are_accepted():
    assert sum(1 for c in CHECKS if c["messages"] == []) >= 5
