"""What the host gets from the plugin's request-time hooks: form fields, validation and the SPM panel."""
from __future__ import annotations

import re
from decimal import Decimal
from importlib import resources
from types import SimpleNamespace

import kinerja_kesehatan
import pytest
from kinerja_kesehatan.panels import CODES, SERVICES, TEMPLATE, WORDS, table

from kinerja_web.plugins import build_plugin_manager
from kinerja_web.rules.types import Aggregation, Aspect, DashboardPanel, Indicator
from kinerja_web.testing import render_panel

CATALOGUE = {i.code: i for i in kinerja_kesehatan.INDICATORS}
OTHER_AGENCY = Indicator(agency="disdik", code="APM_SD", name="Angka Partisipasi Murni (APM) SD/MI",
                         unit="%", aspect=Aspect.QUANTITY, aggregation=Aggregation.LAST)


@pytest.fixture(scope="module")
def pm():
    return build_plugin_manager(plugins=[kinerja_kesehatan])


def row(unit, code, value, unit_id=None, review="Triwulan II"):
    return SimpleNamespace(unit=unit, unit_id=unit_id or unit, code=code, indicator=CATALOGUE[code].name,
                           review=review, value=None if value is None else Decimal(value),
                           target=Decimal(100), fields={})


class FakeData:
    def __init__(self, rows):
        self.rows, self.asked = rows, []

    def realizations(self, codes):
        self.asked.append(list(codes))
        return [r for r in self.rows if r.code in codes]


def fields_of(pm, indicator):
    return [[f.name for f in answer] for answer in pm.hook.kinerja_form_fields(indicator=indicator)]


@pytest.mark.parametrize("code", ["SPM_IBU_HAMIL", "SPM_HIPERTENSI", "SPM_ODGJ_BERAT"])
def test_an_spm_coverage_records_dilayani_and_sasaran_with_year_to_date_help(pm, code):
    (answer,) = pm.hook.kinerja_form_fields(indicator=CATALOGUE[code])
    assert [(f.name, f.kind, f.required) for f in answer] == [("dilayani", "integer", True),
                                                              ("sasaran", "integer", True)]
    assert all(f.label and f.label_en and "sejak 1 Januari" in f.help for f in answer)


def test_the_maternal_mortality_ratio_records_deaths_and_live_births_of_the_period(pm):
    (answer,) = pm.hook.kinerja_form_fields(indicator=CATALOGUE["ANGKA_KEMATIAN_IBU"])
    assert [f.name for f in answer] == ["kematian_ibu", "kelahiran_hidup"]
    assert all("periode ini" in f.help for f in answer)


def test_a_clinical_indicator_may_name_the_facility(pm):
    assert fields_of(pm, CATALOGUE["BIDAN_K6"]) == [["ibu_k6", "ibu_bersalin", "fasilitas"]]
    assert fields_of(pm, CATALOGUE["DOKTER_PASIEN_DIPERIKSA"]) == [["fasilitas"]]


@pytest.mark.parametrize("code", ["JUMLAH_KEMATIAN_IBU", "IKM_PUSKESMAS", "KAPUS_CAPAIAN_SPM"])
def test_a_typed_indicator_adds_no_field(pm, code):
    assert fields_of(pm, CATALOGUE[code]) == []


def test_other_agencies_indicators_get_neither_fields_nor_messages(pm):
    assert fields_of(pm, OTHER_AGENCY) == []
    for value in ("150", "-5"):
        assert pm.hook.kinerja_validate_realization(indicator=OTHER_AGENCY, value=Decimal(value), fields={}) == []


def test_coverage_message_says_what_is_allowed_in_indonesian(pm):
    (answer,) = pm.hook.kinerja_validate_realization(indicator=CATALOGUE["SPM_BALITA"], value=Decimal(101),
                                                     fields={})
    assert answer == [kinerja_kesehatan.OVER_100]
    assert answer[0].startswith("Cakupan tidak boleh melebihi 100%")


