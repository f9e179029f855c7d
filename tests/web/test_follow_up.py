"""Tindak lanjut: recognition, allowances from the agency plugin, development plans."""
from __future__ import annotations

from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Agency, AuditEntry, DevelopmentPlan, Evaluation, Plan
from kinerja_web.rules.berakhlak import CORE_VALUE_CODES
from tests.helpers import employee


def _agency(code):
    return db.session.scalar(select(Agency).where(Agency.code == code))


def _final(username):
    emp = employee(username)
    return db.session.scalar(select(Evaluation).join(Plan).where(Plan.employee_id == emp.id,
                                                                 Evaluation.status == "final")
                             .order_by(Evaluation.review_id))


def test_recognition_lists_sangat_baik_and_the_plugins_allowances(login):
    agency = _agency("disdik")
    page = login("kadis.disdik").get(f"/tindak-lanjut/{agency.id}?periode=tahunan")
    assert page.status_code == 200
    finals = db.session.scalars(select(Evaluation).where(Evaluation.status == "final")).all()
    review_id = next(e.review_id for e in finals if e.plan.employee.agency_id == agency.id)
    page = login("kadis.disdik").get(f"/tindak-lanjut/{agency.id}?periode={review_id}").get_data(as_text=True)
    assert 'data-testid="results"' in page and "pendidikan 2.0.0" in page  # the mapping says who declared it
    top = [e for e in finals if e.review_id == review_id and e.predicate == "sangat_baik"
           and e.plan.employee.agency_id == agency.id]
    for ev in top:
        assert ev.plan.employee.name in page.split('data-testid="recognition"', 1)[1].split("</ul>", 1)[0]
    other = login("kadis.dinkes").get(f"/tindak-lanjut/{_agency('dinkes').id}?periode=tahunan").get_data(as_text=True)
    assert "bukan nasional" in other or "tidak mendeklarasikan" in other  # dinkes declares no mapping
    assert login("staf.disdik").get(f"/tindak-lanjut/{agency.id}").status_code == 404


def test_a_development_plan_is_suggested_from_gaps_edited_by_the_appraiser_and_read_by_the_employee(login):
    ev = _final("staf3.dinkes")
    behaviour = {code: {"rating": "sesuai", "feedback": ""} for code in CORE_VALUE_CODES}
    behaviour["kolaboratif"] = {"rating": "di_bawah", "feedback": "Jarang hadir rapat koordinasi"}
    ev.behaviour = behaviour
    db.session.commit()
    url = f"/penilaian/{ev.id}/pengembangan"
    owner = login("staf3.dinkes")
    page = owner.get(url).get_data(as_text=True)
    assert "Kolaboratif" in page and "Jarang hadir rapat koordinasi" in page
    assert owner.post(url, {"type_0": "coaching", "action_0": "x"}).status_code == 403
    boss = login("kabid.dinkes")
    boss.get(url)
    saved = boss.post(url, {"type_0": "pelatihan", "action_0": "Pelatihan kerja tim lintas bidang",
                            "action_new": "Ikut tim penyusun laporan triwulan", "area_new": "Kolaborasi"})
    assert saved.status_code == 302
    dev = db.session.scalar(select(DevelopmentPlan).where(DevelopmentPlan.evaluation_id == ev.id))
    assert [i["action"] for i in dev.items] == ["Pelatihan kerja tim lintas bidang",
                                                "Ikut tim penyusun laporan triwulan"]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "development.save")) is not None
    assert "Pelatihan kerja tim lintas bidang" in owner.get(url).get_data(as_text=True)
    assert login("staf.dinkes").get(url).status_code == 404
    assert boss.post(url, {"type_0": "bribe", "action_0": "x"}).status_code == 400


def test_an_allowance_mapping_with_an_unknown_predikat_stops_start_up():
    import pytest

    from kinerja_web import hookimpl
    from kinerja_web.plugins import PluginError
    from kinerja_web.rules.types import Agency as AgencyRecord
    from kinerja_web.testing import make_registry

    class Bad:
        name, __version__ = "tpp", "1.0"

        @hookimpl
        def kinerja_agencies(self):
            return [AgencyRecord("x", "X", "x", allowances=(("luar_biasa", 150),))]

    with pytest.raises(PluginError, match="tpp.*luar_biasa"):
        make_registry(Bad())
