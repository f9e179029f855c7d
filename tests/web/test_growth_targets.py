"""Growth targets over a recorded baseline in the SKP editor, the catalogue's due rules copied into plans,
and the catalogue offered per person (plugins switched off left out, the person's position first).

The agency is a fake plugin's, so the tests do not depend on the sector catalogues' codes."""
from __future__ import annotations

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import (
    AuditEntry,
    Employee,
    Evaluation,
    Period,
    Plan,
    PlanIndicator,
    PluginSwitch,
    Position,
    Realization,
    ReviewPeriod,
    User,
    WorkResult,
)
from kinerja_web.planning.choices import role_matches
from kinerja_web.rules.aggregation import Seasonal
from kinerja_web.rules.types import Aggregation, Level, TargetKind
from kinerja_web.workflow import submission_problems
from tests.conftest import demo_app, with_agency_plugins
from tests.helpers import Client, employee, plan_of
from tests.plugins.fakes import agency, fake, indicator, returning


class MusimUji(Seasonal):
    """A test season: the second half of the year weighs twice the first."""

    code, version = "musim_uji", 1
    weights = (Decimal(1),) * 6 + (Decimal(2),) * 6


SUM, LAST, AVERAGE = Aggregation.SUM, Aggregation.LAST, Aggregation.AVERAGE
ORG = Level.ORGANISATION


def _catalogue():
    """Twelve entries: the demo seeds its plans from the first eleven, so the growth entry (the last)
    never lands in a seeded plan without a baseline."""
    return [
        indicator("uji", "ORG_CAKUPAN", level=ORG, aggregation=AVERAGE, default_target=Decimal(90)),
        indicator("uji", "ORG_DESA", level=ORG, unit="desa", aggregation=LAST, default_target=Decimal(12)),
        indicator("uji", "ORG_KUNJUNGAN", level=ORG, unit="kunjungan", aggregation=SUM, due_rule="musim_uji",
                  default_target=Decimal(1000), name_en="Visits to the service"),
        indicator("uji", "LAPORAN", unit="laporan", aggregation=SUM, default_target=Decimal(4)),
        indicator("uji", "KABID_RAPAT", unit="kegiatan", aggregation=SUM, roles=("kepala_bidang",),
                  default_target=Decimal(6)),
        indicator("uji", "BIDAN_KUNJUNGAN", unit="kunjungan", aggregation=SUM, roles=("bidan",),
                  default_target=Decimal(300)),
        indicator("uji", "GURU_RPP", name="Jumlah RPP disusun", name_en="Lesson plans prepared", unit="dokumen",
                  aggregation=SUM, roles=("guru",), due_rule="musim_uji", default_target=Decimal(2)),
        indicator("uji", "GURU_NILAI", unit="%", aggregation=AVERAGE, roles=("guru",), default_target=Decimal(85)),
        indicator("uji", "KEPSEK_SUPERVISI", unit="kali", aggregation=SUM, roles=("kepala_sekolah",),
                  default_target=Decimal(8)),
        indicator("uji", "PERAWAT_ASKEP", unit="%", aggregation=AVERAGE, roles=("perawat",),
                  default_target=Decimal(90)),
        indicator("uji", "ORG_PAD", level=ORG, unit="Rp", aggregation=SUM, default_target=Decimal(1000000)),
        indicator("uji", "TUMBUH_KUNJUNGAN", level=ORG, unit="kunjungan", aggregation=SUM, due_rule="musim_uji",
                  target_kind=TargetKind.GROWTH, scoring="growth_over_baseline", default_target=Decimal(5)),
    ]


UJI = fake("uji", kinerja_agencies=returning(agency("uji")), kinerja_indicators=_catalogue,
           kinerja_due_rules=returning(MusimUji))
EKSTRA = fake("uji_ekstra", kinerja_indicators=returning(
    indicator("uji", "EKSTRA_SURVEI", name="Jumlah survei lapangan", unit="survei", aggregation=SUM,
              default_target=Decimal(3))))


