"""Completion as the agency must show it (issue 13, part 5): the summary per unit, the list per unit and review
period with its filters and pages, the people left out with the reason and the date, its xlsx and PDF, who may
open it, and its cost at two sizes."""
from __future__ import annotations

import io
import re
from datetime import date

import pytest
from markupsafe import escape
from pypdf import PdfReader
from sqlalchemy import select

from kinerja_web.demo import make_nip
from kinerja_web.extensions import db
from kinerja_web.models import Employee, Plan, ReviewPeriod, StatusChange
from kinerja_web.queries import completion as q
from tests.helpers import count_queries, employee, plan_of
from tests.web.test_exports import fetch, xlsx_sheets
from tests.web.test_page_costs import _grow

ON_LEAVE = "staf6.dinkes"


def _q3():
    plan = plan_of("staf.dinkes")
    return db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                        ReviewPeriod.seq == 3))


def _url(kind="", **args):
    agency_id = employee("kabid.dinkes").agency_id
    query = "&".join(f"{k}={v}" for k, v in ({"periode": _q3().id} | args).items())
    return f"/penyelesaian/{agency_id}{'/' + kind if kind else ''}?{query}"


def _leave(login):
    emp = employee(ON_LEAVE)
    admin = login("admin.dinkes")
    assert admin.post(f"/admin/{emp.agency_id}/pegawai/{emp.id}/status-kepegawaian",
                      {"kind": "cuti", "effective_on": "2026-09-01", "note": "CLTN"}).status_code == 302
    return admin, emp


def test_the_list_counts_each_person_and_lists_the_people_on_leave_apart(login):
    admin, emp = _leave(login)
    page = admin.get(_url(tampil="semua")).get_data(as_text=True)
    counted, _, apart = page.partition('data-testid="completion-excluded"')
    assert emp.name not in counted and emp.name in apart and "Cuti di luar tanggungan negara" in apart
    assert "01-09-2026" in apart
    # the finished quarter of the demo: some rated, some late with their input (the deadline has passed)
    assert "✓" in counted and "batas pengisian 10-10-2026" in counted and "SKP 31-01-2026" in counted
    # leave that starts after the period ends leaves the person in that period's counts
    q2 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == _q3().period_id,
                                                      ReviewPeriod.seq == 2))
    earlier = admin.get(_url(periode=q2.id, tampil="semua")).get_data(as_text=True)
    assert emp.name in earlier.partition('data-testid="completion-excluded"')[0]


