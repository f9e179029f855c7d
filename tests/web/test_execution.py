"""Realisations, evidence, deadlines and optimistic locking."""
from __future__ import annotations

import hashlib
from decimal import Decimal
from io import BytesIO

import pytest
from sqlalchemy import func, select

from kinerja_web.demo_activity import tiny_pdf
from kinerja_web.extensions import db
from kinerja_web.models import (
    AuditEntry,
    Evaluation,
    Evidence,
    Plan,
    PlanIndicator,
    Realization,
    Reopening,
    ReviewPeriod,
)
from tests.helpers import plan_of, realisation_data

PDF = tiny_pdf("Laporan kegiatan triwulan IV")


def _setup(username="staf.dinkes", evidence_required=False):
    plan = plan_of(username)
    ind = plan.results[0].indicators[0]
    if evidence_required:
        ind.evidence_required = True
        db.session.commit()
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                                 .order_by(ReviewPeriod.seq)).all()
    return plan, ind, reviews


def _url(plan, ind, review):
    return f"/skp/{plan.id}/iki/{ind.id}/realisasi/{review.id}"


def _real(ind, review):
    db.session.expire_all()
    return db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                       Realization.review_id == review.id))


def _numbers(url, value) -> dict:
    """What records ``value`` on the realisation form at ``url``: the value itself, or the two numbers it is
    derived from (staf.dinkes's SPM services: people served and the target population)."""
    _, plan_id, _, ind_id = url.strip("/").split("/")[:4]
    return realisation_data(db.session.get(Plan, int(plan_id)), db.session.get(PlanIndicator, int(ind_id)), value)


def _kept(page, url, value) -> bool:
    """What was typed for ``value`` is shown again on the refused form."""
    return all(f'value="{typed}"' in page for typed in _numbers(url, value).values())


def _post(client, url, value="85", version="0", files=None, link="", note="Skrining di 12 posbindu"):
    data = {**_numbers(url, value), "note": note, "version": version, "link": link}
    if files is not None:
        data["files"] = files
    return client.post(url, data, content_type="multipart/form-data")


def test_staff_records_a_realisation_and_sees_attainment_with_its_rule(login):
    plan, ind, reviews = _setup()
    staff = login("staf.dinkes")
    q4 = reviews[3]
    page = staff.get(_url(plan, ind, q4)).get_data(as_text=True)
    assert ind.scoring == "cakupan_spm" and ind.scoring in page and "kesehatan" in page  # the rule and its plugin
    assert 'name="pf-kesehatan-dilayani"' in page and 'name="pf-kesehatan-sasaran"' in page
    assert _post(staff, _url(plan, ind, q4), value="88,5").status_code == 302
    real = _real(ind, q4)
    assert real.value == Decimal("88.5") and real.note == "Skrining di 12 posbindu"
    assert real.fields == {"kesehatan": {"dilayani": "885", "sasaran": "1000"}}  # the two numbers it came from
    assert real.provenance["kind"] == "ratio" and real.provenance["inputs"] == {"dilayani": "885", "sasaran": "1000"}
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "realization.save",
                                                      AuditEntry.object_id == real.id)) is not None
    page = staff.get(_url(plan, ind, q4)).get_data(as_text=True)
    assert "88,5 %" in page or "88,5" in page
    assert "88,5 / 100 × 100 %" in page  # the worked formula, in Indonesian notation


def test_a_plugin_rejects_a_value_with_its_own_message_next_to_the_field(login):
    plan, ind, reviews = _setup("staf3.disdik")  # a typed share: the pendidikan plugin refuses one above 100 %
    assert ind.unit == "%" and not _numbers(_url(plan, ind, reviews[3]), "130").keys() - {"value"}
    staff = login("staf3.disdik")
    response = _post(staff, _url(plan, ind, reviews[3]), value="130")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    error = page.split('id="value-error"', 1)[1].split("</small>", 1)[0]
    assert "tidak boleh melebihi 100 %" in error  # from the pendidikan plugin
    assert 'value="130"' in page and "Skrining di 12 posbindu" in page
    assert _real(ind, reviews[3]) is None


def test_an_spm_service_served_above_its_estimated_sasaran_is_kept_as_counted_and_capped_in_the_attainment(login):
    plan, ind, reviews = _setup()
    staff = login("staf.dinkes")
    url = _url(plan, ind, reviews[3])
    assert _post(staff, url, value="130").status_code == 302  # 1.300 served of an estimated 1.000
    real = _real(ind, reviews[3])
    assert real.value == Decimal(130) and real.fields == {"kesehatan": {"dilayani": "1300", "sasaran": "1000"}}
    page = staff.get(url).get_data(as_text=True)
    assert "dibatasi 100 %" in page  # cakupan_spm caps the attainment, it does not refuse the count


