"""Role × action × (own / other / other-agency) for every planning and admin route.

Expected outcomes come from the literal tables below, not from the access
policy itself, so a policy bug shows up as a mismatch.
"""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

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
    ("GET", "/skp/{p}/bukan-atasan", "report"),
    ("POST", "/skp/{p}/bukan-atasan", "report"),  # neither NIP nor note: refused, nothing reported
)


def allowed(need: str, relation: str, status: str) -> bool:
    if need == "view":
        return relation in VISIBLE
    if need == "edit":
        return relation == "owner" and status in ("draft", "returned")
    if need == "revise":
        return relation == "owner" and status == "approved"
    if need == "report":  # "this is not my supervisor": only ever about oneself
        return relation == "owner"
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


def _disdik_request() -> int:
    """The demo's waiting request to reopen a period, of a disdik employee."""
    from kinerja_web.models import ReopenRequest

    return db.session.scalar(select(ReopenRequest.id).join(ReopenRequest.employee).join(Agency)
                             .where(Agency.code == "disdik", ReopenRequest.status == "pending"))


def _disdik_correction() -> int:
    """The demo's waiting report "this is not my supervisor", of a disdik employee."""
    from kinerja_web.models import SupervisorCorrection

    return db.session.scalar(select(SupervisorCorrection.id).join(SupervisorCorrection.employee).join(Agency)
                             .where(Agency.code == "disdik", SupervisorCorrection.status == "pending"))


