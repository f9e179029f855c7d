"""``kinerja_candidate_rules``: a candidate beside the rules in force, collected with its plugin and version."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja_web.plugins import PluginError, build_plugin_manager
from kinerja_web.registry import Registry
from kinerja_web.rules.candidates import CandidateRuleSet
from kinerja_web.rules.rating import NationalRatingPolicy
from kinerja_web.rules.scoring import Capped, HigherIsBetter
from tests.plugins.fakes import agency, fake, returning


class CappedAt100(Capped):
    code, version, base, cap = "higher_is_better", 2, HigherIsBetter, Decimal(100)


class Stricter(NationalRatingPolicy):
    code, version = "ketat", 1

    def __init__(self):
        super().__init__(hi=Decimal(120))


def candidate(**fields) -> CandidateRuleSet:
    return CandidateRuleSet(**{"agency": "dinkes_x", "code": "dibatasi", "version": 1, "label": "Dibatasi 100 %",
                               "scoring": {"higher_is_better": CappedAt100}, **fields})


def collect(*records):
    plugin = fake("uji", "3.1.0", kinerja_agencies=returning(agency()), kinerja_candidate_rules=returning(*records))
    return Registry.collect(build_plugin_manager(plugins=[plugin]))


def test_hook_kinerja_candidate_rules():
    declared = collect(candidate(rating_policy=Stricter())).candidates[("dinkes_x", "dibatasi")]
    assert (declared.plugin, declared.plugin_version) == ("uji", "3.1.0")
    assert declared.record.scoring["higher_is_better"] is CappedAt100
    assert declared.record.rating_policy.hi == Decimal(120)


@pytest.mark.parametrize(("record", "message"), [
    (candidate(agency="tidak_ada"), "unknown agency 'tidak_ada'"),
    (candidate(scoring={"tidak_ada": CappedAt100}), "replaces unknown scoring rule 'tidak_ada'"),
    (candidate(scoring={"higher_is_better": object}), "expected a ScoringRule subclass"),
    (candidate(scoring={}), "changes nothing"),
    (candidate(scoring={}, rating_policy="ketat"), "expected a RatingPolicy"),
    (candidate(version="2"), "needs a code and an integer version"),
    ("not a record", "expected a CandidateRuleSet"),
])
def test_a_wrong_candidate_stops_start_up_naming_the_plugin(record, message):
    with pytest.raises(PluginError, match="'uji' 3.1.0") as failure:
        collect(record)
    assert message in str(failure.value)


def test_two_candidates_with_one_code_for_an_agency_are_refused():
    with pytest.raises(PluginError, match="already declared"):
        collect(candidate(), candidate(version=2))