@pytest.fixture
def uji_app(database_url, demo_hash, tmp_path):
    with demo_app(database_url, demo_hash, tmp_path, with_agency_plugins(UJI, EKSTRA)) as app:
        yield app


@pytest.fixture
def as_user(uji_app):
    def _login(username):
        c = Client(uji_app.test_client())
        c.login(username)
        return c
    return _login


def _newcomer(demo_hash, position="Guru Ahli Pertama", username="guru.uji") -> Employee:
    """A person of the fake agency without an SKP, under kabid.uji, in ``position``."""
    boss = employee("kabid.uji")
    post = Position(agency_id=boss.agency_id, name=position, kind="fungsional")
    emp = Employee(agency_id=boss.agency_id, unit_id=boss.unit_id, position=post, supervisor_id=boss.id,
                   name="Rina Aprilia, S.Pd.", nip="199604122022032001", rank="Penata Muda (III/a)")
    db.session.add_all([post, emp, User(username=username, password_hash=demo_hash, role="staff", employee=emp)])
    db.session.commit()
    return emp


def _period(username="staf4.uji"):
    return db.session.scalar(select(Period).where(Period.agency_id == employee(username).agency_id)
                             .order_by(Period.year.desc()).limit(1))


def _draft(staff, username="staf4.uji"):
    """staf4.uji's draft SKP (the demo seeds it with one RHK), its editor opened."""
    plan = plan_of(username)
    assert plan.status == "draft"
    staff.get(f"/skp/{plan.id}")
    return plan, plan.results[0]


def _indicator_post(staff, plan, result, headers=None, **values):
    prefix = f"r{result.id}"
    fields = {"catalogue_code": "", "name": "Pertumbuhan kunjungan wisatawan nusantara", "aspect": "kuantitas",
              "target_kind": "growth", "unit": "kunjungan", "aggregation": "", **values}
    return staff.post(f"/skp/{plan.id}/rhk/{result.id}/iki", {f"{prefix}-{k}": v for k, v in fields.items()},
                      prefix=prefix, headers=headers or {})


def _error(page: str, field_id: str) -> str:
    return page.split(f'id="{field_id}-error"', 1)[1].split("</small>", 1)[0]


# -- growth targets in the editor ------------------------------------------------------------------


@pytest.mark.parametrize(("values", "field", "says"), [
    ({"target_value": "5", "baseline_value": "", "baseline_source": "BPS 2025"}, "baseline_value",
     "Target pertumbuhan memerlukan nilai dasar"),
    ({"target_value": "5", "baseline_value": "0", "baseline_source": "BPS 2025"}, "baseline_value",
     "Nilai dasar harus lebih besar dari 0."),
    ({"target_value": "5", "baseline_value": "-120", "baseline_source": "BPS 2025"}, "baseline_value",
     "tidak boleh negatif"),
    ({"target_value": "5", "baseline_value": "banyak", "baseline_source": "BPS 2025"}, "baseline_value",
     "Masukkan angka"),
    ({"target_value": "5", "baseline_value": "120.000", "baseline_source": "  "}, "baseline_source",
     "Sebutkan sumber nilai dasar"),
    ({"target_value": "5", "baseline_value": "120.000", "baseline_source": "B" * 301}, "baseline_source",
     "Maksimal 300 karakter."),
    ({"target_value": "", "baseline_value": "120.000", "baseline_source": "BPS 2025"}, "target_value",
     "Isikan pertumbuhan dalam persen"),
])
def test_a_bad_growth_target_is_refused_next_to_its_field_and_nothing_is_lost(as_user, values, field, says):
    staff = as_user("staf4.uji")
    plan, result = _draft(staff)
    before = len(result.indicators)
    response = _indicator_post(staff, plan, result, headers={"X-Editor": "1"}, **values)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert says in _error(page, f"r{result.id}-{field}")
    assert "Pertumbuhan kunjungan wisatawan nusantara" in page  # what was typed is kept
    for name, typed in values.items():
        if typed.strip() and len(typed) < 300:
            assert f'value="{typed}"' in page, name
    db.session.expire_all()
    assert len(plan_of("staf4.uji").results[0].indicators) == before


