"""Role × action × (own / other / other-agency) for every planning and admin route.

Expected outcomes come from the literal tables below, not from the access
policy itself, so a policy bug shows up as a mismatch.
"""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Agency, Employee
from tests.helpers import employee, plan_of

# How each actor relates to the disdik staff whose plans are probed.
RELATION = {
    "kabid.disdik": "supervisor",
    "kadis.disdik": "second_supervisor",
    "staf.disdik": "peer",
    "staf.dinkes": "stranger",
    "kabid.dinkes": "stranger",
    "admin.disdik": "admin",
    "admin.dinkes": "stranger",
    "admin": "admin",
}
VISIBLE = {"owner", "supervisor", "second_supervisor", "admin"}

# Plans probed: owner and status in the demo data.
PLANS = {"staf4.disdik": "draft", "staf2.disdik": "submitted", "staf3.disdik": "approved"}

# route, method, what it needs. Destructive routes come last.
ROUTES = (
    ("GET", "/skp/{p}", "view"),
    ("GET", "/skp/{p}/rhk/{r}", "edit"),
    ("GET", "/skp/{p}/iki/{i}", "edit"),
    ("GET", "/skp/{p}/tinjau", "review"),
    ("POST", "/skp/{p}/tinjau", "review"),
    ("POST", "/skp/{p}/pengaturan", "edit"),
    ("POST", "/skp/{p}/rhk", "edit"),
    ("POST", "/skp/{p}/rhk/{r}", "edit"),
    ("POST", "/skp/{p}/rhk/{r}/iki", "edit"),
    ("POST", "/skp/{p}/iki/{i}", "edit"),
    ("POST", "/skp/{p}/revisi", "revise"),
    ("POST", "/skp/{p}/iki/{i}/hapus", "edit"),
    ("POST", "/skp/{p}/rhk/{r}/hapus", "edit"),
    ("POST", "/skp/{p}/ajukan", "edit"),
)


def allowed(need: str, relation: str, status: str) -> bool:
    if need == "view":
        return relation in VISIBLE
    if need == "edit":
        return relation == "owner" and status in ("draft", "returned")
    if need == "revise":
        return relation == "owner" and status == "approved"
    if need == "review":
        return relation == "supervisor" and status == "submitted"
    raise AssertionError(need)


def expected(need, relation, status):
    if allowed(need, relation, status):
        return "ok"
    return 403 if relation in VISIBLE else 404


@pytest.mark.parametrize("owner", PLANS)
@pytest.mark.parametrize("actor", [*RELATION, "owner"])
def test_planning_routes_follow_the_access_table(login, owner, actor):
    username = owner if actor == "owner" else actor
    relation = "owner" if actor == "owner" else RELATION[actor]
    plan = plan_of(owner)
    ids = {"p": plan.id, "r": plan.results[0].id, "i": plan.results[0].indicators[0].id}
    status = PLANS[owner]
    client = login(username)
    client.get("/skp" if employee(username) else "/admin/")
    mismatches = []
    for method, template, need in ROUTES:
        url = template.format(**ids)
        response = client.get(url) if method == "GET" else client.post(url, {})
        want = expected(need, relation, status)
        got = response.status_code
        ok = got in (200, 302, 422) if want == "ok" else got == want
        if not ok:
            mismatches.append(f"{method} {url} ({need}): got {got}, want {want}")
    assert not mismatches, f"{username} on {owner}'s {status} plan:\n" + "\n".join(mismatches)


def test_changing_the_plan_id_in_the_url_never_reveals_another_persons_plan(login):
    client = login("staf.disdik")
    others = [plan_of(u) for u in ("kadis.dinkes", "staf2.dispar", "staf3.disdik")]
    for plan in others:
        for url in (f"/skp/{plan.id}", f"/skp/{plan.id}/rhk/{plan.results[0].id}"):
            response = client.get(url)
            assert response.status_code == 404
            assert plan.employee.name not in response.get_data(as_text=True)


def test_a_result_id_from_another_plan_is_not_found_even_in_my_own_plan_url(login):
    mine = plan_of("staf4.disdik")
    foreign = plan_of("staf2.disdik").results[0]
    client = login("staf4.disdik")
    assert client.get(f"/skp/{mine.id}/rhk/{foreign.id}").status_code == 404
    assert client.post(f"/skp/{mine.id}/rhk/{foreign.id}/hapus").status_code == 404
    assert client.get(f"/skp/{mine.id}/iki/{foreign.indicators[0].id}").status_code == 404


def test_accounts_without_an_employee_cannot_create_a_plan(login):
    assert login("admin.disdik").get("/skp/baru").status_code == 403


def _ids():
    disdik = db.session.scalar(select(Agency).where(Agency.code == "disdik"))
    dinkes_emp = db.session.scalar(select(Employee).join(Agency).where(Agency.code == "dinkes"))
    disdik_emp = employee("staf.disdik")
    return disdik.id, disdik_emp.id, dinkes_emp.id


ADMIN_ROUTES = (
    ("GET", "/admin/", "enter"),
    ("GET", "/admin/plugins", "enter"),
    ("GET", "/admin/{a}", "manage"),
    ("GET", "/admin/{a}/employees", "manage"),
    ("GET", "/admin/{a}/employees/{e}", "manage"),
    ("POST", "/admin/{a}/employees/{e}", "manage"),
    ("GET", "/admin/{a}/units/baru", "manage"),
    ("GET", "/admin/{a}/periode", "manage"),
    ("GET", "/admin/instansi/baru", "province"),
    ("POST", "/admin/{a}/aktif", "province_object"),
)

# actor → need → expected status for disdik's objects
ADMIN_TABLE = {
    "staf.disdik": {"enter": 403, "manage": 403, "province": 403, "province_object": 403},
    "kadis.disdik": {"enter": 403, "manage": 403, "province": 403, "province_object": 403},
    "admin.disdik": {"enter": "ok", "manage": "ok", "province": 403, "province_object": 403},
    "admin.dinkes": {"enter": "ok", "manage": 404, "province": 403, "province_object": 404},
    "admin": {"enter": "ok", "manage": "ok", "province": "ok", "province_object": "ok"},
}


@pytest.mark.parametrize("actor", ADMIN_TABLE)
def test_admin_routes_follow_the_access_table(login, actor):
    agency_id, emp_id, _ = _ids()
    client = login(actor)
    client.get("/login")
    mismatches = []
    for method, template, need in ADMIN_ROUTES:
        url = template.format(a=agency_id, e=emp_id)
        response = client.get(url) if method == "GET" else client.post(url, {})
        want = ADMIN_TABLE[actor][need]
        got = response.status_code
        ok = got in (200, 302, 422) if want == "ok" else got == want
        if not ok:
            mismatches.append(f"{method} {url}: got {got}, want {want}")
    assert not mismatches, f"{actor}:\n" + "\n".join(mismatches)


def test_agency_admin_cannot_reach_another_agencys_employee_through_their_own_agency_url(login):
    agency_id, _, foreign_emp = _ids()
    client = login("admin.disdik")
    assert client.get(f"/admin/{agency_id}/employees/{foreign_emp}").status_code == 404
    assert client.post(f"/admin/{agency_id}/employees/{foreign_emp}", {"name": "x"}).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    plan = plan_of("staf3.disdik")
    for url in ("/skp", f"/skp/{plan.id}", "/skp/antrian", "/admin/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]