def test_an_spm_service_with_a_missing_or_zero_sasaran_is_refused_next_to_the_field(login):
    plan, ind, reviews = _setup()
    staff = login("staf.dinkes")
    url = _url(plan, ind, reviews[3])
    staff.get(url)
    base = {"note": "Skrining di 12 posbindu", "version": "0", "link": ""}
    for numbers, message in (({"pf-kesehatan-dilayani": "412"}, "wajib diisi"),
                             ({"pf-kesehatan-dilayani": "412", "pf-kesehatan-sasaran": "0"}, "paling kecil 1"),
                             ({"pf-kesehatan-dilayani": "41,5", "pf-kesehatan-sasaran": "480"}, "bilangan bulat"),
                             ({"value": "85"}, "wajib diisi")):  # a typed percentage is not enough
        response = staff.post(url, {**base, **numbers}, content_type="multipart/form-data")
        assert response.status_code == 422, numbers
        assert message in response.get_data(as_text=True), numbers
    assert _real(ind, reviews[3]) is None


def test_after_the_deadline_a_period_is_locked_until_an_admin_reopens_it(login):
    plan, ind, reviews = _setup()
    q3 = reviews[2]
    for ev in db.session.scalars(select(Evaluation).where(Evaluation.plan_id == plan.id)):
        db.session.delete(ev)  # an evaluated period stays frozen even when reopened
    db.session.commit()
    staff = login("staf.dinkes")
    before = _real(ind, q3)
    before_value = before.value if before else None
    response = _post(staff, _url(plan, ind, q3), value="99")
    assert response.status_code == 302
    assert (_real(ind, q3).value if _real(ind, q3) else None) == before_value
    admin = login("admin.dinkes")
    admin.get(f"/admin/{plan.employee.agency_id}/periode")
    reopen = {"employee_id": plan.employee_id, "review_id": q3.id, "until": "2026-11-30", "reason": ""}
    admin.post(f"/admin/{plan.employee.agency_id}/buka-kembali", reopen)
    assert db.session.scalar(select(func.count(Reopening.id))) == 0  # a reason is required
    reopen["reason"] = "Sakit pada akhir triwulan (surat dokter terlampir)"
    assert admin.post(f"/admin/{plan.employee.agency_id}/buka-kembali", reopen).status_code == 302
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "review_period.reopen")).note
    real = _real(ind, q3)
    staff.get(_url(plan, ind, q3))
    assert _post(staff, _url(plan, ind, q3), value="99", version=str(real.version if real else 0)).status_code == 302
    assert _real(ind, q3).value == Decimal("99")


def test_a_second_tab_cannot_silently_overwrite_the_first_save(login):
    plan, ind, reviews = _setup()
    staff = login("staf.dinkes")
    url = _url(plan, ind, reviews[3])
    staff.get(url)  # both tabs loaded version 0
    assert _post(staff, url, value="70", version="0").status_code == 302
    second = _post(staff, url, value="75", version="0")
    assert second.status_code == 422
    page = second.get_data(as_text=True)
    assert "70" in page.split('id="value-error"', 1)[1].split("</small>", 1)[0]
    assert _real(ind, reviews[3]).value == Decimal("70")
    fresh = _real(ind, reviews[3]).version
    assert _post(staff, url, value="75", version=str(fresh)).status_code == 302
    assert _real(ind, reviews[3]).value == Decimal("75")


def test_a_pdf_is_stored_with_its_hash_and_served_to_allowed_people_only(login, app):
    plan, ind, reviews = _setup()
    staff = login("staf.dinkes")
    url = _url(plan, ind, reviews[3])
    assert _post(staff, url, files=[(BytesIO(PDF), "laporan triwulan IV.pdf")]).status_code == 302
    ev = db.session.scalar(select(Evidence).order_by(Evidence.id.desc()))
    assert ev.sha256 == hashlib.sha256(PDF).hexdigest() and ev.size == len(PDF)
    assert ev.stored_name != ev.filename and ev.stored_name.endswith(".pdf")
    for who, status in (("staf.dinkes", 200), ("kabid.dinkes", 200), ("kadis.dinkes", 200), ("admin.dinkes", 200),
                        ("staf3.dinkes", 404), ("staf.disdik", 404), ("admin.disdik", 404)):
        response = login(who).get(f"/bukti/{ev.id}")
        try:
            assert response.status_code == status, who
            if status == 200:
                assert response.data == PDF
                assert response.headers["Content-Type"] == "application/pdf"
                assert "laporan" in response.headers["Content-Disposition"]
        finally:
            response.close()