def test_the_exports_hold_the_same_list_with_the_same_filters(login):
    admin, emp = _leave(login)
    unit = employee("kabid.dinkes").unit_id
    counted, apart = xlsx_sheets(admin, _url("xlsx", unit=unit)).values()
    assert counted[0][:2] == ("NIP", "Nama") and len(counted) > 3
    assert any(r[0] == emp.nip for r in apart) and not any(r[0] == emp.nip for r in counted)
    response = admin.get(_url("pdf", unit=unit))
    assert response.headers["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert emp.nip in text and "Cuti di luar tanggungan negara" in text and employee("staf5.dinkes").nip in text


# who opens dinkes's list (agency) and the field unit's list: literal outcomes
ACCESS = {"admin.dinkes": (200, 200), "admin": (200, 200), "kadis.dinkes": (200, 200),
          "kabid.dinkes": (404, 200), "staf.dinkes": (404, 404), "admin.disdik": (404, 404),
          "kabid.disdik": (404, 404)}


@pytest.mark.parametrize(("actor", "expected"), ACCESS.items())
def test_completion_access(login, actor, expected):
    client, unit = login(actor), employee("staf5.dinkes").unit_id
    assert (client.get(_url()).status_code, client.get(_url(unit=unit)).status_code) == expected
    assert fetch(client, _url("xlsx", unit=unit))[0].status_code == expected[1]


def test_ids_of_another_agency_in_the_url_are_not_found(login):
    admin = login("admin.dinkes")
    disdik = employee("staf.disdik")
    other_review = db.session.scalar(select(ReviewPeriod.id).join(Plan, Plan.period_id == ReviewPeriod.period_id)
                                     .where(Plan.employee_id == employee("kabid.disdik").id))
    assert admin.get(f"/penyelesaian/{disdik.agency_id}").status_code == 404
    assert admin.get(_url(unit=disdik.unit_id)).status_code == 404
    assert admin.get(_url(periode=other_review)).status_code == 404


def test_the_list_costs_the_same_statements_for_a_few_and_for_many(login, monkeypatch):
    """The summary, a later page of everyone, and the xlsx: the same statements with 40 more people, and a page
    holds at most a page of them."""
    admin = login("admin.dinkes")
    admin.get(_url())
    monkeypatch.setattr(q, "PAGE", 5)
    costs = []
    for count, start in ((0, 0), (40, 0)):
        _grow(count, start) if count else None
        # someone who retired and was deactivated is still listed apart
        boss = employee("kabid.dinkes")
        gone = Employee(agency_id=boss.agency_id, unit_id=boss.unit_id, position_id=boss.position_id,
                        name=f"Pensiunan {count}", active=False, status="pensiun",
                        nip=make_nip(date(1960, 2, 2), (1985, 1), 1, 900 + count))
        db.session.add(gone)
        db.session.flush()
        db.session.add(StatusChange(employee_id=gone.id, kind="pensiun", effective_on=date(2026, 3, 1)))
        db.session.commit()
        cost = []
        with count_queries() as statements:
            page = admin.get(_url())
        assert page.status_code == 200 and f"Pensiunan {count}" in page.get_data(as_text=True)
        cost.append(len(statements))
        with count_queries() as statements:
            later = admin.get(_url(tampil="semua", halaman=2)).get_data(as_text=True)
        assert len(_listed(later)) == 5
        cost.append(len(statements))
        with count_queries() as statements:
            assert fetch(admin, _url("xlsx"))[0].status_code == 200
        cost.append(len(statements))
        costs.append(cost)
    print("completion statements (page, page 2 of everyone, xlsx) at two sizes:", costs)
    assert costs[0] == costs[1], costs


def test_reminders_go_before_the_deadline_to_the_late_and_their_supervisors_once(app, login):
    from datetime import timedelta

    from kinerja_web.models import Notification, User
    from kinerja_web.workflow.late_reminders import remind_late

    _leave(login)
    q4 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == _q3().period_id,
                                                      ReviewPeriod.seq == 4))
    deadline = q4.input_deadline
    with app.test_request_context():
        assert remind_late(deadline - timedelta(days=30)) == 0  # too early
        assert remind_late(deadline + timedelta(days=1)) == 0  # too late to remind
        first = remind_late(deadline - timedelta(days=3))
        assert first > 0 and remind_late(deadline - timedelta(days=2)) == 0  # one per person and deadline

    def notes(username):
        user = db.session.scalar(select(User).where(User.username == username))
        return db.session.execute(select(Notification.kind, Notification.params)
                                  .where(Notification.user_id == user.id,
                                         Notification.kind.in_(("completion_late", "completion_team_late")))).all()

    assert [kind for kind, _ in notes("staf5.dinkes")] == ["completion_late"]
    assert notes(ON_LEAVE) == []  # on leave since September: left out
    team = dict(notes("kabid.dinkes"))  # the kabid's own SKP may be late too: that is a note of its own
    assert "completion_team_late" in team and team["completion_team_late"]["count"] >= 5
    text = login("kabid.dinkes").get("/notifikasi").get_data(as_text=True)
    assert "belum menyelesaikan" in text


def _listed(html: str) -> list[str]:
    """The NIPs of the people the page lists (counted), in order."""
    table = html.partition('data-testid="completion-list"')[2].partition("</table>")[0]
    return re.findall(r'<small class="muted">(\d{18})</small>', table)


def _summary_row(html: str, title: str) -> list[int]:
    """The figures of the summary's row for ``title`` (a unit's name, or the agency's)."""
    table = html.partition('data-testid="completion-summary"')[2].partition("</table>")[0]
    row = next(r for r in table.split("<tr>") if re.search(f">{re.escape(str(escape(title)))}(</a>)?</th>", r))
    return [int(n) for n in re.findall(r'">(\d+)</a>', row)]


def test_the_summary_counts_what_the_exported_list_holds(login):
    admin, _emp = _leave(login)
    counted, apart = xlsx_sheets(admin, _url("xlsx")).values()
    yes = [[cell == "ya" for cell in row[4:8]] for row in counted[1:]]
    expected = [len(yes), *(sum(r[i] for r in yes) for i in range(4)), sum(not all(r) for r in yes),
                sum(bool(row[8]) for row in counted[1:]), len(apart) - 1]
    html = admin.get(_url()).get_data(as_text=True)
    assert _summary_row(html, employee("kabid.dinkes").agency.name) == expected
    # a unit's row counts its people (and those of the units below it), as the unit's own list does
    unit = employee("kabid.dinkes").unit
    in_unit = xlsx_sheets(admin, _url("xlsx", unit=unit.id))
    figures = _summary_row(html, unit.name)
    assert figures[0] == len(in_unit["Dihitung"]) - 1 and figures[-1] == len(in_unit["Dikecualikan"]) - 1


