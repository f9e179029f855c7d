"""The Dinas Pendidikan catalogue loads through the registry and reads as intended."""
from __future__ import annotations

import re
from decimal import Decimal
from importlib import metadata

import kinerja_pendidikan
import pytest
from kinerja_pendidikan.catalogue import AGENCY
from kinerja_pendidikan.fields import COUNTS
from kinerja_pendidikan.indicators import GROSS_PARTICIPATION, INDICATORS, PURE_PARTICIPATION
from kinerja_pendidikan.rules import DUE_RULES, SCORING_RULES

from kinerja_web.rules.scoring import GrowthOverBaseline, rule_for_target
from kinerja_web.rules.types import Aggregation, Aspect, Direction, Level, TargetKind
from kinerja_web.testing import make_registry

PLUGIN, VERSION = "pendidikan", "2.0.0"
LOWER_IS_BETTER = {"ANGKA_PUTUS_SEKOLAH", "ANGKA_PUTUS_SEKOLAH_SMA_SMK"}
ROLES = {"guru", "kepala_sekolah", "pengawas_sekolah", "kepala_bidang", "kepala_seksi"}

# The demo builds its plans from the first eight rows, and the app's tests depend on them: they keep
# code, name, unit, aspect, roll-up, target kind, rule, default target and order.
DEMO_ROWS = (
    ("DIKDAS_APS_7_15", "Persentase anak usia 7-15 tahun yang berpartisipasi dalam pendidikan dasar", "%",
     Aspect.QUANTITY, Aggregation.LAST, TargetKind.MAX_ATTAINABLE, "max_attainable", Decimal(100), True),
    ("PAUD_APS_5_6", "Persentase anak usia 5-6 tahun yang berpartisipasi dalam PAUD", "%",
     Aspect.QUANTITY, Aggregation.LAST, TargetKind.MAX_ATTAINABLE, "max_attainable", Decimal(100), False),
    ("KESETARAAN_APS_7_18", "Persentase anak usia 7-18 tahun yang berpartisipasi dalam pendidikan kesetaraan", "%",
     Aspect.QUANTITY, Aggregation.LAST, TargetKind.SINGLE, "higher_is_better", Decimal(46), False),
    ("APM_SD", "Angka Partisipasi Murni (APM) SD/MI", "%",
     Aspect.QUANTITY, Aggregation.LAST, TargetKind.SINGLE, "higher_is_better", Decimal(97), False),
    ("APM_SMP", "Angka Partisipasi Murni (APM) SMP/MTs", "%",
     Aspect.QUANTITY, Aggregation.LAST, TargetKind.SINGLE, "higher_is_better", Decimal(80), False),
    ("ANGKA_PUTUS_SEKOLAH", "Angka putus sekolah SD/SMP", "%",
     Aspect.QUALITY, Aggregation.LAST, TargetKind.SINGLE, "lower_is_better", Decimal("0.5"), True),
    ("ANGKA_KELULUSAN", "Angka kelulusan SD/SMP", "%",
     Aspect.QUALITY, Aggregation.LAST, TargetKind.MAX_ATTAINABLE, "max_attainable", Decimal(100), False),
    ("LITERASI_NUMERASI", "Persentase peserta didik dengan kemampuan literasi dan numerasi minimal kompeten", "%",
     Aspect.QUALITY, Aggregation.LAST, TargetKind.SINGLE, "higher_is_better", Decimal(60), True),
)

# How review periods add up is the domain expert's call per indicator (RULES.md §6.5):
# counts of events are summed, rates and averages averaged, stocks and cumulative levels take the latest.
SUMMED = {"GURU_KETEPATAN_WAKTU", "GURU_LAPORAN_EVALUASI", "GURU_PERANGKAT_PEMBELAJARAN", "PENGEMBANGAN_KOMPETENSI_JP",
          "KS_PERENCANAAN_BERBASIS_DATA", "KS_KUNJUNGAN_SUPERVISI", "KS_LAPORAN_BOSP", "PENGAWAS_PROGRAM_PENGAWASAN",
          "PENGAWAS_LAPORAN_SUPERVISI", "DINAS_LAPORAN_SPM"}
AVERAGED = {"GURU_PEMBELAJARAN_SESUAI_PROTA", "GURU_PERANGKAT_LENGKAP", "IKM_LAYANAN_PENDIDIKAN",
            "DINAS_DAPODIK_TEPAT_WAKTU", "DINAS_LAPORAN_BOSP_SEKOLAH"}

SECTOR_RULES = {rule.code: rule for rule in SCORING_RULES}


@pytest.fixture(scope="module")
def registry():
    return make_registry(kinerja_pendidikan)


def by_code(indicator):
    return indicator.code


def test_catalogue_loads_through_the_registry_with_plugin_provenance(registry):
    agency = registry.agencies["disdik"]
    catalogue = registry.catalogue("disdik")
    assert (agency.record.name, agency.record.sector) == ("Dinas Pendidikan", "pendidikan")
    assert [d.record for d in catalogue] == list(INDICATORS)
    declared = [agency, *catalogue, *(registry.scoring_rules[r.code] for r in SCORING_RULES),
                *(registry.due_rules[r.code] for r in DUE_RULES)]
    assert {(d.plugin, d.plugin_version) for d in declared} == {(PLUGIN, VERSION)}


def test_entry_point_and_explicit_registration_give_the_same_name_and_version():
    (entry_point,) = metadata.entry_points(group="kinerja", name=PLUGIN)
    assert entry_point.load() is kinerja_pendidikan
    assert kinerja_pendidikan.name == entry_point.name
    assert kinerja_pendidikan.__version__ == metadata.version("kinerja-pendidikan") == VERSION


