"""The Dinas Pariwisata catalogue loads through the registry and reads as intended."""
from __future__ import annotations

import re
from decimal import Decimal
from importlib import metadata

import kinerja_pariwisata
import pytest
from kinerja_pariwisata.indicators import AGENCY, INDICATORS

from kinerja_web.rules.scoring import rule_for_target
from kinerja_web.rules.types import Aggregation, Direction, TargetKind
from kinerja_web.testing import make_registry

PLUGIN = "pariwisata"

# How review periods add up is the domain expert's call per indicator (RULES.md §6.5):
# counts of events are summed, rates and averages averaged, stocks and cumulative levels take the latest.
SUMMED = {"EVENT_PARIWISATA", "KUNJUNGAN_WISMAN", "KUNJUNGAN_WISNUS", "PAD_PARIWISATA", "USAHA_TERSERTIFIKASI"}
AVERAGED = {"IKM_TIC", "KONTRIBUSI_PDRB_AKMAMIN", "PENGELUARAN_WISATAWAN", "RLMT", "TPK_HOTEL"}


@pytest.fixture(scope="module")
def registry():
    return make_registry(kinerja_pariwisata)


def by_code(indicator):
    return indicator.code


def test_catalogue_loads_through_the_registry_with_plugin_provenance(registry):
    agency = registry.agencies["dispar"]
    catalogue = registry.catalogue("dispar")
    assert (agency.record.name, agency.record.sector) == ("Dinas Pariwisata", "pariwisata")
    assert len(catalogue) == len(INDICATORS) >= 8
    assert {(d.plugin, d.plugin_version) for d in [agency, *catalogue]} == {(PLUGIN, "1.0.0")}


def test_entry_point_and_explicit_registration_give_the_same_name_and_version():
    (entry_point,) = metadata.entry_points(group="kinerja", name=PLUGIN)
    assert entry_point.load() is kinerja_pariwisata
    assert kinerja_pariwisata.name == entry_point.name
    assert kinerja_pariwisata.__version__ == metadata.version("kinerja-pariwisata")


def test_agency_states_three_or_four_renstra_goals():
    assert 3 <= len(AGENCY.goals) <= 4


def test_indicator_codes_are_unique_uppercase_ascii():
    codes = [i.code for i in INDICATORS]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", c) for c in codes), codes


def test_no_tourism_indicator_is_lower_is_better():
    assert [i.code for i in INDICATORS if i.direction is Direction.LOWER] == []


def test_hotel_occupancy_is_the_range_target():
    assert [i.code for i in INDICATORS if i.target_kind is TargetKind.RANGE] == ["TPK_HOTEL"]


def test_some_indicators_require_evidence():
    assert any(i.evidence_required for i in INDICATORS)


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_every_indicator_uses_the_rule_its_direction_and_target_kind_call_for(indicator):
    lower = indicator.direction is Direction.LOWER
    assert indicator.scoring == rule_for_target(indicator.target_kind, lower)


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_every_indicator_has_a_decimal_target_a_source_and_evidence(indicator):
    assert isinstance(indicator.default_target, Decimal)
    assert indicator.name and indicator.unit and indicator.source and indicator.evidence
    if indicator.unit == "%":
        assert 0 <= indicator.default_target <= 100
    if indicator.target_kind is TargetKind.MAX_ATTAINABLE:
        assert (indicator.unit, indicator.default_target) == ("%", 100)


def test_counts_of_events_add_up_rates_are_averaged_and_the_rest_take_the_latest_period():
    by_roll_up = {kind: {i.code for i in INDICATORS if i.aggregation is kind} for kind in Aggregation}
    assert by_roll_up[Aggregation.SUM] == SUMMED
    assert by_roll_up[Aggregation.AVERAGE] == AVERAGED
    assert by_roll_up[Aggregation.LAST] == {i.code for i in INDICATORS} - SUMMED - AVERAGED


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_no_share_rate_or_index_is_summed_over_review_periods(indicator):
    assert isinstance(indicator.aggregation, Aggregation)
    if indicator.unit in ("%", "indeks") or " per " in f" {indicator.unit} ":
        assert indicator.aggregation is not Aggregation.SUM
