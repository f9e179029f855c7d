"""The suggested default rating of RULES.md §3.5 (NationalRatingPolicy)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja_web.rules.rating import NationalRatingPolicy, ScoredIndicator, ScoredResult
from kinerja_web.rules.types import Rating, ResultKind

ABOVE, MEETS, BELOW = Rating.ABOVE, Rating.MEETS, Rating.BELOW
MAIN, EXTRA = ResultKind.MAIN, ResultKind.ADDITIONAL


def ind(percent, max_attainable=False) -> ScoredIndicator:
    return ScoredIndicator(None if percent is None else Decimal(percent), max_attainable)


def rhk(kind, *percents) -> ScoredResult:
    return ScoredResult(kind, tuple(ind(p) for p in percents))


# (case, capaian, max attainable target?, rating)
INDICATOR_THRESHOLDS = [
    ("110% is above", "110", False, ABOVE),
    ("well above 110%", "125", False, ABOVE),
    ("just under 110% meets", "109.99", False, MEETS),
    ("exactly 100% meets", "100", False, MEETS),
    ("just under 100% is below", "99.99", False, BELOW),
    ("0% is below", "0", False, BELOW),
    ("max attainable: 100% is above", "100", True, ABOVE),
    ("max attainable: above 100% is above", "104", True, ABOVE),
    ("max attainable: just under 100% is below", "99.99", True, BELOW),
]


@pytest.mark.parametrize(("percent", "max_attainable", "expected"), [c[1:] for c in INDICATOR_THRESHOLDS],
                         ids=[c[0] for c in INDICATOR_THRESHOLDS])
def test_indicator_rating_uses_110_and_100_thresholds(percent, max_attainable, expected):
    assert NationalRatingPolicy().rate_indicator(ind(percent, max_attainable)) is expected


def test_thresholds_are_configurable():
    policy = NationalRatingPolicy(hi=Decimal(105), ok=Decimal(90))
    assert policy.rate_indicator(ind("105")) is ABOVE
    assert policy.rate_indicator(ind("90")) is MEETS
    assert policy.rate_indicator(ind("89.9")) is BELOW


# (case, capaian of the RHK's indicators, weakest rating, mean rating)
PER_RESULT = [
    ("one strong, one weak: weakest is below, mean 107.5 meets", ("120", "95"), BELOW, MEETS),
    ("two above: both modes above", ("115", "130"), ABOVE, ABOVE),
    ("above and on target: weakest meets, mean 110 is above", ("120", "100"), MEETS, ABOVE),
    ("one indicator only", ("99",), BELOW, BELOW),
    ("uncomputable indicators are ignored", ("112", None), ABOVE, ABOVE),
]


@pytest.mark.parametrize(("percents", "weakest", "mean"), [c[1:] for c in PER_RESULT],
                         ids=[c[0] for c in PER_RESULT])
def test_rhk_is_rated_from_its_weakest_indicator_or_from_the_mean(percents, weakest, mean):
    result = rhk(MAIN, *percents)
    assert NationalRatingPolicy().rate_result(result) is weakest
    assert NationalRatingPolicy(per_result="mean").rate_result(result) is mean


def test_default_per_rhk_mode_is_weakest():
    assert NationalRatingPolicy().rate_result(rhk(MAIN, "150", "50")) is BELOW


def test_mean_of_max_attainable_indicators_uses_the_100_threshold():
    result = ScoredResult(MAIN, (ind("100", True), ind("100", True)))
    assert NationalRatingPolicy(per_result="mean").rate_result(result) is ABOVE


def test_mean_mixing_max_attainable_and_normal_indicators_uses_the_110_threshold():
    result = ScoredResult(MAIN, (ind("100", True), ind("104")))
    assert NationalRatingPolicy(per_result="mean").rate_result(result) is MEETS


def judged(rating) -> ScoredIndicator:
    return ScoredIndicator(None, judgement=rating)


@pytest.mark.parametrize("rating", [ABOVE, MEETS, BELOW])
def test_a_judged_qualitative_indicator_counts_with_the_band_the_assessor_chose(rating):
    assert NationalRatingPolicy().rate_indicator(judged(rating)) is rating
    assert NationalRatingPolicy().rate_result(ScoredResult(MAIN, (judged(rating),))) is rating


def test_a_qualitative_main_rhk_judged_below_holds_back_di_atas():
    results = (rhk(MAIN, "120"), rhk(EXTRA, "115"), ScoredResult(MAIN, (judged(BELOW),)))
    assert NationalRatingPolicy().rate_results(results) is MEETS


def test_a_qualitative_skp_gets_a_suggestion_from_its_judgements():
    results = tuple(ScoredResult(MAIN, (judged(r),)) for r in (ABOVE, ABOVE, MEETS))
    assert NationalRatingPolicy().rate_results(results) is ABOVE
    assert NationalRatingPolicy().rate_results((ScoredResult(MAIN, (judged(BELOW),)),)) is BELOW


@pytest.mark.parametrize(("per_result", "expected"), [("weakest", BELOW), ("mean", BELOW)])
def test_a_judgement_below_is_never_averaged_away(per_result, expected):
    result = ScoredResult(MAIN, (ind("150"), ind("150"), judged(BELOW)))
    assert NationalRatingPolicy(per_result=per_result).rate_result(result) is expected


def test_mean_mode_rates_the_mean_capaian_beside_the_judgements():
    result = ScoredResult(MAIN, (ind("120"), ind("100"), judged(ABOVE)))
    assert NationalRatingPolicy(per_result="mean").rate_result(result) is ABOVE
    assert NationalRatingPolicy().rate_result(result) is MEETS


def test_meeting_a_lower_is_better_target_of_zero_is_above_expectation():
    from kinerja_web.rules.scoring import LowerIsBetter, attain
    from kinerja_web.rules.types import Target, TargetKind

    rule = LowerIsBetter()
    for realization, expected in ((Decimal(0), ABOVE), (Decimal(1), BELOW)):
        att = attain(rule, None, Target(TargetKind.SINGLE, Decimal(0)), realization)
        band = NationalRatingPolicy().rate_indicator(ScoredIndicator(att.percent, att.max_attainable))
        assert band is expected


def test_rhk_without_computable_indicators_has_no_rating():
    assert NationalRatingPolicy().rate_result(rhk(MAIN, None, None)) is None


# (case, RHK, suggested rating hasil kerja)
AGGREGATION = [
    ("all above", (rhk(MAIN, "120"), rhk(MAIN, "115")), ABOVE),
    ("majority above, the only below is additional",
     (rhk(MAIN, "120"), rhk(MAIN, "115"), rhk(EXTRA, "80")), ABOVE),
    ("majority above but a main RHK is below",
     (rhk(MAIN, "120"), rhk(EXTRA, "115"), rhk(EXTRA, "112"), rhk(MAIN, "80")), MEETS),
    ("half above is not a majority", (rhk(MAIN, "120"), rhk(MAIN, "100")), MEETS),
    ("majority below", (rhk(MAIN, "80"), rhk(EXTRA, "90"), rhk(MAIN, "120")), BELOW),
    ("half below is not a majority", (rhk(MAIN, "80"), rhk(MAIN, "100")), MEETS),
    ("all meet", (rhk(MAIN, "100"), rhk(EXTRA, "105")), MEETS),
    ("mixed without majority", (rhk(MAIN, "120"), rhk(MAIN, "100"), rhk(EXTRA, "80")), MEETS),
    ("a single main RHK below", (rhk(MAIN, "80"),), BELOW),
    ("RHK with no computable indicator does not count towards the majority",
     (rhk(MAIN, "120"), rhk(MAIN, None), rhk(EXTRA, None)), ABOVE),
    ("main RHK with no computable indicator does not block Di Atas",
     (rhk(MAIN, "120"), rhk(MAIN, None)), ABOVE),
]


@pytest.mark.parametrize(("results", "expected"), [c[1:] for c in AGGREGATION],
                         ids=[c[0] for c in AGGREGATION])
def test_rating_hasil_kerja_aggregates_rhk_ratings(results, expected):
    assert NationalRatingPolicy().rate_results(results) is expected


@pytest.mark.parametrize("results", [(), (rhk(MAIN, None),), (rhk(MAIN), rhk(EXTRA, None, None))],
                         ids=["no RHK", "one RHK without realisation", "no computable indicator anywhere"])
def test_rating_hasil_kerja_is_none_when_nothing_is_computable(results):
    assert NationalRatingPolicy().rate_results(results) is None


def seven(above=0, below=0):
    return tuple([ABOVE] * above + [BELOW] * below + [MEETS] * (7 - above - below))


# (case, ratings of the 7 BerAKHLAK values, suggested rating perilaku)
BEHAVIOUR = [
    ("all meet", seven(), MEETS),
    ("4 of 7 above is a majority", seven(above=4), ABOVE),
    ("3 of 7 above is not", seven(above=3), MEETS),
    ("all above", seven(above=7), ABOVE),
    ("any below wins over a majority above", seven(above=6, below=1), BELOW),
    ("one below among meets", seven(below=1), BELOW),
    ("half of fewer values above is not a majority", (ABOVE, ABOVE, MEETS, MEETS), MEETS),
]


@pytest.mark.parametrize(("ratings", "expected"), [c[1:] for c in BEHAVIOUR], ids=[c[0] for c in BEHAVIOUR])
def test_rating_perilaku_aggregates_the_value_ratings(ratings, expected):
    assert NationalRatingPolicy().rate_behaviour(ratings) is expected


def test_rating_perilaku_without_ratings_is_none():
    assert NationalRatingPolicy().rate_behaviour(()) is None


def test_national_policy_has_a_stable_code_and_integer_version():
    assert NationalRatingPolicy.code == "national"
    assert isinstance(NationalRatingPolicy.version, int)
