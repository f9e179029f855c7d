"""Distribution patterns of RULES.md §5: which employee predikat counts each org predikat allows."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja_web.defaults.national import NATIONAL_PATTERNS
from kinerja_web.rules.distribution import check
from kinerja_web.rules.types import OrgPredicate as O
from kinerja_web.rules.types import Predicate as P

PATTERN = {pattern.org_predicate: pattern for pattern in NATIONAL_PATTERNS}
SB, B, BP, K, SK = P.VERY_GOOD, P.GOOD, P.NEEDS_IMPROVEMENT, P.POOR, P.VERY_POOR


def compliant(org: O, counts: dict) -> bool:
    return all(result.met for result in check(PATTERN[org], counts))


def test_every_org_predicate_has_exactly_one_pattern():
    assert sorted(p.org_predicate for p in NATIONAL_PATTERNS) == sorted(O)


# (case, org predikat, employee predikat counts, compliant?)
CASES = [
    # Istimewa: most are Sangat Baik, at most 70%.
    ("istimewa: 7 of 10 Sangat Baik is exactly the 70% maximum",
     O.EXCEPTIONAL, {SB: 7, B: 3}, True),
    ("istimewa: 6 of 10 Sangat Baik, the rest spread", O.EXCEPTIONAL, {SB: 6, B: 2, BP: 1, SK: 1}, True),
    ("istimewa: 8 of 10 Sangat Baik exceeds 70%", O.EXCEPTIONAL, {SB: 8, B: 2}, False),
    ("istimewa: Baik outnumbers Sangat Baik", O.EXCEPTIONAL, {SB: 3, B: 5, BP: 2}, False),
    # Baik: most are Baik, at most 70%, and some Butuh Perbaikan and/or Kurang.
    ("baik: 7 Baik, 1 Butuh Perbaikan, 2 Sangat Baik", O.GOOD, {B: 7, BP: 1, SB: 2}, True),
    ("baik: Kurang alone satisfies the 'must have' rule", O.GOOD, {B: 6, K: 1, SB: 3}, True),
    ("baik: no Butuh Perbaikan nor Kurang", O.GOOD, {B: 7, SB: 3}, False),
    ("baik: 8 of 10 Baik exceeds 70%", O.GOOD, {B: 8, BP: 2}, False),
    ("baik: Sangat Baik outnumbers Baik", O.GOOD, {B: 3, SB: 5, BP: 2}, False),
    # Butuh Perbaikan: at least 60% Butuh Perbaikan, at most 10% Sangat Baik.
    ("butuh perbaikan: exactly 60% BP and exactly 10% SB",
     O.NEEDS_IMPROVEMENT, {BP: 6, SB: 1, B: 3}, True),
    ("butuh perbaikan: 80% BP, no SB", O.NEEDS_IMPROVEMENT, {BP: 8, K: 1, SK: 1}, True),
    ("butuh perbaikan: 50% BP", O.NEEDS_IMPROVEMENT, {BP: 5, B: 5}, False),
    ("butuh perbaikan: 20% SB", O.NEEDS_IMPROVEMENT, {BP: 6, SB: 2, B: 2}, False),
    # Kurang: at least 60% Kurang and at least 10% Butuh Perbaikan; at most 10% Sangat Baik.
    ("kurang: exactly 60% Kurang, 10% BP, 10% SB", O.POOR, {K: 6, BP: 1, SB: 1, B: 2}, True),
    ("kurang: no Butuh Perbaikan", O.POOR, {K: 7, B: 3}, False),
    ("kurang: 50% Kurang", O.POOR, {K: 5, BP: 3, B: 2}, False),
    ("kurang: 20% SB", O.POOR, {K: 6, BP: 2, SB: 2}, False),
    # Sangat Kurang: at least 60% SK, at least 10% Kurang and/or BP, no Sangat Baik.
    ("sangat kurang: 60% SK, 10% Kurang", O.VERY_POOR, {SK: 6, K: 1, B: 3}, True),
    ("sangat kurang: 60% SK, 10% BP counts too", O.VERY_POOR, {SK: 6, BP: 1, B: 3}, True),
    ("sangat kurang: one Sangat Baik", O.VERY_POOR, {SK: 7, K: 2, SB: 1}, False),
    ("sangat kurang: no Kurang nor BP", O.VERY_POOR, {SK: 7, B: 3}, False),
    ("sangat kurang: 50% SK", O.VERY_POOR, {SK: 5, K: 5}, False),
]


@pytest.mark.parametrize(("org", "counts", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_distribution_compliance_follows_the_pattern_of_the_org_predicate(org, counts, expected):
    assert compliant(org, counts) is expected


def test_every_pattern_has_a_compliant_and_a_non_compliant_case_above():
    covered = {(org, expected) for _, org, _, expected in CASES}
    assert covered == {(org, ok) for org in O for ok in (True, False)}


# (case, org predikat, counts, constraint kind, its predikat, met?, actual percent)
BOUNDARIES = [
    ("70% Sangat Baik meets max 70%", O.EXCEPTIONAL, {SB: 70, B: 30}, "max_share", {SB}, True, "70"),
    ("71% Sangat Baik breaks max 70%", O.EXCEPTIONAL, {SB: 71, B: 29}, "max_share", {SB}, False, "71"),
    ("70% Baik meets max 70%", O.GOOD, {B: 70, BP: 30}, "max_share", {B}, True, "70"),
    ("71% Baik breaks max 70%", O.GOOD, {B: 71, BP: 29}, "max_share", {B}, False, "71"),
    ("60% BP meets min 60%", O.NEEDS_IMPROVEMENT, {BP: 60, B: 40}, "min_share", {BP}, True, "60"),
    ("59% BP misses min 60%", O.NEEDS_IMPROVEMENT, {BP: 59, B: 41}, "min_share", {BP}, False, "59"),
    ("10% SB meets max 10%", O.NEEDS_IMPROVEMENT, {BP: 60, SB: 10, B: 30}, "max_share", {SB},
     True, "10"),
    ("11% SB breaks max 10%", O.NEEDS_IMPROVEMENT, {BP: 60, SB: 11, B: 29}, "max_share", {SB},
     False, "11"),
    ("60% Kurang meets min 60%", O.POOR, {K: 60, BP: 10, B: 30}, "min_share", {K}, True, "60"),
    ("59% Kurang misses min 60%", O.POOR, {K: 59, BP: 10, B: 31}, "min_share", {K}, False, "59"),
    ("10% BP meets min 10%", O.POOR, {K: 60, BP: 10, B: 30}, "min_share", {BP}, True, "10"),
    ("9% BP misses min 10%", O.POOR, {K: 60, BP: 9, B: 31}, "min_share", {BP}, False, "9"),
    ("60% SK meets min 60%", O.VERY_POOR, {SK: 60, K: 10, B: 30}, "min_share", {SK}, True, "60"),
    ("59% SK misses min 60%", O.VERY_POOR, {SK: 59, K: 10, B: 31}, "min_share", {SK}, False, "59"),
    ("10% Kurang/BP meets min 10%", O.VERY_POOR, {SK: 60, K: 5, BP: 5, B: 30}, "min_share", {K, BP},
     True, "10"),
    ("9% Kurang/BP misses min 10%", O.VERY_POOR, {SK: 60, K: 5, BP: 4, B: 31}, "min_share", {K, BP},
     False, "9"),
]


@pytest.mark.parametrize(("org", "counts", "kind", "predicates", "met", "percent"),
                         [b[1:] for b in BOUNDARIES], ids=[b[0] for b in BOUNDARIES])
def test_share_constraint_at_its_boundary(org, counts, kind, predicates, met, percent):
    (result,) = [r for r in check(PATTERN[org], counts)
                 if r.constraint.kind == kind and r.constraint.predicates == frozenset(predicates)]
    assert result.met is met
    assert result.actual_percent == Decimal(percent)
    assert isinstance(result.actual_percent, Decimal)


def test_failed_constraint_reports_the_actual_share():
    results = {r.constraint.kind: r for r in check(PATTERN[O.EXCEPTIONAL], {SB: 8, B: 2})}
    assert results["max_share"].met is False
    assert results["max_share"].actual_percent == Decimal(80)
    assert results["max_share"].constraint.percent == Decimal(70)
    assert results["largest"].met is True


def test_share_of_a_third_is_kept_exact_not_rounded():
    (result, *_) = [r for r in check(PATTERN[O.NEEDS_IMPROVEMENT], {BP: 1, B: 2})
                    if r.constraint.kind == "min_share"]
    assert round(result.actual_percent, 2) == Decimal("33.33")
    assert result.actual_percent != round(result.actual_percent, 2)


@pytest.mark.parametrize("org", list(O))
def test_empty_distribution_is_checked_without_dividing_by_zero(org):
    results = check(PATTERN[org], {})
    assert len(results) == len(PATTERN[org].constraints)
    assert all(r.actual_percent == 0 for r in results)


@pytest.mark.parametrize("org", [O.GOOD, O.NEEDS_IMPROVEMENT,
                                 O.POOR, O.VERY_POOR])
def test_empty_distribution_is_not_compliant_where_the_pattern_requires_some_predikat(org):
    required = [r for r in check(PATTERN[org], {}) if r.constraint.kind in {"min_share", "at_least_one"}]
    assert required
    assert not any(r.met for r in required)
    assert not compliant(org, {})


def test_zero_counts_are_the_same_as_absent_predikat():
    with_zeros = {SB: 0, B: 7, BP: 1, K: 0, SK: 0}
    assert [r.met for r in check(PATTERN[O.GOOD], with_zeros)] == \
        [r.met for r in check(PATTERN[O.GOOD], {B: 7, BP: 1})]
