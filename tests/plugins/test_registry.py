"""The registry validates what plugins declare, names the culprit, and freezes the rest with provenance."""
from __future__ import annotations

from decimal import Decimal
from importlib import metadata
from types import SimpleNamespace

import pytest

import kinerja_web.plugins
from kinerja_web.defaults.national import NATIONAL_PATTERNS, PREDICATE_ROWS
from kinerja_web.plugins import PluginError, build_plugin_manager
from kinerja_web.registry import Registry
from kinerja_web.rules.distribution import DistributionPolicy
from kinerja_web.rules.predicate import matrix
from kinerja_web.rules.rating import NationalRatingPolicy
from kinerja_web.rules.scoring import STANDARD_RULES, HigherIsBetter, ScoringRule, attain
from kinerja_web.rules.types import Predicate, Rating, RuleRef, Target, TargetKind
from kinerja_web.testing import capaian, make_registry
from tests.plugins.fakes import agency, fake, indicator, returning

OWN_VERSION = metadata.version("kinerja-web")


class CappedAt120(HigherIsBetter):
    code, version = "capped_120", 2
    formula = "min(realisasi / target × 100 %, 120 %)"

    def percent(self, target, realization):
        value = super().percent(target, realization)
        return None if value is None else min(value, Decimal(120))


# -- duplicates ---------------------------------------------------------------

def test_duplicate_agency_code_names_the_second_plugin_and_the_code():
    alpha = fake("alpha", kinerja_agencies=returning(agency("dup")))
    beta = fake("beta", "2.0.0", kinerja_agencies=returning(agency("dup")))
    with pytest.raises(PluginError) as err:
        make_registry(alpha, beta)
    message = str(err.value)
    assert message.startswith("Plugin 'beta' 2.0.0")
    assert "'dup'" in message
    assert "'alpha'" in message


def test_scoring_rule_reusing_a_national_code_is_refused_rather_than_silently_overriding():
    class Shadow(HigherIsBetter):
        pass

    with pytest.raises(PluginError) as err:
        make_registry(fake("shadow", kinerja_scoring_rules=returning(Shadow)))
    message = str(err.value)
    assert "'shadow'" in message
    assert "'higher_is_better'" in message
    assert "'kinerja_web.scoring'" in message


def test_duplicate_indicator_of_one_agency_is_refused():
    plugin = fake("gamma", kinerja_agencies=returning(agency()),
                  kinerja_indicators=returning(indicator(code="IKI_1"), indicator(code="IKI_1")))
    with pytest.raises(PluginError, match=r"'gamma'.*indicator \('dinkes_x', 'IKI_1'\)"):
        make_registry(plugin)


# -- indicators -----------------------------------------------------------------

def test_indicator_naming_an_unknown_scoring_rule_names_the_plugin_and_the_indicator():
    plugin = fake("gamma", kinerja_agencies=returning(agency()),
                  kinerja_indicators=returning(indicator(code="IKI_WAKTU", scoring="no_such_rule")))
    with pytest.raises(PluginError) as err:
        make_registry(plugin)
    message = str(err.value)
    assert "'gamma'" in message
    assert "'IKI_WAKTU'" in message
    assert "'no_such_rule'" in message


def test_indicator_of_an_undeclared_agency_names_the_plugin_the_indicator_and_the_agency():
    plugin = fake("gamma", kinerja_indicators=returning(indicator(agency="nowhere", code="IKI_9")))
    with pytest.raises(PluginError) as err:
        make_registry(plugin)
    message = str(err.value)
    assert "'gamma'" in message
    assert "'IKI_9'" in message
    assert "'nowhere'" in message


@pytest.mark.parametrize(("roll_up", "words"), [
    (None, "declares no roll-up"), ("", "declares no roll-up"), ("median", "unknown roll-up 'median'"),
], ids=["None", "empty", "unknown"])
def test_indicator_without_a_known_roll_up_names_the_plugin_the_indicator_and_the_choices(roll_up, words):
    plugin = fake("lambda", "0.2.0", kinerja_agencies=returning(agency()),
                  kinerja_indicators=returning(indicator(code="AKB", aggregation=roll_up)))
    with pytest.raises(PluginError) as err:
        make_registry(plugin)
    message = str(err.value)
    assert message.startswith("Plugin 'lambda' 0.2.0")
    assert "'AKB'" in message and words in message
    assert all(code in message for code in ("sum (", "last (", "average (", "max ("))


