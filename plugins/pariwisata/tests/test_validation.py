"""What the case file cannot say: whose indicators the plugin checks, and its own word on a missing count."""
from __future__ import annotations

from decimal import Decimal

import kinerja_pariwisata
import pytest
from kinerja_pariwisata.indicators import INDICATORS

from kinerja_web.plugins import build_plugin_manager
from kinerja_web.rules.types import Aggregation, Aspect, Indicator

CATALOGUE = {i.code: i for i in INDICATORS}


@pytest.fixture(scope="module")
def validate():
    pm = build_plugin_manager(plugins=[kinerja_pariwisata])

    def messages(indicator, value, fields=None):
        answers = pm.hook.kinerja_validate_realization(indicator=indicator, value=Decimal(value),
                                                       fields=fields or {})
        return [m for answer in answers for m in answer or ()]

    return messages


@pytest.mark.parametrize("agency", ["dinkes", "disdik"])
def test_another_agencys_indicators_are_left_to_their_own_plugin(validate, agency):
    other = Indicator(agency=agency, code="TPK_HOTEL", name="Lain", unit="%", aspect=Aspect.QUANTITY,
                      aggregation=Aggregation.LAST)
    assert validate(other, "150") == []


def test_a_hand_written_indicator_of_the_dinas_is_the_assessors_to_judge(validate):
    custom = Indicator(agency="dispar", code="custom-17", name="Pertumbuhan kunjungan", unit="%",
                       aspect=Aspect.QUANTITY, aggregation=Aggregation.LAST)
    assert validate(custom, "-3.5") == [] and validate(custom, "140") == []


def test_a_ratio_without_its_denominator_gets_the_plugins_own_message(validate):
    # the host refuses it first (the count is required, at least 1); the plugin still says what to fill in
    (message,) = validate(CATALOGUE["DESTINASI_FASILITAS_BAIK"], "90", {"fasilitas_baik": Decimal(45)})
    assert message.startswith("Isi jumlah seluruh fasilitas yang diperiksa")


@pytest.mark.parametrize(("code", "value"), [("TPK_HOTEL", "101"), ("KUNJUNGAN_WISMAN", "10.5"),
                                             ("DESA_WISATA", "-1"), ("IKM_TIC", "24.9"), ("RLMT", "0")])
def test_every_refusal_says_what_to_check_in_indonesian(validate, code, value):
    (message,) = validate(CATALOGUE[code], value)
    assert "Periksa" in message and value.replace(".", ",") in message
