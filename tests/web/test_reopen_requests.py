"""No dead ends (issue 9 §3): every missing item on the home page links to its fix, and a closed
period to a request to reopen it, which the agency admin approves (a real reopening) or refuses."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kinerja_web.extensions import db
from kinerja_web.models import (
    AuditEntry,
    Evaluation,
    Notification,
    PlanIndicator,
    Realization,
    Reopening,
    ReopenRequest,
    ReviewPeriod,
    User,
)
from tests.conftest import TODAY
from tests.helpers import employee, plan_of, realisation_data

LATE = "staf6.dinkes"  # late with Triwulan III in the demo, whose input deadline has passed on TODAY


def _q(username, seq) -> ReviewPeriod:
    plan = plan_of(username)
    return db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                        ReviewPeriod.seq == seq))


def _missing(username, seq):
    """The plan, the review and an indicator with no realisation there."""
    plan, review = plan_of(username), _q(username, seq)
    ids = [i.id for r in plan.results for i in r.indicators]
    done = set(db.session.scalars(select(Realization.indicator_id).where(
        Realization.indicator_id.in_(ids), Realization.review_id == review.id)))
    return plan, review, next(i for i in ids if i not in done)


def _requests(username=LATE, status=None):
    query = select(ReopenRequest).where(ReopenRequest.employee_id == employee(username).id)
    if status:
        query = query.where(ReopenRequest.status == status)
    return db.session.scalars(query.order_by(ReopenRequest.id)).all()


def _notes(username, kind):
    user = db.session.scalar(select(User).where(User.username == username))
    return db.session.scalars(select(Notification).where(Notification.user_id == user.id,
                                                         Notification.kind == kind)).all()


def _item(page: str, testid: str) -> str:
    return page.split(f'data-testid="{testid}"', 1)[1].split("</li>", 1)[0]


def _ask(client, review, reason="Bukti dukung baru ditandatangani setelah batas waktu."):
    client.get(f"/realisasi/buka-kembali/{review.id}")
    return client.post(f"/realisasi/buka-kembali/{review.id}", {"reason": reason})


def _agency(username=LATE) -> int:
    return employee(username).agency_id


def _decide(admin, req, kind, **data):
    admin.get(f"/admin/{_agency()}/permintaan-pembukaan")
    prefix = f"{'a' if kind == 'setujui' else 'r'}{req.id}"
    return admin.post(f"/admin/{_agency()}/permintaan-pembukaan/{req.id}/{kind}",
                      {f"{prefix}-{k}": v for k, v in data.items()}, prefix=prefix)


def test_a_missing_realisation_of_a_closed_period_links_to_a_request_to_reopen_it(login):
    q3 = _q(LATE, 3)
    page = login(LATE).get("/beranda").get_data(as_text=True)
    item = _item(page, "missing-values-3")
    assert "Triwulan III" in item and "1 realisasi belum diisi" in item
    assert f'href="/realisasi/buka-kembali/{q3.id}"' in item and "Ajukan pembukaan kembali" in item
    assert "/iki/" not in item  # no form that would refuse the input


def test_a_missing_realisation_of_an_open_period_links_to_its_form(login):
    plan, q3, indicator = _missing(LATE, 3)
    q3.input_deadline = TODAY + timedelta(days=3)
    db.session.commit()
    item = _item(login(LATE).get("/beranda").get_data(as_text=True), "missing-values-3")
    assert f'href="/skp/{plan.id}/iki/{indicator}/realisasi/{q3.id}"' in item and "Isi sekarang" in item
    assert "buka-kembali" not in item


def test_unanswered_feedback_links_to_its_thread_on_the_monitoring_page(login):
    from kinerja_web.models import Feedback

    plan = plan_of("staf9.dinkes")
    first = db.session.scalar(select(func.min(Feedback.id)).where(Feedback.plan_id == plan.id,
                                                                   Feedback.parent_id.is_(None)))
    item = _item(login("staf9.dinkes").get("/beranda").get_data(as_text=True), "missing-feedback")
    assert f'href="/skp/{plan.id}/pemantauan#fb-{first}"' in item


def test_a_request_reaches_the_admin_whose_approval_lets_the_person_save_again(login):
    plan, q3, indicator = _missing(LATE, 3)
    staff = login(LATE)
    form = staff.get(f"/realisasi/buka-kembali/{q3.id}").get_data(as_text=True)
    assert "Triwulan III" in form and 'name="reason"' in form
    assert _ask(staff, q3, "Surat tugas baru terbit setelah batas waktu.").status_code == 302
    (req,) = _requests(status="pending")
    assert req.reason == "Surat tugas baru terbit setelah batas waktu."
    assert _notes("admin.dinkes", "reopen_requested") and not _notes("admin.disdik", "reopen_requested")
    item = _item(staff.get("/beranda").get_data(as_text=True), "missing-values-3")
    assert "menunggu keputusan admin" in item and "buka-kembali" not in item
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "reopen_request.create")).note

    admin = login("admin.dinkes")
    waiting = db.session.scalar(select(func.count(ReopenRequest.id)).where(ReopenRequest.status == "pending",
                                                                          ReopenRequest.employee.has(
                                                                              agency_id=_agency())))
    assert waiting == 2  # the demo's own request (staf9.dinkes) and this one
    assert f"{waiting} menunggu" in admin.get(f"/admin/{_agency()}").get_data(as_text=True)
    listing = admin.get(f"/admin/{_agency()}/permintaan-pembukaan").get_data(as_text=True)
    assert "Surat tugas baru terbit" in listing and (TODAY + timedelta(days=7)).isoformat() in listing
    until = TODAY + timedelta(days=5)
    assert _decide(admin, req, "setujui", until=until.isoformat(), note="").status_code == 302
    db.session.expire_all()
    req = db.session.get(ReopenRequest, req.id)
    assert req.status == "approved" and req.reopening is not None and req.reopening.until == until
    assert req.reopening.employee_id == plan.employee_id and req.reopening.review_id == q3.id
    assert _notes(LATE, "reopened")
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "reopen_request.approve"))

    item = _item(staff.get("/beranda").get_data(as_text=True), "missing-values-3")
    assert f"/iki/{indicator}/realisasi/{q3.id}" in item
    url = f"/skp/{plan.id}/iki/{indicator}/realisasi/{q3.id}"
    staff.get(url)
    data = realisation_data(plan, db.session.get(PlanIndicator, indicator), "80", version="0", note="Terlambat")
    assert staff.post(url, data).status_code == 302
    assert db.session.scalar(select(Realization.value).where(Realization.indicator_id == indicator,
                                                             Realization.review_id == q3.id)) == 80


def test_refusing_needs_a_note_keeps_what_was_typed_and_tells_the_employee(login):
    _, q3, _ = _missing(LATE, 3)
    staff = login(LATE)
    _ask(staff, q3)
    (req,) = _requests()
    admin = login("admin.dinkes")
    refused = _decide(admin, req, "tolak", note="  ")
    assert refused.status_code == 422 and _requests()[0].status == "pending"
    bad_date = _decide(admin, req, "setujui", until="kemarin", note="Catatan yang saya ketik")
    assert bad_date.status_code == 422 and "Catatan yang saya ketik" in bad_date.get_data(as_text=True)
    past = _decide(admin, req, "setujui", until=(TODAY - timedelta(days=1)).isoformat(), note="x")
    assert past.status_code == 422 and db.session.scalar(select(func.count(Reopening.id))) == 0

    assert _decide(admin, req, "tolak", note="Batas waktu sudah diumumkan sejak awal.").status_code == 302
    db.session.expire_all()
    assert _requests()[0].status == "refused"
    (note,) = _notes(LATE, "reopen_refused")
    assert note.params["note"] == "Batas waktu sudah diumumkan sejak awal."
    item = _item(staff.get("/beranda").get_data(as_text=True), "missing-values-3")
    assert "Batas waktu sudah diumumkan sejak awal." in item and "Ajukan lagi" in item
    assert _ask(staff, q3, "Ada surat keterangan sakit.").status_code == 302
    assert [r.status for r in _requests()] == ["refused", "pending"]


def test_a_request_is_decided_once(login):
    _, q3, _ = _missing(LATE, 3)
    _ask(login(LATE), q3)
    (req,) = _requests()
    admin = login("admin.dinkes")
    assert _decide(admin, req, "setujui", until=TODAY.isoformat()).status_code == 302
    assert _decide(admin, req, "tolak", note="Berubah pikiran").status_code == 302
    assert _decide(admin, req, "setujui", until=TODAY.isoformat()).status_code == 302
    db.session.expire_all()
    assert _requests()[0].status == "approved" and db.session.scalar(select(func.count(Reopening.id))) == 1


def test_a_second_request_while_one_waits_is_refused_and_a_reason_is_required(login):
    _, q3, _ = _missing(LATE, 3)
    staff = login(LATE)
    empty = _ask(staff, q3, "   ")
    assert empty.status_code == 422 and not _requests()
    assert _ask(staff, q3).status_code == 302
    assert _ask(staff, q3, "Sekali lagi").status_code == 302
    assert len(_requests()) == 1
    assert "menunggu keputusan" in staff.get(f"/realisasi/buka-kembali/{q3.id}").get_data(as_text=True)


def test_a_period_whose_evaluation_is_final_offers_no_request(login):
    plan, q2 = plan_of("staf.dinkes"), _q("staf.dinkes", 2)
    ids = [i.id for r in plan.results for i in r.indicators]
    db.session.delete(db.session.scalar(select(Realization).where(Realization.indicator_id == ids[0],
                                                                  Realization.review_id == q2.id)))
    db.session.commit()
    assert db.session.scalar(select(Evaluation.status).where(Evaluation.plan_id == plan.id,
                                                             Evaluation.review_id == q2.id)) == "final"
    staff = login("staf.dinkes")
    item = _item(staff.get("/beranda").get_data(as_text=True), "missing-values-2")
    assert "sudah final" in item and "buka-kembali" not in item
    assert "sudah final" in staff.get(f"/realisasi/buka-kembali/{q2.id}").get_data(as_text=True)
    assert _ask(staff, q2).status_code == 422 and not _requests("staf.dinkes")


def test_an_open_period_needs_no_request(login):
    q4 = _q(LATE, 4)
    staff = login(LATE)
    assert "masih terbuka" in staff.get(f"/realisasi/buka-kembali/{q4.id}").get_data(as_text=True)
    assert _ask(staff, q4).status_code == 422 and not _requests()


def test_changing_the_period_id_reaches_nothing_of_another_person(login):
    staff = login(LATE)
    elsewhere = _q("staf.disdik" if plan_of("staf.disdik") else "staf3.disdik", 3)
    for review_id in (elsewhere.id, 999999):
        assert staff.get(f"/realisasi/buka-kembali/{review_id}").status_code == 404
        assert staff.post(f"/realisasi/buka-kembali/{review_id}", {"reason": "x"}).status_code == 404
    assert not _requests()
    # accounts without an employee have no period of their own
    assert login("admin.dinkes").get(f"/realisasi/buka-kembali/{_q(LATE, 3).id}").status_code == 404


@pytest.mark.parametrize("who, want", [("staf6.dinkes", 403), ("kabid.dinkes", 403), ("admin.disdik", 404),
                                       ("admin", 302)])
def test_only_an_admin_of_the_agency_or_the_province_decides(login, who, want):
    _, q3, _ = _missing(LATE, 3)
    _ask(login(LATE), q3)
    (req,) = _requests()
    client = login(who)
    client.get("/beranda" if employee(who) else "/admin/")
    url = f"/admin/{_agency()}/permintaan-pembukaan/{req.id}/setujui"
    response = client.post(url, {f"a{req.id}-until": TODAY.isoformat()}, prefix=f"a{req.id}")
    assert response.status_code == want
    assert client.get(f"/admin/{_agency()}/permintaan-pembukaan").status_code == (200 if want == 302 else want)
    db.session.expire_all()
    assert _requests()[0].status == ("approved" if want == 302 else "pending")


def test_an_admin_cannot_decide_another_agencys_request_through_their_own_agency_url(login):
    _, q3, _ = _missing(LATE, 3)
    _ask(login(LATE), q3)
    (req,) = _requests()
    admin = login("admin.disdik")
    own = employee("staf.disdik").agency_id if employee("staf.disdik") else None
    admin.get(f"/admin/{own}/permintaan-pembukaan")
    response = admin.post(f"/admin/{own}/permintaan-pembukaan/{req.id}/tolak", {f"r{req.id}-note": "Tidak"},
                          prefix=f"r{req.id}")
    assert response.status_code == 404
    db.session.expire_all()
    assert _requests()[0].status == "pending"


def test_the_monitoring_page_shows_the_request_link_on_a_closed_period(login):
    plan, q3 = plan_of(LATE), _q(LATE, 3)
    page = login(LATE).get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    box = page.split('data-testid="closed-periods"', 1)[1].split("</ul>", 1)[0]
    assert "Triwulan III" in box and f'href="/realisasi/buka-kembali/{q3.id}"' in box
    supervisor = login("kabid.dinkes").get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    assert "buka-kembali" not in supervisor  # only the person asks for their own period


def test_the_workflow_refuses_a_request_made_for_someone_else(app):
    from werkzeug.exceptions import HTTPException

    from kinerja_web import workflow

    boss = db.session.scalar(select(User).where(User.username == "kabid.dinkes"))
    with app.test_request_context(), pytest.raises(HTTPException) as refused:
        workflow.requests.ask_reopening(employee(LATE), boss, _q(LATE, 3), "Atas nama staf")
    assert refused.value.code in (403, 404) and not _requests()
