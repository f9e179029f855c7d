"""The fields Dinas Pendidikan adds to its realisation forms, and what its validation leaves alone."""
from __future__ import annotations

from decimal import Decimal

import kinerja_pendidikan
import pytest
from kinerja_pendidikan.indicators import BY_CODE, INDICATORS

from kinerja_web.plugins import build_plugin_manager
from kinerja_web.rules.fields import FieldError, convert, derive
from kinerja_web.rules.types import Aggregation, Aspect, Indicator


@pytest.fixture(scope="module")
def hook():
    return build_plugin_manager(plugins=[kinerja_pendidikan]).hook


def fields_of(hook, indicator):
    return [f for answer in hook.kinerja_form_fields(indicator=indicator) if answer for f in answer]


def names(hook, code):
    return [f.name for f in fields_of(hook, BY_CODE[code])]


@pytest.mark.parametrize("indicator", [i for i in INDICATORS if i.ratio], ids=lambda i: i.code)
def test_a_coverage_asks_for_its_two_counts_as_whole_numbers_and_the_host_derives_it(hook, indicator):
    numerator, denominator = fields_of(hook, indicator)[:2]
    assert (numerator.name, denominator.name) == (indicator.ratio.numerator, indicator.ratio.denominator)
    assert numerator.kind == denominator.kind == "integer" and numerator.required and denominator.required
    assert (numerator.minimum, denominator.minimum) == (Decimal(0), Decimal(1))
    assert numerator.label and numerator.label_en and denominator.label and denominator.label_en
    values = {numerator.name: convert(numerator, "45"), denominator.name: convert(denominator, "60")}
    assert derive(indicator.ratio, values) == Decimal(75)
    with pytest.raises(FieldError):
        convert(numerator, "45,5")  # the host refuses a count with decimals before the plugin is asked


def test_teachers_and_principals_give_the_school_year_and_the_school(hook):
    assert names(hook, "GURU_LAPORAN_EVALUASI") == ["tahun_ajaran", "sekolah"]
    assert names(hook, "KS_GURU_DISUPERVISI") == ["guru_memenuhi", "jumlah_guru", "tahun_ajaran", "sekolah"]
    assert names(hook, "PENGAWAS_LAPORAN_SUPERVISI") == ["tahun_ajaran"]  # a supervisor serves many schools
    assert names(hook, "DINAS_LAPORAN_SPM") == []


def test_the_school_year_is_required_and_fits_a_written_year_pair(hook):
    year, school = fields_of(hook, BY_CODE["GURU_LAPORAN_EVALUASI"])
    assert year.required and not school.required
    assert convert(year, " 2025/2026 ") == "2025/2026" and convert(year, "2025 / 2026") == "2025 / 2026"
    with pytest.raises(FieldError):
        convert(year, "")
    assert convert(school, "") is None


def test_organisation_rates_typed_as_today_have_no_extra_fields(hook):
    assert hook.kinerja_form_fields(indicator=BY_CODE["APM_SD"]) == []


CUSTOM = Indicator(agency="disdik", code="custom-12", name="Persentase buatan sendiri", unit="%",
                   aspect=Aspect.QUANTITY, aggregation=Aggregation.LAST)
OTHER = Indicator(agency="dinkes", code="APM_SD", name="Bukan milik Disdik", unit="%", aspect=Aspect.QUANTITY,
                  aggregation=Aggregation.LAST)


@pytest.mark.parametrize("indicator", [CUSTOM, OTHER], ids=["hand-written", "another agency"])
def test_hand_written_indicators_and_other_agencies_are_left_alone(hook, indicator):
    assert hook.kinerja_form_fields(indicator=indicator) == []
    answers = hook.kinerja_validate_realization(indicator=indicator, value=Decimal(150), fields={})
    assert answers == []