def test_the_messages_speak_english_when_english_is_chosen(as_user):
    staff = as_user("staf4.uji")
    plan, result = _draft(staff)
    staff.post("/language", {"locale": "en", "next": "/"})
    page = _indicator_post(staff, plan, result, target_value="5", baseline_value="0",
                           baseline_source="").get_data(as_text=True)
    assert "The baseline must be larger than 0." in _error(page, f"r{result.id}-baseline_value")
    assert "Say where the baseline comes from" in _error(page, f"r{result.id}-baseline_source")
    assert "Growth over a baseline" in page  # the target type offered


def test_a_growth_indicator_is_saved_with_its_baseline_and_source_and_audited(as_user):
    staff = as_user("staf4.uji")
    plan, result = _draft(staff)
    page = staff.get(f"/skp/{plan.id}").get_data(as_text=True)
    assert '<option value="growth">Pertumbuhan atas nilai dasar</option>' in page
    response = _indicator_post(staff, plan, result, target_value="5", baseline_value="120.000",
                               baseline_source="BPS 2025")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.expire_all()
    ind = plan_of("staf4.uji").results[0].indicators[-1]
    assert (ind.target_kind, ind.target_value, ind.baseline_value, ind.baseline_source) == (
        "growth", Decimal(5), Decimal(120000), "BPS 2025")
    assert ind.scoring == "growth_over_baseline" and ind.catalogue_code is None and ind.due_rule == ""
    assert ind.target_upper is None
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "iki.create",
                                                       AuditEntry.object_id == ind.id))
    assert Decimal(audit.after["baseline_value"]) == 120000
    assert audit.after["baseline_source"] == "BPS 2025" and audit.after["target_kind"] == "growth"

    page = staff.get(f"/skp/{plan.id}").get_data(as_text=True)
    assert "+5 % atas 120.000 kunjungan (BPS 2025)" in page
    staff.post("/language", {"locale": "en", "next": "/"})
    assert "+5 % over 120,000 kunjungan (BPS 2025)" in staff.get(f"/skp/{plan.id}").get_data(as_text=True)

    # an edit of the baseline is audited with before and after
    values = {"catalogue_code": "", "name": ind.name, "aspect": "kuantitas", "target_kind": "growth",
              "target_value": "6", "unit": "kunjungan", "aggregation": "sum", "baseline_value": "125000",
              "baseline_source": "BPS 2025 (revisi)"}
    response = staff.post(f"/skp/{plan.id}/iki/{ind.id}", values)
    assert response.status_code == 302
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "iki.update",
                                                       AuditEntry.object_id == ind.id))
    assert Decimal(audit.before["baseline_value"]) == 120000 and Decimal(audit.after["baseline_value"]) == 125000
    assert (audit.before["baseline_source"], audit.after["baseline_source"]) == ("BPS 2025", "BPS 2025 (revisi)")


def test_another_target_type_ignores_the_baseline_fields(as_user):
    """Without the script the baseline fields show for every type: what is typed there counts only for growth."""
    staff = as_user("staf4.uji")
    plan, result = _draft(staff)
    response = _indicator_post(staff, plan, result, target_kind="single", target_value="40", unit="kegiatan",
                               baseline_value="tidak tahu", baseline_source="")
    assert response.status_code == 302
    db.session.expire_all()
    ind = plan_of("staf4.uji").results[0].indicators[-1]
    assert (ind.target_kind, ind.baseline_value, ind.baseline_source, ind.scoring) == (
        "single", None, "", "higher_is_better")


