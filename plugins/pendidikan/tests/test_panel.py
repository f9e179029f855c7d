"""The dashboard panel "Partisipasi sekolah per unit" answers for Dinas Pendidikan and renders as plain HTML."""
from __future__ import annotations

import re
from decimal import Decimal
from types import SimpleNamespace

import kinerja_pendidikan
import pytest
from kinerja_pendidikan.panels import PARTICIPATION, WORDS, rounded

from kinerja_web.plugins import build_plugin_manager
from kinerja_web.testing import render_panel


class FakePanelData:
    """Stands in for the host's PanelData: the latest realisation per unit × indicator of the year."""

    def __init__(self, rows):
        self.rows, self.asked = rows, []

    def realizations(self, codes):
        self.asked.append(list(codes))
        return [r for r in self.rows if r.code in codes]


def realization(unit, code, value, target, fields=None, review="Triwulan II"):
    return SimpleNamespace(unit=unit, unit_id=hash(unit) % 100, code=code, indicator=f"Indikator {code}",
                           review=review, value=None if value is None else Decimal(value),
                           target=None if target is None else Decimal(target), fields=fields or {})


ROWS = [
    realization("Bidang Pembinaan SMP", "APK_SMP", "98.4", "95", {"peserta_didik": "9840", "penduduk_usia": "10000"}),
    realization("Bidang Pembinaan SD", "APM_SD", "96.25", "97"),
    realization("Bidang Pembinaan SD", "DIKDAS_APS_7_15", None, "100", review=None),
    realization("Bidang <PAUD> & Dikmas", "PAUD_APS_5_6", "71.5", None),
    realization("Bidang Pembinaan SD", "GURU_S1_D4", "88", "95"),  # not a participation rate: never asked for
]


def render(panel, locale="id"):
    return render_panel(kinerja_pendidikan, panel, locale)


def panel_for(agency, rows=ROWS, year=2025):
    pm = build_plugin_manager(plugins=[kinerja_pendidikan])
    data = FakePanelData(rows)
    answers = [a for a in pm.hook.kinerja_dashboard_panels(agency=agency, year=year, data=data) if a]
    return answers, data


def test_the_panel_asks_once_for_the_participation_rates_only():
    (panels,), data = panel_for("disdik")
    (panel,) = panels
    assert (panel.title, panel.title_en) == ("Partisipasi sekolah per unit", "School participation per unit")
    assert panel.template == "kinerja_pendidikan/partisipasi.html"
    assert data.asked == [list(PARTICIPATION)]
    assert "GURU_S1_D4" not in PARTICIPATION


def test_other_agencies_get_no_panel():
    answers, data = panel_for("dinkes")
    assert answers == [] and data.asked == []


def test_rows_are_ordered_by_unit_then_catalogue_with_a_status_against_the_target():
    (panels,), _ = panel_for("disdik")
    rows = panels[0].context["rows"]
    assert [(r.unit, r.code, r.status) for r in rows] == [
        ("Bidang <PAUD> & Dikmas", "PAUD_APS_5_6", "tanpa_target"),
        ("Bidang Pembinaan SD", "DIKDAS_APS_7_15", "belum"),
        ("Bidang Pembinaan SD", "APM_SD", "di_bawah"),
        ("Bidang Pembinaan SMP", "APK_SMP", "memenuhi"),
    ]
    apk = rows[-1]
    assert (apk.value, apk.target, apk.enrolled, apk.population) == (
        Decimal("98.40"), Decimal("95.00"), Decimal(9840), Decimal(10000))


def test_the_template_renders_a_captioned_table_with_right_aligned_numbers():
    (panels,), _ = panel_for("disdik")
    panel = panels[0]
    html = render(panel)
    assert "<table" in html and "<caption>" in html and "2025" in html.split("</caption>")[0]
    assert html.count("<tr>") == 1 + 4  # the header and one row per unit × indicator
    assert '<td class="num">98,4</td>' in html and '<td class="num">10.000</td>' in html
    assert "Penduduk usia sekolah" in html  # one row carries its counts, so the columns show
    for status in ("Memenuhi target", "Di bawah target", "Belum ada realisasi", "Tanpa target"):
        assert status in html
    assert "Bidang &lt;PAUD&gt; &amp; Dikmas" in html  # autoescaped: a unit name is never markup
    assert "<script" not in html and "style=" not in html


def test_the_count_columns_show_only_when_a_row_carries_its_counts():
    (panels,), _ = panel_for("disdik", rows=ROWS[1:4])  # as the host gives a unit's mean: no counts
    panel = panels[0]
    html = render(panel)
    assert panel.context["counts"] is False and "Penduduk usia sekolah" not in html
    assert '<td class="num">96,25</td>' in html


def test_an_empty_year_says_so_instead_of_an_empty_table():
    (panels,), _ = panel_for("disdik", rows=[], year=2026)
    html = render(panels[0])
    assert "<table" not in html and "Belum ada realisasi angka partisipasi sekolah pada tahun 2026" in html
    assert "No school participation rate has a realisation yet in 2026." in render(panels[0], "en")


@pytest.mark.parametrize(("value", "step", "expected"), [
    (Decimal("1234.5"), Decimal("0.01"), Decimal("1234.50")), (Decimal("97.125"), Decimal("0.01"), Decimal("97.13")),
    ("10000", Decimal(1), Decimal(10000)), (None, Decimal("0.01"), None), ("", Decimal(1), None),
])
def test_rates_are_rounded_half_up_to_two_decimals_and_counts_to_whole_numbers(value, step, expected):
    assert rounded(value, step) == expected


@pytest.mark.parametrize(("locale", "figures"), [("id", ["98,4", "95", "9.840", "10.000", "96,25", "1.234,57"]),
                                                 ("en", ["98.4", "95", "9,840", "10,000", "96.25", "1,234.57"])])
def test_numbers_are_written_in_the_readers_notation(locale, figures):
    rows = [*ROWS, realization("Bidang Pembinaan SMA", "APK_SMA_SMK", "1234.567", "95")]
    (panels,), _ = panel_for("disdik", rows=rows)
    cells = re.findall(r'<td class="num">(.*?)</td>', render(panels[0], locale))
    assert [f for f in figures if f not in cells] == []


def test_the_panel_reads_in_english_with_no_indonesian_caption_header_or_status():
    (panels,), _ = panel_for("disdik")
    html = render(panels[0], "en")
    caption = html.split("<caption>", 1)[1].split("</caption>", 1)[0]
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html)
    assert caption == "Latest school participation rates per unit, 2025"
    assert headers == ["Unit", "Indicator", "Period", "Pupils", "School-age population", "Realisation (%)",
                       "Target (%)", "Status"]
    for status in ("Target met", "Below target", "No realisation yet", "No target"):
        assert f"<td>{status}</td>" in html
    assert "<td>Gross enrolment rate (APK), lower secondary (SMP/MTs)</td>" in html  # the catalogue's English
    indonesian = ("Angka", "terakhir", "tahun", "Indikator", "Periode", "Peserta", "Penduduk", "Realisasi",
                  "Memenuhi", "Di bawah", "Tanpa", "Belum")
    assert [word for word in indonesian if word in html] == []


def test_the_panels_words_are_given_in_both_languages():
    assert WORDS["id"].keys() == WORDS["en"].keys()
    assert WORDS["id"]["statuses"].keys() == WORDS["en"]["statuses"].keys()
