"""Dinas Kesehatan rejects impossible realisations of its own indicators, and only those."""
from __future__ import annotations

from decimal import Decimal

import kinerja_kesehatan
import pytest

from kinerja_web.plugins import build_plugin_manager
from kinerja_web.rules.types import Aggregation, Aspect, Indicator

CATALOGUE = {i.code: i for i in kinerja_kesehatan.INDICATORS}
OTHER_AGENCY = Indicator(agency="disdik", code="APM_SD", name="Angka Partisipasi Murni (APM) SD/MI",
                         unit="%", aspect=Aspect.QUANTITY, aggregation=Aggregation.LAST)


@pytest.fixture(scope="module")
def validate():
    pm = build_plugin_manager(plugins=[kinerja_kesehatan])

    def messages(indicator, value):
        results = pm.hook.kinerja_validate_realization(indicator=indicator, value=Decimal(value))
        return [message for result in results for message in result or ()]

    return messages


@pytest.mark.parametrize(("code", "value", "expected"), [
    ("SPM_IBU_HAMIL", "101", [kinerja_kesehatan.OVER_100]),
    ("IDL", "100.01", [kinerja_kesehatan.OVER_100]),
    ("SPM_IBU_HAMIL", "-1", [kinerja_kesehatan.NEGATIVE]),
    ("JUMLAH_KEMATIAN_IBU", "-1", [kinerja_kesehatan.NEGATIVE]),
    ("SPM_IBU_HAMIL", "100", []),
    ("SPM_IBU_HAMIL", "0", []),
    ("PREVALENSI_STUNTING", "14.5", []),
    ("JUMLAH_KEMATIAN_IBU", "101", []),
    ("IKM_PUSKESMAS", "101", []),
])
def test_realisation_of_own_indicator_is_checked_against_its_unit(validate, code, value, expected):
    assert validate(CATALOGUE[code], value) == expected


def test_coverage_message_says_what_is_allowed_in_indonesian(validate):
    (message,) = validate(CATALOGUE["SPM_BALITA"], "101")
    assert message.startswith("Cakupan tidak boleh melebihi 100%")


@pytest.mark.parametrize("value", ["150", "-5"])
def test_other_agencies_indicators_are_left_to_their_own_plugin(validate, value):
    assert validate(OTHER_AGENCY, value) == []