OFFICE = b"PK\x03\x04" + b"\x00" * 200


@pytest.mark.parametrize(("name", "content", "message"), [
    ("virus.exe", b"MZ\x90\x00", "tidak diterima"),
    ("laporan.pdf", b"", "kosong"),
    ("../../etc/passwd.pdf", PDF, "Nama file"),
    ("..\\boot.pdf", PDF, "Nama file"),
    (".htaccess.pdf", PDF, "Nama file"),
    ("palsu.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "tidak sesuai"),
    ("foto.png", PDF, "tidak sesuai"),
    ("x" * 160 + ".pdf", PDF, "Nama file"),
])
def test_bad_uploads_are_refused_and_nothing_else_is_lost(login, name, content, message):
    plan, ind, reviews = _setup()
    staff = login("staf.dinkes")
    files_before = db.session.scalar(select(func.count(Evidence.id)))
    response = _post(staff, _url(plan, ind, reviews[3]), value="91", files=[(BytesIO(content), name)])
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page.split('id="files-error"', 1)[1].split("</small>", 1)[0]
    assert _kept(page, _url(plan, ind, reviews[3]), "91") and "Skrining di 12 posbindu" in page
    assert _real(ind, reviews[3]) is None
    assert db.session.scalar(select(func.count(Evidence.id))) == files_before


def test_office_documents_and_images_are_accepted(login):
    plan, ind, reviews = _setup()
    staff = login("staf.dinkes")
    files = [(BytesIO(OFFICE), "rekap.xlsx"), (BytesIO(b"\xff\xd8\xff\xe0" + b"\x00" * 50), "foto kegiatan.jpg")]
    assert _post(staff, _url(plan, ind, reviews[3]), files=files).status_code == 302
    assert sorted(e.filename for e in _real(ind, reviews[3]).evidence) == ["foto kegiatan.jpg", "rekap.xlsx"]


def test_a_file_over_the_size_limit_is_refused_with_a_message(login, app):
    app.config["EVIDENCE_MAX_BYTES"] = 1024
    plan, ind, reviews = _setup()
    staff = login("staf.dinkes")
    big = PDF + b"%" * 2000
    response = _post(staff, _url(plan, ind, reviews[3]), files=[(BytesIO(big), "besar.pdf")])
    assert response.status_code == 422
    assert "lebih besar dari" in response.get_data(as_text=True)


def test_required_evidence_must_come_with_the_realisation(login):
    plan, ind, reviews = _setup(evidence_required=True)
    staff = login("staf.dinkes")
    url = _url(plan, ind, reviews[3])
    refused = _post(staff, url)
    assert refused.status_code == 422
    assert "memerlukan bukti dukung" in refused.get_data(as_text=True)
    assert _real(ind, reviews[3]) is None
    assert _post(staff, url, link="https://drive.example.go.id/laporan-q4").status_code == 302
    assert _real(ind, reviews[3]).evidence[0].url == "https://drive.example.go.id/laporan-q4"


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://x", "drive/laporan", "https://a b"])
def test_only_web_links_are_accepted_as_evidence(login, link):
    plan, ind, reviews = _setup()
    staff = login("staf.dinkes")
    response = _post(staff, _url(plan, ind, reviews[3]), link=link)
    assert response.status_code == 422
    assert "http" in response.get_data(as_text=True).split('id="link-error"', 1)[1][:300]


def test_only_the_owner_of_an_approved_plan_records_realisations(login):
    plan, ind, reviews = _setup()
    url = _url(plan, ind, reviews[3])
    for who, status in (("kabid.dinkes", 403), ("kadis.dinkes", 403), ("admin.dinkes", 403),
                        ("staf2.dinkes", 404), ("staf.dispar", 404)):
        client = login(who)
        client.get("/login")
        assert _post(client, url).status_code == status, who
    assert _real(ind, reviews[3]) is None
    draft = plan_of("staf4.dinkes")
    d_ind = draft.results[0].indicators[0]
    owner = login("staf4.dinkes")
    owner.get("/login")
    assert _post(owner, _url(draft, d_ind, reviews[3])).status_code == 403


def test_an_indicator_or_period_of_another_plan_is_not_found(login):
    plan, ind, reviews = _setup()
    other = plan_of("staf.dispar")
    staff = login("staf.dinkes")
    foreign_ind = other.results[0].indicators[0]
    assert staff.get(f"/skp/{plan.id}/iki/{foreign_ind.id}/realisasi/{reviews[3].id}").status_code == 404
    foreign_review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == other.period_id))
    assert staff.get(f"/skp/{plan.id}/iki/{ind.id}/realisasi/{foreign_review.id}").status_code == 404


