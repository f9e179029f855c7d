"""The dashboard panel "Kunjungan wisatawan": what it asks for, what it computes, and that its template renders."""
from __future__ import annotations

import re
from decimal import Decimal
from html import unescape
from types import SimpleNamespace

import kinerja_pariwisata
import pytest
from kinerja_pariwisata.panel import WORDS, growth

from kinerja_web.plugins import build_plugin_manager
from kinerja_web.testing import render_panel


def row(unit, code, value, target, review="Triwulan III", **fields):
    return SimpleNamespace(unit=unit, unit_id=hash(unit) % 100, code=code, indicator=f"Indikator {code}",
                           review=review, value=None if value is None else Decimal(value),
                           target=None if target is None else Decimal(target), fields=fields)


ROWS = [
    row("UPTD Taman Wisata Pantai", "DESTINASI_KUNJUNGAN", "27500", "100000", sumber_data="tiket",
        kunjungan_tahun_lalu="25000"),
    row("Bidang Pemasaran <Pariwisata>", "TUMBUH_KUNJUNGAN_WISNUS", "350000", "5", sumber_data="bps",
        kunjungan_tahun_lalu="364000"),
    row("Bidang Pemasaran <Pariwisata>", "KUNJUNGAN_WISNUS", "350000", "1200000"),
    row("Bidang Pemasaran <Pariwisata>", "KUNJUNGAN_WISMAN", None, "50000", review="Triwulan I"),
]


class Data:
    """A stand-in for the host's PanelData: remembers which codes were asked for."""

    def __init__(self, rows):
        self.rows, self.asked = rows, None

    def realizations(self, codes):
        self.asked = list(codes)
        return [r for r in self.rows if r.code in self.asked]


@pytest.fixture(scope="module")
def hook():
    return build_plugin_manager(plugins=[kinerja_pariwisata]).hook.kinerja_dashboard_panels


def render(panel, locale="id"):
    return render_panel(kinerja_pariwisata, panel, locale)


def panel_for(hook, rows, agency="dispar"):
    data = Data(rows)
    panels = [p for answer in hook(agency=agency, year=2026, data=data) for p in answer or ()]
    return panels, data


def test_the_dinas_gets_one_panel_of_visits_per_unit(hook):
    (panel,), data = panel_for(hook, ROWS)
    assert (panel.title, panel.title_en, panel.template) == (
        "Kunjungan wisatawan", "Tourist visits", "kinerja_pariwisata/kunjungan.html")
    assert data.asked == ["KUNJUNGAN_WISNUS", "KUNJUNGAN_WISMAN", "TUMBUH_KUNJUNGAN_WISNUS",
                          "TUMBUH_KUNJUNGAN_WISMAN", "DESTINASI_KUNJUNGAN"]  # catalogue order
    assert [(r["unit"], r["indicator"]) for r in panel.context["rows"]] == [
        ("Bidang Pemasaran <Pariwisata>", "Indikator KUNJUNGAN_WISNUS"),
        ("Bidang Pemasaran <Pariwisata>", "Indikator KUNJUNGAN_WISMAN"),
        ("Bidang Pemasaran <Pariwisata>", "Indikator TUMBUH_KUNJUNGAN_WISNUS"),
        ("UPTD Taman Wisata Pantai", "Indikator DESTINASI_KUNJUNGAN")]


@pytest.mark.parametrize("agency", ["dinkes", "disdik"])
def test_other_agencies_get_no_panel_from_us(hook, agency):
    panels, data = panel_for(hook, ROWS, agency)
    assert panels == [] and data.asked is None


def test_each_line_shows_the_figure_the_target_and_the_growth_when_last_year_was_given(hook):
    (panel,), _ = panel_for(hook, ROWS)
    lines = {r["indicator"]: r for r in panel.context["rows"]}
    assert lines["Indikator DESTINASI_KUNJUNGAN"] == {
        "unit": "UPTD Taman Wisata Pantai", "indicator": "Indikator DESTINASI_KUNJUNGAN",
        "indicator_en": "Visits to the managed tourist attraction", "review": "Triwulan III",
        "value": Decimal(27500), "target": Decimal(100000), "growth_target": False, "growth": Decimal("10.0"),
        "source": "tiket"}
    grown = lines["Indikator TUMBUH_KUNJUNGAN_WISNUS"]
    # 350,000 after 364,000 in the same period last year
    assert (grown["target"], grown["growth_target"], grown["growth"]) == (5, True, Decimal("-3.8"))
    assert grown["source"] == "bps"
    plain = lines["Indikator KUNJUNGAN_WISNUS"]
    assert (plain["target"], plain["growth"], plain["source"]) == (1200000, None, None)
    assert lines["Indikator KUNJUNGAN_WISMAN"]["value"] is None


