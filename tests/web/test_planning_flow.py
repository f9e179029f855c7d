"""The SKP from draft to approval, through the real forms."""
from __future__ import annotations

from sqlalchemy import func, select

from kinerja_web.extensions import db
from kinerja_web.models import AuditEntry, Period, Plan
from tests.helpers import employee, plan_of


def _create_plan(staff):
    period = db.session.scalar(select(Period).where(Period.agency_id == employee("staf.disdik").agency_id))
    response = staff.post("/skp/baru", {"period_id": period.id, "approach": "kuantitatif"})
    assert response.status_code == 302
    return plan_of("staf.disdik")


def _supervisor_rhk_id(username="kabid.disdik"):
    return plan_of(username).results[0].id


def _fill_plan(staff, plan):
    r = staff.post(f"/skp/{plan.id}/rhk", {"kind": "utama", "text": "Tersusunnya kurikulum muatan lokal",
                                          "parent_id": _supervisor_rhk_id(), "cascading": "direct"})
    assert r.status_code == 302
    db.session.expire_all()
    result = plan_of("staf.disdik").results[0]
    r = staff.post(f"/skp/{plan.id}/rhk/{result.id}/iki", prefix=f"r{result.id}", data={
        f"r{result.id}-catalogue_code": "", f"r{result.id}-name": "Jumlah dokumen kurikulum",
        f"r{result.id}-aspect": "kuantitas", f"r{result.id}-target_kind": "single",
        f"r{result.id}-target_value": "2", f"r{result.id}-unit": "dokumen"})
    assert r.status_code == 302
    return result


def test_staff_takes_a_plan_from_draft_to_approval(login):
    staff = login("staf.disdik")
    plan = _create_plan(staff)
    assert plan.status == "draft" and plan.version == 1
    _fill_plan(staff, plan)
    assert staff.post(f"/skp/{plan.id}/ajukan").status_code == 302
    db.session.expire_all()
    assert plan_of("staf.disdik").status == "submitted"

    boss = login("kabid.disdik")
    queue = boss.get("/skp/antrian").get_data(as_text=True)
    assert "Budi Santoso" in queue
    review = boss.get(f"/skp/{plan.id}/tinjau")
    assert review.status_code == 200
    r = boss.post(f"/skp/{plan.id}/tinjau", {"decision": "approve",
                                            "exp_akuntabel": "Menjaga kerahasiaan data peserta didik"})
    assert r.status_code == 302
    db.session.expire_all()
    approved = plan_of("staf.disdik")
    assert approved.status == "approved"
    assert [e.text for e in approved.expectations] == ["Menjaga kerahasiaan data peserta didik"]
    page = staff.get(f"/skp/{plan.id}").get_data(as_text=True)
    assert "Menjaga kerahasiaan data peserta didik" in page


def _submitted(login):
    """staf.disdik's new plan, submitted; the supervisor's client on its review page."""
    staff = login("staf.disdik")
    plan = _create_plan(staff)
    _fill_plan(staff, plan)
    staff.post(f"/skp/{plan.id}/ajukan")
    boss = login("kabid.disdik")
    boss.get(f"/skp/{plan.id}/tinjau")
    return staff, boss, plan


def test_returned_plan_shows_the_reason_and_can_be_resubmitted(login):
    staff, boss, plan = _submitted(login)
    no_reason = boss.post(f"/skp/{plan.id}/tinjau", {"decision": "return", "reason": " "})
    assert no_reason.status_code == 422
    error = no_reason.get_data(as_text=True).split('id="reason-error"', 1)[1].split("</small>", 1)[0]
    assert "Tuliskan alasannya agar pegawai tahu apa yang perlu diperbaiki." in error
    boss.post(f"/skp/{plan.id}/tinjau", {"decision": "return", "reason": "Target terlalu rendah"})
    db.session.expire_all()
    assert plan_of("staf.disdik").status == "returned"
    page = staff.get(f"/skp/{plan.id}").get_data(as_text=True)
    assert "Target terlalu rendah" in page
    assert staff.post(f"/skp/{plan.id}/ajukan").status_code == 302
    db.session.expire_all()
    assert plan_of("staf.disdik").status == "submitted"


def test_every_transition_writes_an_audit_entry(login):
    _, boss, plan = _submitted(login)
    boss.post(f"/skp/{plan.id}/tinjau", {"decision": "approve"})
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_type == "Plan", AuditEntry.object_id == plan.id).order_by(AuditEntry.id)).all()
    assert actions == ["plan.create", "plan.submit", "plan.approve"]


