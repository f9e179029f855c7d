"""How periods add up, pro-rata targets, and the annual proposal (RULES.md §3.5, §6.5)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from kinerja_web.rules.aggregation import period_target, to_date
from kinerja_web.rules.predicate import annual_proposal
from kinerja_web.rules.types import Aggregation as A
from kinerja_web.rules.types import Predicate as P


@pytest.mark.parametrize(("values", "aggregation", "expected"), [
    ([D(3), D(4), None, D(5)], "sum", D(12)),
    ([D(70), D(80), None], "last", D(80)),
    ([D(70), D(80), D(90)], "average", D(80)),
    ([D(70), D(95), D(90)], "max", D(95)),
    ([None, None], "sum", None),
    ([], "last", None),
])
def test_periods_add_up_as_the_indicator_says(values, aggregation, expected):
    assert to_date(values, aggregation) == expected


def test_an_unknown_aggregation_is_an_error():
    with pytest.raises(ValueError):
        to_date([D(1)], "median")


@pytest.mark.parametrize(("values", "aggregation", "expected"), [
    ([D(12), D(14)], A.AVERAGE, D(13)),  # infant mortality per 1.000 KH: a rate is averaged, never summed
    ([D(1_450_000), D(1_550_000)], A.AVERAGE, D(1_500_000)),  # spend per visit
    ([D(13), D(14)], A.LAST, D(14)),  # developed villages: a stock
    ([D(1), D(0)], A.SUM, D(1)),  # deaths: events add up
])
def test_each_declared_roll_up_combines_the_periods_by_what_it_measures(values, aggregation, expected):
    assert to_date(values, aggregation) == expected


@pytest.mark.parametrize(("annual", "aggregation", "seq", "count", "expected"), [
    (D(12), "sum", 1, 4, D(3)), (D(12), "sum", 3, 4, D(9)), (D(12), "sum", 4, 4, D(12)),
    (D(95), "last", 1, 4, D(95)), (D(10), "sum", 1, 12, D(10) / 12), (None, "sum", 1, 4, None),
    (D(8), A.AVERAGE, 2, 4, D(8)), (D(1_500_000), A.AVERAGE, 2, 4, D(1_500_000)), (D(100), A.MAX, 1, 4, D(100)),
])
def test_counts_are_due_pro_rata_and_levels_in_full(annual, aggregation, seq, count, expected):
    assert period_target(annual, aggregation, seq, count) == expected


@pytest.mark.parametrize(("periodic", "expected"), [
    ([P.GOOD, P.GOOD, P.NEEDS_IMPROVEMENT], P.GOOD),
    ([P.GOOD, P.VERY_GOOD], P.VERY_GOOD),                       # a tie goes to the latest
    ([P.VERY_GOOD, P.GOOD, P.GOOD, P.VERY_GOOD], P.VERY_GOOD),  # a tie goes to the latest
    ([P.POOR, P.GOOD, P.POOR, P.GOOD, P.NEEDS_IMPROVEMENT], P.GOOD),
    ([P.VERY_POOR], P.VERY_POOR),
    ([], None),
])
def test_the_annual_proposal_is_the_mode_with_ties_to_the_latest(periodic, expected):
    assert annual_proposal(periodic) == expected
