"""The plugin contract is documented and tested: one ``test_hook_<name>`` per hook, through a real manager."""
from __future__ import annotations

import inspect
import re
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from kinerja_web import hookspecs
from kinerja_web.defaults.national import NATIONAL_DISTRIBUTION, NATIONAL_MATRIX, NATIONAL_PATTERNS, PREDICATE_ROWS
from kinerja_web.plugins import build_plugin_manager
from kinerja_web.rules.distribution import DistributionPolicy
from kinerja_web.rules.predicate import matrix
from kinerja_web.rules.rating import NationalRatingPolicy
from kinerja_web.rules.scoring import STANDARD_RULES, HigherIsBetter
from kinerja_web.rules.types import Aggregation, Aspect, Indicator, Predicate, Rating
from tests.plugins.fakes import agency, fake, indicator, returning

HOOKSPECS = sorted(
    (name, function) for name, function in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith("kinerja_")
)
HOOK_NAMES = [name for name, _ in HOOKSPECS]
TESTS_DIR = Path(__file__).parent


def test_contract_declares_hooks():
    assert "kinerja_agencies" in HOOK_NAMES
    assert "kinerja_validate_realization" in HOOK_NAMES


@pytest.mark.parametrize(("name", "spec"), HOOKSPECS, ids=HOOK_NAMES)
def test_hookspec_is_registered_with_the_kinerja_marker(name, spec):
    assert hasattr(spec, f"{hookspecs.PROJECT}_spec"), f"{name} lacks @hookspec"
    assert getattr(build_plugin_manager(plugins=[]).hook, name).has_spec()


@pytest.mark.parametrize(("name", "spec"), HOOKSPECS, ids=HOOK_NAMES)
def test_hookspec_docstring_documents_the_return_value_and_gives_an_example(name, spec):
    doc = inspect.getdoc(spec) or ""
    assert ":returns:" in doc, f"{name}: docstring has no :returns:"
    assert "Example::" in doc, f"{name}: docstring has no Example::"


@pytest.mark.parametrize(("name", "spec"), HOOKSPECS, ids=HOOK_NAMES)
def test_hookspec_docstring_documents_every_parameter(name, spec):
    doc = inspect.getdoc(spec) or ""
    missing = [p for p in inspect.signature(spec).parameters if f":param {p}:" not in doc]
    assert missing == [], f"{name}: undocumented parameters {missing}"


def defined_tests() -> set[str]:
    return {match for path in TESTS_DIR.glob("*.py")
            for match in re.findall(r"^def (test_hook_\w+)\(", path.read_text("utf-8"), re.MULTILINE)}


@pytest.mark.parametrize("name", HOOK_NAMES)
def test_every_hook_has_a_test_named_after_it(name):
    assert f"test_hook_{name}" in defined_tests(), f"write test_hook_{name} in tests/plugins/"


def test_every_hook_test_names_a_hook_that_exists():
    assert {t.removeprefix("test_hook_") for t in defined_tests()} <= set(HOOK_NAMES)


# -- one test per hook, through a real plugin manager ------------------------------

def test_hook_kinerja_agencies():
    declared = agency("disbud", goals=("Meningkatnya pelestarian budaya",))
    pm = build_plugin_manager(plugins=[fake("budaya", kinerja_agencies=returning(declared))])
    assert [declared] in pm.hook.kinerja_agencies()


def test_hook_kinerja_indicators():
    declared = Indicator(agency="disbud", code="CAGAR", name="Cagar budaya terawat", unit="situs",
                         aspect=Aspect.QUANTITY, aggregation=Aggregation.LAST, default_target=Decimal(12))
    pm = build_plugin_manager(plugins=[fake("budaya", kinerja_indicators=returning(declared))])
    assert [declared] in pm.hook.kinerja_indicators()


def test_hook_kinerja_scoring_rules():
    class CappedAt120(HigherIsBetter):
        code, version = "capped_120", 1

    pm = build_plugin_manager(plugins=[fake("budaya", kinerja_scoring_rules=returning(CappedAt120))])
    results = pm.hook.kinerja_scoring_rules()
    assert results[0] == [CappedAt120], "agency plugins are called before the trylast defaults"
    assert list(STANDARD_RULES) in results


def test_hook_kinerja_rating_policies():
    class MeanOfIndicators(NationalRatingPolicy):
        code = "budaya_mean"

    policy = MeanOfIndicators(per_result="mean")
    pm = build_plugin_manager(plugins=[fake("budaya", kinerja_rating_policies=returning(policy))])
    results = pm.hook.kinerja_rating_policies()
    assert results[0] == [policy]
    assert any(isinstance(p, NationalRatingPolicy) and p.code == "national" for r in results for p in r)