def test_a_growth_target_is_evaluated_over_its_baseline_due_to_date(as_user):
    """capaian = realisation / (baseline due to date × (1 + growth/100)) × 100, with the baseline shown."""
    plan = plan_of("staf3.uji")
    ind = plan.results[0].indicators[0]
    ind.target_kind, ind.target_value, ind.scoring = "growth", Decimal(5), "growth_over_baseline"
    ind.baseline_value, ind.baseline_source = Decimal(120000), "BPS 2025"
    ind.aggregation, ind.due_rule, ind.unit, ind.catalogue_code = "sum", "", "kunjungan", None
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                                 .order_by(ReviewPeriod.seq)).all()
    values = {reviews[0].id: Decimal(31000), reviews[1].id: Decimal(32000), reviews[2].id: Decimal(36000)}
    for real in db.session.scalars(select(Realization).where(Realization.indicator_id == ind.id)):
        if real.review_id in values:
            real.value = values.pop(real.review_id)
        elif real.review_id == reviews[3].id:
            db.session.delete(real)
    db.session.add_all(Realization(indicator_id=ind.id, review_id=r, value=v) for r, v in values.items())
    for ev in db.session.scalars(select(Evaluation).where(Evaluation.plan_id == plan.id)):
        db.session.delete(ev)
    db.session.commit()

    owner = as_user("staf3.uji")
    page = owner.get(f"/skp/{plan.id}/penilaian/{reviews[2].id}").get_data(as_text=True)
    db.session.expire_all()
    ev = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id))
    score = next(s for s in ev.scores if s["indicator_id"] == ind.id)
    due_baseline = Decimal(120000) * 3 / 4  # summed, pro rata: three quarters after Q3
    expected = Decimal(99000) / (due_baseline * (1 + Decimal(5) / 100)) * 100
    assert Decimal(score["percent"]) == expected  # 104.76… %
    assert score["rule"]["code"] == "growth_over_baseline"
    assert Decimal(score["baseline"]) == due_baseline and Decimal(score["annual_baseline"]) == 120000
    assert "+5 % atas 90.000 kunjungan (tahunan +5 % atas 120.000 kunjungan)" in page
    assert "99.000 / (90.000 × (1 + 5/100) = 94.500) × 100 %" in page
    monitoring = owner.get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    assert "+5 % atas 120.000 kunjungan (BPS 2025)" in monitoring


# -- due rules copied from the catalogue ------------------------------------------------------------


def test_a_catalogue_pick_copies_the_due_rule_and_a_growth_entry_asks_for_its_baseline(as_user):
    staff = as_user("staf4.uji")
    plan, result = _draft(staff)
    picked = _indicator_post(staff, plan, result, catalogue_code="ORG_KUNJUNGAN", name="", target_kind="single",
                             target_value="", unit="")
    assert picked.status_code == 302, picked.get_data(as_text=True)[:3000]
    db.session.expire_all()
    ind = plan_of("staf4.uji").results[0].indicators[-1]
    assert (ind.catalogue_code, ind.due_rule, ind.aggregation, ind.target_value) == (
        "ORG_KUNJUNGAN", "musim_uji", "sum", Decimal(1000))

    refused = _indicator_post(staff, plan, result, catalogue_code="TUMBUH_KUNJUNGAN", name="", target_value="",
                              unit="")
    assert refused.status_code == 422
    assert "Target pertumbuhan memerlukan nilai dasar" in _error(refused.get_data(as_text=True),
                                                                 f"r{result.id}-baseline_value")
    saved = _indicator_post(staff, plan, result, catalogue_code="TUMBUH_KUNJUNGAN", name="", target_value="",
                            unit="", baseline_value="84.500", baseline_source="LKjIP 2025")
    assert saved.status_code == 302
    db.session.expire_all()
    ind = plan_of("staf4.uji").results[0].indicators[-1]
    assert (ind.target_kind, ind.target_value, ind.baseline_value, ind.due_rule, ind.scoring) == (
        "growth", Decimal(5), Decimal(84500), "musim_uji", "growth_over_baseline")


def test_the_supervisor_proposal_copies_the_due_rule(as_user, demo_hash):
    _newcomer(demo_hash)
    staff = as_user("guru.uji")
    staff.get("/skp")
    assert staff.post("/skp/mulai/atasan", {"period_id": _period().id}).status_code == 302
    plan = plan_of("guru.uji")
    boss = {i.catalogue_code: i for r in plan_of("kabid.uji").results for i in r.indicators}
    mine = [i for r in plan.results for i in r.indicators]
    assert "ORG_KUNJUNGAN" in boss and {i.catalogue_code for i in mine} == set(boss)
    assert {i.catalogue_code: i.due_rule for i in mine}["ORG_KUNJUNGAN"] == "musim_uji"


