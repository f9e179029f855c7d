"""Agency plugins' form fields on the realisation: derived values, namespaced storage, contained failures,
and the province admin's switch."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import AuditEntry, PluginFault, PluginSwitch, Realization, ReviewPeriod
from kinerja_web.rules.scoring import HigherIsBetter
from kinerja_web.rules.types import Aggregation, FormField, Ratio, TargetKind
from tests.conftest import demo_app, with_agency_plugins
from tests.helpers import Client, plan_of
from tests.plugins.fakes import agency, fake, indicator, returning

FIELDS = (FormField("dilayani", "Jumlah dilayani", "integer", label_en="People served", required=True,
                    minimum=Decimal(0)),
          FormField("sasaran", "Jumlah sasaran", "integer", label_en="Target population", required=True,
                    minimum=Decimal(1)),
          FormField("puskesmas", "Nama Puskesmas", "text", max_length=40))
SEEN = []


def _fields(indicator):
    return list(FIELDS) if indicator.agency == "uji" else None


def _validate(indicator, value, fields):
    SEEN.append(dict(fields))
    if indicator.agency == "uji" and value > 100:
        return ["Cakupan melebihi 100 %: jumlah dilayani tidak boleh melebihi sasaran."]
    return None


def _catalogue():
    return [indicator("uji", f"CAKUPAN_{n}", unit="%", aggregation=Aggregation.LAST, scoring="max_attainable",
                      target_kind=TargetKind.MAX_ATTAINABLE, default_target=Decimal(100),
                      ratio=Ratio("dilayani", "sasaran")) for n in range(8)]


UJI = fake("uji", kinerja_agencies=returning(agency("uji")), kinerja_indicators=_catalogue,
           kinerja_form_fields=_fields, kinerja_validate_realization=_validate)


def _broken_fields(indicator):
    raise RuntimeError("katalog rusak")


class BrokenRule(HigherIsBetter):
    """A rule with a bug: it divides by a missing number."""

    code, version = "rusak_rule", 3

    def percent(self, target, realization):
        raise ZeroDivisionError("pembagi tidak ada")


BROKEN = fake("rusak", kinerja_form_fields=_broken_fields, kinerja_scoring_rules=returning(BrokenRule))


@pytest.fixture
def uji_app(database_url, demo_hash, tmp_path):
    with demo_app(database_url, demo_hash, tmp_path, with_agency_plugins(UJI, BROKEN)) as app:
        yield app


def _staff(app, username="staf.uji"):
    c = Client(app.test_client())
    c.login(username)
    return c


def _target():
    plan = plan_of("staf.uji")
    ind = plan.results[0].indicators[0]
    q4 = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                            .order_by(ReviewPeriod.seq)).all()[3]
    return plan, ind, q4, f"/skp/{plan.id}/iki/{ind.id}/realisasi/{q4.id}"


def _post(client, url, **fields):
    data = {"version": "0", "note": "Rekap register kohort", "value": fields.pop("value", "")}
    data.update({f"pf-uji-{k}": v for k, v in fields.items()})
    return client.post(url, data, content_type="multipart/form-data")


def test_a_coverage_is_derived_from_its_two_numbers_and_stored_under_the_plugin(uji_app):
    plan, ind, q4, url = _target()
    staff = _staff(uji_app)
    page = staff.get(url).get_data(as_text=True)
    assert 'name="pf-uji-dilayani"' in page and 'name="pf-uji-sasaran"' in page
    assert 'data-testid="derived-note"' in page and 'name="value"' not in page  # nobody types the percentage
    SEEN.clear()
    response = _post(staff, url, dilayani="57", sasaran="60", puskesmas="Puskesmas Way Halim")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                       Realization.review_id == q4.id))
    assert real.value == Decimal(95)
    assert real.fields == {"uji": {"dilayani": "57", "sasaran": "60", "puskesmas": "Puskesmas Way Halim"}}
    assert real.provenance["kind"] == "ratio" and real.provenance["inputs"] == {"dilayani": "57", "sasaran": "60"}
    # the validation hook saw its own plugin's fields, converted; other plugins saw none of them
    assert {"dilayani": Decimal(57), "sasaran": Decimal(60), "puskesmas": "Puskesmas Way Halim"} in SEEN
    audit = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "realization.save",
                                                       AuditEntry.object_id == real.id))
    assert audit.after["fields"]["uji"]["sasaran"] == "60"
    page = staff.get(url).get_data(as_text=True)
    assert "Dihitung dari" in page and "57 / 60 × 100" in page and "Puskesmas Way Halim" in page


@pytest.mark.parametrize(("fields", "field", "says"), [
    ({"dilayani": "57"}, "sasaran", "wajib diisi"),
    ({"dilayani": "57,5", "sasaran": "60"}, "dilayani", "bilangan bulat"),
    ({"dilayani": "57", "sasaran": "0"}, "sasaran", "paling kecil 1"),
    ({"dilayani": "abc", "sasaran": "60"}, "dilayani", "harus berupa angka"),
    ({"dilayani": "57", "sasaran": "60", "puskesmas": "x" * 41}, "puskesmas", "paling panjang 40"),
])
def test_bad_field_input_is_refused_next_to_the_field_and_nothing_is_saved(uji_app, fields, field, says):
    plan, ind, q4, url = _target()
    response = _post(_staff(uji_app), url, **fields)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = page.split(f'id="pf-uji-{field}-error"', 1)[1].split("</small>", 1)[0]
    assert says in error
    assert "Rekap register kohort" in page  # what was typed is kept
    assert db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                       Realization.review_id == q4.id)) is None


def test_the_plugin_validates_the_derived_value(uji_app):
    plan, ind, q4, url = _target()
    response = _post(_staff(uji_app), url, dilayani="70", sasaran="60")
    assert response.status_code == 422
    assert "melebihi 100 %" in response.get_data(as_text=True)


def test_a_plugin_that_raises_is_named_on_the_page_and_kept_for_the_admin(uji_app):
    plan, ind, q4, url = _target()
    response = _staff(uji_app).get(url)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'data-testid="plugin-failure"' in page and "rusak" in page
    assert 'name="pf-uji-sasaran"' in page  # the other plugin's fields are still there
    fault = db.session.scalar(select(PluginFault).where(PluginFault.plugin == "rusak"))
    assert fault.hook == "kinerja_form_fields" and "katalog rusak" in fault.message and fault.agency_code == "uji"


def test_a_plugin_switched_off_for_the_agency_is_not_asked(uji_app):
    plan, ind, q4, url = _target()
    db.session.add(PluginSwitch(agency_code="uji", plugin="rusak", enabled=False))
    db.session.commit()
    page = _staff(uji_app).get(url).get_data(as_text=True)
    assert 'data-testid="plugin-failure"' not in page
    assert db.session.scalar(select(PluginFault).where(PluginFault.plugin == "rusak")) is None


def test_a_scoring_rule_that_raises_stores_a_named_rule_error_never_a_default(uji_app):
    from kinerja_web.models import Evaluation

    plan, ind, q4, url = _target()
    ind.scoring = "rusak_rule"
    db.session.add(Realization(indicator_id=ind.id, review_id=q4.id, value=Decimal(90)))
    db.session.commit()
    boss = _staff(uji_app, "kabid.uji")
    page = boss.get(f"/skp/{plan.id}/penilaian/{q4.id}").get_data(as_text=True)
    assert 'data-testid="rule-error"' in page and "rusak_rule" in page
    db.session.expire_all()
    ev = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id, Evaluation.review_id == q4.id))
    (score,) = [s for s in ev.scores if s["indicator_id"] == ind.id]
    assert score["percent"] is None and score["rule"]["code"] == "rusak_rule" and score["rule"]["version"] == 3
    assert "ZeroDivisionError" in score["rule_error"] and "rusak_rule v3" in score["rule_error"]
    fault = db.session.scalar(select(PluginFault).where(PluginFault.hook == "scoring rusak_rule"))
    assert fault.plugin == "rusak" and "pembagi tidak ada" in fault.message
