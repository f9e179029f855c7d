"""Plain language first: the attainment in words, the rule and hashes behind a fold, sizes per locale."""
from __future__ import annotations

import re

import pytest
from flask_babel import force_locale

from kinerja_web.ui import filesize, localnum, number
from tests.helpers import plan_of


@pytest.mark.parametrize("locale, size, shown", [("id", 614, "0,6 KB"), ("en", 614, "0.6 KB"),
                                                  ("id", 3 * 1024 * 1024 + 300000, "3,3 MB")])
def test_file_sizes_follow_the_locale(app, locale, size, shown):
    with app.test_request_context(), force_locale(locale):
        assert filesize(size) == shown


def test_numbers_have_no_trailing_zeros_in_english(app):
    with app.test_request_context(), force_locale("en"):
        assert number("55.2000") == "55.2"
        assert localnum("55.2000 / 60.0000 × 100 %") == "55.2 / 60 × 100 %"
    with app.test_request_context(), force_locale("id"):
        assert localnum("55.2000 / 60.0000 × 100 %") == "55,2 / 60 × 100 %"


@pytest.mark.parametrize("locale, words, fold", [("id", "dari target", "Cara menghitung"),
                                                 ("en", "of target", "How this is computed")])
def test_monitoring_shows_the_attainment_in_words_and_the_rule_in_a_fold(login, locale, words, fold):
    staff = login("staf.dinkes")
    staff.post("/language", {"locale": locale})
    page = staff.get(f"/skp/{plan_of('staf.dinkes').id}/pemantauan").get_data(as_text=True)
    assert words in page and fold in page
    for details in re.findall(r'<span class="capaian">.*?</details>', page, flags=re.S):
        before_fold = details.split("<details")[0]
        assert "<code>" not in before_fold and "kinerja_web" not in before_fold
    assert re.search(r'<details class="provenance"><summary>[^<]+</summary>\s*<small>.*?<code>', page, flags=re.S)


NUMBERS = ["0", "-0", "1", "7", "12.5", "999", "1000", "1234.5", "1234567.891", "0.00005", "0.00015",
           "0.00025", "2.5", "3.45", "99.95", "100", "107.14285714", "1E+3", "12345678901234.5678",
           "123456789012345678901", "-1234.5", "-0.00001", "0.1", "0.05", "0.15", "55.2000", "60.0000"]


@pytest.mark.parametrize("locale", ["id", "en"])
@pytest.mark.parametrize(("least", "most"), [(0, 4), (1, 1), (0, 1), (0, 0)])
def test_numbers_are_written_exactly_as_babel_writes_them(locale, least, most):
    from decimal import Decimal

    from babel.numbers import format_decimal

    from kinerja_web.ui import decimal_text

    pattern = "#,##0" + ("." + "0" * least + "#" * (most - least) if most else "")
    for text in NUMBERS:
        value = Decimal(text)
        assert decimal_text(value, locale, least, most) == format_decimal(value, format=pattern, locale=locale), text
