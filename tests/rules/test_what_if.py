"""The calibration what-if (RULES.md §5): moves on paper, and the fewest moves that meet a pattern."""
from __future__ import annotations

from itertools import product

import pytest

from kinerja_web.defaults.national import NATIONAL_PATTERNS
from kinerja_web.rules.distribution import DistributionPattern, share
from kinerja_web.rules.types import OrgPredicate as O
from kinerja_web.rules.types import Predicate as P
from kinerja_web.rules.what_if import Move, apply_moves, complies, searchable, smallest_moves

PATTERN = {pattern.org_predicate: pattern for pattern in NATIONAL_PATTERNS}
SB, B, BP, K, SK = P.VERY_GOOD, P.GOOD, P.NEEDS_IMPROVEMENT, P.POOR, P.VERY_POOR


def test_moves_change_the_counts_and_keep_the_total():
    after = apply_moves({B: 7, SB: 3}, [Move(3, B, BP), Move(1, SB, B)])
    assert after == {SB: 2, B: 5, BP: 3, K: 0, SK: 0}


@pytest.mark.parametrize("moves", [[Move(4, SB, B)], [Move(2, SB, B), Move(2, SB, K)], [Move(-1, B, SB)]],
                         ids=["more than the category holds", "more than is left after an earlier move",
                              "a negative count"])
def test_a_move_beyond_the_real_numbers_is_refused(moves):
    with pytest.raises(ValueError):
        apply_moves({SB: 3, B: 7}, moves)


# (case, org predikat, counts, the fewest moves RULES.md §5 asks for)
CASES = [
    ("istimewa: 8 of 10 Sangat Baik, one over the 70% cap", O.EXCEPTIONAL, {SB: 8, B: 2}, (Move(1, SB, B),)),
    ("istimewa: Baik outnumbers Sangat Baik by 2: one Baik up closes the gap", O.EXCEPTIONAL,
     {SB: 3, B: 5, BP: 2}, (Move(1, B, SB),)),
    ("baik: no Butuh Perbaikan nor Kurang: one Baik to Butuh Perbaikan", O.GOOD, {B: 7, SB: 3},
     (Move(1, B, BP),)),
    ("baik: 9 of 10 Baik and no Butuh Perbaikan: two Baik down", O.GOOD, {B: 9, SB: 1}, (Move(2, B, BP),)),
    ("butuh perbaikan: 5 of 10 BP: one more Baik down", O.NEEDS_IMPROVEMENT, {BP: 5, B: 5}, (Move(1, B, BP),)),
    ("butuh perbaikan: 2 of 10 SB: one to Baik (its neighbour)", O.NEEDS_IMPROVEMENT, {BP: 6, SB: 2, B: 2},
     (Move(1, SB, B),)),
    ("kurang: no BP: one Baik to Butuh Perbaikan", O.POOR, {K: 7, B: 3}, (Move(1, B, BP),)),
    ("kurang: half Kurang: one BP to Kurang keeps 10% BP", O.POOR, {K: 5, BP: 3, B: 2}, (Move(1, BP, K),)),
    ("sangat kurang: one Sangat Baik, the rest fine", O.VERY_POOR, {SK: 7, K: 2, SB: 1}, (Move(1, SB, B),)),
    ("sangat kurang: six of ten to Sangat Kurang, Kurang the nearest, one of Kurang/BP kept", O.VERY_POOR,
     {SB: 2, B: 6, BP: 1, K: 1},
     (Move(2, SB, SK), Move(3, B, SK), Move(1, K, SK))),
    ("already compliant: nothing to move", O.GOOD, {B: 7, BP: 1, SB: 2}, ()),
    ("baik with one person cannot comply", O.GOOD, {B: 1}, None),
    ("istimewa with one person cannot comply", O.EXCEPTIONAL, {SB: 1}, None),
    ("nobody to count", O.GOOD, {}, None),
]


@pytest.mark.parametrize(("org", "counts", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_fewest_moves_that_meet_the_pattern(org, counts, expected):
    moves = smallest_moves(PATTERN[org], counts)
    assert moves == expected
    if moves is not None:
        assert complies(PATTERN[org], apply_moves(counts, moves))


def _all_counts(total):
    for head in product(range(total + 1), repeat=4):
        if sum(head) <= total:
            yield dict(zip(P, (*head, total - sum(head)), strict=True))


def _fewest_by_brute_force(pattern, total):
    """For every distribution of ``total`` people, the least moved to reach any complying one."""
    every = list(_all_counts(total))
    good = [c for c in every if complies(pattern, c)]
    return {tuple(c.values()): min((sum(abs(c[p] - g[p]) for p in P) // 2 for g in good), default=None)
            for c in every}


@pytest.mark.parametrize("total", [1, 2, 4, 7])
@pytest.mark.parametrize("org", list(O))
def test_no_smaller_redistribution_exists_for_any_small_team(org, total):
    for key, fewest in _fewest_by_brute_force(PATTERN[org], total).items():
        counts = dict(zip(P, key, strict=True))
        moves = smallest_moves(PATTERN[org], counts)
        assert (None if moves is None else sum(m.count for m in moves)) == fewest, counts
        if moves:
            assert complies(PATTERN[org], apply_moves(counts, moves))


@pytest.mark.parametrize(("org", "counts", "moved"), [
    (O.VERY_POOR, {B: 2000, BP: 400}, 1440),  # 60% of 2,400 to Sangat Kurang
    (O.GOOD, {B: 1900, SB: 100}, 500),  # Baik down to its 70% cap, the rest Butuh Perbaikan
    (O.EXCEPTIONAL, {B: 999, SB: 1}, 499),  # Sangat Baik must become at least as many as Baik
])
def test_a_large_agency_is_answered_exactly_and_quickly(org, counts, moved):
    moves = smallest_moves(PATTERN[org], counts)
    assert sum(m.count for m in moves) == moved
    assert complies(PATTERN[org], apply_moves(counts, moves))


def test_overlapping_groups_are_searched_in_full_for_a_small_unit_and_refused_for_a_large_one():
    nested = DistributionPattern(O.POOR, (share("min_share", {K, BP}, 50), share("min_share", {BP}, 20)), "")
    moves = smallest_moves(nested, {B: 10})
    assert sum(m.count for m in moves) == 5 and complies(nested, apply_moves({B: 10}, moves))
    assert smallest_moves(nested, {B: 100}) is None
    assert searchable(nested, 20) and not searchable(nested, 21)
    assert all(searchable(pattern, 10_000) for pattern in NATIONAL_PATTERNS)