@pytest.mark.parametrize(("value", "last", "expected"), [
    ("110", "100", Decimal("10.0")), ("96.2", "100", Decimal("-3.8")), ("1", "3", Decimal("-66.7")),
    ("100", None, None), ("100", "", None), ("100", "0", None), (None, "100", None), ("100", "x", None)])
def test_growth_is_over_the_same_period_last_year_to_one_decimal(value, last, expected):
    assert growth(None if value is None else Decimal(value), last) == expected


def test_the_template_renders_a_captioned_table_with_numbers_right_aligned(hook):
    (panel,), _ = panel_for(hook, ROWS)
    html = render(panel)
    assert "<caption>Kunjungan wisatawan per unit kerja" in html
    assert "Pertumbuhan atas periode yang sama tahun lalu" in html and "Sumber data" in html
    assert '<td class="num">27.500</td>' in html and '<td class="num">+10 %</td>' in html
    assert '<td class="num">tumbuh 5 %</td>' in html and '<td class="num">-3,8 %</td>' in html
    assert "<td>Tiket atau retribusi masuk daya tarik wisata</td>" in html
    assert html.count("<tr>") == 1 + len(ROWS)
    assert "Bidang Pemasaran &lt;Pariwisata&gt;" in html  # autoescaped, never raw
    assert "<script" not in html and "style=" not in html


def test_growth_and_source_columns_stay_out_when_no_row_fills_them(hook):
    bare = [row("Sekretariat dan Pimpinan", "KUNJUNGAN_WISNUS", "291000", "1200000")]
    (panel,), _ = panel_for(hook, bare)
    assert panel.context["shown"] == {"growth": False, "source": False}
    html = render(panel)
    assert "Pertumbuhan" not in html and "Sumber data" not in html and '<td class="num">291.000</td>' in html


def test_the_template_says_so_when_no_visits_are_recorded_yet(hook):
    (panel,), _ = panel_for(hook, [])
    html = render(panel)
    assert "<table" not in html and "Belum ada realisasi kunjungan wisatawan tahun ini." in html
    assert "No tourist visits realised this year yet." in render(panel, "en")


@pytest.mark.parametrize(("locale", "figures"), [
    ("id", ["27.500", "100.000", "+10 %", "tumbuh 5 %", "-3,8 %", "1.200.000", "1.234.567,5"]),
    ("en", ["27,500", "100,000", "+10 %", "growth of 5 %", "-3.8 %", "1,200,000", "1,234,567.5"])])
def test_numbers_are_written_in_the_readers_notation(hook, locale, figures):
    rows = [*ROWS, row("UPTD Museum", "KUNJUNGAN_WISMAN", "1234567.5", None)]
    (panel,), _ = panel_for(hook, rows)
    cells = re.findall(r'<td class="num">(.*?)</td>', render(panel, locale))
    assert [f for f in figures if f not in cells] == []


def test_the_panel_reads_in_english_with_no_indonesian_caption_header_or_source(hook):
    (panel,), _ = panel_for(hook, ROWS)
    html = render(panel, "en")
    caption = unescape(html.split("<caption>", 1)[1].split("</caption>", 1)[0])
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)
    assert caption == "Tourist visits per work unit: this year's realisation to the latest period"
    assert headers == ["Work unit", "Indicator", "Period", "Realisation", "Annual target",
                       "Growth over the same period last year", "Source of the figure"]
    assert "<td>BPS (official statistics release)</td>" in html
    assert "<td>Visits to the managed tourist attraction</td>" in html  # the catalogue's English name
    indonesian = ("Kunjungan", "wisatawan", "kerja", "Indikator", "Periode", "Realisasi", "tahunan", "Pertumbuhan",
                  "Sumber", "tumbuh", "Tiket", "berita resmi", "Belum")
    assert [word for word in indonesian if word in html] == []


def test_the_panels_words_are_given_in_both_languages():
    assert WORDS["id"].keys() == WORDS["en"].keys()
    assert WORDS["id"]["sources"].keys() == WORDS["en"]["sources"].keys()