@pytest.mark.parametrize("roll_up", ["sum", "last", "average", "max"])
def test_indicator_roll_up_may_be_given_by_its_code(roll_up):
    reg = make_registry(fake("mu", kinerja_agencies=returning(agency()),
                             kinerja_indicators=returning(indicator(code="X", aggregation=roll_up))))
    assert reg.indicators[("dinkes_x", "X")].record.aggregation == roll_up


def test_an_indicator_record_cannot_be_built_without_a_roll_up():
    from kinerja_web.rules.types import Aspect, Indicator

    with pytest.raises(TypeError, match="aggregation"):
        Indicator(agency="a", code="X", name="X", unit="%", aspect=Aspect.QUANTITY)


def test_indicator_may_belong_to_an_agency_declared_by_another_plugin():
    owner = fake("owner", kinerja_agencies=returning(agency("shared")))
    extra = fake("extra", kinerja_indicators=returning(indicator(agency="shared", code="IKI_X")))
    reg = make_registry(owner, extra)
    assert reg.indicators[("shared", "IKI_X")].plugin == "extra"


# -- policies -----------------------------------------------------------------

def test_non_total_predicate_matrix_names_the_plugin_and_every_missing_cell():
    rows = {r: dict(row) for r, row in PREDICATE_ROWS.items()}
    del rows[Rating.MEETS][Rating.ABOVE]
    del rows[Rating.BELOW][Rating.BELOW]
    partial = matrix("partial", 1, "Incomplete", rows)
    with pytest.raises(PluginError) as err:
        make_registry(fake("delta", kinerja_predicate_policies=returning(partial)))
    message = str(err.value)
    assert "'delta'" in message
    assert "'partial'" in message
    assert "sesuai×di_atas" in message
    assert "di_bawah×di_bawah" in message
    assert "di_atas×di_atas" not in message


def test_distribution_policy_without_a_pattern_for_every_org_predicate_names_the_missing_one():
    without_very_poor = tuple(p for p in NATIONAL_PATTERNS if p.org_predicate.value != "sangat_kurang")
    plugin = fake("epsilon", kinerja_distribution_policies=returning(
        DistributionPolicy("lenient", 1, "Lenient", without_very_poor)))
    with pytest.raises(PluginError) as err:
        make_registry(plugin)
    message = str(err.value)
    assert "'epsilon'" in message
    assert "'lenient'" in message
    assert "sangat_kurang" in message
    assert "istimewa" not in message


@pytest.mark.parametrize("attr", ["results_policy", "predicate_policy", "distribution_policy"])
def test_agency_naming_an_unknown_policy_names_the_plugin_the_agency_and_the_policy(attr):
    plugin = fake("zeta", kinerja_agencies=returning(agency("disbud", **{attr: "no_such_policy"})))
    with pytest.raises(PluginError) as err:
        make_registry(plugin)
    message = str(err.value)
    assert "'zeta'" in message
    assert "'disbud'" in message
    assert attr in message
    assert "'no_such_policy'" in message


def test_agency_may_use_a_policy_declared_by_its_own_plugin():
    class MeanPolicy(NationalRatingPolicy):
        code = "dinkes_mean"

    plugin = fake("eta", kinerja_rating_policies=returning(MeanPolicy(per_result="mean")),
                  kinerja_agencies=returning(agency("dinkes_y", results_policy="dinkes_mean")))
    reg = make_registry(plugin)
    assert reg.rating_policies["dinkes_mean"].plugin == "eta"
    assert reg.agencies["dinkes_y"].record.results_policy == "dinkes_mean"


# -- wrong record types ---------------------------------------------------------

# (hook, what the plugin wrongly returns, a word the message must contain)
WRONG_RECORDS = [
    ("kinerja_agencies", "disdik", "Agency"),
    ("kinerja_indicators", agency(), "Indicator"),
    ("kinerja_scoring_rules", HigherIsBetter(), "ScoringRule"),
    ("kinerja_rating_policies", NationalRatingPolicy, "RatingPolicy"),
    ("kinerja_predicate_policies", PREDICATE_ROWS, "PredicateMatrix"),
    ("kinerja_distribution_policies", ("national", NATIONAL_PATTERNS), "DistributionPolicy"),
]