def test_the_demo_finds_its_first_eight_rows_unchanged(registry):
    first = [d.record for d in registry.catalogue("disdik")[:8]]
    assert [(i.code, i.name, i.unit, i.aspect, i.aggregation, i.target_kind, i.scoring, i.default_target,
             i.evidence_required) for i in first] == list(DEMO_ROWS)
    assert all(i.ratio is None and not i.due_rule for i in first)  # realisations typed, as the demo stores them


def test_agency_states_three_or_four_renstra_goals():
    assert 3 <= len(AGENCY.goals) <= 4


def test_indicator_codes_are_unique_uppercase_ascii():
    codes = [i.code for i in INDICATORS]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z][A-Z0-9_]*", c) for c in codes), codes


def test_only_drop_out_rates_are_lower_is_better():
    assert {i.code for i in INDICATORS if i.direction is Direction.LOWER} == LOWER_IS_BETTER


def test_the_catalogue_covers_both_levels_and_every_position_kind():
    assert {i.level for i in INDICATORS} == set(Level)
    assert {role for i in INDICATORS for role in i.roles} == ROLES


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_every_indicator_has_an_english_name_a_source_evidence_and_a_level(indicator):
    assert indicator.name and indicator.name_en and indicator.name_en != indicator.name
    assert indicator.unit and indicator.source and indicator.evidence
    assert isinstance(indicator.level, Level)
    if indicator.level is Level.INDIVIDUAL:
        assert indicator.roles and set(indicator.roles) <= ROLES
    else:
        assert indicator.roles == ()


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_every_indicator_uses_its_standard_rule_or_a_sector_rule_of_this_plugin(indicator):
    lower = indicator.direction is Direction.LOWER
    if indicator.scoring in SECTOR_RULES:
        rule = SECTOR_RULES[indicator.scoring]
        assert issubclass(rule, GrowthOverBaseline) == (indicator.target_kind is TargetKind.GROWTH)
        assert not lower
    else:
        assert indicator.scoring == rule_for_target(indicator.target_kind, lower)


def test_every_rule_the_plugin_declares_is_used_by_some_indicator():
    assert {r.code for r in SCORING_RULES} <= {i.scoring for i in INDICATORS}
    assert {r.code for r in DUE_RULES} <= {i.due_rule for i in INDICATORS}


@pytest.mark.parametrize("rule", SCORING_RULES + DUE_RULES, ids=lambda r: r.code)
def test_every_sector_rule_states_code_version_title_formula_in_both_languages_and_why(rule):
    assert re.fullmatch(r"[a-z][a-z0-9_]*", rule.code)
    assert isinstance(rule.version, int) and rule.version >= 1
    assert rule.title and rule.formula and rule.title_en and rule.formula_en
    assert "realisasi" not in rule.formula_en and "paling" not in rule.formula_en
    assert rule.__doc__ and len(rule.__doc__.split()) > 30  # what it computes and why


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_every_indicator_has_a_decimal_target_within_its_unit(indicator):
    assert isinstance(indicator.default_target, Decimal)
    if indicator.unit == "%":
        assert 0 <= indicator.default_target <= 100
    if indicator.target_kind is TargetKind.MAX_ATTAINABLE:
        assert (indicator.unit, indicator.default_target) == ("%", 100)


@pytest.mark.parametrize("indicator", [i for i in INDICATORS if i.ratio], ids=by_code)
def test_a_coverage_is_a_percentage_derived_from_two_labelled_counts(indicator):
    assert indicator.unit == "%" and indicator.ratio.per == 100
    assert indicator.ratio.numerator != indicator.ratio.denominator
    assert indicator.code in COUNTS


def test_every_counts_label_belongs_to_a_coverage():
    assert set(COUNTS) == {i.code for i in INDICATORS if i.ratio}


def test_participation_apm_aps_stops_at_100_while_apk_may_exceed_it():
    by_code_ = {i.code: i for i in INDICATORS}
    for code in GROSS_PARTICIPATION:  # the gross rate counts pupils of any age: the normal condition
        assert by_code_[code].ratio and by_code_[code].scoring == "higher_is_better"
    derived = [by_code_[c] for c in PURE_PARTICIPATION if by_code_[c].ratio]
    assert derived and all(i.scoring in ("partisipasi_murni", "spm_partisipasi") for i in derived)
    spm = [i for i in INDICATORS if i.code.startswith("SPM_")]
    assert spm and all(i.scoring == "spm_partisipasi" and i.target_kind is TargetKind.MAX_ATTAINABLE for i in spm)


def test_counts_of_events_add_up_rates_are_averaged_and_the_rest_take_the_latest_period():
    by_roll_up = {kind: {i.code for i in INDICATORS if i.aggregation is kind} for kind in Aggregation}
    assert by_roll_up[Aggregation.SUM] == SUMMED
    assert by_roll_up[Aggregation.AVERAGE] == AVERAGED
    assert by_roll_up[Aggregation.LAST] == {i.code for i in INDICATORS} - SUMMED - AVERAGED


@pytest.mark.parametrize("indicator", INDICATORS, ids=by_code)
def test_no_share_rate_or_index_is_summed_over_review_periods(indicator):
    if indicator.unit in ("%", "indeks") or " per " in f" {indicator.unit} ":
        assert indicator.aggregation is not Aggregation.SUM
    if indicator.due_rule:
        assert indicator.aggregation is Aggregation.SUM