def test_approved_plan_is_read_only_and_a_revision_keeps_the_old_version(login):
    staff = login("staf3.disdik")
    plan = plan_of("staf3.disdik")
    assert plan.status == "approved"
    result = plan.results[0]
    denied = staff.post(f"/skp/{plan.id}/rhk", {"kind": "utama", "text": "x"})
    assert denied.status_code == 403
    assert staff.post(f"/skp/{plan.id}/rhk/{result.id}/hapus").status_code == 403
    staff.get(f"/skp/{plan.id}")
    assert staff.post(f"/skp/{plan.id}/revisi", {"reason": ""}).status_code == 422
    assert staff.post(f"/skp/{plan.id}/revisi", {"reason": "Mutasi tugas"}).status_code == 302
    db.session.expire_all()
    versions = db.session.scalars(select(Plan).where(Plan.employee_id == plan.employee_id)
                                  .order_by(Plan.version)).all()
    assert [(p.version, p.status) for p in versions] == [(1, "approved"), (2, "draft")]
    assert [r.text for r in versions[1].results] == [r.text for r in versions[0].results]
    # approving the revision supersedes the old version, which is still there
    new = versions[1]
    staff.post(f"/skp/{new.id}/ajukan")
    boss = login("kabid.disdik")
    boss.get(f"/skp/{new.id}/tinjau")
    boss.post(f"/skp/{new.id}/tinjau", {"decision": "approve"})
    db.session.expire_all()
    assert [p.status for p in db.session.scalars(select(Plan).where(Plan.employee_id == plan.employee_id)
                                                 .order_by(Plan.version))] == ["superseded", "approved"]


def test_submitting_an_incomplete_plan_lists_what_is_missing(login):
    staff = login("staf.disdik")
    plan = _create_plan(staff)
    staff.post(f"/skp/{plan.id}/rhk", {"kind": "utama", "text": "Terlaksananya supervisi sekolah",
                                      "parent_id": "", "cascading": ""})
    r = staff.post(f"/skp/{plan.id}/ajukan", follow_redirects=True)
    page = r.get_data(as_text=True)
    db.session.expire_all()
    assert plan_of("staf.disdik").status == "draft"
    assert "Terlaksananya supervisi sekolah" in page
    assert page.count('class="flash flash-error"') == 2  # no indicator, not linked


def test_realisations_and_feedback_follow_an_approved_revision(login):
    from kinerja_web.models import Feedback, Realization

    old = plan_of("staf.dinkes")
    old_ids = [i.id for r in old.results for i in r.indicators]
    count = db.session.scalar(select(func.count(Realization.id)).where(Realization.indicator_id.in_(old_ids)))
    feedback = db.session.scalar(select(func.count(Feedback.id)).where(Feedback.plan_id == old.id))
    assert count and feedback
    staff = login("staf.dinkes")
    staff.get(f"/skp/{old.id}")
    staff.post(f"/skp/{old.id}/revisi", {"reason": "Tambah RHK"})
    db.session.expire_all()
    new = plan_of("staf.dinkes")
    staff.post(f"/skp/{new.id}/ajukan")
    boss = login("kabid.dinkes")
    boss.get(f"/skp/{new.id}/tinjau")
    boss.post(f"/skp/{new.id}/tinjau", {"decision": "approve"})
    db.session.expire_all()
    new_ids = [i.id for r in new.results for i in r.indicators]
    assert db.session.scalar(select(func.count(Realization.id)).where(Realization.indicator_id.in_(new_ids))) == count
    assert db.session.scalar(select(func.count(Feedback.id)).where(Feedback.plan_id == new.id)) == feedback


def test_the_skp_prints_as_a_pdf_for_those_who_may_see_it(login):
    import io

    from pypdf import PdfReader

    plan = plan_of("staf3.disdik")
    response = login("kabid.disdik").get(f"/skp/{plan.id}/pdf")
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    for expected in (plan.employee.nip, "HASIL KERJA", "PERILAKU KERJA", "Berorientasi Pelayanan",
                     "LAMPIRAN SASARAN KINERJA PEGAWAI", plan.results[0].text[:30]):
        assert expected in text.replace("\n", " "), expected
    assert login("staf.disdik").get(f"/skp/{plan.id}/pdf").status_code == 404


def test_a_revision_keeps_a_growth_targets_baseline_and_the_catalogues_due_rule(login):
    from decimal import Decimal

    plan = plan_of("staf3.disdik")
    ind = plan.results[0].indicators[0]
    ind.target_kind, ind.target_value, ind.scoring = "growth", Decimal(5), "growth_over_baseline"
    ind.baseline_value, ind.baseline_source, ind.due_rule = Decimal(120000), "BPS 2025", "musim_contoh"
    db.session.commit()
    staff = login("staf3.disdik")
    staff.get(f"/skp/{plan.id}")
    assert staff.post(f"/skp/{plan.id}/revisi", {"reason": "Nilai dasar dari BPS"}).status_code == 302
    db.session.expire_all()
    copy = plan_of("staf3.disdik").results[0].indicators[0]
    assert copy.id != ind.id
    assert (copy.target_kind, copy.target_value, copy.baseline_value, copy.baseline_source, copy.due_rule) == (
        "growth", Decimal(5), Decimal(120000), "BPS 2025", "musim_contoh")


def test_a_growth_target_without_its_baseline_cannot_be_submitted(login):
    staff = login("staf.disdik")
    plan = _create_plan(staff)
    result = _fill_plan(staff, plan)
    ind = result.indicators[0]
    ind.target_kind, ind.scoring, ind.baseline_value, ind.baseline_source = "growth", "growth_over_baseline", None, ""
    db.session.commit()
    page = staff.post(f"/skp/{plan.id}/ajukan", follow_redirects=True).get_data(as_text=True)
    db.session.expire_all()
    assert plan_of("staf.disdik").status == "draft"
    assert "Indikator “Jumlah dokumen kurikulum”: isikan pertumbuhan, nilai dasar, dan sumber nilai dasarnya." in page
