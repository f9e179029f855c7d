"""The realisation form of our indicators: which fields each gets, and that the host can take them."""
from __future__ import annotations

from decimal import Decimal

import kinerja_pariwisata
import pytest
from kinerja_pariwisata.fields import EVENTS, VISITS
from kinerja_pariwisata.indicators import INDICATORS

from kinerja_web.plugins import build_plugin_manager
from kinerja_web.rules.fields import KINDS, FieldError, convert, derive
from kinerja_web.rules.types import Aggregation, Aspect, Indicator

CATALOGUE = {i.code: i for i in INDICATORS}
OTHER_AGENCY = Indicator(agency="dinkes", code="KUNJUNGAN_WISNUS", name="Kunjungan", unit="kunjungan",
                         aspect=Aspect.QUANTITY, aggregation=Aggregation.SUM)


@pytest.fixture(scope="module")
def fields():
    pm = build_plugin_manager(plugins=[kinerja_pariwisata])

    def names(indicator):
        return [f.name for answer in pm.hook.kinerja_form_fields(indicator=indicator) for f in answer or ()]

    return names


@pytest.mark.parametrize(("code", "expected"), [
    ("KUNJUNGAN_WISNUS", ["sumber_data", "kunjungan_tahun_lalu"]),
    ("TUMBUH_KUNJUNGAN_WISMAN", ["sumber_data", "kunjungan_tahun_lalu"]),
    ("DESTINASI_KUNJUNGAN", ["sumber_data", "kunjungan_tahun_lalu"]),
    ("EVENT_SESUAI_KALENDER", ["nama_event"]),
    ("EVENT_KALENDER_TERLAKSANA", ["event_terselenggara", "event_terjadwal"]),
    ("TIC_ADUAN_1_HARI", ["aduan_1_hari", "aduan_masuk"]),
    ("DESTINASI_FASILITAS_BAIK", ["fasilitas_baik", "fasilitas_total"]),
    ("RLMT", []),
    ("IKM_TIC", []),
])
def test_each_indicator_gets_the_fields_its_figure_needs(fields, code, expected):
    assert fields(CATALOGUE[code]) == expected


def test_another_agencys_indicator_gets_no_field_from_us(fields):
    assert fields(OTHER_AGENCY) == []


def test_the_field_tables_name_only_catalogue_codes():
    assert VISITS | EVENTS <= set(CATALOGUE)


@pytest.mark.parametrize("indicator", INDICATORS, ids=lambda i: i.code)
def test_every_field_is_one_the_host_can_take_in_both_languages(indicator):
    specs = kinerja_pariwisata.kinerja_form_fields(indicator) or []
    assert len({f.name for f in specs}) == len(specs)
    for spec in specs:
        assert spec.kind in KINDS and spec.label and spec.label_en
        assert (spec.kind == "choice") == bool(spec.choices)
        assert bool(spec.help) == bool(spec.help_en)


def test_the_source_is_one_of_bps_survey_or_ticketing_and_required():
    (source, _) = kinerja_pariwisata.kinerja_form_fields(CATALOGUE["KUNJUNGAN_WISNUS"])
    assert [v for v, _ in source.choices] == ["bps", "survei", "tiket"] and source.required
    with pytest.raises(FieldError):
        convert(source, "kira-kira")


def test_a_ratio_is_derived_by_the_host_from_our_two_counts():
    indicator = CATALOGUE["TIC_ADUAN_1_HARI"]
    top, bottom = kinerja_pariwisata.kinerja_form_fields(indicator)
    values = {top.name: convert(top, "38"), bottom.name: convert(bottom, "40")}
    assert derive(indicator.ratio, values) == Decimal(95)
    with pytest.raises(FieldError):
        convert(bottom, "0")  # no complaints received: nothing to derive, the host says so