@pytest.mark.parametrize(("hook", "record", "word"), WRONG_RECORDS, ids=[w[0] for w in WRONG_RECORDS])
def test_record_of_the_wrong_type_is_a_plugin_error_naming_the_plugin(hook, record, word):
    with pytest.raises(PluginError) as err:
        make_registry(fake("theta", **{hook: returning(record)}))
    message = str(err.value)
    assert "'theta'" in message
    assert word in message


def test_bare_record_returned_instead_of_a_list_is_a_plugin_error_naming_the_plugin():
    plugin = fake("iota", kinerja_agencies=lambda: agency("solo"))
    with pytest.raises(PluginError) as err:
        make_registry(plugin)
    assert "'iota'" in str(err.value)
    assert "kinerja_agencies" in str(err.value)


# -- the plugin manager ---------------------------------------------------------

def test_typo_in_a_hook_name_stops_start_up_naming_the_plugin_and_the_hook():
    plugin = fake("typo", kinerja_agencie=returning(agency()))
    with pytest.raises(PluginError) as err:
        build_plugin_manager(plugins=[plugin])
    message = str(err.value)
    assert "Plugin 'typo'" in message
    assert "kinerja_agencie" in message


def test_raising_hook_is_a_plugin_error_naming_the_plugin_and_the_hook():
    def kinerja_agencies():
        raise KeyError("sector")

    with pytest.raises(PluginError) as err:
        make_registry(fake("kappa", kinerja_agencies=kinerja_agencies))
    message = str(err.value)
    assert "'kappa'" in message
    assert "kinerja_agencies" in message
    assert isinstance(err.value.__cause__, KeyError)


def test_blocked_plugin_is_not_registered_and_contributes_nothing():
    alpha = fake("alpha", kinerja_agencies=returning(agency("dup")))
    beta = fake("beta", kinerja_agencies=returning(agency("dup"), agency("only_beta")))
    reg = make_registry(alpha, beta, config={"PLUGINS_BLOCKED": ["beta"]})
    assert set(reg.agencies) == {"dup"}
    assert reg.agencies["dup"].plugin == "alpha"
    assert "beta" not in {info.name for info in reg.plugins}


def test_blocked_default_plugin_takes_its_rules_away():
    reg = make_registry(config={"PLUGINS_BLOCKED": ["kinerja_web.scoring"]})
    assert dict(reg.scoring_rules) == {}
    assert "national" in reg.predicate_policies


def test_blocked_entry_point_is_not_loaded():
    reg = Registry.collect(build_plugin_manager({"PLUGINS_BLOCKED": ["pariwisata"]}))
    assert "dispar" not in reg.agencies
    assert {"disdik", "dinkes"} <= set(reg.agencies)


def test_entry_point_that_fails_to_import_names_the_entry_point_and_its_distribution(monkeypatch):
    def load():
        raise ImportError("No module named 'kinerja_rusak'")

    dist = SimpleNamespace(name="kinerja-rusak", version="0.3.0")
    broken = SimpleNamespace(name="rusak", dist=dist, load=load)
    monkeypatch.setattr(kinerja_web.plugins.metadata, "entry_points", lambda **kwargs: [broken])
    with pytest.raises(PluginError) as err:
        build_plugin_manager()
    message = str(err.value)
    assert "'rusak'" in message
    assert "kinerja-rusak 0.3.0" in message
    assert "kinerja_rusak" in message
    assert isinstance(err.value.__cause__, ImportError)


def test_installed_distributions_provide_the_three_agencies_with_their_provenance():
    reg = Registry.collect(build_plugin_manager())
    expected = {"disdik": "pendidikan", "dinkes": "kesehatan", "dispar": "pariwisata"}
    assert {code: reg.agencies[code].plugin for code in expected} == expected
    for code, plugin in expected.items():
        assert reg.agencies[code].plugin_version == metadata.version(f"kinerja-{plugin}")
        assert reg.catalogue(code), f"{plugin} declares no indicators for {code}"


# -- provenance and freezing ------------------------------------------------------

def test_records_carry_the_name_and_version_of_the_plugin_that_declared_them():
    plugin = fake("alpha", "2.1.0", kinerja_agencies=returning(agency("dinkes_x")),
                  kinerja_indicators=returning(indicator("dinkes_x", "IKI_1")))
    reg = make_registry(plugin)
    for declared in (reg.agencies["dinkes_x"], reg.indicators[("dinkes_x", "IKI_1")]):
        assert (declared.plugin, declared.plugin_version) == ("alpha", "2.1.0")
    assert (reg.predicate_policies["national"].plugin, reg.predicate_policies["national"].plugin_version) == \
        ("kinerja_web.national", OWN_VERSION)
    assert reg.scoring_rules["range"].plugin == "kinerja_web.scoring"