ADMIN_ROUTES = (
    ("GET", "/admin/", "enter"),
    ("GET", "/admin/plugins", "enter"),
    ("POST", "/admin/plugins/switch", "province"),  # nothing named: refused, nothing switched
    ("GET", "/admin/{a}", "manage"),
    ("GET", "/admin/{a}/employees", "manage"),
    ("GET", "/admin/{a}/employees/{e}", "manage"),
    ("POST", "/admin/{a}/employees/{e}", "manage"),
    ("GET", "/admin/{a}/units/baru", "manage"),
    ("GET", "/admin/{a}/periode", "manage"),
    ("GET", "/admin/instansi/baru", "province"),
    ("POST", "/admin/{a}/aktif", "province_object", {"active": "1"}),
    ("POST", "/admin/{a}/employees/{e}/status", "manage", {"active": "1"}),
    ("GET", "/admin/{a}/permintaan-pembukaan", "manage"),
    ("POST", "/admin/{a}/permintaan-pembukaan/{q}/tolak", "manage"),  # no note: refused, nothing decided
    ("POST", "/admin/{a}/permintaan-pembukaan/{q}/setujui", "manage"),  # no date: refused, nothing decided
    ("GET", "/admin/{a}/hierarki", "manage"),
    ("POST", "/admin/{a}/hierarki/{e}/atasan", "manage"),  # no supervisor chosen: refused, nothing changed
    ("POST", "/admin/{a}/hierarki/{e}/pengingat", "manage"),  # nobody waits for staf's SKP: nothing sent
    ("POST", "/admin/{a}/hierarki/laporan/{c}/tolak", "manage"),  # no note: refused, nothing decided
    ("POST", "/admin/{a}/hierarki/laporan/{c}/terima", "manage"),  # no NIP, none named: refused
    ("GET", "/ekspor/audit/{a}.csv", "manage"),  # the audit trail's export: as the audit page
    ("GET", "/ekspor/e-kinerja/{a}.xlsx", "manage"),  # the agency's year for e-Kinerja
    ("GET", "/admin/{a}/impor-pegawai", "manage"),
    ("POST", "/admin/{a}/impor-pegawai", "manage"),  # no file: refused, nothing read
    ("GET", "/admin/{a}/impor-pegawai/templat.csv", "manage"),  # the template is the agency's roster
    ("GET", "/admin/{a}/api-token", "manage"),  # the JSON API's tokens of the agency
    ("POST", "/admin/{a}/api-token", "manage"),  # no name: refused, no token made
    ("GET", "/admin/api-token", "province"),  # province-wide tokens
    ("POST", "/admin/api-token", "province"),  # no name: refused, no token made
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
    request_id = _disdik_request()
    correction_id = _disdik_correction()
    client = login(actor)
    client.get("/login")
    mismatches = []
    for method, template, need, *data in ADMIN_ROUTES:
        url = template.format(a=agency_id, e=emp_id, q=request_id, c=correction_id)
        # an export is streamed: read it within the request (buffered), as a server would
        response = (client.get(url, buffered=url.startswith("/ekspor/") or "/templat." in url) if method == "GET"
                    else client.post(url, data[0] if data else {}))
        want = ADMIN_TABLE[actor][need]
        got = response.status_code
        ok = got in (200, 302, 422) if want == "ok" else got == want
        if not ok:
            mismatches.append(f"{method} {url}: got {got}, want {want}")
    assert not mismatches, f"{actor}:\n" + "\n".join(mismatches)


@pytest.mark.parametrize("actor", ADMIN_TABLE)
def test_revoking_an_api_token_follows_the_access_table(login, actor):
    """A disdik token is revoked by its agency's admin or the province admin; another agency's admin does not
    find it, not even through their own agency's URL."""
    from kinerja_web import workflow
    from kinerja_web.models import ApiToken, User

    agency_id, _, _ = _ids()
    maker = db.session.scalar(select(User).where(User.username == "admin.disdik"))
    token, _secret = workflow.api_tokens.create_token(db.session.get(Agency, agency_id), maker, "matrix")
    client = login(actor)
    client.get("/login")
    got = client.post(f"/admin/{agency_id}/api-token/{token.id}/cabut").status_code
    want = ADMIN_TABLE[actor]["manage"]
    assert got == 302 if want == "ok" else got == want
    if actor == "admin.dinkes":  # its own agency's URL with a disdik token id: not found
        own = db.session.scalar(select(Agency.id).where(Agency.code == "dinkes"))
        assert client.post(f"/admin/{own}/api-token/{token.id}/cabut").status_code == 404
        assert client.post(f"/admin/api-token/{token.id}/cabut").status_code == 403
    db.session.expire_all()
    assert (db.session.get(ApiToken, token.id).revoked_at is not None) == (want == "ok")


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


# Execution routes on staf3.dinkes's approved plan (it has realisations, evidence and feedback).
EXECUTION_ROUTES = (
    ("GET", "/skp/{p}/pemantauan", "view"),
    ("GET", "/skp/{p}/iki/{i}/realisasi/{q}", "view"),
    ("GET", "/ekspor/skp/{p}/realisasi.csv", "view"),  # the monitoring page's export
    ("GET", "/skp/{p}/impor-realisasi", "record"),  # that sheet filled in and imported back
    ("POST", "/skp/{p}/impor-realisasi", "record"),  # no file: refused, nothing read
    ("GET", "/bukti/{ev}", "view"),
    ("POST", "/skp/{p}/iki/{i}/realisasi/{q}", "record"),
    ("POST", "/skp/{p}/umpan-balik", "supervise"),
    ("POST", "/skp/{p}/dialog", "supervise"),
    ("POST", "/skp/{p}/masukan", "supervise"),
    ("POST", "/umpan-balik/{fb}/balas", "reply"),
    ("POST", "/bukti/{ev}/hapus", "record"),
)
EXECUTION_RELATION = {
    "staf3.dinkes": "owner",
    "kabid.dinkes": "supervisor",
    "kadis.dinkes": "second_supervisor",
    "staf.dinkes": "peer",
    "staf3.disdik": "stranger",
    "admin.dinkes": "admin",
    "admin.disdik": "stranger",
    "admin": "admin",
}
EXECUTION_ALLOWED = {"view": VISIBLE, "record": {"owner"}, "reply": {"owner"}, "supervise": {"supervisor"}}


def _execution_ids():
    from kinerja_web.models import Evidence, Feedback, Realization, ReviewPeriod

    plan = plan_of("staf3.dinkes")
    ind_ids = [i.id for r in plan.results for i in r.indicators]
    ev = db.session.scalar(select(Evidence).join(Realization).where(Realization.indicator_id.in_(ind_ids)))
    fb = db.session.scalar(select(Feedback).where(Feedback.plan_id == plan.id, Feedback.parent_id.is_(None)))
    q4 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                      ReviewPeriod.seq == 4))
    return {"p": plan.id, "i": ind_ids[0], "q": q4.id, "ev": ev.id, "fb": fb.id}


@pytest.mark.parametrize("actor", EXECUTION_RELATION)
def test_execution_routes_follow_the_access_table(login, actor):
    ids = _execution_ids()
    relation = EXECUTION_RELATION[actor]
    client = login(actor)
    client.get("/login")
    mismatches = []
    for method, template, need in EXECUTION_ROUTES:
        url = template.format(**ids)
        response = (client.get(url, buffered=url.startswith("/ekspor/")) if method == "GET"
                    else client.post(url, {"body": "x", "value": "1"}))
        response.close()
        if relation in EXECUTION_ALLOWED[need]:
            ok = response.status_code in (200, 302, 422)
            want = "ok"
        else:
            want = 403 if relation in VISIBLE else 404
            ok = response.status_code == want
        if not ok:
            mismatches.append(f"{method} {url} ({need}): got {response.status_code}, want {want}")
    assert not mismatches, f"{actor}:\n" + "\n".join(mismatches)