def test_the_panel_asks_for_the_twelve_spm_services_and_lays_units_out_as_rows(pm):
    data = FakeData([row("Puskesmas Sukamaju", "SPM_IBU_HAMIL", "97.5"),
                     row("Puskesmas Sukamaju", "SPM_DIABETES_MELITUS", "115"),
                     row("Puskesmas Arjasari", "SPM_BALITA", "100"),
                     row("Puskesmas Arjasari", "SPM_HIPERTENSI", None)])
    (answer,) = pm.hook.kinerja_dashboard_panels(agency="dinkes", year=2026, data=data)
    (panel,) = answer
    assert isinstance(panel, DashboardPanel)
    assert (panel.title, panel.title_en, panel.template) == (
        "Cakupan SPM per Puskesmas", "SPM coverage per health centre", TEMPLATE)
    assert data.asked == [list(CODES)] and len(CODES) == 12
    units = panel.context["units"]
    assert [u["name"] for u in units] == ["Puskesmas Arjasari", "Puskesmas Sukamaju"]
    assert [u["complete"] for u in units] == [1, 1]  # 115 % counts as met, not as better
    assert pm.hook.kinerja_dashboard_panels(agency="dispar", year=2026, data=data) == []


def render(context, locale="id"):
    panel = DashboardPanel("Cakupan SPM per Puskesmas", TEMPLATE, context, title_en="SPM coverage per health centre")
    return render_panel(kinerja_kesehatan, panel, locale)


def test_the_panel_template_renders_a_table_with_caption_and_right_aligned_numbers():
    rows = [row("Puskesmas <Sukamaju>", "SPM_IBU_HAMIL", "97.5"), row("Puskesmas Arjasari", "SPM_BALITA", "100")]
    html = render({"year": 2026, **table(rows, CATALOGUE)})
    assert "<table" in html and "<caption>Cakupan SPM per Puskesmas 2026" in html
    assert html.count('<th scope="row">') == 2 and html.count('<th scope="col"') == 14
    assert '<td class="num below" title="Triwulan II">97,5 %</td>' in html
    assert '<td class="num met" title="Triwulan II">100,0 %</td>' in html
    assert '<td class="num empty">–</td>' in html and "1/12" in html
    assert "Puskesmas &lt;Sukamaju&gt;" in html  # autoescaped
    assert "<script" not in html and "style=" not in html


def test_the_panel_template_writes_numbers_with_the_hosts_filters_in_the_readers_notation():
    context = {"year": 2026, **table([row("Puskesmas A", "SPM_IBU_HAMIL", "1234.56")], CATALOGUE)}
    assert ">1.234,6 %</td>" in render(context, "id")
    assert ">1,234.6 %</td>" in render(context, "en")


def test_the_panel_reads_in_english_with_no_indonesian_caption_header_or_note():
    rows = [row("Puskesmas Sukamaju", "SPM_IBU_HAMIL", "97.5"), row("Puskesmas Arjasari", "SPM_BALITA", "100")]
    html = render({"year": 2026, **table(rows, CATALOGUE)}, "en")
    caption = html.split("<caption>", 1)[1].split("</caption>", 1)[0]
    assert caption == "SPM coverage per health centre 2026: latest realisation against the target of 100 % of the " \
                      "target population"
    headers = re.findall(r'<th scope="col"[^>]*>(.*?)</th>', html, re.S)
    assert headers[0] == "Unit" and headers[-1] == "Services at 100 %"
    assert '<abbr title="Pregnant women receiving antenatal care to standard (%)">Pregnant women</abbr>' in headers[1]
    assert ">97.5 %</td>" in html
    indonesian = {"Cakupan", "realisasi", "terhadap", "sasaran", "Layanan", "Ibu", "Balita", "Usia", "Belum"}
    assert not [word for word in indonesian if word in caption + " ".join(headers)]
    empty = render({"year": 2026, **table([], {})}, "en")
    assert "No SPM service has a realisation for this year yet. (2026)" in empty and "Belum" not in empty


def test_the_panels_words_are_given_in_both_languages():
    assert WORDS["id"].keys() == WORDS["en"].keys()
    assert all(short and short_en for _, short, short_en in SERVICES)


def test_the_panel_template_says_when_nothing_was_recorded_yet():
    html = render({"year": 2026, **table([], {})})
    assert "<table" not in html and "Belum ada realisasi layanan SPM" in html


def test_the_template_ships_inside_the_package():
    assert resources.files("kinerja_kesehatan").joinpath("templates", TEMPLATE).is_file()
