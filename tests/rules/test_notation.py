"""Numbers as people type them, read the same by the host's fields and the plugins' fields."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kinerja_web.rules.fields import FieldError, convert
from kinerja_web.rules.notation import parse_decimal
from kinerja_web.rules.types import FormField


@pytest.mark.parametrize(("typed", "value"), [
    ("24.000", Decimal(24000)), ("1.234,5", Decimal("1234.5")), ("894.000", Decimal(894000)),
    ("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")), ("1 300", Decimal(1300)), ("1.300", Decimal(1300)),
])
def test_indonesian_and_english_notation(typed, value):
    assert parse_decimal(typed) == value


def test_a_plugin_count_field_reads_thousands_separators_as_people_type_them():
    sasaran = FormField("sasaran", "Jumlah sasaran", "integer", required=True, minimum=Decimal(1))
    assert convert(sasaran, "24.000") == Decimal(24000)
    assert convert(sasaran, "1.300") == Decimal(1300)
    with pytest.raises(FieldError):
        convert(sasaran, "12,5")  # a count with a decimal comma
    with pytest.raises(FieldError):
        convert(sasaran, "dua puluh")