def test_evidence_ids_of_other_people_are_not_found(login):
    from kinerja_web.models import Evidence

    mine = _execution_ids()["ev"]
    others = db.session.scalars(select(Evidence.id).where(Evidence.id != mine)).all()
    client = login("staf3.disdik")
    for ev_id in others[:10]:
        response = client.get(f"/bukti/{ev_id}")
        response.close()
        assert response.status_code in (404, 200)
        if response.status_code == 200:  # only their own
            ev = db.session.get(Evidence, ev_id)
            assert ev.realization.indicator.result.plan.employee_id == employee("staf3.disdik").id
    assert client.get("/bukti/999999").status_code == 404


# The request to reopen a period concerns the signed-in person's own current plan only: the same
# review period id is theirs for staff of its agency with an approved plan, and nobody else's.
REOPEN_FORM = {"staf6.dinkes": 200, "kabid.dinkes": 200, "staf2.dinkes": 404, "staf6.disdik": 404,
               "admin.dinkes": 404, "admin": 404}


@pytest.mark.parametrize("actor", REOPEN_FORM)
def test_the_reopening_request_form_only_ever_concerns_ones_own_plan(login, actor):
    from kinerja_web.models import ReopenRequest, ReviewPeriod

    plan = plan_of("staf6.dinkes")
    q3 = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                      ReviewPeriod.seq == 3))
    client = login(actor)
    assert client.get(f"/realisasi/buka-kembali/{q3.id}").status_code == REOPEN_FORM[actor]
    before = db.session.scalar(select(func.count(ReopenRequest.id)))
    response = client.post(f"/realisasi/buka-kembali/{q3.id}", {"reason": "Tolong dibuka"})
    assert response.status_code in ((302, 422) if REOPEN_FORM[actor] == 200 else (404,))
    mine = db.session.scalars(select(ReopenRequest).where(ReopenRequest.id > 0)).all()[before:]
    assert all(r.employee_id == employee(actor).id for r in mine)


# The public satisfaction survey (IKM) of the demo's Puskesmas (dinkes): its results are read by the head of
# the unit (staf10), the head of the unit above (kabid), the head of the agency and the admins; the admin
# of the agency runs it. Destructive routes last (close, then open again).
IKM_ROUTES = (
    ("GET", "/ikm/{s}", "view"),
    ("GET", "/admin/{a}/ikm", "manage"),
    ("POST", "/admin/{a}/ikm", "manage"),  # neither unit nor title: refused, nothing created
    ("POST", "/admin/{a}/ikm/{s}/tutup", "manage"),
    ("POST", "/admin/{a}/ikm/{s}/buka", "manage"),
)
IKM_TABLE = {
    "staf10.dinkes": {"view": "ok", "manage": 403},
    "kabid.dinkes": {"view": "ok", "manage": 403},
    "kadis.dinkes": {"view": "ok", "manage": 403},
    "staf.dinkes": {"view": 404, "manage": 403},
    "staf.disdik": {"view": 404, "manage": 403},
    "kabid.disdik": {"view": 404, "manage": 403},
    "admin.dinkes": {"view": "ok", "manage": "ok"},
    "admin.disdik": {"view": 404, "manage": 404},
    "admin": {"view": "ok", "manage": "ok"},
}


def _ikm_survey():
    from kinerja_web.models import Survey

    return db.session.scalar(select(Survey).join(Agency).where(Agency.code == "dinkes"))


@pytest.mark.parametrize("actor", IKM_TABLE)
def test_ikm_routes_follow_the_access_table(login, actor):
    survey = _ikm_survey()
    client = login(actor)
    client.get("/login")
    mismatches = []
    for method, template, need in IKM_ROUTES:
        url = template.format(a=survey.agency_id, s=survey.id)
        response = client.get(url) if method == "GET" else client.post(url, {})
        want = IKM_TABLE[actor][need]
        ok = response.status_code in (200, 302, 422) if want == "ok" else response.status_code == want
        if not ok:
            mismatches.append(f"{method} {url}: got {response.status_code}, want {want}")
    assert not mismatches, f"{actor}:\n" + "\n".join(mismatches)