def test_removing_evidence_is_audited(login):
    plan, ind, reviews = _setup()
    staff = login("staf.dinkes")
    _post(staff, _url(plan, ind, reviews[3]), files=[(BytesIO(PDF), "a.pdf")])
    ev = _real(ind, reviews[3]).evidence[0]
    assert login("kabid.dinkes").post(f"/bukti/{ev.id}/hapus").status_code == 403
    assert staff.post(f"/bukti/{ev.id}/hapus").status_code == 302
    assert _real(ind, reviews[3]).evidence == []
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "evidence.delete")).before["sha256"]


def test_an_evaluated_period_is_frozen_even_when_reopened(login):
    plan, ind, reviews = _setup()
    q3 = reviews[2]
    assert db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id,
                                                      Evaluation.review_id == q3.id)).status == "final"
    admin = login("admin.dinkes")
    admin.get(f"/admin/{plan.employee.agency_id}/periode")
    admin.post(f"/admin/{plan.employee.agency_id}/buka-kembali", {
        "employee_id": plan.employee_id, "review_id": q3.id, "until": "2026-11-30", "reason": "Koreksi data"})
    staff = login("staf.dinkes")
    before = _real(ind, q3)
    _post(staff, _url(plan, ind, q3), value="12", version=str(before.version if before else 0))
    after = _real(ind, q3)
    assert (after.value if after else None) == (before.value if before else None)


@pytest.mark.parametrize("username", ["staf3.disdik", "staf.dinkes"])  # typed; derived from two numbers
def test_an_absurd_value_gets_a_message_not_an_error(login, username):
    plan, ind, reviews = _setup(username)
    response = _post(login(username), _url(plan, ind, reviews[3]), value=Decimal("1e30"))
    assert response.status_code == 422 and "terlalu besar" in response.get_data(as_text=True)
    assert _real(ind, reviews[3]) is None


def test_the_last_required_evidence_cannot_be_removed_and_removal_deletes_the_file(login, app):
    plan, ind, reviews = _setup(evidence_required=True)
    staff = login("staf.dinkes")
    _post(staff, _url(plan, ind, reviews[3]), files=[(BytesIO(PDF), "a.pdf"), (BytesIO(PDF), "b.pdf")])
    real = _real(ind, reviews[3])
    first, second = real.evidence
    version = real.version
    from kinerja_web.execution.evidence import path_of

    assert staff.post(f"/bukti/{first.id}/hapus").status_code == 302
    assert not path_of(first.stored_name).exists()
    assert _real(ind, reviews[3]).version > version
    staff.post(f"/bukti/{second.id}/hapus")
    assert [e.id for e in _real(ind, reviews[3]).evidence] == [second.id]


def test_two_first_saves_at_once_tell_the_loser_instead_of_failing(login):
    """Both tabs find no row; the other one commits first, between this one's read and its insert."""
    from sqlalchemy import event, insert
    from sqlalchemy.orm import Session

    from kinerja_web.clock import utcnow

    plan, ind, reviews = _setup()
    staff = login("staf.dinkes")
    url = _url(plan, ind, reviews[3])
    staff.get(url)
    raced = []

    def other_tab_wins(session, flush_context, instances):
        if raced or not any(isinstance(o, Realization) for o in session.new):
            return
        raced.append(True)
        with db.engine.connect() as conn:
            conn.execute(insert(Realization.__table__).values(
                indicator_id=ind.id, review_id=reviews[3].id, value=Decimal("64"), note="", version=1,
                updated_at=utcnow()))
            conn.commit()

    event.listen(Session, "before_flush", other_tab_wins)
    try:
        response = _post(staff, url, value="70", version="0")
    finally:
        event.remove(Session, "before_flush", other_tab_wins)
    assert raced, "the race was not staged"
    assert response.status_code == 422
    error = response.get_data(as_text=True).split('id="value-error"', 1)[1].split("</small>", 1)[0]
    assert "64" in error
    assert _real(ind, reviews[3]).value == Decimal("64")
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "realization.save",
                                                                      AuditEntry.object_id.is_(None))) == 0