def test_a_copy_of_last_years_skp_takes_todays_due_rule_and_asks_for_a_new_baseline(as_user, demo_hash):
    emp = _newcomer(demo_hash)
    current = _period("guru.uji")
    old = Period(agency_id=current.agency_id, year=current.year - 1, cadence="quarterly")
    plan = Plan(employee_id=emp.id, period=old, status="approved")
    result = WorkResult(kind="utama", text="Meningkatnya kunjungan layanan", position=0)
    result.indicators += [
        PlanIndicator(catalogue_code="ORG_KUNJUNGAN", name="Jumlah kunjungan", aspect="kuantitas", unit="kunjungan",
                      target_kind="single", target_value=Decimal(900), aggregation="sum", due_rule=""),
        PlanIndicator(catalogue_code="TUMBUH_KUNJUNGAN", name="Pertumbuhan kunjungan", aspect="kuantitas",
                      unit="kunjungan", target_kind="growth", target_value=Decimal(4), baseline_value=Decimal(80000),
                      baseline_source="BPS 2024", scoring="growth_over_baseline", aggregation="sum", position=1)]
    plan.results.append(result)
    db.session.add_all([old, plan])
    db.session.commit()

    staff = as_user("guru.uji")
    staff.get("/skp")
    response = staff.post("/skp/mulai/tahun-lalu", {"period_id": current.id, "source_id": plan.id})
    assert response.status_code == 302
    db.session.expire_all()
    new = db.session.scalar(select(Plan).where(Plan.employee_id == emp.id, Plan.period_id == current.id))
    visits, growth = new.results[0].indicators
    assert visits.due_rule == "musim_uji"  # the catalogue's, not last year's
    assert (growth.target_value, growth.baseline_value, growth.baseline_source, growth.due_rule) == (
        Decimal(4), None, "", "musim_uji")
    assert any("Pertumbuhan kunjungan" in p and "nilai dasar" in p for p in submission_problems(new))
    assert "+4 % atas nilai dasar yang belum dicatat" in staff.get(f"/skp/{new.id}").get_data(as_text=True)


# -- the catalogue offered per person ----------------------------------------------------------------


def _picker(page: str, select_id: str) -> list[tuple[str, list[str]]]:
    """(optgroup label, [option values]) of a rendered select, in order."""
    body = page.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    return [(label, re.findall(r'<option[^>]*value="([^"]*)"', options))
            for label, options in re.findall(r'<optgroup label="([^"]*)">(.*?)</optgroup>', body, re.S)]


def test_the_picker_groups_by_level_and_role_with_the_persons_position_first(as_user, demo_hash):
    _newcomer(demo_hash)
    staff = as_user("guru.uji")
    staff.get("/skp")
    staff.post("/skp/mulai", {"period_id": _period().id})
    plan = plan_of("guru.uji")
    page = staff.get(f"/skp/{plan.id}").get_data(as_text=True)
    groups = _picker(page, "n1-catalogue_code")
    assert groups[:3] == [("Untuk jabatan Anda: Guru", ["GURU_RPP", "GURU_NILAI"]),
                          ("Indikator organisasi", ["ORG_CAKUPAN", "ORG_DESA", "ORG_KUNJUNGAN", "ORG_PAD",
                                                    "TUMBUH_KUNJUNGAN"]),
                          ("Indikator individu: semua jabatan", ["LAPORAN", "EKSTRA_SURVEI"])]
    assert [label for label, _ in groups[3:]] == ["Indikator individu: Kepala bidang", "Indikator individu: Bidan",
                                                  "Indikator individu: Kepala sekolah",
                                                  "Indikator individu: Perawat"]
    assert "Jumlah RPP disusun (dokumen)" in page

    staff.post("/language", {"locale": "en", "next": "/"})
    page = staff.get(f"/skp/{plan.id}").get_data(as_text=True)
    groups = _picker(page, "n1-catalogue_code")
    assert [label for label, _ in groups[:3]] == ["For your position: Guru", "Organisation indicators",
                                                  "Individual indicators: any position"]
    assert "Lesson plans prepared (dokumen)" in page and "Visits to the service (kunjungan)" in page
    assert "Indikator LAPORAN (laporan)" in page  # no English name declared: the Indonesian one


