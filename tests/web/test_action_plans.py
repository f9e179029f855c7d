"""Action plans (rencana aksi): several per RHK and review period in one form, all or nothing, taken over from
the previous period, linked from daily progress, read by the supervisor chain, and who may see what."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from kinerja_web.extensions import db
from kinerja_web.models import ActionPlan, AuditEntry, Feedback, ProgressEntry, ReviewPeriod
from tests.conftest import TODAY
from tests.helpers import count_queries, plan_of

OWNER = "staf.dispar"


def _setup():
    plan = plan_of(OWNER)
    reviews = db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                                 .order_by(ReviewPeriod.seq)).all()
    q4 = next(r for r in reviews if r.starts_on <= TODAY <= r.ends_on)
    q3 = next(r for r in reviews if r.seq == q4.seq - 1)
    return plan, plan.results[0], q3, q4


def _url(plan, review) -> str:
    return f"/skp/{plan.id}/rencana-aksi?periode={review.id}"


def _form(result, *rows, button="save") -> dict:
    data = {button: "x"}
    for n, row in enumerate(rows):
        data.update({f"rhk_{result.id}-{n}-{name}": str(value) for name, value in row.items()})
    return data


def _row(description="Survei pengunjung di tiga destinasi", ind=None, quantity="", **extra) -> dict:
    return {"description": description, "indicator_id": ind.id if ind else "", "quantity": quantity, **extra}


def _count() -> int:
    return db.session.scalar(select(func.count(ActionPlan.id)))


def _add(plan, result, review, n: int, start: int = 0) -> None:
    db.session.add_all(ActionPlan(plan_id=plan.id, result_id=result.id, review_id=review.id, seq=start + k + 1,
                                  description=f"Aksi {start + k + 1}") for k in range(n))
    db.session.commit()


def test_the_owner_saves_two_action_plans_with_a_planned_quantity_in_one_form(login):
    plan, result, _, q4 = _setup()
    ind = result.indicators[0]
    staff = login(OWNER)
    page = staff.get(f"/skp/{plan.id}/rencana-aksi").get_data(as_text=True)  # the current period by default
    assert q4.name in page and f'name="rhk_{result.id}-0-description"' in page
    response = staff.post(_url(plan, q4), _form(result, _row(ind=ind, quantity="3"),
                                                _row("Rapat koordinasi event"), {"description": ""}))
    assert response.status_code == 302
    rows = db.session.scalars(select(ActionPlan).order_by(ActionPlan.seq)).all()
    assert [(r.seq, r.description, r.indicator_id, r.quantity) for r in rows] == [
        (1, "Survei pengunjung di tiga destinasi", ind.id, Decimal(3)), (2, "Rapat koordinasi event", None, None)]
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "action_plan.add")) == 2
    page = staff.get(_url(plan, q4)).get_data(as_text=True)
    assert 'value="Rapat koordinasi event"' not in page  # a textarea: the text is its content
    assert "Rapat koordinasi event</textarea>" in page and f'name="rhk_{result.id}-2-description"' in page


def test_add_row_without_javascript_keeps_what_was_typed_and_saves_nothing(login):
    plan, result, _, q4 = _setup()
    page = login(OWNER).post(_url(plan, q4), _form(result, _row("Menyusun jadwal"),
                                                   button=f"add_{result.id}")).get_data(as_text=True)
    assert f'name="rhk_{result.id}-1-description"' in page and "Menyusun jadwal</textarea>" in page
    assert _count() == 0


@pytest.mark.parametrize("row, field, message", [
    ({"description": "", "quantity": "2"}, "description", "Uraikan aksinya"),
    (_row("x" * 1001), "description", "Maksimal 1000 karakter"),
    (_row(quantity="-1", ind=None), "quantity", "tidak boleh negatif"),
    (_row(quantity="dua"), "quantity", "Masukkan angka"),
    (_row(quantity="2"), "indicator_id", "Pilih indikator"),
])
def test_a_bad_row_is_refused_at_its_field_in_indonesian_and_nothing_is_lost(login, row, field, message):
    plan, result, _, q4 = _setup()
    response = login(OWNER).post(_url(plan, q4), _form(result, _row("Aksi yang benar"), row))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="rhk_{result.id}-1-{field}-error"' in page and message in page
    assert "Aksi yang benar</textarea>" in page  # the good row is kept, and not saved alone
    assert _count() == 0


def test_an_indicator_that_counts_takes_a_whole_number_and_one_of_another_rhk_is_refused(login):
    plan, result, _, q4 = _setup()
    ind = result.indicators[0]
    ind.aggregation = "sum"
    db.session.commit()
    staff = login(OWNER)
    page = staff.post(_url(plan, q4), _form(result, _row(ind=ind, quantity="2,5"))).get_data(as_text=True)
    assert "bilangan bulat" in page and 'value="2,5"' in page
    other = plan.results[1].indicators[0]
    response = staff.post(_url(plan, q4), _form(result, _row(ind=other, quantity="1")))
    assert response.status_code == 422 and "Pilih salah satu" in response.get_data(as_text=True)
    assert _count() == 0


def test_changes_and_removals_are_all_or_nothing_and_audited(login):
    plan, result, _, q4 = _setup()
    _add(plan, result, q4, 3)
    first, second, third = db.session.scalars(select(ActionPlan).order_by(ActionPlan.seq)).all()
    staff = login(OWNER)
    entry = ProgressEntry(plan_id=plan.id, review_id=q4.id, day=TODAY, activity="Kerja", action_plan_id=first.id)
    db.session.add(entry)
    db.session.commit()
    rows = [{"id": first.id, "description": "Aksi 1", "remove": "y"},
            {"id": second.id, "description": "Aksi 2 diubah"},
            {"id": third.id, "description": ""}]  # refused: so neither the removal nor the change happens
    assert staff.post(_url(plan, q4), _form(result, *rows)).status_code == 422
    db.session.expire_all()
    assert [p.description for p in db.session.scalars(select(ActionPlan).order_by(ActionPlan.seq))] == [
        "Aksi 1", "Aksi 2", "Aksi 3"]
    rows[2]["description"] = "Aksi 3"
    assert staff.post(_url(plan, q4), _form(result, *rows)).status_code == 302
    db.session.expire_all()
    assert [(p.seq, p.description) for p in db.session.scalars(select(ActionPlan).order_by(ActionPlan.seq))] == [
        (1, "Aksi 2 diubah"), (2, "Aksi 3")]
    assert db.session.get(ProgressEntry, entry.id).action_plan_id is None  # the entry stays, unlinked
    actions = db.session.scalars(select(AuditEntry.action).where(AuditEntry.action.like("action_plan.%"))).all()
    assert sorted(actions) == ["action_plan.delete", "action_plan.edit"]


def test_a_closed_period_is_read_only_and_refuses_a_save(login):
    plan, result, q3, _ = _setup()  # Q3: its deadline has passed
    staff = login(OWNER)
    page = staff.get(_url(plan, q3)).get_data(as_text=True)
    assert 'data-testid="period-closed"' in page and 'data-testid="action-plan-form"' not in page
    response = staff.post(_url(plan, q3), _form(result, _row()), follow_redirects=True)
    assert "ditutup untuk pengisian" in response.get_data(as_text=True)
    assert _count() == 0


def test_the_previous_periods_plans_are_proposed_once(login):
    plan, result, q3, q4 = _setup()
    ind = result.indicators[0]
    _add(plan, result, q3, 2)
    db.session.execute(ActionPlan.__table__.update().where(ActionPlan.seq == 1)
                       .values(indicator_id=ind.id, quantity=Decimal(4)))
    db.session.commit()
    staff = login(OWNER)
    url = f"/skp/{plan.id}/rencana-aksi/{q4.id}/ambil-periode-lalu"
    page = staff.post(url, follow_redirects=True).get_data(as_text=True)
    assert "2 rencana aksi disalin dari periode sebelumnya" in page
    copied = db.session.scalars(select(ActionPlan).where(ActionPlan.review_id == q4.id)
                                .order_by(ActionPlan.seq)).all()
    assert [(p.description, p.indicator_id, p.quantity) for p in copied] == [
        ("Aksi 1", ind.id, Decimal(4)), ("Aksi 2", None, None)]
    assert db.session.scalar(select(func.count(AuditEntry.id)).where(AuditEntry.action == "action_plan.copy")) == 2
    again = staff.post(url, follow_redirects=True).get_data(as_text=True)
    assert "sudah memiliki rencana aksi; tidak ada yang disalin" in again
    assert _count() == 4


def test_proposing_from_an_empty_previous_period_says_so(login):
    plan, _, q3, q4 = _setup()
    page = login(OWNER).post(f"/skp/{plan.id}/rencana-aksi/{q4.id}/ambil-periode-lalu",
                             follow_redirects=True).get_data(as_text=True)
    assert f"{q3.name} tidak memiliki rencana aksi untuk disalin" in page
    assert _count() == 0


def test_a_progress_entry_serves_an_action_plan_of_its_period(login):
    plan, result, q3, q4 = _setup()
    _add(plan, result, q4, 1)
    _add(plan, result, q3, 1, start=5)
    mine = db.session.scalar(select(ActionPlan).where(ActionPlan.review_id == q4.id))
    old = db.session.scalar(select(ActionPlan).where(ActionPlan.review_id == q3.id))
    staff = login(OWNER)
    url = f"/skp/{plan.id}/progres-harian"
    assert f'<option value="{mine.id}">' in staff.get(url).get_data(as_text=True)
    day = TODAY - timedelta(days=1)
    base = {"save": "x", "entries-0-day": day.isoformat(), "entries-0-activity": "Survei",
            "entries-0-indicator_id": ""}
    refused = staff.post(url, {**base, "entries-0-action_plan_id": str(old.id)})  # Q3's, for a day of Q4
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "milik periode penilaian lain" in page and 'value="Survei"' in page
    assert staff.post(url, {**base, "entries-0-action_plan_id": str(mine.id)}).status_code == 302
    entry = db.session.scalar(select(ProgressEntry))
    assert entry.action_plan_id == mine.id
    assert "Aksi 1" in staff.get(f"{url}?minggu={(day - timedelta(days=day.weekday())).isoformat()}").get_data(
        as_text=True)


def test_the_supervisor_reads_the_plans_and_comments_into_the_rhks_thread(login):
    plan, result, _, q4 = _setup()
    _add(plan, result, q4, 2)
    boss = login("kabid.dispar")
    page = boss.get(_url(plan, q4)).get_data(as_text=True)
    assert "Aksi 1" in page and 'data-testid="action-plan-form"' not in page
    assert f'data-testid="comment-{result.id}"' in page
    assert boss.post(_url(plan, q4), _form(result, _row())).status_code == 403
    response = boss.post(f"/skp/{plan.id}/rencana-aksi/{q4.id}/umpan-balik",
                         {"result_id": str(result.id), "body": "Tambahkan target per destinasi."})
    assert response.status_code == 302
    fb = db.session.scalar(select(Feedback).order_by(Feedback.id.desc()))
    assert fb.result_id == result.id and fb.body.endswith("Tambahkan target per destinasi.")
    assert "Tambahkan target per destinasi." in boss.get(_url(plan, q4)).get_data(as_text=True)
    monitor = boss.get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)
    assert "Tambahkan target per destinasi." in monitor
    assert f'data-testid="action-plans-{result.id}"' in monitor and "Aksi 2" in monitor
    before = db.session.scalar(select(func.count(Feedback.id)))
    empty = boss.post(f"/skp/{plan.id}/rencana-aksi/{q4.id}/umpan-balik", {"result_id": str(result.id),
                                                                          "body": " "})
    assert empty.status_code == 302 and db.session.scalar(select(func.count(Feedback.id))) == before


def test_pages_read_the_same_number_of_statements_for_few_and_many_plans(login):
    plan, result, _, q4 = _setup()
    staff = login(OWNER)
    pages = [_url(plan, q4), f"/skp/{plan.id}/pemantauan", f"/skp/{plan.id}/progres-harian"]
    costs = []
    for start, added in ((0, 2), (2, 18)):
        for other in plan.results:
            _add(plan, other, q4, added, start)
        for url in pages:
            staff.get(url)  # warm up
        with count_queries() as statements:
            for url in pages:
                assert staff.get(url).status_code == 200
        costs.append(len(statements))
    assert costs[0] == costs[1], costs


# Who may do what to staf.dispar's action plans: expected outcomes written out, not derived from access.py.
READ_WRITE = {
    "staf.dispar": (200, 302),   # the owner
    "kabid.dispar": (200, 403),  # supervisor: reads
    "kadis.dispar": (200, 403),  # second supervisor: reads
    "admin.dispar": (200, 403),  # agency admin: reads
    "staf2.dispar": (404, 404),  # a colleague: nothing, not even that the SKP exists
    "staf.dinkes": (404, 404),   # another agency
    "admin.dinkes": (404, 404),  # another agency's admin
}


@pytest.mark.parametrize("who", READ_WRITE)
def test_changing_ids_in_the_url_never_reaches_another_persons_plans(login, who):
    plan, result, q3, q4 = _setup()
    _add(plan, result, q3, 1)
    read, write = READ_WRITE[who]
    client = login(who)
    assert client.get(_url(plan, q4)).status_code == read
    assert client.post(_url(plan, q4), _form(result, _row("Disisipkan"))).status_code == write
    assert client.post(f"/skp/{plan.id}/rencana-aksi/{q4.id}/ambil-periode-lalu").status_code == write
    comment = client.post(f"/skp/{plan.id}/rencana-aksi/{q4.id}/umpan-balik", {"result_id": str(result.id),
                                                                               "body": "Komentar"})
    assert comment.status_code == (302 if who == "kabid.dispar" else 404 if read == 404 else 403)
    if who != OWNER:
        assert db.session.scalar(select(func.count(ActionPlan.id)).where(ActionPlan.review_id == q4.id)) == 0


def test_another_persons_plan_row_or_period_cannot_be_edited_through_ones_own_form(login):
    plan, result, q3, q4 = _setup()
    other_plan = plan_of("staf2.dispar")
    other_result = other_plan.results[0]
    other_review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == other_plan.period_id,
                                                                ReviewPeriod.id == q4.id))
    if other_review is not None:
        _add(other_plan, other_result, q4, 1)
    _add(plan, result, q3, 1, start=7)
    foreign = db.session.scalar(select(ActionPlan).where(ActionPlan.plan_id == other_plan.id))
    closed = db.session.scalar(select(ActionPlan).where(ActionPlan.review_id == q3.id))
    staff = login(OWNER)
    for stolen in [p for p in (foreign, closed) if p is not None]:
        response = staff.post(_url(plan, q4), _form(result, {"id": stolen.id, "description": "Diambil alih"}))
        assert response.status_code == 404
    assert staff.get(f"/skp/{plan.id}/rencana-aksi?periode=999999").status_code == 404
    assert db.session.scalar(select(func.count(ActionPlan.id)).where(ActionPlan.description == "Diambil alih")) == 0


def test_the_demo_shows_the_analysts_action_plans_with_progress_serving_them(login):
    from kinerja_web.demo_action import seed_action_plans
    from kinerja_web.demo_daily import seed_daily

    seed_daily(TODAY)
    seed_action_plans(TODAY)
    plan, _, _, q4 = _setup()
    page = login(OWNER).get(f"/skp/{plan.id}/rencana-aksi").get_data(as_text=True)
    assert "Survei pengeluaran wisatawan di tiga destinasi unggulan</textarea>" in page
    survey = db.session.scalar(select(ActionPlan).where(ActionPlan.description.like("Survei%")))
    assert survey.review_id == q4.id and survey.indicator is not None
    served = db.session.scalars(select(ProgressEntry.activity).where(ProgressEntry.action_plan_id == survey.id)).all()
    assert served and all(a.startswith("Survei pengeluaran") for a in served)
    assert "rencana aksi" in login("kabid.dispar").get(f"/skp/{plan.id}/pemantauan").get_data(as_text=True)


def test_an_entry_changed_without_naming_an_action_plan_keeps_its_link(app):
    from kinerja_web.models import User
    from kinerja_web.workflow import daily as flow

    plan, result, _, q4 = _setup()
    _add(plan, result, q4, 1)
    action = db.session.scalar(select(ActionPlan))
    entry = ProgressEntry(plan_id=plan.id, review_id=q4.id, day=TODAY, activity="Kerja", action_plan_id=action.id)
    db.session.add(entry)
    db.session.commit()
    owner = db.session.scalar(select(User).where(User.username == OWNER))
    flow.update(entry, owner, flow.Row(day=TODAY, activity="Kerja lapangan"))  # as an imported sheet's row
    assert (entry.activity, entry.action_plan_id) == ("Kerja lapangan", action.id)
    flow.update(entry, owner, flow.Row(day=TODAY, activity="Kerja lapangan", action_plan_id=None))  # the form
    assert entry.action_plan_id is None


def test_the_ekinerja_workbook_carries_the_action_plans_joined_to_the_person_skp_rhk_and_iki(login):
    from kinerja_web.models import Agency
    from tests.web.test_exports import xlsx_sheets

    plan, result, _, q4 = _setup()
    ind = result.indicators[0]
    _add(plan, result, q4, 2)
    first = db.session.scalar(select(ActionPlan).where(ActionPlan.seq == 1))
    first.indicator_id, first.quantity = ind.id, Decimal(3)
    db.session.commit()
    agency = db.session.scalar(select(Agency.id).where(Agency.code == "dispar"))
    sheets = xlsx_sheets(login("admin.dispar"), f"/ekspor/e-kinerja/{agency}.xlsx?tahun={q4.starts_on.year}")
    head, *rows = sheets["Rencana Aksi"]
    assert head[:7] == ("NIP", "ID SKP", "ID RHK", "ID Rencana Aksi", "Periode", "No", "Rencana Aksi")
    mine = [r for r in rows if r[1] == plan.id]
    assert [(r[2], r[3], r[4], r[5], r[6]) for r in mine] == [
        (result.id, first.id, q4.name, 1, "Aksi 1"), (result.id, first.id + 1, q4.name, 2, "Aksi 2")]
    assert mine[0][0] == plan.employee.nip and mine[0][7] == ind.id and float(mine[0][8]) == 3
    assert mine[0][9] == ind.unit and mine[1][7] is None and mine[1][9] in ("", None)
