"""The write path called directly, without views: access, one transaction, nothing written on a refusal."""
from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from sqlalchemy import event, func, select
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import Forbidden, NotFound

from kinerja_web import workflow
from kinerja_web.clock import today
from kinerja_web.demo_activity import tiny_pdf
from kinerja_web.extensions import db
from kinerja_web.models import AuditEntry, Evidence, Feedback, Notification, PeerInput, Realization, ReviewPeriod, User
from tests.helpers import employee, plan_of

PDF = tiny_pdf("Laporan kegiatan triwulan IV")


@pytest.fixture
def request_ctx(app):
    """Workflow functions build notification links with url_for, as in a request."""
    with app.test_request_context():
        yield


def user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


def count(model, *where) -> int:
    return db.session.scalar(select(func.count(model.id)).where(*where))


@contextmanager
def commits():
    """Count the commits of the session while the block runs."""
    seen = []
    listener = lambda session: seen.append(session)  # noqa: E731
    event.listen(db.session(), "after_commit", listener)
    try:
        yield seen
    finally:
        event.remove(db.session(), "after_commit", listener)


def _q4(plan):
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                                 .order_by(ReviewPeriod.seq)).all()
    return plan.results[0].indicators[0], reviews[3]


def _upload(name="laporan.pdf"):
    return FileStorage(stream=BytesIO(PDF), filename=name, content_type="application/pdf")


@pytest.mark.parametrize(("username", "refusal"), [("staf2.disdik", Forbidden), ("kabid.dinkes", NotFound)],
                         ids=["owner-cannot-approve-own-plan", "other-agency-does-not-see-it"])
def test_a_plan_transition_refused_by_access_changes_nothing(app, request_ctx, username, refusal):
    plan = plan_of("staf2.disdik")
    assert plan.status == "submitted"
    audits, notes = count(AuditEntry), count(Notification)
    with pytest.raises(refusal):
        workflow.approve(plan, user(username), {"berorientasi_pelayanan": "Tepat waktu"})
    db.session.expire_all()
    assert plan.status == "submitted" and plan.decided_at is None
    assert (count(AuditEntry), count(Notification)) == (audits, notes)


def test_a_realisation_is_saved_with_its_evidence_and_audit_in_one_commit(app, request_ctx):
    plan = plan_of("staf.dinkes")
    ind, q4 = _q4(plan)
    with commits() as seen:
        real = workflow.realization.save(plan, user("staf.dinkes"), ind, q4, None, value=Decimal("85"),
                                         note="Skrining di 12 posbindu", version="0", uploads=[_upload()],
                                         link="https://example.org/laporan")
    assert len(seen) == 1
    db.session.expire_all()
    stored = db.session.get(Realization, real.id)
    assert stored.value == Decimal("85") and sorted(e.kind for e in stored.evidence) == ["file", "link"]
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "realization.save",
                                                       AuditEntry.object_id == real.id))
    assert entry.after["evidence_added"] == 2 and entry.agency_id == plan.agency_id


def test_a_realisation_save_that_fails_writes_nothing_and_removes_its_files(app, request_ctx, monkeypatch):
    from kinerja_web.execution.evidence import storage_dir
    from kinerja_web.workflow import realization

    plan = plan_of("staf.dinkes")
    ind, q4 = _q4(plan)
    files_before = set(storage_dir().iterdir())
    rows_before = (count(Realization), count(Evidence), count(AuditEntry))

    def broken_audit(*args, **kwargs):
        db.session.flush()  # the realisation and its evidence are in the transaction by now
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(realization, "record", broken_audit)
    with pytest.raises(RuntimeError):
        realization.save(plan, user("staf.dinkes"), ind, q4, None, value=Decimal("85"), note="", version="0",
                         uploads=[_upload()])
    assert (count(Realization), count(Evidence), count(AuditEntry)) == rows_before
    assert set(storage_dir().iterdir()) == files_before


def test_a_stale_realisation_is_refused_with_the_error_and_version_for_the_form(app, request_ctx):
    plan = plan_of("staf.dinkes")
    ind, q4 = _q4(plan)
    staff = user("staf.dinkes")
    real = workflow.realization.save(plan, staff, ind, q4, None, value=Decimal("60"), note="", version="0")
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.realization.save(plan, staff, ind, q4, real, value=Decimal("70"), note="", version="0")
    assert "60" in str(refused.value.fields["value"][0]) and refused.value.data == {"version": str(real.version)}
    db.session.expire_all()
    assert db.session.get(Realization, real.id).value == Decimal("60")


def test_feedback_writes_the_row_the_audit_and_the_notification_in_one_commit(app, request_ctx):
    plan = plan_of("staf.dinkes")
    notes = count(Notification)
    with commits() as seen:
        fb = workflow.feedback.give(plan, user("kabid.dinkes"), plan.results[0], "Pilah data per desa.")
    assert len(seen) == 1
    assert count(AuditEntry, AuditEntry.action == "feedback.create", AuditEntry.object_id == fb.id) == 1
    assert count(Notification) == notes + 1


