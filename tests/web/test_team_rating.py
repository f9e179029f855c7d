"""A supervisor rates a team for a review period: readiness, batch confirmation, batch finalisation (issue 9)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import (
    AuditEntry,
    Employee,
    Evaluation,
    Evidence,
    Notification,
    Plan,
    Realization,
    ReviewPeriod,
    SelfAssessment,
)
from tests.helpers import count_queries, employee, plan_of

BOSS = "kabid.dinkes"


def q3(plan) -> ReviewPeriod:
    return db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                        ReviewPeriod.seq == 3))


def team_plans(boss=BOSS) -> list[Plan]:
    boss_id = employee(boss).id
    return list(db.session.scalars(select(Plan).join(Employee, Employee.id == Plan.employee_id).where(
        Employee.supervisor_id == boss_id, Plan.status == "approved").order_by(Employee.name)))


def make_ready(plan) -> None:
    """Q3 of the plan: every realisation entered with evidence, self-assessed, not rated."""
    review = q3(plan)
    ev = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id, Evaluation.review_id == review.id))
    if ev is not None:
        db.session.delete(ev)
        db.session.flush()
    for result in plan.results:
        for ind in result.indicators:
            if ind.target_kind == "qualitative":
                continue
            real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                               Realization.review_id == review.id))
            if real is None:
                real = Realization(indicator_id=ind.id, review_id=review.id)
                db.session.add(real)
            real.value = (ind.target_value or Decimal(4)) / 4
            db.session.flush()
            if ind.evidence_required and not real.evidence:
                db.session.add(Evidence(realization_id=real.id, kind="link", url="https://example.org/bukti"))
    ev = Evaluation(plan_id=plan.id, review_id=review.id, status="self_assessed")
    ev.self_assessments = [SelfAssessment(result_id=r.id, text="Terlaksana.") for r in plan.results]
    db.session.add(ev)
    db.session.commit()


def ready_plans(n: int) -> list[Plan]:
    plans = [p for p in team_plans() if not any(i.target_kind == "qualitative"
                                                 for r in p.results for i in r.indicators)][:n]
    assert len(plans) == n, "the demo team is too small for this test"
    for plan in plans:
        make_ready(plan)
    return plans


def _ev(plan):
    db.session.expire_all()
    return db.session.scalar(select(Evaluation).where(Evaluation.plan_id == plan.id,
                                                      Evaluation.review_id == q3(plan).id))


def test_the_team_page_shows_who_is_ready_and_what_is_missing(login):
    ready = ready_plans(2)
    late = next(p for p in team_plans() if p not in ready)
    make_ready(late)
    real = db.session.scalar(select(Realization).where(Realization.review_id == q3(late).id,
                                                       Realization.indicator_id.in_(
                                                           [i.id for r in late.results for i in r.indicators])))
    real.value = None
    db.session.commit()
    page = login(BOSS).get("/penilaian").get_data(as_text=True)
    team = page.split('data-testid="team-rating"', 1)[1].split("</table>", 1)[0]
    for plan in ready:
        row = team.split(f'data-testid="member-{plan.employee_id}"', 1)[1].split("</tr>", 1)[0]
        assert 'data-testid="ready"' in row and f'value="{plan.id}"' in row
    late_row = team.split(f'data-testid="member-{late.employee_id}"', 1)[1].split("</tr>", 1)[0]
    assert "realisasi belum diisi" in late_row and 'data-testid="ready"' not in late_row
    assert "Triwulan III" in page  # the latest ended period by default


def test_the_ready_filter_lists_only_ready_people(login):
    ready = ready_plans(2)
    page = login(BOSS).get(f"/penilaian?periode={q3(ready[0]).id}&siap=1").get_data(as_text=True)
    team = page.split('data-testid="team-rating"', 1)[1].split("</table>", 1)[0]
    assert team.count("<tr data-testid=\"member-") == team.count('data-testid="ready"') >= 2


def test_batch_confirm_rates_each_ready_person_with_the_suggestion_and_an_audit_entry(login):
    plans = ready_plans(3)
    boss = login(BOSS)
    review = q3(plans[0])
    response = boss.post(f"/penilaian/konfirmasi?periode={review.id}", {"plans": [p.id for p in plans]})
    assert response.status_code == 302 and "/penilaian/finalisasi/periksa" in response.headers["Location"]
    for plan in plans:
        ev = _ev(plan)
        assert ev.status == "rated" and ev.results_final == ev.results_suggested
        assert ev.behaviour_final == "sesuai" and ev.predicate
        assert len(ev.behaviour) == 7
        assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.object_type == "Evaluation",
                                                             AuditEntry.object_id == ev.id,
                                                             AuditEntry.action == "evaluation.rate"))
    check = boss.get(response.headers["Location"]).get_data(as_text=True)
    assert "tidak dapat" in check.lower() or "cannot" in check.lower()
    assert all(p.employee.name in check for p in plans)


def test_a_not_ready_person_is_refused_with_a_message_and_does_not_block_the_others(login):
    ready = ready_plans(2)
    other = next(p for p in team_plans() if p not in ready)
    make_ready(other)
    ev = _ev(other)
    for s in list(ev.self_assessments):
        db.session.delete(s)
    db.session.commit()
    boss = login(BOSS)
    response = boss.post(f"/penilaian/konfirmasi?periode={q3(other).id}",
                         {"plans": [ready[0].id, other.id, ready[1].id]}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"{other.employee.name}: Belum ada penilaian diri" in page
    assert _ev(other).status == "self_assessed"
    assert _ev(ready[0]).status == "rated" and _ev(ready[1]).status == "rated"


def test_a_supervisor_cannot_batch_rate_someone_elses_report_by_posting_an_id(login):
    stranger = plan_of("staf.disdik") or team_plans("kabid.disdik")[0]
    make_ready(stranger)
    mine = ready_plans(1)[0]
    boss = login(BOSS)
    review = q3(mine)
    page = boss.post(f"/penilaian/konfirmasi?periode={review.id}", {"plans": [stranger.id, mine.id]},
                     follow_redirects=True).get_data(as_text=True)
    assert f"#{stranger.id}: bukan bawahan langsung" in page
    assert _ev(stranger).status == "self_assessed"
    assert _ev(mine).status == "rated"
    finalize = boss.post(f"/penilaian/finalisasi?periode={review.id}", {"plans": [stranger.id]},
                         follow_redirects=True)
    assert _ev(stranger).status == "self_assessed" and finalize.status_code == 200


def test_a_review_period_of_another_agency_is_not_found(login):
    stranger = plan_of("staf.disdik") or team_plans("kabid.disdik")[0]
    boss = login(BOSS)
    assert boss.get(f"/penilaian?periode={q3(stranger).id}").status_code == 404
    assert boss.post(f"/penilaian/konfirmasi?periode={q3(stranger).id}", {"plans": [1]}).status_code == 404


@pytest.mark.parametrize("plans", [[], ["abc"]])
def test_a_batch_without_people_or_with_garbage_gives_a_message_not_an_error(login, plans):
    mine = ready_plans(1)[0]
    page = login(BOSS).post(f"/penilaian/konfirmasi?periode={q3(mine).id}", {"plans": plans},
                            follow_redirects=True)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Pilih setidaknya satu orang" in text or "tidak dipahami" in text
    assert _ev(mine).status == "self_assessed"


def test_a_batch_without_the_csrf_token_changes_nothing(login):
    mine = ready_plans(1)[0]
    response = login(BOSS).post(f"/penilaian/konfirmasi?periode={q3(mine).id}", {"plans": [mine.id]}, csrf=False)
    assert response.status_code in (302, 400)
    assert _ev(mine).status == "self_assessed"


def test_batch_finalise_seals_each_rated_evaluation_and_notifies_the_person(login):
    plans = ready_plans(2)
    boss = login(BOSS)
    review = q3(plans[0])
    boss.post(f"/penilaian/konfirmasi?periode={review.id}", {"plans": [p.id for p in plans]})
    not_rated = next(p for p in team_plans() if p not in plans)
    make_ready(not_rated)
    page = boss.post(f"/penilaian/finalisasi?periode={review.id}", {"plans": [*(p.id for p in plans), not_rated.id]},
                     follow_redirects=True).get_data(as_text=True)
    for plan in plans:
        ev = _ev(plan)
        assert ev.status == "final" and ev.content_hash
        assert db.session.scalar(select(Notification.id).where(Notification.kind == "evaluation_final",
                                                               Notification.link.contains(f"/skp/{plan.id}/")))
    assert _ev(not_rated).status == "self_assessed"
    assert f"{not_rated.employee.name}: belum dinilai" in page


def _team_page_cost(client, url) -> int:
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_the_team_rating_page_costs_the_same_for_two_team_sizes(login):
    from tests.web.test_page_costs import _grow

    plan = ready_plans(1)[0]
    url = f"/penilaian?periode={q3(plan).id}"
    boss = login(BOSS)
    boss.get(url)
    small = _team_page_cost(boss, url)
    _grow(5, 0)
    medium = _team_page_cost(boss, url)
    _grow(40, 5)
    large = _team_page_cost(boss, url)
    assert medium == large <= 10, (small, medium, large)


def _submitted(plans) -> None:
    from kinerja_web.models.audit import utcnow

    for plan in plans:
        plan.status, plan.supervisor_id, plan.submitted_at = "submitted", plan.employee.supervisor_id, utcnow()
    db.session.commit()


def test_the_queue_shows_each_submitted_skp_with_its_rhk_indicators_and_targets(login):
    plans = team_plans()[:2]
    _submitted(plans)
    page = login(BOSS).get("/skp/antrian").get_data(as_text=True)
    for plan in plans:
        card = page.split(f'data-testid="submitted-{plan.id}"', 1)[1].split("</article>", 1)[0]
        assert plan.results[0].text in card and plan.results[0].indicators[0].name in card
        assert f'value="{plan.id}"' in card and "target" in card


def test_several_skp_are_approved_at_once_and_a_stranger_plan_is_refused(login):
    plans = team_plans()[:2]
    stranger = team_plans("kabid.disdik")[0]
    _submitted([*plans, stranger])
    page = login(BOSS).post("/skp/antrian/setujui", {"plans": [plans[0].id, stranger.id, plans[1].id]},
                            follow_redirects=True).get_data(as_text=True)
    db.session.expire_all()
    assert [db.session.get(Plan, p.id).status for p in plans] == ["approved", "approved"]
    assert db.session.get(Plan, stranger.id).status == "submitted"
    assert f"#{stranger.id}: tidak menunggu tinjauan Anda" in page
    assert db.session.scalar(select(AuditEntry.id).where(AuditEntry.action == "plan.approve",
                                                         AuditEntry.object_id == plans[1].id))


def test_approving_nothing_gives_a_message(login):
    page = login(BOSS).post("/skp/antrian/setujui", {}, follow_redirects=True).get_data(as_text=True)
    assert "Centang setidaknya satu SKP" in page


def test_batch_finalise_warns_about_a_period_without_realisation_and_skips_it_unless_ticked(login):
    plans = ready_plans(2)
    boss = login(BOSS)
    review = q3(plans[0])
    boss.post(f"/penilaian/konfirmasi?periode={review.id}", {"plans": [p.id for p in plans]})
    gap = plans[1]
    ind = next(i for r in gap.results for i in r.indicators if i.target_kind != "qualitative")
    db.session.delete(db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                                  Realization.review_id == review.id)))
    db.session.commit()
    check = boss.get(f"/penilaian/finalisasi/periksa?periode={review.id}&plans={plans[0].id}&plans={gap.id}")
    row = check.get_data(as_text=True).split(f'data-testid="no-realisation-{gap.id}"', 1)[1].split("</tr>", 1)[0]
    assert "Tidak ada realisasi untuk periode ini" in row and ind.name[:40] in row
    assert f'name="confirm_missing" value="{gap.id}"' in row
    assert f'data-testid="no-realisation-{plans[0].id}"' not in check.get_data(as_text=True)
    page = boss.post(f"/penilaian/finalisasi?periode={review.id}", {"plans": [p.id for p in plans]},
                     follow_redirects=True).get_data(as_text=True)
    assert _ev(plans[0]).status == "final" and _ev(gap).status == "rated"
    assert f"{gap.employee.name}: Tidak ada realisasi untuk periode ini" in page
    boss.post(f"/penilaian/finalisasi?periode={review.id}", {"plans": [gap.id], "confirm_missing": [gap.id]})
    assert _ev(gap).status == "final"
    assert ind.name in db.session.scalar(select(AuditEntry.note).where(
        AuditEntry.action == "evaluation.finalize", AuditEntry.object_id == _ev(gap).id))
