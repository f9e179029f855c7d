"""The national predikat matrix answers all nine cells exactly as RULES.md §3.2 prints them."""
from __future__ import annotations

from itertools import product

import pytest

from kinerja_web.defaults.national import NATIONAL_MATRIX
from kinerja_web.rules.predicate import matrix
from kinerja_web.rules.types import Predicate, Rating

# RULES.md §3.2, written out cell by cell: (rating hasil kerja, rating perilaku kerja, predikat).
RULES_3_2 = [
    (Rating.ABOVE, Rating.BELOW, Predicate.POOR),  # Kurang / Misconduct
    (Rating.ABOVE, Rating.MEETS, Predicate.GOOD),  # Baik
    (Rating.ABOVE, Rating.ABOVE, Predicate.VERY_GOOD),  # Sangat Baik
    (Rating.MEETS, Rating.BELOW, Predicate.POOR),  # Kurang / Misconduct
    (Rating.MEETS, Rating.MEETS, Predicate.GOOD),  # Baik
    (Rating.MEETS, Rating.ABOVE, Predicate.GOOD),  # Baik
    (Rating.BELOW, Rating.BELOW, Predicate.VERY_POOR),  # Sangat Kurang
    (Rating.BELOW, Rating.MEETS, Predicate.NEEDS_IMPROVEMENT),  # Butuh Perbaikan
    (Rating.BELOW, Rating.ABOVE, Predicate.NEEDS_IMPROVEMENT),  # Butuh Perbaikan
]


@pytest.mark.parametrize(("results", "behaviour", "expected"), RULES_3_2,
                         ids=[f"{r.value}-{b.value}" for r, b, _ in RULES_3_2])
def test_national_matrix_cell_matches_the_regulation(results, behaviour, expected):
    assert NATIONAL_MATRIX.predicate(results, behaviour) is expected


def test_the_table_in_this_test_covers_every_pair_of_ratings_once():
    assert sorted((r, b) for r, b, _ in RULES_3_2) == sorted(product(Rating, Rating))


def test_national_matrix_is_total():
    assert NATIONAL_MATRIX.missing_cells() == []


def test_only_above_above_gives_sangat_baik():
    very_good = [pair for pair in product(Rating, Rating)
                 if NATIONAL_MATRIX.predicate(*pair) is Predicate.VERY_GOOD]
    assert very_good == [(Rating.ABOVE, Rating.ABOVE)]


@pytest.mark.parametrize("results", list(Rating))
def test_behaviour_below_expectation_gives_at_best_kurang(results):
    assert NATIONAL_MATRIX.predicate(results, Rating.BELOW) in {Predicate.POOR, Predicate.VERY_POOR}


def test_incomplete_matrix_lists_exactly_the_cells_it_does_not_answer():
    partial = matrix("partial", 1, "Partial", {
        Rating.ABOVE: {Rating.ABOVE: Predicate.VERY_GOOD, Rating.MEETS: Predicate.GOOD},
        Rating.BELOW: {Rating.BELOW: Predicate.VERY_POOR},
    })
    assert sorted(partial.missing_cells()) == sorted([
        (Rating.ABOVE, Rating.BELOW),
        (Rating.MEETS, Rating.ABOVE),
        (Rating.MEETS, Rating.MEETS),
        (Rating.MEETS, Rating.BELOW),
        (Rating.BELOW, Rating.ABOVE),
        (Rating.BELOW, Rating.MEETS),
    ])


def test_empty_matrix_misses_all_nine_cells():
    assert len(matrix("empty", 1, "Empty", {}).missing_cells()) == 9


def test_matrix_cells_cannot_be_changed_after_construction():
    with pytest.raises(TypeError):
        NATIONAL_MATRIX.cells[(Rating.BELOW, Rating.BELOW)] = Predicate.VERY_GOOD
