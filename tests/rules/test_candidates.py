"""The candidate's effect, pure: the demo's SPM candidate on the engine, and how a simulation carries the
assessor's decision over to the candidate's suggestion."""
from __future__ import annotations

from decimal import Decimal

import pytest
from kinerja_kesehatan.candidates import SPM_STANDAR, CakupanSPMStandar
from kinerja_kesehatan.rules import CakupanSPM

from kinerja_web.defaults.national import NATIONAL_MATRIX
from kinerja_web.rules.candidates import simulated_final, simulated_predicate
from kinerja_web.rules.rating import NationalRatingPolicy, ScoredIndicator, ScoredResult
from kinerja_web.rules.scoring import capaian
from kinerja_web.rules.types import Rating, ResultKind, Target, TargetKind

FULL = Target(TargetKind.MAX_ATTAINABLE, Decimal(100))


@pytest.mark.parametrize(("rule", "realised", "percent", "top", "suggested"), [
    (CakupanSPM, Decimal(100), Decimal(100), True, Rating.ABOVE),  # in force: full coverage is above expectation
    (CakupanSPMStandar, Decimal(100), Decimal(100), False, Rating.MEETS),  # candidate: it meets the standard
    (CakupanSPM, Decimal(112), Decimal(100), True, Rating.ABOVE),  # both cap an over-estimate at 100 %
    (CakupanSPMStandar, Decimal(112), Decimal(100), False, Rating.MEETS),
    (CakupanSPM, Decimal(90), Decimal(90), True, Rating.BELOW),  # short of the standard: below, either way
    (CakupanSPMStandar, Decimal(90), Decimal(90), False, Rating.BELOW),
])
def test_the_spm_candidate_counts_full_coverage_as_meeting_expectation(rule, realised, percent, top, suggested):
    got, max_attainable, _ = capaian(rule(), FULL, realised)
    assert (got, max_attainable) == (percent, top)
    rhk = ScoredResult(ResultKind.MAIN, (ScoredIndicator(got, max_attainable),))
    assert NationalRatingPolicy().rate_results((rhk,)) == suggested


def test_the_candidate_is_a_new_version_of_the_rule_in_force_and_names_it():
    assert (CakupanSPMStandar.code, CakupanSPMStandar.version) == (CakupanSPM.code, CakupanSPM.version + 1)
    assert SPM_STANDAR.scoring == {"cakupan_spm": CakupanSPMStandar} and SPM_STANDAR.agency == "dinkes"
    assert SPM_STANDAR.description and SPM_STANDAR.description_en


@pytest.mark.parametrize(("suggested", "final", "after", "expected"), [
    ("di_atas", "di_atas", "sesuai", "sesuai"),  # the assessor followed the suggestion: follow the new one
    ("di_atas", "sesuai", "sesuai", "sesuai"),  # overridden: the assessor's rating stands
    ("sesuai", "di_atas", "di_bawah", "di_atas"),  # overridden upwards: stands too
    ("di_atas", "di_atas", None, "di_atas"),  # the candidate suggests nothing: nothing to follow
    (None, None, "sesuai", None),  # not rated: nothing to simulate
])
def test_a_simulated_rating_follows_the_new_suggestion_only_where_the_assessor_followed_the_old(
        suggested, final, after, expected):
    assert simulated_final(suggested, final, after) == expected


@pytest.mark.parametrize(("results", "behaviour", "predicate"), [
    ("di_atas", "di_atas", "sangat_baik"), ("sesuai", "di_atas", "baik"), ("sesuai", None, None)])
def test_the_simulated_predikat_is_the_matrix_of_the_two_ratings(results, behaviour, predicate):
    assert simulated_predicate(NATIONAL_MATRIX, results, behaviour) == predicate
