"""The plugins page: what each plugin declares, its recent errors, and the province admin's switches."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import AuditEntry, PluginFault, PluginSwitch


def _fault(plugin, agency, message):
    db.session.add(PluginFault(plugin=plugin, hook="kinerja_form_fields", agency_code=agency, message=message))
    db.session.commit()


def test_the_province_admin_sees_versions_hooks_indicators_rules_and_recent_errors(login, app):
    _fault("kesehatan", "dinkes", "KeyError: 'sasaran'")
    page = login("admin").get("/admin/plugins").get_data(as_text=True)
    registry = app.extensions["kinerja_registry"]
    for info in registry.plugins:
        assert f'data-testid="plugin-{info.name}"' in page and info.version in page
    assert "higher_is_better" in page and "national" in page  # rules with their codes
    assert "kinerja_validate_realization" in page
    n = len(registry.catalogue("dinkes"))
    assert f"{n} indikator" in page
    assert 'data-testid="faults-kesehatan"' in page and "KeyError: &#39;sasaran&#39;" in page


def test_the_plugins_page_names_rules_and_columns_in_the_administrators_words(login):
    page = login("admin").get("/admin/plugins").get_data(as_text=True)
    assert "Saran rating hasil kerja dari capaian indikator" in page  # the policy's title, not a docstring
    assert "RULES.md" not in page and "The default of" not in page
    assert "<th>Satuan</th>" in page  # an indicator's unit of measure, not "Unit kerja"
    assert "kepala puskesmas" in page and "(kepala_puskesmas)" not in page


def test_an_agency_admin_sees_only_the_errors_of_their_own_agency_and_no_switches(login):
    _fault("kesehatan", "dinkes", "error of dinkes")
    _fault("pendidikan", "disdik", "error of disdik")
    page = login("admin.dinkes").get("/admin/plugins").get_data(as_text=True)
    assert "error of dinkes" in page and "error of disdik" not in page
    assert 'id="switches"' not in page
    response = login("admin.dinkes").post("/admin/plugins/switch", {"agency": "dinkes", "plugin": "kesehatan",
                                                                     "enabled": "0", "reason": "uji"})
    assert response.status_code == 403


def test_staff_cannot_open_the_plugins_page(login):
    assert login("staf.dinkes").get("/admin/plugins").status_code == 403


def test_switching_a_plugin_off_needs_a_reason_is_audited_and_can_be_undone(login):
    admin = login("admin")
    response = admin.post("/admin/plugins/switch", {"agency": "dinkes", "plugin": "kesehatan", "enabled": "0",
                                                    "reason": ""})
    assert response.status_code == 302
    assert db.session.scalar(select(PluginSwitch)) is None
    assert "Tuliskan alasan" in admin.get("/admin/plugins").get_data(as_text=True)
    admin.post("/admin/plugins/switch", {"agency": "dinkes", "plugin": "kesehatan", "enabled": "0",
                                         "reason": "Validasi cakupan keliru, menunggu versi 2.1"})
    db.session.expire_all()
    row = db.session.scalar(select(PluginSwitch))
    assert (row.agency_code, row.plugin, row.enabled) == ("dinkes", "kesehatan", False)
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "plugin.switch"))
    assert entry.after["enabled"] is False and "versi 2.1" in entry.after["reason"]
    page = admin.get("/admin/plugins").get_data(as_text=True)
    row_html = page.split('data-testid="switch-dinkes-kesehatan"', 1)[1].split("</tr>", 1)[0]
    assert "Mati" in row_html and "versi 2.1" in row_html
    admin.post("/admin/plugins/switch", {"agency": "dinkes", "plugin": "kesehatan", "enabled": "1", "reason": ""})
    db.session.expire_all()
    assert db.session.scalar(select(PluginSwitch)).enabled is True


def test_a_switched_off_plugin_no_longer_checks_its_agency_values(login):
    from tests.helpers import plan_of

    login("admin").post("/admin/plugins/switch", {"agency": "dinkes", "plugin": "kesehatan", "enabled": "0",
                                                  "reason": "Uji"})
    plan = plan_of("staf.dinkes")
    ind = plan.results[0].indicators[0]
    from kinerja_web.models import ReviewPeriod

    q4 = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                            .order_by(ReviewPeriod.seq)).all()[3]
    staff = login("staf.dinkes")
    response = staff.post(f"/skp/{plan.id}/iki/{ind.id}/realisasi/{q4.id}",
                          {"value": "130", "note": "uji", "version": "0"}, content_type="multipart/form-data")
    assert response.status_code == 302  # the kesehatan plugin's "above 100 %" check is not asked


def test_built_in_rules_and_unknown_plugins_cannot_be_switched(login):
    admin = login("admin")
    for plugin in ("kinerja_web.national", "tidak_ada"):
        admin.post("/admin/plugins/switch", {"agency": "dinkes", "plugin": plugin, "enabled": "0", "reason": "x"})
    assert db.session.scalar(select(PluginSwitch)) is None


def _rule_row(response, code: str) -> str:
    """The rules table's row of a rule (its code cell is followed by the version's)."""
    page = response.get_data(as_text=True)
    return html.unescape(page.split(f"<code>{code}</code></td><td", 1)[1].split("</tr>", 1)[0])


@pytest.mark.parametrize(("code", "indonesian", "english"), [
    ("cakupan_spm", "Cakupan SPM terhadap sasaran (capaian paling tinggi 100 %): realisasi / target × 100 %, "
                    "paling tinggi 100 %",
     "SPM coverage against the target population (attainment at most 100 %): realisation / target × 100 %, "
     "at most 100 %"),
    ("toleransi_rlmt", "Lama menginap dengan pita toleransi ±0,1 hari: 100 % bila |realisasi − target| ≤ 0,1 hari",
     "Length of stay with a tolerance band of ±0.1 day: 100 % if |realisation − target| ≤ 0.1 day"),
    ("awal_semester", "Dokumen disusun pada awal semester (Januari dan Juli): separuh target tahunan",
     "Documents prepared at the start of each semester (January and July): half of the annual target"),
    ("musim_wisnus", "bobot Jan–Des: 8, 6, 8", "Season of domestic tourist visits (school holidays, Lebaran, year "
                                               "end): annual target × weight of the months"),
    ("higher_is_better", "Kondisi normal (semakin tinggi semakin baik): realisasi / target × 100 %",
     "Normal condition (higher is better): realisation / target × 100 %"),
])
def test_the_plugins_page_shows_each_rules_title_and_formula_in_the_readers_language(login, code, indonesian,
                                                                                      english):
    admin = login("admin")
    assert indonesian in _rule_row(admin.get("/admin/plugins"), code)
    admin.post("/language", {"locale": "en", "next": "/admin/plugins"})
    assert english in _rule_row(admin.get("/admin/plugins"), code)


def test_no_rule_on_the_english_plugins_page_mixes_english_words_into_indonesian_text(login, app):
    admin = login("admin")
    admin.post("/language", {"locale": "en", "next": "/admin/plugins"})
    page = html.unescape(admin.get("/admin/plugins").get_data(as_text=True))
    registry = app.extensions["kinerja_registry"]
    rules = [d.record for table in (registry.scoring_rules, registry.due_rules) for d in table.values()]
    assert all(r.title_en and r.formula_en for r in rules), [r.code for r in rules if not r.formula_en]
    for rule in rules:
        assert f"{rule.title_en}: {rule.formula_en}" in page
    assert "realisation / target × 100 %, paling tinggi" not in page and "paling tinggi" not in page
