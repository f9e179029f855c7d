"""PermenPANRB 6/2022 as a built-in plugin: matrix, rating policy, curves.

Registered against the same hooks as any agency plugin, so the national rules
are explainable the same way ("rule national v1 of plugin kinerja_web").
"""
from __future__ import annotations

from kinerja_web.hookspecs import hookimpl
from kinerja_web.rules.distribution import DistributionPattern, DistributionPolicy, share
from kinerja_web.rules.predicate import matrix
from kinerja_web.rules.rating import NationalRatingPolicy
from kinerja_web.rules.types import OrgPredicate as O
from kinerja_web.rules.types import Predicate as P
from kinerja_web.rules.types import Rating as R

# RULES.md §3.2: rows are the rating of results, columns the rating of behaviour.
PREDICATE_ROWS = {
    R.ABOVE: {R.BELOW: P.POOR, R.MEETS: P.GOOD, R.ABOVE: P.VERY_GOOD},
    R.MEETS: {R.BELOW: P.POOR, R.MEETS: P.GOOD, R.ABOVE: P.GOOD},
    R.BELOW: {R.BELOW: P.VERY_POOR, R.MEETS: P.NEEDS_IMPROVEMENT, R.ABOVE: P.NEEDS_IMPROVEMENT},
}

NATIONAL_MATRIX = matrix("national", 1, "Matriks predikat PermenPANRB 6/2022", PREDICATE_ROWS)

# RULES.md §5 (pedoman pola distribusi).
NATIONAL_PATTERNS = (
    DistributionPattern(O.EXCEPTIONAL, (
        share("largest", {P.VERY_GOOD}),
        share("max_share", {P.VERY_GOOD}, 70),
    ), "Sebagian besar Sangat Baik (maks. 70%)."),
    DistributionPattern(O.GOOD, (
        share("largest", {P.GOOD}),
        share("max_share", {P.GOOD}, 70),
        share("at_least_one", {P.NEEDS_IMPROVEMENT, P.POOR}),
    ), "Sebagian besar Baik (maks. 70%); wajib ada Butuh Perbaikan dan/atau Kurang."),
    DistributionPattern(O.NEEDS_IMPROVEMENT, (
        share("min_share", {P.NEEDS_IMPROVEMENT}, 60),
        share("max_share", {P.VERY_GOOD}, 10),
    ), "Minimal 60% Butuh Perbaikan; Sangat Baik maks. 10%."),
    DistributionPattern(O.POOR, (
        share("min_share", {P.POOR}, 60),
        share("min_share", {P.NEEDS_IMPROVEMENT}, 10),
        share("max_share", {P.VERY_GOOD}, 10),
    ), "Minimal 60% Kurang dan 10% Butuh Perbaikan; Sangat Baik maks. 10%."),
    DistributionPattern(O.VERY_POOR, (
        share("min_share", {P.VERY_POOR}, 60),
        share("min_share", {P.POOR, P.NEEDS_IMPROVEMENT}, 10),
        share("none", {P.VERY_GOOD}),
    ), "Minimal 60% Sangat Kurang dan 10% Kurang/Butuh Perbaikan; tanpa Sangat Baik."),
)

NATIONAL_DISTRIBUTION = DistributionPolicy(
    "national", 1, "Kurva distribusi predikat kinerja pegawai (PermenPANRB 6/2022, Lampiran)", NATIONAL_PATTERNS,
    source="PermenPANRB 6/2022")


@hookimpl(trylast=True)
def kinerja_predicate_policies():
    return [NATIONAL_MATRIX]


@hookimpl(trylast=True)
def kinerja_rating_policies():
    return [NationalRatingPolicy()]


@hookimpl(trylast=True)
def kinerja_distribution_policies():
    return [NATIONAL_DISTRIBUTION]