@pytest.mark.parametrize("show", q.SHOW)
def test_each_filter_lists_the_people_its_figure_counts(login, show):
    admin, _emp = _leave(login)
    counted = xlsx_sheets(admin, _url("xlsx"))["Dihitung"][1:]
    column = {"tanpa-skp": 4, "tanpa-realisasi": 5, "tanpa-bukti": 6, "belum-dinilai": 7}
    wanted = {"semua": lambda r: True, "belum": lambda r: "tidak" in r[4:8], "terlambat": lambda r: bool(r[8])}.get(
        show, lambda r: r[column.get(show, 0)] == "tidak")
    html = admin.get(_url(tampil=show)).get_data(as_text=True)
    assert _listed(html) == [r[0] for r in counted if wanted(r)]
    assert f'<option value="{show}" selected>' in html
    assert xlsx_sheets(admin, _url("xlsx", tampil=show))["Dihitung"][1:] == [r for r in counted if wanted(r)]


def test_an_agency_list_starts_with_the_incomplete_and_a_unit_list_with_everyone(login):
    admin = login("admin.dinkes")
    assert '<option value="belum" selected>' in admin.get(_url()).get_data(as_text=True)
    assert '<option value="belum" selected>' in admin.get(_url(tampil="nonsense")).get_data(as_text=True)
    unit = admin.get(_url(unit=employee("kabid.dinkes").unit_id)).get_data(as_text=True)
    assert '<option value="semua" selected>' in unit


def test_the_pages_of_the_list_keep_the_filters_and_hold_everyone_once(login, monkeypatch):
    admin, _emp = _leave(login)
    unit = employee("kabid.dinkes").unit_id
    everyone = [r[0] for r in xlsx_sheets(admin, _url("xlsx", unit=unit))["Dihitung"][1:]]
    monkeypatch.setattr(q, "PAGE", 2)
    seen, url, pages = [], _url(unit=unit, tampil="semua"), 0
    while url:
        html = admin.get(url).get_data(as_text=True)
        seen += _listed(html)
        pages += 1
        found = re.search(r'<a rel="next" href="([^"]+)"', html)
        url = found and found.group(1).replace("&amp;", "&")
        if url:
            assert f"unit={unit}" in url and f"periode={_q3().id}" in url and "tampil=semua" in url
            assert f"halaman={pages + 1}" in url
    assert seen == everyone and pages == (len(everyone) + 1) // 2 > 1
    back = re.search(r'<a rel="prev" href="([^"]+)"', html).group(1)
    assert f"halaman={pages - 1}" in back and "tampil=semua" in back
    # a page beyond the last shows the last
    assert _listed(admin.get(_url(unit=unit, tampil="semua", halaman=999)).get_data(as_text=True)) == _listed(html)


def test_the_people_left_out_have_pages_of_their_own(login, monkeypatch):
    admin, emp = _leave(login)
    other = employee("staf5.dinkes")
    assert admin.post(f"/admin/{other.agency_id}/pegawai/{other.id}/status-kepegawaian",
                      {"kind": "cuti", "effective_on": "2026-08-01", "note": "CLTN"}).status_code == 302
    monkeypatch.setattr(q, "PAGE", 1)
    first = admin.get(_url(tampil="terlambat", halaman=2)).get_data(as_text=True)
    apart = first.partition('data-testid="completion-excluded"')[2]
    link = re.search(r'data-testid="completion-excluded-pages">.*?<a rel="next" href="([^"]+)"', first, re.S)
    url = link.group(1).replace("&amp;", "&")
    assert "halaman_keluar=2" in url and "halaman=2" in url and "tampil=terlambat" in url
    second = admin.get(url).get_data(as_text=True).partition('data-testid="completion-excluded"')[2]
    names = {emp.name, other.name}
    assert sum(n in apart for n in names) == 1 and sum(n in second for n in names) == 1
    assert {n for n in names if n in apart} != {n for n in names if n in second}


def test_a_pdf_too_long_for_paper_is_refused_with_the_way_to_the_xlsx(login, monkeypatch):
    import kinerja_web.completion as view

    admin = login("admin.dinkes")
    monkeypatch.setattr(view, "PDF_LIMIT", 3)
    response = admin.get(_url("pdf", tampil="semua"))
    assert response.status_code == 302 and "tampil=semua" in response.headers["Location"]
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "paling banyak 3 orang" in page and "xlsx" in page
