"""The Dinas Pariwisata catalogue loads through the registry and reads as intended."""
from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from importlib import metadata
from pathlib import Path

import kinerja_pariwisata
import pytest
from kinerja_pariwisata.fields import RATIO_FIELDS
from kinerja_pariwisata.indicators import AGENCY, INDICATORS
from kinerja_pariwisata.rules import DUE_RULES, SCORING_RULES

from kinerja_web.rules.scoring import GrowthOverBaseline, rule_for_target
from kinerja_web.rules.types import Aggregation, Direction, Level, TargetKind
from kinerja_web.testing import make_registry

PLUGIN = "pariwisata"

# The first eight rows as plans and the demo were built on them (kinerja_web/demo.py takes catalogue[:8]):
# code, unit, aspect, roll-up, target kind, scoring rule, default target. They may gain words, never change.
FIXED = [
    ("KUNJUNGAN_WISNUS", "kunjungan", "kuantitas", "sum", "single", "higher_is_better", 1_200_000),
    ("KUNJUNGAN_WISMAN", "kunjungan", "kuantitas", "sum", "single", "higher_is_better", 50_000),
    ("RLMT", "hari", "kuantitas", "average", "single", "higher_is_better", 2),
    ("TPK_HOTEL", "%", "kuantitas", "average", "range", "range", 50),
    ("PAD_PARIWISATA", "Rp", "kuantitas", "sum", "single", "higher_is_better", 25_000_000_000),
    ("EVENT_PARIWISATA", "event", "kuantitas", "sum", "single", "higher_is_better", 12),
    ("DESA_WISATA", "desa", "kuantitas", "last", "single", "higher_is_better", 15),
    ("PENGELUARAN_WISATAWAN", "Rp per kunjungan", "kuantitas", "average", "single", "higher_is_better", 1_500_000),
]

# How review periods add up is the domain expert's call per indicator (RULES.md §6.5):
# counts of events are summed, rates and averages averaged, stocks and levels take the latest.
SUMMED = {"EVENT_PARIWISATA", "KUNJUNGAN_WISMAN", "KUNJUNGAN_WISNUS", "PAD_PARIWISATA", "USAHA_TERSERTIFIKASI",
          "TUMBUH_KUNJUNGAN_WISNUS", "TUMBUH_KUNJUNGAN_WISMAN", "TUMBUH_PAD_PARIWISATA", "TIC_PENGUNJUNG_DILAYANI",
          "TIC_MATERI_INFORMASI", "EVENT_SESUAI_KALENDER", "EVENT_PESERTA", "EVENT_SPONSOR", "DESTINASI_KUNJUNGAN",
          "PROMOSI_PARIWISATA", "REKAP_KUNJUNGAN_TEPAT_WAKTU"}
AVERAGED = {"IKM_TIC", "KONTRIBUSI_PDRB_AKMAMIN", "PENGELUARAN_WISATAWAN", "RLMT", "TPK_HOTEL", "RLMT_TAMU_ASING",
            "RLMT_TAMU_INDONESIA"}

# Rows scored by a tourism rule instead of the one their target kind calls for, and why (rules.py).
SECTOR_RULES = {"RLMT_TAMU_ASING": "toleransi_rlmt", "RLMT_TAMU_INDONESIA": "toleransi_rlmt",
                "EVENT_SESUAI_KALENDER": "event_kalender"}
ROLES = {"petugas_informasi", "penyelenggara_event", "pengelola_destinasi"}


@pytest.fixture(scope="module")
def registry():
    return make_registry(kinerja_pariwisata)


def by_code(indicator):
    return indicator.code


def test_catalogue_loads_through_the_registry_with_plugin_provenance(registry):
    agency = registry.agencies["dispar"]
    catalogue = registry.catalogue("dispar")
    assert (agency.record.name, agency.record.sector) == ("Dinas Pariwisata", "pariwisata")
    assert [d.record for d in catalogue] == list(INDICATORS)
    declared = [agency, *catalogue, *(registry.scoring_rules[r.code] for r in SCORING_RULES),
                *(registry.due_rules[r.code] for r in DUE_RULES)]
    assert {(d.plugin, d.plugin_version) for d in declared} == {(PLUGIN, "2.0.0")}


def test_the_first_eight_rows_are_the_ones_plans_and_the_demo_were_built_on(registry):
    first = [d.record for d in registry.catalogue("dispar")[:8]]
    assert [(i.code, i.unit, i.aspect.value, i.aggregation.value, i.target_kind.value, i.scoring, i.default_target)
            for i in first] == [(*row[:6], Decimal(row[6])) for row in FIXED]
    assert first[3].default_upper == 60
    assert all(i.due_rule == "" for i in first)  # pro rata, as the app's mid-year tests expect


def test_entry_point_and_explicit_registration_give_the_same_name_and_version():
    (entry_point,) = metadata.entry_points(group="kinerja", name=PLUGIN)
    assert entry_point.load() is kinerja_pariwisata
    assert kinerja_pariwisata.name == entry_point.name
    assert kinerja_pariwisata.__version__ == metadata.version("kinerja-pariwisata") == "2.0.0"


def test_the_visits_panel_template_ships_in_the_wheel():
    project = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text("utf-8"))
    (pattern,) = project["tool"]["setuptools"]["package-data"]["kinerja_pariwisata"]
    package = Path(kinerja_pariwisata.__file__).parent
    assert (package / "templates" / "kinerja_pariwisata" / "kunjungan.html") in set(package.glob(pattern))


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