def test_hook_kinerja_predicate_policies():
    rows = {r: dict(row) for r, row in PREDICATE_ROWS.items()}
    rows[Rating.MEETS][Rating.ABOVE] = Predicate.VERY_GOOD
    generous = matrix("generous", 1, "Sesuai × Di Atas gives Sangat Baik", rows)
    pm = build_plugin_manager(plugins=[fake("budaya", kinerja_predicate_policies=returning(generous))])
    results = pm.hook.kinerja_predicate_policies()
    assert results[0] == [generous]
    assert [NATIONAL_MATRIX] in results


def test_hook_kinerja_distribution_policies():
    budaya = DistributionPolicy("budaya", 1, "Kurva Dinas Kebudayaan", NATIONAL_PATTERNS)
    pm = build_plugin_manager(plugins=[fake("budaya", kinerja_distribution_policies=returning(budaya))])
    results = pm.hook.kinerja_distribution_policies()
    assert results[0] == [budaya]
    assert [NATIONAL_DISTRIBUTION] in results


OVER_100 = "Persentase tidak boleh melebihi 100."
NEGATIVE = "Realisasi tidak boleh bernilai negatif."


def percent_guard(indicator, value):
    if indicator.unit == "%" and value > 100:
        return [OVER_100]
    return None


def sign_guard(indicator, value):
    return [NEGATIVE] if value < 0 else []


def test_hook_kinerja_validate_realization():
    pm = build_plugin_manager(plugins=[fake("percent_guard", kinerja_validate_realization=percent_guard)])
    iki = indicator(unit="%")
    # Not firstresult: one list per plugin that answered; a plugin answering None is left out.
    assert pm.hook.kinerja_validate_realization(indicator=iki, value=Decimal("100.5"), fields={}) == [[OVER_100]]
    assert pm.hook.kinerja_validate_realization(indicator=iki, value=Decimal(100), fields={}) == []


@pytest.mark.parametrize(("value", "messages"), [
    ("101", [OVER_100]),
    ("-1", [NEGATIVE]),
    ("50", []),
])
def test_realisation_messages_of_every_plugin_are_collected(value, messages):
    pm = build_plugin_manager(plugins=[
        fake("percent_guard", kinerja_validate_realization=percent_guard),
        fake("sign_guard", kinerja_validate_realization=sign_guard),
    ])
    results = pm.hook.kinerja_validate_realization(indicator=indicator(unit="%"), value=Decimal(value), fields={})
    assert all(isinstance(r, list) for r in results)
    assert [m for r in results for m in r] == messages


def test_hook_kinerja_due_rules():
    from kinerja_web.rules.aggregation import Seasonal

    class Holidays(Seasonal):
        code, version = "liburan", 1
        weights = tuple(Decimal(w) for w in (1, 1, 1, 1, 1, 3, 3, 1, 1, 1, 1, 3))

    pm = build_plugin_manager(plugins=[fake("wisata", kinerja_due_rules=returning(Holidays))])
    assert [Holidays] in pm.hook.kinerja_due_rules()
    # the first half of the year carries 8 of 18 weights: 8/18 of the annual target is due after June
    assert Holidays().share(2, 4) == Decimal(8) / Decimal(18)
    assert Holidays().share(4, 4) == 1


def test_hook_kinerja_form_fields():
    from kinerja_web.rules.types import FormField

    sasaran = FormField("sasaran", "Jumlah sasaran", "integer", required=True, minimum=Decimal(1))
    pm = build_plugin_manager(plugins=[fake("sehat", kinerja_form_fields=lambda indicator: (
        [sasaran] if indicator.unit == "%" else None))])
    assert pm.hook.kinerja_form_fields(indicator=indicator(unit="%")) == [[sasaran]]
    assert pm.hook.kinerja_form_fields(indicator=indicator(unit="kasus")) == []


def test_hook_kinerja_dashboard_panels():
    from kinerja_web.rules.types import DashboardPanel

    def panels(agency, year, data):
        return [DashboardPanel("Cakupan", "sehat/panel.html", {"rows": data.realizations(["IDL"]), "year": year})]

    data = SimpleNamespace(realizations=lambda codes: [("Puskesmas A", codes[0])])
    pm = build_plugin_manager(plugins=[fake("sehat", kinerja_dashboard_panels=panels)])
    (answer,) = pm.hook.kinerja_dashboard_panels(agency="dinkes", year=2026, data=data)
    assert answer[0].context == {"rows": [("Puskesmas A", "IDL")], "year": 2026}


def test_hook_kinerja_evaluation_finalized():
    from kinerja_web.rules.types import FinalizedEvaluation

    seen = []
    pm = build_plugin_manager(plugins=[fake("export", kinerja_evaluation_finalized=lambda evaluation: seen.append(
        evaluation))])
    event = FinalizedEvaluation(1, "199005212015021001", "dinkes", 2026, "Triwulan I", "sesuai", "di_atas",
                                "baik", "0" * 64)
    pm.hook.kinerja_evaluation_finalized(evaluation=event)
    assert seen == [event]
    with pytest.raises(AttributeError):
        event.predicate = "sangat_baik"  # frozen: a plugin cannot change the result