def test_a_plugin_switched_off_for_the_agency_offers_nothing(as_user):
    staff = as_user("staf4.uji")
    plan, result = _draft(staff)
    assert "EKSTRA_SURVEI" in staff.get(f"/skp/{plan.id}").get_data(as_text=True)
    db.session.add(PluginSwitch(agency_code="uji", plugin="uji_ekstra", enabled=False))
    db.session.commit()
    page = staff.get(f"/skp/{plan.id}").get_data(as_text=True)
    assert "EKSTRA_SURVEI" not in page and "GURU_RPP" in page
    refused = _indicator_post(staff, plan, result, catalogue_code="EKSTRA_SURVEI", name="", target_kind="single",
                              target_value="3", unit="")
    assert refused.status_code == 422
    assert "Pilih salah satu" in _error(refused.get_data(as_text=True), f"r{result.id}-catalogue_code")


def test_an_indicator_of_a_switched_off_plugin_keeps_its_catalogue_link_when_edited(as_user):
    staff = as_user("staf4.uji")
    plan, result = _draft(staff)
    assert _indicator_post(staff, plan, result, catalogue_code="EKSTRA_SURVEI", name="", target_kind="single",
                           target_value="", unit="").status_code == 302
    db.session.expire_all()
    ind = plan_of("staf4.uji").results[0].indicators[-1]
    db.session.add(PluginSwitch(agency_code="uji", plugin="uji_ekstra", enabled=False))
    db.session.commit()
    values = {"catalogue_code": "EKSTRA_SURVEI", "name": ind.name, "aspect": "kuantitas", "target_kind": "single",
              "target_value": "5", "unit": ind.unit, "aggregation": ""}
    assert staff.post(f"/skp/{plan.id}/iki/{ind.id}", values).status_code == 302
    db.session.expire_all()
    ind = db.session.get(PlanIndicator, ind.id)
    assert (ind.catalogue_code, ind.target_value, ind.aggregation) == ("EKSTRA_SURVEI", Decimal(5), "sum")


@pytest.mark.parametrize(("role", "position", "matches"), [
    ("guru", "Guru Ahli Pertama", True),
    ("bidan", "Bidan Terampil", True),
    ("bidan", "Kepala Bidang Pelayanan", False),  # a whole word, not a part of one
    ("kepala_puskesmas", "Kepala Puskesmas Way Halim", True),
    ("kepala_puskesmas", "Kepala Seksi Puskesmas", False),  # the words in order
    ("petugas_informasi", "PETUGAS INFORMASI PARIWISATA", True),
    ("guru", "", False),
])
def test_a_role_matches_a_position_by_whole_words_in_any_case(role, position, matches):
    assert role_matches(role, position) is matches


def test_the_attainment_line_quotes_the_level_a_growth_implies_not_the_growth(app):
    from decimal import Decimal as D

    from kinerja_web.rules.scoring import GrowthOverBaseline, attain
    from kinerja_web.rules.types import RuleRef, Target, TargetKind
    from kinerja_web.ui import capaian_text

    ref = RuleRef("kinerja_web.scoring", "1", "scoring", "growth_over_baseline", 1)
    att = attain(GrowthOverBaseline(), ref, Target(TargetKind.GROWTH, D(5), None, "", D(120000)), D(126000))
    with app.test_request_context():
        text = capaian_text(att)
    assert text.startswith("Capaian 100,0 % dari target 126.000")  # 120.000 × 1,05
    assert "target 5 " not in text