def test_visits_and_tourism_revenue_are_stated_as_growth_over_last_year():
    growth = {i.code for i in INDICATORS if i.target_kind is TargetKind.GROWTH}
    assert growth == {"TUMBUH_KUNJUNGAN_WISNUS", "TUMBUH_KUNJUNGAN_WISMAN", "TUMBUH_PAD_PARIWISATA"}
    for code in growth:
        row = next(i for i in INDICATORS if i.code == code)
        assert 5 <= row.default_target <= 10 and row.evidence_required and "nilai dasar" in row.evidence


def test_summed_visits_name_a_season_and_nothing_else_does():
    seasonal = {i.code: i.due_rule for i in INDICATORS if i.due_rule}
    assert seasonal == {"TUMBUH_KUNJUNGAN_WISNUS": "musim_wisnus", "TUMBUH_KUNJUNGAN_WISMAN": "musim_wisman",
                        "TIC_PENGUNJUNG_DILAYANI": "musim_wisnus", "DESTINASI_KUNJUNGAN": "musim_wisnus"}


@pytest.mark.parametrize("rule", DUE_RULES, ids=lambda r: r.code)
def test_a_season_has_twelve_monthly_weights_and_a_title_and_a_docstring_citing_bps(rule):
    assert len(rule.weights) == 12 and all(w > 0 for w in rule.weights)
    assert sum(rule.weights) == 100  # per cent of the year, so an expert reads them directly
    assert rule.title and isinstance(rule.version, int) and "BPS" in rule.__doc__ and "illustrative" in rule.__doc__


@pytest.mark.parametrize("rule", SCORING_RULES, ids=lambda r: r.code)
def test_a_scoring_rule_has_a_code_a_version_a_title_a_formula_and_says_why(rule):
    assert rule.code and isinstance(rule.version, int) and rule.title and rule.formula and rule.__doc__


@pytest.mark.parametrize("rule", SCORING_RULES + DUE_RULES, ids=lambda r: r.code)
def test_every_rule_says_its_title_and_formula_in_english_too(rule):
    assert rule.title_en and rule.formula_en
    assert not {"realisasi", "bila", "paling", "bobot", "musim"} & set(rule.formula_en.lower().split())


def test_every_rule_the_plugin_declares_is_used_by_an_indicator():
    used = {i.scoring for i in INDICATORS} | {i.due_rule for i in INDICATORS}
    assert {r.code for r in (*SCORING_RULES, *DUE_RULES)} <= used


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_every_indicator_uses_the_rule_its_target_kind_calls_for_or_a_stated_sector_rule(indicator, registry):
    expected = SECTOR_RULES.get(indicator.code) or rule_for_target(indicator.target_kind, False)
    assert indicator.scoring == expected
    if indicator.target_kind is TargetKind.GROWTH:
        assert issubclass(registry.scoring_rules[indicator.scoring].record, GrowthOverBaseline)


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_every_indicator_has_both_names_a_level_a_decimal_target_a_source_and_evidence(indicator):
    assert isinstance(indicator.default_target, Decimal)
    assert indicator.name and indicator.name_en and indicator.unit and indicator.source and indicator.evidence
    assert isinstance(indicator.level, Level)
    if indicator.unit == "%":
        assert 0 <= indicator.default_target <= 100
    if indicator.target_kind is TargetKind.MAX_ATTAINABLE:
        assert (indicator.unit, indicator.default_target) == ("%", 100)


def test_organisation_rows_name_no_position_and_individual_rows_name_theirs():
    for i in INDICATORS:
        assert bool(i.roles) == (i.level is Level.INDIVIDUAL), i.code
    covered = {role for i in INDICATORS for role in i.roles}
    assert ROLES <= covered
    for role in ROLES:
        assert len([i for i in INDICATORS if role in i.roles]) >= 3, role


def test_evidence_is_required_where_a_figure_cannot_be_checked_otherwise():
    required = {i.code for i in INDICATORS if i.evidence_required}
    assert {"KUNJUNGAN_WISNUS", "PAD_PARIWISATA", "EVENT_PARIWISATA", "EVENT_SESUAI_KALENDER",
            "TIC_ADUAN_1_HARI"} <= required


def test_the_tic_satisfaction_index_is_fed_by_the_survey():
    assert {i.code: i.feed for i in INDICATORS if i.feed} == {"IKM_TIC": "ikm"}


@pytest.mark.parametrize("indicator", [i for i in INDICATORS if i.ratio], ids=by_code)
def test_a_ratio_is_a_percentage_of_two_declared_counts(indicator):
    assert indicator.unit == "%" and indicator.ratio.per == 100
    assert {indicator.ratio.numerator, indicator.ratio.denominator} <= set(RATIO_FIELDS)
    assert RATIO_FIELDS[indicator.ratio.denominator].minimum == 1


def test_counts_of_events_add_up_rates_are_averaged_and_the_rest_take_the_latest_period():
    by_roll_up = {kind: {i.code for i in INDICATORS if i.aggregation is kind} for kind in Aggregation}
    assert by_roll_up[Aggregation.SUM] == SUMMED
    assert by_roll_up[Aggregation.AVERAGE] == AVERAGED
    assert by_roll_up[Aggregation.LAST] == {i.code for i in INDICATORS} - SUMMED - AVERAGED


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_no_share_rate_or_index_is_summed_over_review_periods(indicator):
    assert isinstance(indicator.aggregation, Aggregation)
    if indicator.unit in ("%", "indeks", "hari") or " per " in f" {indicator.unit} ":
        assert indicator.aggregation is not Aggregation.SUM
