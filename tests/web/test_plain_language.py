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
