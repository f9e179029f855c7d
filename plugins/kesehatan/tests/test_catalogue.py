"""The Dinas Kesehatan catalogue loads through the registry and reads as intended."""
from __future__ import annotations

import re
from decimal import Decimal
from importlib import metadata

import kinerja_kesehatan
import pytest
from kinerja_kesehatan.fields import form_fields
from kinerja_kesehatan.indicators import AGENCY, INDICATORS, SPM
from kinerja_kesehatan.rules import RULES

from kinerja_web.rules.scoring import rule_for_target
from kinerja_web.rules.types import Aggregation, Direction, Level, TargetKind
from kinerja_web.testing import make_registry

PLUGIN = "kesehatan"
LOWER_IS_BETTER = {"PREVALENSI_STUNTING", "JUMLAH_KEMATIAN_IBU", "ANGKA_KEMATIAN_BAYI", "ANGKA_KEMATIAN_IBU",
                   "DOKTER_RUJUKAN_NON_SPESIALISTIK"}

# How review periods add up is the domain expert's call per indicator (RULES.md §6.5):
# counts of events are summed, rates and averages averaged, stocks and cumulative levels take the latest.
SUMMED = {"JUMLAH_KEMATIAN_IBU", "KUNJUNGAN_RAWAT_JALAN", "KUNJUNGAN_RAWAT_INAP", "DOKTER_PASIEN_DIPERIKSA",
          "BIDAN_PERSALINAN", "PERAWAT_KUNJUNGAN_RUMAH"}
AVERAGED = {"ANGKA_KEMATIAN_BAYI", "ANGKA_KEMATIAN_IBU", "BALITA_DITIMBANG_DS", "IKM_PUSKESMAS", "KAPUS_IKM",
            "KLB_TERTANGANI_24_JAM", "DOKTER_RUJUKAN_NON_SPESIALISTIK", "DOKTER_REKAM_MEDIS_LENGKAP",
            "PERAWAT_ASKEP_LENGKAP", "LAPORAN_SPM_TEPAT_WAKTU", "SKDR_TEPAT_WAKTU"}

# The demo builds plans from the first eight entries and the app's tests rely on their codes, names, units and
# targets: those stay. Since 2.1.0 they are derived from dilayani/sasaran and scored cakupan_spm like the other four.
#   code, unit, aspect, roll-up, target kind, scoring, default target
FIRST_EIGHT = (
    ("SPM_IBU_HAMIL", "%", "kuantitas", "last", "max_attainable", "cakupan_spm", 100),
    ("SPM_IBU_BERSALIN", "%", "kuantitas", "last", "max_attainable", "cakupan_spm", 100),
    ("SPM_BAYI_BARU_LAHIR", "%", "kuantitas", "last", "max_attainable", "cakupan_spm", 100),
    ("SPM_BALITA", "%", "kuantitas", "last", "max_attainable", "cakupan_spm", 100),
    ("SPM_USIA_PENDIDIKAN_DASAR", "%", "kuantitas", "last", "max_attainable", "cakupan_spm", 100),
    ("SPM_USIA_PRODUKTIF", "%", "kuantitas", "last", "max_attainable", "cakupan_spm", 100),
    ("SPM_USIA_LANJUT", "%", "kuantitas", "last", "max_attainable", "cakupan_spm", 100),
    ("SPM_HIPERTENSI", "%", "kuantitas", "last", "max_attainable", "cakupan_spm", 100),
)
FIRST_EIGHT_NAMES = (
    "Persentase ibu hamil yang mendapatkan pelayanan kesehatan ibu hamil sesuai standar",
    "Persentase ibu bersalin yang mendapatkan pelayanan persalinan sesuai standar",
    "Persentase bayi baru lahir yang mendapatkan pelayanan kesehatan bayi baru lahir sesuai standar",
    "Persentase balita yang mendapatkan pelayanan kesehatan balita sesuai standar",
    "Persentase anak usia pendidikan dasar yang mendapatkan pelayanan kesehatan sesuai standar",
    "Persentase warga negara usia 15-59 tahun yang mendapatkan skrining kesehatan sesuai standar",
    "Persentase warga negara usia 60 tahun ke atas yang mendapatkan skrining kesehatan sesuai standar",
    "Persentase penderita hipertensi yang mendapatkan pelayanan kesehatan sesuai standar",
)
POSITION_KINDS = {"dokter", "bidan", "perawat", "kepala_puskesmas"}
DINAS_STAFF = {"kepala_bidang", "kepala_seksi", "epidemiolog"}
SECTOR_RULES = {rule.code for rule in RULES}


@pytest.fixture(scope="module")
def registry():
    return make_registry(kinerja_kesehatan)


def by_code(indicator):
    return indicator.code


def test_catalogue_loads_through_the_registry_with_plugin_provenance(registry):
    agency = registry.agencies["dinkes"]
    catalogue = registry.catalogue("dinkes")
    assert (agency.record.name, agency.record.sector) == ("Dinas Kesehatan", "kesehatan")
    assert [d.record for d in catalogue] == list(INDICATORS)
    provenance = {(d.plugin, d.plugin_version) for d in [agency, *catalogue]}
    provenance |= {(registry.scoring_rules[code].plugin, registry.scoring_rules[code].plugin_version)
                   for code in SECTOR_RULES}
    assert provenance == {(PLUGIN, "2.1.0")}


def test_entry_point_and_explicit_registration_give_the_same_name_and_version():
    (entry_point,) = metadata.entry_points(group="kinerja", name=PLUGIN)
    assert entry_point.load() is kinerja_kesehatan
    assert kinerja_kesehatan.name == entry_point.name
    assert kinerja_kesehatan.__version__ == metadata.version("kinerja-kesehatan") == "2.1.0"


