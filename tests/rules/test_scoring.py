"""Capaian formulas of RULES.md §3.3, checked against the regulation's worked examples."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja_web.rules.aggregation import Seasonal
from kinerja_web.rules.scoring import (
    STANDARD_RULES,
    Capped,
    HigherIsBetter,
    LowerIsBetter,
    MaxAttainable,
    RangeTarget,
    ToleranceBand,
    attain,
    rule_for_target,
)
from kinerja_web.rules.types import Attainment, RuleRef, Target, TargetKind

SINGLE, RANGE, MAX = TargetKind.SINGLE, TargetKind.RANGE, TargetKind.MAX_ATTAINABLE


def ref_for(rule) -> RuleRef:
    return RuleRef("kinerja_web.scoring", "0.1.0", "scoring", rule.code, rule.version)


def dec(value):
    return None if value is None else Decimal(value)


def capaian(rule_class, kind, target, realization, upper=None) -> Attainment:
    rule = rule_class()
    return attain(rule, ref_for(rule), Target(kind, dec(target), dec(upper)), dec(realization))


def decimals(value: Decimal) -> int:
    """How many digits a Decimal keeps after the point."""
    return max(0, -value.as_tuple().exponent)


# (case, rule, target kind, target, upper, realisation, capaian rounded to 2 places, exact?)
# "exact" means the formula's value has at most two decimals, so it must equal the rounded one;
# otherwise the engine must keep more decimals than the display does.
WORKED_EXAMPLES = [
    ("8/2021 appendix: 85 of 85 is 100%", HigherIsBetter, SINGLE, "85", None, "85", "100", True),
    ("higher is better, realisation above target", HigherIsBetter, SINGLE, "80", None, "100", "125", True),
    ("higher is better, realisation below target", HigherIsBetter, SINGLE, "3", None, "2", "66.67", False),
    ("lower is better: target 7 months, 6.5 done", LowerIsBetter, SINGLE, "7", None, "6.5", "107.14", False),
    ("lower is better: 8 target, 9 realised", LowerIsBetter, SINGLE, "8", None, "9", "87.5", True),
    ("lower is better, exactly on target", LowerIsBetter, SINGLE, "8", None, "8", "100", True),
    ("range 80-90, 92 is above: uses the upper bound", RangeTarget, RANGE, "80", "90", "92", "102.22", False),
    ("range 80-90, 70 is below: uses the lower bound", RangeTarget, RANGE, "80", "90", "70", "87.5", True),
    ("range 80-90, 85 is inside", RangeTarget, RANGE, "80", "90", "85", "100", True),
    ("range 80-90, exactly the lower bound", RangeTarget, RANGE, "80", "90", "80", "100", True),
    ("range 80-90, exactly the upper bound", RangeTarget, RANGE, "80", "90", "90", "100", True),
    ("maximum attainable target reached", MaxAttainable, MAX, "100", None, "100", "100", True),
    ("maximum attainable target missed", MaxAttainable, MAX, "100", None, "95", "95", True),
]


@pytest.mark.parametrize(
    ("rule", "kind", "target", "upper", "realization", "rounded", "exact"),
    [case[1:] for case in WORKED_EXAMPLES],
    ids=[case[0] for case in WORKED_EXAMPLES],
)
def test_capaian_matches_the_worked_example_and_is_kept_unrounded(
        rule, kind, target, upper, realization, rounded, exact):
    percent = capaian(rule, kind, target, realization, upper).percent
    assert isinstance(percent, Decimal)
    assert round(percent, 2) == Decimal(rounded)
    if exact:
        assert percent == Decimal(rounded)
    else:
        assert percent != round(percent, 2)
        assert decimals(percent) > 2


def test_lower_is_better_seven_months_target_keeps_the_full_fraction_107_142857():
    percent = capaian(LowerIsBetter, SINGLE, "7", "6.5").percent
    assert round(percent, 2) == Decimal("107.14")
    assert percent.quantize(Decimal("0.000001")) == Decimal("107.142857")
    assert decimals(percent) > 6


def test_range_above_the_upper_bound_keeps_the_full_fraction_102_2():
    percent = capaian(RangeTarget, RANGE, "80", "92", upper="90").percent
    assert percent.quantize(Decimal("0.0001")) == Decimal("102.2222")


# (case, target, realisation, expected capaian)
LOWER_IS_BETTER_EDGES = [
    ("target 0, realisation 0 attains 100", "0", "0", Decimal(100)),
    ("target 0, realisation 1 attains 0", "0", "1", Decimal(0)),
    ("target 0, any positive realisation attains 0", "0", "0.5", Decimal(0)),
    ("realisation exactly twice the target attains 0", "8", "16", Decimal(0)),
    ("realisation far above twice the target floors at 0", "8", "20", Decimal(0)),
    ("realisation just under twice the target stays positive", "8", "15", Decimal("12.5")),
]


@pytest.mark.parametrize(
    ("target", "realization", "expected"),
    [case[1:] for case in LOWER_IS_BETTER_EDGES],
    ids=[case[0] for case in LOWER_IS_BETTER_EDGES],
)
def test_lower_is_better_edge_cases_never_go_negative(target, realization, expected):
    percent = capaian(LowerIsBetter, SINGLE, target, realization).percent
    assert isinstance(percent, Decimal)
    assert percent == expected
    assert percent >= 0


def test_lower_is_better_target_zero_with_zero_realisation_attains_100():
    assert capaian(LowerIsBetter, SINGLE, "0", "0").percent == Decimal(100)


def test_lower_is_better_target_zero_with_realisation_one_attains_0():
    assert capaian(LowerIsBetter, SINGLE, "0", "1").percent == Decimal(0)


# (case, rule, target kind, target, maximum attainable?)
MAXIMUM_ATTAINABLE = [
    ("0 maternal deaths is the most anyone can reach", LowerIsBetter, SINGLE, "0", True),
    ("a stored target of 0.0000 too", LowerIsBetter, SINGLE, "0.0000", True),
    ("lower is better with target 7 is not", LowerIsBetter, SINGLE, "7", False),
    ("100 % coverage declared maximum attainable", MaxAttainable, MAX, "100", True),
    ("higher is better with target 0 is not", HigherIsBetter, SINGLE, "0", False),
    ("a range is not", RangeTarget, RANGE, "80", False),
]


@pytest.mark.parametrize(("rule", "kind", "target", "expected"), [c[1:] for c in MAXIMUM_ATTAINABLE],
                         ids=[c[0] for c in MAXIMUM_ATTAINABLE])
def test_the_rule_says_when_a_target_is_the_maximum_attainable(rule, kind, target, expected):
    result = capaian(rule, kind, target, "0", upper="90")
    assert result.max_attainable is expected


def test_a_lower_is_better_target_of_zero_is_met_or_exceeded_in_plain_words():
    rule, target = LowerIsBetter(), Target(SINGLE, Decimal(0))
    assert rule.worked(target, Decimal(0)) == "target maksimal 0 tercapai (realisasi 0) → 100 %"
    assert rule.worked(target, Decimal(2)) == "realisasi 2 melebihi target maksimal 0 → 0 %"
    assert "/0" not in rule.worked(target, Decimal(2))


# (case, rule, target kind, target, upper, realisation)
NOT_COMPUTABLE = [
    ("higher is better with target 0", HigherIsBetter, SINGLE, "0", None, "5"),
    ("higher is better without a target value", HigherIsBetter, SINGLE, None, None, "5"),
    ("max attainable with target 0", MaxAttainable, MAX, "0", None, "5"),
    ("lower is better without a target value", LowerIsBetter, SINGLE, None, None, "5"),
    ("range with lower bound 0", RangeTarget, RANGE, "0", "10", "5"),
    ("range without an upper bound", RangeTarget, RANGE, "80", None, "85"),
]


@pytest.mark.parametrize(
    ("rule", "kind", "target", "upper", "realization"),
    [case[1:] for case in NOT_COMPUTABLE],
    ids=[case[0] for case in NOT_COMPUTABLE],
)
def test_target_without_a_usable_ratio_attains_none(rule, kind, target, upper, realization):
    assert capaian(rule, kind, target, realization, upper).percent is None


def test_higher_is_better_target_zero_attains_none():
    assert capaian(HigherIsBetter, SINGLE, "0", "10").percent is None


@pytest.mark.parametrize("rule", [HigherIsBetter, LowerIsBetter, RangeTarget, MaxAttainable])
def test_missing_realisation_attains_none_and_says_it_is_not_known_yet(rule):
    result = capaian(rule, RANGE if rule is RangeTarget else SINGLE, "80", None, upper="90")
    assert result.percent is None
    assert result.explanation == "belum ada realisasi"
    assert result.inputs["realization"] is None
    assert result.rule == ref_for(rule())


def test_a_hand_written_zero_complaints_target_is_scored_not_divided_by_zero():
    rule = rule_for_target(TargetKind.MAX_ATTAINABLE, lower_is_better=True)
    cls = {r.code: r for r in (HigherIsBetter, LowerIsBetter, RangeTarget, MaxAttainable)}[rule]
    met, missed = capaian(cls, MAX, "0", "0"), capaian(cls, MAX, "0", "3")
    assert (met.percent, met.max_attainable) == (Decimal(100), True)
    assert (missed.percent, missed.max_attainable) == (Decimal(0), True)


@pytest.mark.parametrize("realization", ["3", None])
def test_qualitative_target_is_left_to_the_assessor(realization):
    rule = HigherIsBetter()
    target = Target(TargetKind.QUALITATIVE, text="Laporan diterima tanpa revisi")
    result = attain(rule, ref_for(rule), target, dec(realization))
    assert result.percent is None
    assert "kualitatif" in result.explanation
    assert result.inputs["kind"] == "qualitative"


def test_attainment_records_the_rule_provenance_and_the_inputs_it_saw():
    rule = LowerIsBetter()
    ref = RuleRef("kinerja_kesehatan", "1.2.0", "scoring", rule.code, rule.version)
    result = attain(rule, ref, Target(SINGLE, Decimal("7")), Decimal("6.5"))
    assert result.rule is ref
    assert str(result.rule) == "scoring lower_is_better v1 (kinerja_kesehatan 1.2.0)"
    assert result.inputs == {"target": "7", "upper": None, "kind": "single", "realization": "6.5"}
    assert result.explanation == rule.formula


def test_range_attainment_records_both_bounds():
    result = capaian(RangeTarget, RANGE, "80", "92", upper="90")
    assert result.inputs == {"target": "80", "upper": "90", "kind": "range", "realization": "92"}
    assert result.rule.code == "range"


@pytest.mark.parametrize(("rule", "code"), [
    (HigherIsBetter, "higher_is_better"),
    (LowerIsBetter, "lower_is_better"),
    (RangeTarget, "range"),
    (MaxAttainable, "max_attainable"),
])
def test_standard_rules_have_stable_codes_and_integer_versions(rule, code):
    assert rule.code == code
    assert isinstance(rule.version, int)
    assert rule.formula


@pytest.mark.parametrize(("kind", "lower_is_better", "code"), [
    (TargetKind.SINGLE, False, "higher_is_better"),
    (TargetKind.SINGLE, True, "lower_is_better"),
    (TargetKind.RANGE, False, "range"),
    (TargetKind.RANGE, True, "range"),
    (TargetKind.MAX_ATTAINABLE, False, "max_attainable"),
    (TargetKind.MAX_ATTAINABLE, True, "lower_is_better"),  # "maksimal 0 keluhan"
])
def test_hand_written_indicator_gets_the_standard_rule_for_its_target(kind, lower_is_better, code):
    assert rule_for_target(kind, lower_is_better) == code


# -- the rules' texts in both languages ------------------------------------------------

@pytest.mark.parametrize("rule", [*STANDARD_RULES, ToleranceBand], ids=lambda r: r.__name__)
def test_every_built_in_rule_gives_its_title_and_formula_in_english(rule):
    assert rule.title_en and rule.formula_en and "realisasi" not in rule.formula_en


def test_a_capped_rule_builds_its_formula_in_both_languages_from_its_base():
    class AtMost120(Capped):
        code, base, cap = "uji_120", HigherIsBetter, Decimal(120)

    assert AtMost120.formula == "realisasi / target × 100 %, paling tinggi 120 %"
    assert AtMost120.formula_en == "realisation / target × 100 %, at most 120 %"

    class OverPlugin(AtMost120):  # a base without English gives a capped rule without English, not a mixed line
        code, base = "uji_plugin", type("Own", (HigherIsBetter,), {"formula": "rumus sendiri"})

    assert (OverPlugin.formula, OverPlugin.formula_en) == ("rumus sendiri, paling tinggi 120 %", "")


def test_a_rule_writing_its_own_indonesian_text_does_not_inherit_its_bases_english():
    class Own(HigherIsBetter):
        code, title, formula = "uji_own", "Judul sendiri", "rumus sendiri"

    class Same(HigherIsBetter):
        code = "uji_same"

    class Both(ToleranceBand):
        code, title, title_en = "uji_both", "Pita 1 hari", "Band of 1 day"

    assert (Own.title_en, Own.formula_en) == ("", "")
    assert (Same.title_en, Same.formula_en) == (HigherIsBetter.title_en, HigherIsBetter.formula_en)
    assert (Both.title_en, Both.formula_en) == ("Band of 1 day", ToleranceBand.formula_en)


def test_a_season_states_its_weights_as_its_formula_in_both_languages():
    class Lebaran(Seasonal):
        code, title, title_en = "uji_lebaran", "Musim Lebaran", "Lebaran season"
        weights = tuple(Decimal(w) for w in (1, 1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1))

    assert Lebaran.formula.endswith("; bobot Jan–Des: 1, 1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1")
    assert Lebaran.formula_en.endswith("; weights Jan–Dec: 1, 1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1")
    assert Lebaran.formula_en.startswith("annual target × weight of the months")