def test_feedback_whose_notification_fails_leaves_no_feedback_and_no_audit(app, request_ctx, monkeypatch):
    from kinerja_web.workflow import feedback

    def broken_notify(*args, **kwargs):
        raise RuntimeError("notification store unavailable")

    monkeypatch.setattr(feedback, "notify", broken_notify)
    plan = plan_of("staf.dinkes")
    before = (count(Feedback), count(AuditEntry))
    with pytest.raises(RuntimeError):
        feedback.give(plan, user("kabid.dinkes"), plan.results[0], "Pilah data per desa.")
    assert (count(Feedback), count(AuditEntry)) == before


@pytest.mark.parametrize(("username", "refusal"), [
    ("kadis.dinkes", Forbidden),   # the supervisor's supervisor reads but does not write
    ("staf.dinkes", Forbidden),    # the employee replies, but does not give feedback
    ("kabid.dispar", NotFound),    # another agency does not see the plan at all
])
def test_feedback_by_someone_not_allowed_is_refused_and_writes_nothing(app, request_ctx, username, refusal):
    plan = plan_of("staf.dinkes")
    before = (count(Feedback), count(AuditEntry), count(Notification))
    with pytest.raises(refusal):
        workflow.feedback.give(plan, user(username), plan.results[0], "x")
    assert (count(Feedback), count(AuditEntry), count(Notification)) == before


def test_feedback_about_another_plans_rhk_is_not_found(app, request_ctx):
    plan, foreign = plan_of("staf.dinkes"), plan_of("staf.dispar")
    with pytest.raises(NotFound):
        workflow.feedback.give(plan, user("kabid.dinkes"), foreign.results[0], "x")


def test_a_dialogue_in_the_future_is_refused_next_to_its_date(app, request_ctx):
    plan = plan_of("staf.dinkes")
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.feedback.record_dialogue(plan, user("kabid.dinkes"), today() + timedelta(days=1), "Evaluasi")
    assert list(refused.value.fields) == ["held_on"] and not refused.value.messages


def test_asking_a_colleague_twice_is_already_done(app, request_ctx):
    plan = plan_of("staf.dinkes")
    _, q4 = _q4(plan)
    colleague = employee("staf5.dinkes")
    workflow.feedback.request_input(plan, user("kabid.dinkes"), colleague, q4)
    with pytest.raises(workflow.AlreadyDone):
        workflow.feedback.request_input(plan, user("kabid.dinkes"), colleague, q4)
    assert count(PeerInput, PeerInput.rater_id == colleague.id, PeerInput.review_id == q4.id) == 1


def test_someone_elses_notification_cannot_be_marked_read(app, request_ctx):
    plan = plan_of("staf.dinkes")
    workflow.feedback.give(plan, user("kabid.dinkes"), plan.results[0], "Pilah data per desa.")
    note = db.session.scalar(select(Notification).where(Notification.user_id == user("staf.dinkes").id)
                             .order_by(Notification.id.desc()))
    with pytest.raises(NotFound):
        workflow.notifications.mark_read(note, user("kabid.dinkes"))
    assert db.session.get(Notification, note.id).read_at is None
    workflow.notifications.mark_read(note, user("staf.dinkes"))
    assert db.session.get(Notification, note.id).read_at is not None


def _final_q3(username="staf.dinkes"):
    from kinerja_web.models import Evaluation

    plan = plan_of(username)
    q3 = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                            .order_by(ReviewPeriod.seq)).all()[2]
    return plan, q3, db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id,
                                                                Evaluation.review_id == q3.id))


def test_an_objection_by_someone_else_than_the_employee_is_refused(app, request_ctx):
    _, _, ev = _final_q3()
    assert ev.status == "final" and ev.objection is None
    with pytest.raises(Forbidden):
        workflow.evaluation.object_(ev, user("kabid.dinkes"), "Tidak setuju")
    db.session.expire_all()
    assert ev.objection is None


def test_the_evaluation_page_posts_each_step_to_its_own_endpoint(app, login):
    from kinerja_web.clock import local_date

    plan, q3, ev = _final_q3()
    app.config["TODAY"] = local_date(ev.finalized_at) + timedelta(days=1)  # within the objection window
    staff = login("staf.dinkes")
    page = staff.get(f"/skp/{plan.id}/penilaian/{q3.id}").get_data(as_text=True)
    url = f"/skp/{plan.id}/penilaian/{q3.id}/keberatan"
    assert f'action="{url}"' in page and 'name="action"' not in page
    assert staff.post(url, {"text": "Realisasi triwulan III belum dihitung lengkap."}).status_code == 302
    db.session.expire_all()
    assert ev.objection.startswith("Realisasi triwulan III")
    assert count(AuditEntry, AuditEntry.action == "evaluation.object", AuditEntry.object_id == ev.id) == 1


def test_a_calibration_without_an_organisation_predikat_is_refused(app, request_ctx):
    from kinerja_web.models import Agency

    agency = db.session.scalar(select(Agency).where(Agency.code == "dinkes"))
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.calibration.finalize(agency, user("kadis.dinkes"), today().year, None, None, "catatan")
    assert refused.value.messages and not refused.value.fields
    with pytest.raises(Forbidden):
        workflow.calibration.set_org_predicate(agency, user("admin.dinkes"), today().year, None, None, "baik")