def test_the_first_eight_entries_the_demo_builds_on_keep_their_codes_names_units_and_targets():
    first = INDICATORS[:8]
    assert [(i.code, i.unit, i.aspect.value, i.aggregation.value, i.target_kind.value, i.scoring,
             i.default_target) for i in first] == list(FIRST_EIGHT)
    assert tuple(i.name for i in first) == FIRST_EIGHT_NAMES
    assert all(not i.due_rule and not i.feed for i in first)


def test_agency_states_three_or_four_renstra_goals():
    assert 3 <= len(AGENCY.goals) <= 4


def test_indicator_codes_are_unique_uppercase_ascii():
    codes = [i.code for i in INDICATORS]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", c) for c in codes), codes


def test_only_prevalence_mortality_and_referral_indicators_are_lower_is_better():
    assert {i.code for i in INDICATORS if i.direction is Direction.LOWER} == LOWER_IS_BETTER


def test_catalogue_lists_all_twelve_spm_services_as_maximum_attainable_organisation_indicators():
    spm = [i for i in INDICATORS if i.source == SPM and i.level is Level.ORGANISATION]
    assert len(spm) == 12
    assert {i.target_kind for i in spm} == {TargetKind.MAX_ATTAINABLE}
    assert {i.scoring for i in spm} == {"cakupan_spm"}


def test_every_spm_service_is_derived_from_the_people_served_and_its_target_population():
    """Permenkes 4/2019: each service's achievement is dilayani / sasaran × 100 %; nobody types it."""
    spm = [i for i in INDICATORS if i.source == SPM and i.level is Level.ORGANISATION]
    assert len(spm) == 12
    assert {(i.ratio.numerator, i.ratio.denominator, i.ratio.per) for i in spm} == {("dilayani", "sasaran", 100)}
    for indicator in spm:
        assert [f.name for f in form_fields(indicator)] == ["dilayani", "sasaran"]


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_every_indicator_names_its_english_name_source_evidence_and_level(indicator):
    assert indicator.name and indicator.name_en and indicator.unit and indicator.source and indicator.evidence
    assert isinstance(indicator.level, Level)
    if indicator.level is Level.INDIVIDUAL:
        assert indicator.roles and set(indicator.roles) <= POSITION_KINDS | DINAS_STAFF
    else:
        assert indicator.roles == ()


@pytest.mark.parametrize("kind", sorted(POSITION_KINDS))
def test_each_health_position_kind_has_at_least_two_indicators(kind):
    assert len([i for i in INDICATORS if kind in i.roles]) >= 2


def test_some_indicators_require_evidence():
    assert any(i.evidence_required for i in INDICATORS)


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_every_indicator_uses_a_sector_rule_or_the_rule_its_direction_and_target_kind_call_for(indicator):
    if indicator.scoring not in SECTOR_RULES:
        assert indicator.scoring == rule_for_target(indicator.target_kind, indicator.direction is Direction.LOWER)


def test_every_sector_rule_has_a_code_an_integer_version_a_title_a_formula_and_a_reason():
    for rule in RULES:
        assert rule.code and isinstance(rule.version, int) and rule.title and rule.formula and rule.__doc__


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_sector_rule_says_its_title_and_formula_in_english_too(rule):
    assert rule.title_en and rule.formula_en
    assert not {"realisasi", "bila", "paling", "tinggi"} & set(rule.formula_en.lower().split())


@pytest.mark.parametrize("rule", sorted(SECTOR_RULES))
def test_every_declared_rule_is_used_by_at_least_one_indicator(rule):
    assert any(i.scoring == rule for i in INDICATORS)


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_every_indicator_has_a_decimal_target_within_its_scale(indicator):
    assert isinstance(indicator.default_target, Decimal)
    if indicator.unit == "%":
        assert 0 <= indicator.default_target <= 100
    if indicator.target_kind is TargetKind.MAX_ATTAINABLE:
        assert (indicator.unit, indicator.default_target) == ("%", 100)


@pytest.mark.parametrize("indicator", [i for i in INDICATORS if i.ratio], ids=by_code)
def test_a_ratio_is_derived_from_two_whole_counts_the_plugin_declares(indicator):
    fields = {f.name: f for f in form_fields(indicator)}
    numerator, denominator = fields[indicator.ratio.numerator], fields[indicator.ratio.denominator]
    assert (numerator.kind, denominator.kind) == ("integer", "integer")
    assert numerator.required and denominator.required
    assert (numerator.minimum, denominator.minimum) == (0, 1)
    per = {"%": 100, "per 1.000 KH": 1000, "per 100.000 KH": 100_000, "indeks (0-1)": 1}[indicator.unit]
    assert indicator.ratio.per == per


def test_counts_of_events_add_up_rates_are_averaged_and_the_rest_take_the_latest_period():
    by_roll_up = {kind: {i.code for i in INDICATORS if i.aggregation is kind} for kind in Aggregation}
    assert by_roll_up[Aggregation.SUM] == SUMMED
    assert by_roll_up[Aggregation.AVERAGE] == AVERAGED
    assert by_roll_up[Aggregation.LAST] == {i.code for i in INDICATORS} - SUMMED - AVERAGED


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_no_share_rate_or_index_is_summed_over_review_periods(indicator):
    assert isinstance(indicator.aggregation, Aggregation)
    if indicator.unit.startswith(("%", "indeks")) or " per " in f" {indicator.unit} ":
        assert indicator.aggregation is not Aggregation.SUM


def test_the_satisfaction_indices_are_fed_by_the_units_survey():
    assert {i.code for i in INDICATORS if i.feed == "ikm"} == {"IKM_PUSKESMAS", "KAPUS_IKM"}
