"""The TOML case runner plugin authors use: it checks the result and the rule, and fails when either is wrong."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja_web.rules.aggregation import Seasonal
from kinerja_web.rules.types import Aggregation, Direction, Ratio, TargetKind
from kinerja_web.testing import case_file_tests
from tests.plugins.fakes import agency, fake, indicator, returning


class Holidays(Seasonal):
    """Half the year's visits come in June, July and December."""

    code, version = "liburan_uji", 1
    weights = tuple(Decimal(w) for w in (1, 1, 1, 1, 1, 3, 3, 1, 1, 1, 1, 3))


def _guard(indicator, value, fields):
    if indicator.code == "COVER" and value > 100:
        return ["Cakupan melebihi 100 %"]
    if indicator.code == "VISITS" and value != value.to_integral_value():
        return ["Jumlah kunjungan harus bilangan bulat"]
    return None


PLUGIN = fake(
    "uji", kinerja_agencies=returning(agency("uji")),
    kinerja_due_rules=returning(Holidays),
    kinerja_indicators=returning(
        indicator("uji", "COVER", unit="%", aggregation=Aggregation.LAST, scoring="max_attainable",
                  target_kind=TargetKind.MAX_ATTAINABLE, ratio=Ratio("dilayani", "sasaran")),
        indicator("uji", "VISITS", unit="kunjungan", aggregation=Aggregation.SUM, due_rule="liburan_uji"),
        indicator("uji", "GROWTH", unit="kunjungan", aggregation=Aggregation.SUM, scoring="growth_over_baseline",
                  target_kind=TargetKind.GROWTH),
        indicator("uji", "DEATHS", unit="kasus", aggregation=Aggregation.SUM, scoring="lower_is_better",
                  direction=Direction.LOWER)),
    kinerja_validate_realization=_guard)

GOOD = """
[[case]]
indicator = "COVER"
note = "95 of 100 served: derived 95 %"
target = 100
fields = { dilayani = 95, sasaran = 100 }
expected = 95.00
rule = "max_attainable"

[[case]]
indicator = "VISITS"
note = "after Q2 the season makes 8/18 of 18000 due, not half"
target = 18000
periods = [3000, 5000]
of = 4
to_date = 8000
due = 8000
due_rule = "liburan_uji"
expected = 100.00
rule = "higher_is_better"

[[case]]
indicator = "GROWTH"
note = "+5 % on 100000: 105000 is the level; 99750 attains 95 %"
target = 5
baseline = 100000
realization = 99750
due = 105000
expected = 95.00
rule = "growth_over_baseline"

[[case]]
indicator = "DEATHS"
note = "target 0 met"
target = 0
realization = 0
expected = 100.00
rule = "lower_is_better"
rating = "di_atas"

[[validation]]
indicator = "COVER"
note = "more served than the population"
fields = { dilayani = 120, sasaran = 100 }
messages = ["melebihi 100"]

[[validation]]
indicator = "COVER"
note = "no denominator: the host refuses before the plugin"
fields = { dilayani = 120 }
messages = ["both numbers"]

[[validation]]
indicator = "VISITS"
note = "a count with decimals"
value = 10.5
messages = ["bilangan bulat"]

[[validation]]
indicator = "VISITS"
note = "a whole count is accepted"
value = 10
messages = []
"""


def _run(tmp_path, text):
    path = tmp_path / "cases.toml"
    path.write_text(text, "utf-8")
    test = case_file_tests(PLUGIN, path, "uji")
    (mark,) = test.pytestmark
    items = mark.args[1]
    for item in items:
        test.__wrapped__(item) if hasattr(test, "__wrapped__") else test(item)
    return items


def test_every_case_of_a_good_file_passes(tmp_path):
    assert len(_run(tmp_path, GOOD)) == 8


@pytest.mark.parametrize(("old", "new", "says"), [
    ('expected = 95.00\nrule = "max_attainable"', 'expected = 96.00\nrule = "max_attainable"', "capaian"),
    ('rule = "lower_is_better"', 'rule = "higher_is_better"', "scores DEATHS with 'lower_is_better'"),
    ('due = 8000', 'due = 9000', "makes"),
    ('due_rule = "liburan_uji"', 'due_rule = "pro_rata"', "due rule"),
    ('messages = ["bilangan bulat"]', 'messages = ["negatif"]', "negatif"),
    ('value = 10\nmessages = []', 'value = 10.5\nmessages = []', "accepted"),
    ('baseline = 100000\n', '', "baseline"),
])
def test_a_wrong_result_or_rule_fails_and_says_why(tmp_path, old, new, says):
    assert old in GOOD
    with pytest.raises(AssertionError) as err:
        _run(tmp_path, GOOD.replace(old, new, 1))
    assert says in str(err.value)