def test_changing_the_survey_id_never_reveals_another_units_results(login):
    """A disdik unit gets a survey: the dinkes Puskesmas head, and dinkes's kabid above it, cannot read it
    by its id, and disdik's kabid cannot read the dinkes one."""
    from kinerja_web.models import Survey, Unit

    dinkes = _ikm_survey()
    unit = db.session.scalar(select(Unit).join(Agency).where(Agency.code == "disdik", Unit.parent_id.is_not(None)))
    other = Survey(agency_id=unit.agency_id, unit_id=unit.id, title="Survei Bidang SMA")
    db.session.add(other)
    db.session.commit()
    for who, survey in (("staf10.dinkes", other), ("kabid.dinkes", other), ("kabid.disdik", dinkes),
                        ("staf.disdik", dinkes)):
        page = login(who).get(f"/ikm/{survey.id}")
        assert page.status_code == 404, who
        assert survey.title not in page.get_data(as_text=True)
    assert login("kabid.disdik").get(f"/ikm/{other.id}").status_code == 200


# The performance tree: what part of their own agency's tree each actor sees, and another agency's (not found).
TREE_TABLE = {
    "kadis.dinkes": ("agency", 404),
    "admin.dinkes": ("agency", 404),
    "admin": ("agency", "agency"),
    "kabid.dinkes": ("unit", 404),
    "staf10.dinkes": ("unit", 404),  # heads the Puskesmas, a unit below kabid's
    "staf.dinkes": ("own", 404),
}


@pytest.mark.parametrize("actor", TREE_TABLE)
def test_the_performance_tree_follows_the_access_table(login, actor):
    own, other = TREE_TABLE[actor]
    client = login(actor)
    for code, want in (("dinkes", own), ("disdik", other)):
        response = client.get(f"/pohon-kinerja?instansi={code}")
        if want == 404:
            assert response.status_code == 404, (actor, code)
            assert "Dinas Pendidikan" not in response.get_data(as_text=True)
        else:
            assert response.status_code == 200, (actor, code)
            assert f'data-scope="{want}"' in response.get_data(as_text=True), (actor, code)


def test_a_branch_id_of_another_agency_never_shows_its_rhk(login):
    from kinerja_web.models import WorkResult

    foreign = plan_of("kabid.disdik").results[0]
    page = login("kadis.dinkes").get(f"/pohon-kinerja?fokus={foreign.id}").get_data(as_text=True)
    assert 'data-testid="focus"' not in page and f'data-testid="node-{foreign.id}"' not in page
    assert db.session.get(WorkResult, foreign.id).text not in page


# Leaders' dashboards and the lists behind their numbers (dinkes's objects; disdik's for "other"): the agency's
# head and admins see the agency, a unit head their unit and those below it, the province admin everything.
DASHBOARD_ROUTES = (
    ("/dasbor/provinsi", "province"),
    ("/dasbor/unit/{bidang}", "bidang"),
    ("/dasbor/unit/{office}", "agency"),
    ("/dasbor/{a}/terlambat/realisasi?unit={bidang}", "bidang"),
    ("/dasbor/{a}/predikat/baik?unit={bidang}", "bidang"),
    ("/dasbor/{a}/capaian?unit={bidang}&sendiri=1", "bidang"),
    ("/dasbor/{a}/terlambat/skp", "agency"),
    ("/dasbor/{a}/capaian", "agency"),
    ("/dasbor/unit/{other_unit}", "other"),
    ("/dasbor/{other}/terlambat/penilaian", "other"),
)
# actor → the scopes they may see; the province page answers 403 to the others, an object 404
DASHBOARD_TABLE = {
    "admin": {"province", "agency", "bidang", "other"},
    "admin.dinkes": {"agency", "bidang"},
    "kadis.dinkes": {"agency", "bidang"},
    "kabid.dinkes": {"bidang"},
    "staf10.dinkes": set(),  # heads the Puskesmas below the Bidang, not the Bidang
    "staf.dinkes": set(),
    "admin.disdik": {"other"},
    "kadis.disdik": {"other"},
}


@pytest.mark.parametrize("actor", DASHBOARD_TABLE)
def test_dashboard_routes_follow_the_access_table(login, actor):
    from kinerja_web.models import Unit

    agency = db.session.scalar(select(Agency).where(Agency.code == "dinkes"))
    other = db.session.scalar(select(Agency).where(Agency.code == "disdik"))
    ids = {"a": agency.id, "other": other.id, "bidang": employee("kabid.dinkes").unit_id,
           "office": employee("kadis.dinkes").unit_id,
           "other_unit": db.session.scalar(select(Unit.id).where(Unit.agency_id == other.id))}
    client = login(actor)
    mismatches = []
    for template, scope in DASHBOARD_ROUTES:
        url = template.format(**ids)
        want = 200 if scope in DASHBOARD_TABLE[actor] else 403 if scope == "province" else 404
        got = client.get(url).status_code
        if got != want:
            mismatches.append(f"GET {url}: got {got}, want {want}")
    assert not mismatches, f"{actor}:\n" + "\n".join(mismatches)
