"""The public satisfaction index (IKM, PermenPANRB 14/2017; RULES.md §6.4), pure engine.

The regulation's own worked example could not be found in the sources available here (the annex
text was not readable; reports that quote it use their own data), so the main case below is a
hand-computed example laid out the way the regulation's annex lays out its processing table:
ten respondents, nine elements, the sum per element, the NRR per element, the weighted sum, × 25.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from kinerja_web.rules import ikm

# Ten respondents (rows) answering U1..U9 (columns), each 1–4.
TEN = (
    (4, 4, 3, 4, 3, 3, 4, 3, 3),
    (3, 3, 3, 4, 3, 4, 4, 2, 3),
    (3, 3, 2, 4, 3, 3, 3, 2, 3),
    (4, 3, 3, 4, 4, 3, 4, 3, 4),
    (3, 3, 2, 3, 3, 3, 3, 2, 2),
    (4, 4, 3, 4, 3, 4, 4, 3, 3),
    (3, 3, 3, 4, 3, 3, 4, 2, 3),
    (3, 2, 2, 3, 3, 3, 3, 1, 2),
    (4, 3, 3, 4, 3, 3, 4, 3, 3),
    (3, 3, 3, 4, 3, 3, 3, 2, 3),
)


def test_the_hand_computed_example():
    """By hand:

    sums per element      U1 34, U2 31, U3 27, U4 38, U5 31, U6 32, U7 36, U8 23, U9 29  (all: 281)
    NRR = sum / 10        3.4,   3.1,   2.7,   3.8,   3.1,   3.2,   3.6,   2.3,   2.9
    Σ NRR × 1/9           28.1 / 9 = 3.12222…
    × 25                  78.0555… → 78.06, in 76.61–88.30: B, "Baik"
    lowest                U8 (2.3), U3 (2.7), U9 (2.9)

    With the weight rounded to 0.111, as many spreadsheets do: 28.1 × 0.111 × 25 = 77.98 (not the index).
    """
    result = ikm.compute(TEN)
    assert result.respondents == 10
    assert result.totals == (34, 31, 27, 38, 31, 32, 36, 23, 29)
    assert result.nrr == tuple(Decimal(x) for x in ("3.4", "3.1", "2.7", "3.8", "3.1", "3.2", "3.6", "2.3", "2.9"))
    assert result.exact == Fraction(281 * 25, 90)
    assert result.shown == Decimal("78.06")
    assert (result.grade.code, result.grade.label) == ("B", "Baik")
    assert [e.code for e in result.lowest] == ["U8", "U3", "U9"]
    assert result.too_small  # 10 < 30
    assert (result.rule, result.version) == ("ikm_permenpanrb_14_2017", 1)
    assert sum(result.nrr) * Decimal("0.111") * 25 == Decimal("77.9775")  # the rounded weight's error


def test_the_index_is_the_mean_of_all_answers_times_25():
    result = ikm.compute(TEN)
    answers = [a for row in TEN for a in row]
    assert result.exact == Fraction(sum(answers), len(answers)) * 25


def test_a_rounded_weight_would_have_given_another_grade():
    """Five respondents whose answers add up to 138: the exact index is 76.67 (B); the weight
    rounded to 0.111 gives 27.6 × 0.111 × 25 = 76.59 (C). The engine never rounds the weight."""
    rows = [(4, 3, 3, 3, 3, 3, 3, 3, 3)] * 3 + [(3, 3, 3, 3, 3, 3, 3, 3, 3)] * 2
    result = ikm.compute(rows)
    assert sum(result.totals) == 138
    assert result.shown == Decimal("76.67") and result.grade.code == "B"
    assert Decimal("27.6") * Decimal("0.111") * 25 < Decimal("76.605")


def test_nrr_are_exact_not_rounded():
    result = ikm.compute([(4, 4, 4, 4, 4, 4, 4, 4, 4), (3, 3, 3, 3, 3, 3, 3, 3, 3), (3, 3, 3, 3, 3, 3, 3, 3, 3)])
    assert result.nrr[0] == Decimal(10) / Decimal(3)  # 3.333… to 28 digits, not 3.33
    assert result.exact == Fraction(250, 3)


# The interval table, and where values between its printed bands go (halfway across each gap).
GRADED = (
    ("100", "A"), ("88.31", "A"), ("88.305", "A"), ("88.3049999", "B"), ("88.30", "B"), ("76.61", "B"),
    ("76.605", "B"), ("76.6049999", "C"), ("76.60", "C"), ("65.00", "C"), ("64.995", "C"), ("64.9949999", "D"),
    ("64.99", "D"), ("25", "D"),
)


@pytest.mark.parametrize(("index", "grade"), GRADED)
def test_grades_follow_the_interval_table(index, grade):
    assert ikm.grade_of(Fraction(index)).code == grade


@pytest.mark.parametrize(("index", "grade"), GRADED)
def test_the_shown_value_always_lies_in_its_grades_printed_interval(index, grade):
    shown = Decimal(index).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    found = ikm.grade_of(Fraction(index))
    assert found.lowest <= shown <= found.highest


def test_labels_of_the_grades():
    assert [(g.code, g.label) for g in ikm.GRADES] == [
        ("A", "Sangat Baik"), ("B", "Baik"), ("C", "Kurang Baik"), ("D", "Tidak Baik")]


def test_all_fours_and_all_ones_are_the_ends_of_the_scale():
    assert ikm.compute([(4,) * 9]).shown == Decimal("100.00")
    assert ikm.compute([(1,) * 9]).shown == Decimal("25.00")
    assert ikm.compute([(1,) * 9]).grade.code == "D"


def test_raw_answers_and_their_sums_give_the_same_result():
    """SQL gives COUNT and SUM per element; the engine must say exactly what it says for the rows."""
    sums = ikm.Tally(10, tuple(sum(row[i] for row in TEN) for i in range(9)))
    assert ikm.compute(sums) == ikm.compute(TEN)
    assert ikm.compute(ikm.tally(TEN[:4]) + ikm.tally(TEN[4:])) == ikm.compute(TEN)


def test_no_respondent_gives_no_index():
    result = ikm.compute([])
    assert result.respondents == 0 and result.index is None and result.grade is None and result.shown is None
    assert result.too_small and result.lowest == ()
    assert ikm.compute(ikm.EMPTY) == result


@pytest.mark.parametrize("row", [
    (0, 3, 3, 3, 3, 3, 3, 3, 3), (5, 3, 3, 3, 3, 3, 3, 3, 3), (3.5, 3, 3, 3, 3, 3, 3, 3, 3),
    ("4", 3, 3, 3, 3, 3, 3, 3, 3), (True, 3, 3, 3, 3, 3, 3, 3, 3), (3, 3, 3, 3, 3, 3, 3, 3), (3,) * 10,
])
def test_answers_outside_1_to_4_or_not_nine_are_refused(row):
    with pytest.raises(ValueError):
        ikm.compute([(3,) * 9, row])


@pytest.mark.parametrize(("respondents", "totals"), [
    (2, (1,) * 9), (2, (9,) * 9), (-1, (0,) * 9), (2, (4,) * 8), (2, (4.0,) * 9)])
def test_impossible_sums_are_refused(respondents, totals):
    with pytest.raises(ValueError):
        ikm.Tally(respondents, totals)


def test_ties_among_the_lowest_elements_keep_the_element_order():
    result = ikm.compute([(2, 3, 2, 3, 2, 3, 2, 3, 3)])
    assert [e.code for e in result.lowest] == ["U1", "U3", "U5"]


@pytest.mark.parametrize(("population", "sample"), [(10, 10), (50, 44), (100, 80), (1000, 278), (10000, 370),
                                                    (1_000_000, 384), (0, 0)])
def test_krejcie_morgan_sample_sizes(population, sample):
    assert ikm.required_sample(population) == sample


def test_the_sample_is_too_small_below_the_required_size():
    assert ikm.compute(TEN, population=10).too_small is False
    assert ikm.compute(TEN, population=12).too_small is True  # 12 users need 12 answers
    assert ikm.compute(TEN * 3).too_small is False  # 30 answers, population unknown
    assert ikm.compute(TEN * 3).minimum == ikm.MIN_RESPONDENTS


def test_nine_elements_with_their_codes_and_names():
    assert [e.code for e in ikm.ELEMENTS] == [f"U{n}" for n in range(1, 10)]
    assert ikm.ELEMENTS[0].name == "Persyaratan" and ikm.ELEMENTS[8].name == "Sarana dan Prasarana"
    assert all(e.name_en for e in ikm.ELEMENTS)
    assert ikm.WEIGHT * 9 == 1