def test_plugin_listing_shows_version_hooks_and_contributions():
    plugin = fake("alpha", "2.1.0", kinerja_agencies=returning(agency("a1"), agency("a2")))
    reg = make_registry(plugin)
    (info,) = [i for i in reg.plugins if i.name == "alpha"]
    assert info.version == "2.1.0"
    assert info.hooks == ("kinerja_agencies",)
    assert dict(info.contributions) == {"kinerja_agencies": 2}


@pytest.mark.parametrize("table", ["agencies", "indicators", "scoring_rules", "rating_policies",
                                   "predicate_policies", "distribution_policies"])
def test_registry_mappings_are_read_only(table):
    reg = make_registry(fake("alpha", kinerja_agencies=returning(agency("a1")),
                             kinerja_indicators=returning(indicator("a1", "IKI_1"))))
    mapping = getattr(reg, table)
    with pytest.raises(TypeError):
        mapping["new"] = object()
    with pytest.raises(TypeError):
        del mapping[next(iter(mapping))]


@pytest.mark.parametrize("rule_class", STANDARD_RULES, ids=lambda r: r.code)
def test_scoring_rule_lookup_returns_an_instance_and_its_provenance(rule_class):
    rule, ref = make_registry().scoring_rule(rule_class.code)
    assert isinstance(rule, ScoringRule)
    assert type(rule) is rule_class
    assert ref == RuleRef("kinerja_web.scoring", OWN_VERSION, "scoring", rule_class.code, rule_class.version)


def test_unknown_scoring_rule_lookup_raises_key_error():
    with pytest.raises(KeyError):
        make_registry().scoring_rule("no_such_rule")


def test_plugin_declared_scoring_rule_is_usable_with_its_own_provenance():
    plugin = fake("capper", "3.0.0", kinerja_scoring_rules=returning(CappedAt120),
                  kinerja_agencies=returning(agency("dispar_x")),
                  kinerja_indicators=returning(indicator("dispar_x", "KUNJUNGAN", scoring="capped_120")))
    reg = make_registry(plugin)
    rule, ref = reg.scoring_rule("capped_120")
    assert isinstance(rule, CappedAt120)
    assert ref == RuleRef("capper", "3.0.0", "scoring", "capped_120", 2)
    result = attain(rule, ref, Target(TargetKind.SINGLE, Decimal(100)), Decimal(150))
    assert result.percent == Decimal(120)
    assert result.rule.plugin == "capper"
    assert capaian(reg, "capped_120", 100, 90) == Decimal(90)


def test_default_registry_fixture_holds_the_national_rules(kinerja_registry):
    assert kinerja_registry.predicate_policies["national"].record.predicate(Rating.ABOVE, Rating.ABOVE) \
        is Predicate.VERY_GOOD
    assert set(kinerja_registry.scoring_rules) == {r.code for r in STANDARD_RULES}
    assert dict(kinerja_registry.agencies) == {}


@pytest.mark.parametrize("hook", ["kinerja_rating_policies", "kinerja_predicate_policies",
                                  "kinerja_distribution_policies", "kinerja_scoring_rules", "kinerja_due_rules"])
def test_every_policy_and_rule_needs_a_code_and_an_integer_version(hook):
    from kinerja_web.rules.aggregation import Seasonal
    from kinerja_web.rules.distribution import DistributionPolicy

    class Unversioned(NationalRatingPolicy):
        code, version = "tanpa_versi", "1"

    class NoVersionRule(HigherIsBetter):
        code, version = "tanpa_versi", None

    class NoVersionDue(Seasonal):
        code, version = "tanpa_versi", "2"

    records = {"kinerja_rating_policies": Unversioned(),
               "kinerja_predicate_policies": matrix("tanpa_versi", "1", "Tanpa versi", PREDICATE_ROWS),
               "kinerja_distribution_policies": DistributionPolicy("tanpa_versi", None, "Tanpa versi",
                                                                   NATIONAL_PATTERNS),
               "kinerja_scoring_rules": NoVersionRule, "kinerja_due_rules": NoVersionDue}
    with pytest.raises(PluginError) as err:
        make_registry(fake("zeta", **{hook: returning(records[hook])}))
    assert "'zeta'" in str(err.value) and "version" in str(err.value)
