"""Continuous feedback, dialogues, peer input, notifications, home pages."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from kinerja_web.extensions import db
from kinerja_web.models import Dialogue, Feedback, Notification, PeerInput, Realization, User
from tests.helpers import count_queries, employee, plan_of


def _unread(username) -> int:
    user = db.session.scalar(select(User).where(User.username == username))
    return db.session.scalar(select(func.count(Notification.id)).where(
        Notification.user_id == user.id, Notification.read_at.is_(None)))


def _a_realization(username="staf.dinkes"):
    plan = plan_of(username)
    ids = [i.id for r in plan.results for i in r.indicators]
    return plan, db.session.scalar(select(Realization).where(Realization.indicator_id.in_(ids)))


def test_supervisor_feedback_notifies_the_employee_who_replies(login):
    plan, real = _a_realization()
    boss = login("kabid.dinkes")
    boss.get(f"/skp/{plan.id}/pemantauan")
    before = _unread("staf.dinkes")
    r = boss.post(f"/skp/{plan.id}/umpan-balik", {"body": "Data posbindu perlu dipilah per desa.",
                                                 "realization_id": real.id})
    assert r.status_code == 302
    assert _unread("staf.dinkes") == before + 1
    fb = db.session.scalar(select(Feedback).where(Feedback.body.like("Data posbindu%")))
    staff = login("staf.dinkes")
    page = staff.get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    assert "Data posbindu perlu dipilah per desa." in page
    boss_unread = _unread("kabid.dinkes")
    assert staff.post(f"/umpan-balik/{fb.id}/balas", {"body": "Baik, akan saya pilah."}).status_code == 302
    assert _unread("kabid.dinkes") == boss_unread + 1
    assert "Baik, akan saya pilah." in boss.get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)


def test_the_supervisors_supervisor_reads_but_cannot_write(login):
    plan, real = _a_realization()
    top = login("kadis.dinkes")
    page = top.get(f"/skp/{plan.id}/pemantauan")
    assert page.status_code == 200 and "Beri umpan balik" not in page.get_data(as_text=True)
    assert top.post(f"/skp/{plan.id}/umpan-balik", {"body": "x", "realization_id": real.id}).status_code == 403
    assert top.post(f"/skp/{plan.id}/dialog", {"held_on": "2026-11-20", "notes": "x"}).status_code == 403
    fb = db.session.scalar(select(Feedback).where(Feedback.plan_id == plan.id, Feedback.parent_id.is_(None)))
    assert top.post(f"/umpan-balik/{fb.id}/balas", {"body": "x"}).status_code == 403


def test_feedback_cannot_point_at_another_plans_realisation(login):
    plan, _ = _a_realization()
    _, foreign = _a_realization("staf.dispar")
    boss = login("kabid.dinkes")
    boss.get(f"/skp/{plan.id}/pemantauan")
    assert boss.post(f"/skp/{plan.id}/umpan-balik", {"body": "x", "realization_id": foreign.id}).status_code == 404


def test_empty_feedback_is_refused_with_a_message(login):
    plan, real = _a_realization()
    boss = login("kabid.dinkes")
    boss.get(f"/skp/{plan.id}/pemantauan")
    before = db.session.scalar(select(func.count(Feedback.id)))
    r = boss.post(f"/skp/{plan.id}/umpan-balik", {"body": "  ", "realization_id": real.id}, follow_redirects=True)
    assert "Tulis umpan balik" in r.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Feedback.id))) == before


def test_supervisor_records_a_dialogue_with_follow_ups(login):
    plan, _ = _a_realization()
    boss = login("kabid.dinkes")
    boss.get(f"/skp/{plan.id}/pemantauan")
    bad = boss.post(f"/skp/{plan.id}/dialog", {"held_on": "kemarin", "notes": ""}, follow_redirects=True)
    assert "Masukkan tanggal" in bad.get_data(as_text=True)
    r = boss.post(f"/skp/{plan.id}/dialog", {"held_on": "2026-11-20", "notes": "Evaluasi triwulan III",
                                            "follow_ups": "Pendampingan pengolahan data"})
    assert r.status_code == 302
    row = db.session.scalar(select(Dialogue).where(Dialogue.notes == "Evaluasi triwulan III"))
    assert row.held_on == date(2026, 11, 20)
    own = login("staf.dinkes").post(f"/skp/{plan.id}/dialog", {"held_on": "2026-11-21", "notes": "x"})
    assert own.status_code == 403


def test_peer_input_is_requested_answered_and_shown_only_aggregated_to_the_employee(login, app):
    plan = plan_of("staf.dinkes")
    boss = login("kabid.dinkes")
    page = boss.get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    assert "Minta masukan" in page
    colleague = employee("staf3.dinkes")
    review_id = db.session.scalar(select(PeerInput.review_id).limit(1))
    assert boss.post(f"/skp/{plan.id}/masukan", {"rater_id": colleague.id, "review_id": review_id}).status_code == 302
    peer = db.session.scalar(select(PeerInput).where(PeerInput.rater_id == colleague.id,
                                                     PeerInput.employee_id == plan.employee_id))
    assert _unread("staf3.dinkes") >= 1
    assert login("staf4.dinkes").get(f"/masukan/{peer.id}").status_code == 404  # not the asked colleague
    rater = login("staf3.dinkes")
    rater.get(f"/masukan/{peer.id}")
    assert rater.post(f"/masukan/{peer.id}", {"strengths": "", "improvements": ""}).status_code == 422
    assert rater.post(f"/masukan/{peer.id}", {"strengths": "Sangat teliti mengolah data"}).status_code == 302
    staff_page = login("staf.dinkes").get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    assert "Sangat teliti mengolah data" not in staff_page  # 1 answer < 3: hidden
    assert 'data-testid="peer-hidden"' in staff_page
    boss_page = boss.get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    assert "Sangat teliti mengolah data" in boss_page and colleague.name in boss_page


def test_with_three_answers_the_employee_sees_them_without_names(login):
    plan = plan_of("staf3.dinkes")  # the demo has three answers about staf3
    page = login("staf3.dinkes").get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    aggregate = page.split('data-testid="peer-aggregate"', 1)[1].split("</ul>", 1)[0]
    assert "Teliti dan cepat" in aggregate
    for rater in ("staf", "staf2", "staf4"):
        assert employee(f"{rater}.dinkes").name not in aggregate


def test_the_threshold_is_configurable(login, app):
    app.config["PEER_MIN_ANSWERS"] = 4
    plan = plan_of("staf3.dinkes")
    page = login("staf3.dinkes").get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    assert 'data-testid="peer-hidden"' in page and "Teliti dan cepat" not in page


def test_opening_a_notification_marks_it_read_and_the_count_drops(login):
    plan, real = _a_realization()
    boss = login("kabid.dinkes")
    boss.get(f"/skp/{plan.id}/pemantauan")
    boss.post(f"/skp/{plan.id}/umpan-balik", {"body": "Bagus", "realization_id": real.id})
    staff = login("staf.dinkes")
    count = _unread("staf.dinkes")
    header = staff.get("/beranda").get_data(as_text=True)
    assert f'data-testid="unread-count">{count}<' in header
    note = db.session.scalar(select(Notification).where(Notification.kind == "feedback")
                             .order_by(Notification.id.desc()))
    assert login("staf2.dinkes").get(f"/notifikasi/{note.id}").status_code == 404  # not theirs
    opened = staff.get(f"/notifikasi/{note.id}")
    assert opened.status_code == 302 and opened.headers["Location"].startswith(f"/skp/{plan.id}/pemantauan")
    assert _unread("staf.dinkes") == count - 1
    staff.get("/notifikasi")
    staff.post("/notifikasi/baca-semua")
    assert _unread("staf.dinkes") == 0


def test_plan_decisions_notify_the_employee_and_submissions_the_supervisor(login):
    plan = plan_of("staf2.disdik")  # submitted in the demo
    boss = login("kabid.disdik")
    boss.get(f"/skp/{plan.id}/tinjau")
    boss.post(f"/skp/{plan.id}/tinjau", {"decision": "return", "reason": "Lengkapi IKI kualitas"})
    note = db.session.scalar(select(Notification).where(Notification.kind == "plan_returned"))
    assert note.params["reason"] == "Lengkapi IKI kualitas"
    login("staf2.disdik").post(f"/skp/{plan.id}/ajukan")
    assert db.session.scalar(select(Notification).where(Notification.kind == "plan_submitted")) is not None


def test_employee_home_shows_progress_and_what_is_missing(login):
    page = login("staf6.dinkes").get("/beranda").get_data(as_text=True)
    plan = plan_of("staf6.dinkes")
    assert plan.results[0].text in page
    assert 'data-testid="missing"' in page  # the demo leaves the last quarter out for some (demo_activity.LATE)


def test_supervisor_home_lists_reports_with_the_most_urgent_first(login):
    page = login("kabid.dinkes").get("/beranda").get_data(as_text=True)
    team = page.split('data-testid="team"', 1)[1]
    rows = team.split("<tr>")[2:]
    numbers = []
    for row in rows:
        cells = [c.split("</td>")[0].split(">")[-1] for c in row.split("<td")[2:5]]
        if all(c.strip().isdigit() for c in cells):
            numbers.append(sum(int(c) for c in cells))
    assert numbers == sorted(numbers, reverse=True) and numbers


@pytest.mark.parametrize("username", ["staf.dinkes", "kabid.dinkes"])
def test_home_page_queries_do_not_grow_with_more_team_members_and_realisations(login, username):
    from tests.web.test_query_counts import _grow_reports

    client = login(username)
    with count_queries() as small:
        assert client.get("/beranda").status_code == 200
    _grow_reports(employee("kabid.dinkes"), count=15)
    with count_queries() as large:
        assert client.get("/beranda").status_code == 200
    assert len(large) == len(small) <= 16


def test_reminders_for_missing_evidence_are_sent_once(app, login):
    plan = plan_of("staf.dinkes")
    ind = plan.results[0].indicators[0]
    ind.evidence_required = True
    db.session.commit()
    app.config["TODAY"] = date(2027, 1, 5)  # five days before the Q4 deadline
    runner = app.test_cli_runner()
    first = runner.invoke(args=["kinerja", "remind"])
    assert first.exit_code == 0 and not first.output.startswith("0 reminders")
    user = db.session.scalar(select(User).where(User.username == "staf.dinkes"))
    notes = db.session.scalars(select(Notification).where(Notification.kind == "evidence_missing",
                                                          Notification.user_id == user.id)).all()
    from kinerja_web.notify import short

    assert [(n.params["what"], n.params["period"]) for n in notes] == [(short(ind.name), "Triwulan IV")]
    second = runner.invoke(args=["kinerja", "remind"])
    assert second.output.startswith("0 reminders")
    app.config["TODAY"] = date(2026, 11, 23)  # 48 days before the deadline: nothing is due
    db.session.execute(Notification.__table__.delete())
    db.session.commit()
    assert runner.invoke(args=["kinerja", "remind"]).output.startswith("0 reminders")
