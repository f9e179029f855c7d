"""The read-only JSON API: token authentication, scoping to the token's agency by the access policy,
keyset pagination, provenance of scores and predikat, constant statement counts, and the audited token
lifecycle (made, revoked, refused)."""
from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from kinerja_web import workflow
from kinerja_web.extensions import db
from kinerja_web.models import Agency, ApiToken, AuditEntry, Employee, Evaluation, Plan, User
from tests.conftest import TODAY, base_config
from tests.helpers import Client, count_queries, employee, plan_of

ENDPOINTS = ("/api/v1/employees", "/api/v1/plans", "/api/v1/realisations", "/api/v1/evaluations")


def agency(code: str) -> Agency:
    return db.session.scalar(select(Agency).where(Agency.code == code))


def user(name: str) -> User:
    return db.session.scalar(select(User).where(User.username == name))


def make_token(code: str | None = "disdik", by: str | None = None, **kw) -> tuple[ApiToken, str]:
    """A token of agency ``code`` (None: province-wide) made by its admin (or the province admin)."""
    actor = user(by or (f"admin.{code}" if code else "admin"))
    return workflow.api_tokens.create_token(agency(code) if code else None, actor, kw.pop("name", "Uji"), **kw)


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def api(app):
    return Client(app.test_client())


def denials() -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == "api_token.denied")
                                   .order_by(AuditEntry.id)))


# --- authentication -------------------------------------------------------------------------------------

@pytest.mark.parametrize("header", [None, "Bearer", "Bearer knj_not-a-real-token", "Basic YWRtaW46YWRtaW4=",
                                    "Bearer " + "x" * 300, "knj_abc"])
def test_a_request_without_a_valid_token_is_refused_with_401(api, header):
    headers = {"Authorization": header} if header else {}
    for url in ENDPOINTS:
        response = api.get(url, headers=headers)
        assert response.status_code == 401, (url, header)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.json["error"]["code"] in ("missing", "unknown")
        assert response.json["error"]["message_id"]  # the Indonesian words beside the English


def test_an_unknown_token_is_audited_but_a_request_without_any_is_not(api):
    api.get("/api/v1/employees")
    assert denials() == []
    api.get("/api/v1/employees", headers=bearer("knj_" + "a" * 43))
    [entry] = denials()
    assert entry.after["reason"] == "unknown" and entry.after["path"] == "/api/v1/employees"
    assert entry.object_type == "ApiToken" and entry.object_id is None


def test_a_revoked_token_is_refused_at_once_and_the_refusal_is_audited(api, login):
    token, secret = make_token()
    assert api.get("/api/v1/employees", headers=bearer(secret)).status_code == 200
    workflow.api_tokens.revoke_token(token, user("admin.disdik"))
    response = api.get("/api/v1/employees", headers=bearer(secret))
    assert response.status_code == 401 and response.json["error"]["code"] == "revoked"
    [entry] = denials()
    assert (entry.object_id, entry.agency_id, entry.after["reason"]) == (token.id, agency("disdik").id, "revoked")
    trail = login("admin.disdik").get(f"/admin/{agency('disdik').id}/audit?aksi=api_token").get_data(as_text=True)
    assert all(action in trail for action in ("api_token.create", "api_token.revoke", "api_token.denied"))


def test_a_token_works_through_its_last_day_and_not_after(api, app):
    token, secret = make_token(expires_on=TODAY)
    assert api.get("/api/v1/employees", headers=bearer(secret)).status_code == 200
    token.expires_on = TODAY - timedelta(days=1)
    db.session.commit()
    response = api.get("/api/v1/employees", headers=bearer(secret))
    assert response.status_code == 401 and response.json["error"]["code"] == "expired"
    assert denials()[-1].after["reason"] == "expired"


def test_a_token_of_a_deactivated_agency_reads_nothing(api):
    _token, secret = make_token()
    workflow.admin.set_agency_active(agency("disdik"), user("admin"), False)
    response = api.get("/api/v1/employees", headers=bearer(secret))
    assert response.status_code == 403 and response.json["error"]["code"] == "agency_inactive"


def test_the_api_never_accepts_a_session_cookie(login):
    admin = login("admin.disdik")
    assert admin.get(f"/admin/{agency('disdik').id}").status_code == 200  # logged in on the pages
    for url in ENDPOINTS:
        response = admin.get(url)
        assert response.status_code == 401 and response.json["error"]["code"] == "missing"


def test_with_a_cookie_and_a_token_the_token_alone_decides(login):
    _token, secret = make_token("dinkes")
    admin = login("admin.disdik")  # a disdik session does not widen a dinkes token
    data = admin.get("/api/v1/employees?limit=200", headers=bearer(secret)).json["data"]
    assert data and {e["agency"]["code"] for e in data} == {"dinkes"}


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_the_api_is_read_only(api, method):
    _token, secret = make_token()
    before = db.session.scalar(select(func.count(Employee.id)))
    for url in (*ENDPOINTS, f"/api/v1/employees/{employee('staf.disdik').id}"):
        response = api._open(method, url, headers=bearer(secret), json={"name": "x"})
        assert response.status_code == 405, (method, url)
    assert db.session.scalar(select(func.count(Employee.id))) == before


# --- scope: the access policy, as on the pages -------------------------------------------------------------

def test_an_agency_token_lists_only_its_agency(api):
    _token, secret = make_token("disdik")
    disdik = agency("disdik").id
    for url in ENDPOINTS:
        data = api.get(url + "?limit=200", headers=bearer(secret)).json["data"]
        assert data, url
        ids = {row["agency"]["id"] if "agency" in row else row["agency_id"] for row in data}
        assert ids == {disdik}, url


def test_changing_an_id_never_reaches_another_agency(api):
    token, secret = make_token("disdik")
    dinkes = agency("dinkes")
    foreign_plan = plan_of("staf.dinkes")
    foreign_ev = db.session.scalar(select(Evaluation).where(Evaluation.plan_id == foreign_plan.id))
    urls = [f"/api/v1/employees/{employee('staf.dinkes').id}", f"/api/v1/plans/{foreign_plan.id}",
            f"/api/v1/evaluations/{foreign_ev.id}", *(f"{url}?agency={dinkes.id}" for url in ENDPOINTS),
            f"/api/v1/realisations?plan={foreign_plan.id}", f"/api/v1/employees?unit={employee('staf.dinkes').unit_id}"]
    for url in urls:
        response = api.get(url, headers=bearer(secret))
        if "?plan=" in url or "?unit=" in url:  # a filter on another agency's row finds nothing of it
            assert response.status_code == 200 and response.json["data"] == [], url
        else:
            assert response.status_code == 404, url
            assert foreign_plan.employee.name not in response.get_data(as_text=True)
    refused = [e for e in denials() if e.after["reason"] == "outside_scope"]
    assert len(refused) == 3 + len(ENDPOINTS)
    assert {e.object_id for e in refused} == {token.id}


def test_own_agency_rows_are_read_by_id(api):
    _token, secret = make_token("disdik")
    plan = plan_of("staf3.disdik")
    assert api.get(f"/api/v1/plans/{plan.id}", headers=bearer(secret)).json["id"] == plan.id
    body = api.get(f"/api/v1/employees/{employee('staf3.disdik').id}", headers=bearer(secret)).json
    assert body["nip"] == employee("staf3.disdik").nip and body["supervisor"]["nip"] == employee("kabid.disdik").nip
    assert api.get("/api/v1/plans/2147483647", headers=bearer(secret)).status_code == 404


def test_a_province_token_reads_every_agency_or_the_one_it_names(api):
    _token, secret = make_token(None)
    everyone = api.get("/api/v1/employees?limit=200", headers=bearer(secret)).json["data"]
    assert {e["agency"]["code"] for e in everyone} == {"disdik", "dinkes", "dispar"}
    dispar = agency("dispar").id
    named = api.get(f"/api/v1/employees?agency={dispar}&limit=200", headers=bearer(secret)).json["data"]
    assert named and {e["agency"]["id"] for e in named} == {dispar}
    assert api.get("/api/v1/employees?agency=999999", headers=bearer(secret)).status_code == 404


def test_only_an_admin_of_the_agency_or_the_province_makes_a_token(app):
    for name, code in (("admin.dinkes", "disdik"), ("staf.disdik", "disdik"), ("admin.disdik", None)):
        with pytest.raises(Exception) as refused:
            make_token(code, by=name)
        assert getattr(refused.value, "code", None) in (403, 404), name
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0
    assert make_token("disdik", by="admin")[0].agency_id == agency("disdik").id


# --- pagination and filters ------------------------------------------------------------------------------

def test_pages_follow_the_next_link_through_every_row_once(api):
    _token, secret = make_token("dinkes")
    everyone = [e["id"] for e in api.get("/api/v1/employees?limit=200", headers=bearer(secret)).json["data"]]
    assert len(everyone) > 5
    seen, url, pages = [], "/api/v1/employees?limit=3", 0
    while url:
        response = api.get(url, headers=bearer(secret))
        body = response.json
        seen += [e["id"] for e in body["data"]]
        assert len(body["data"]) <= 3
        url = body["next"]
        assert (response.headers.get("Link") is not None) == (url is not None)
        if url:
            assert response.headers["Link"] == f'<{url}>; rel="next"'
            assert "limit=3" in url
        pages += 1
    assert seen == everyone and pages == -(-len(everyone) // 3)


@pytest.mark.parametrize("query", ["limit=0", "limit=201", "limit=abc", "after=-1", "year=1999", "agency=0",
                                   "status=gone", "unit=１", "limit=1.5"])
def test_a_bad_query_parameter_is_a_400_that_says_which(api, query):
    _token, secret = make_token()
    url = "/api/v1/plans" if query.startswith(("year", "status")) else "/api/v1/employees"
    response = api.get(f"{url}?{query}", headers=bearer(secret))
    assert response.status_code == 400
    assert query.split("=")[0] in response.json["error"]["message"]


def test_filters_narrow_the_lists(api):
    _token, secret = make_token("dinkes")
    staff = plan_of("staf.dinkes")
    year = staff.period.year
    plans = api.get(f"/api/v1/plans?year={year}&employee={staff.employee_id}", headers=bearer(secret)).json["data"]
    assert [p["id"] for p in plans] == [p.id for p in db.session.scalars(
        select(Plan).where(Plan.employee_id == staff.employee_id).order_by(Plan.id))]
    assert api.get(f"/api/v1/plans?year={year - 5}", headers=bearer(secret)).json["data"] == []
    annual = api.get("/api/v1/evaluations?period=annual&limit=200", headers=bearer(secret)).json["data"]
    assert all(e["kind"] == "annual" and e["review"] is None for e in annual)
    first = api.get("/api/v1/evaluations?period=1&limit=200", headers=bearer(secret)).json["data"]
    assert first and all(e["review"]["seq"] == 1 for e in first)
    reals = api.get(f"/api/v1/realisations?plan={staff.id}&review=2", headers=bearer(secret)).json["data"]
    assert reals and {(r["plan_id"], r["review"]["seq"]) for r in reals} == {(staff.id, 2)}
    unit = employee("staf.dinkes").unit_id
    people = api.get(f"/api/v1/employees?unit={unit}&limit=200", headers=bearer(secret)).json["data"]
    assert people and {p["unit"]["id"] for p in people} == {unit}


# --- provenance -----------------------------------------------------------------------------------------

def test_an_evaluation_names_the_rule_plugin_and_version_behind_every_score_and_its_predikat(api):
    _token, secret = make_token("dinkes")
    ev = db.session.scalar(select(Evaluation).join(Evaluation.plan).where(
        Plan.id == plan_of("staf.dinkes").id, Evaluation.status == "final").order_by(Evaluation.id))
    body = api.get(f"/api/v1/evaluations/{ev.id}", headers=bearer(secret)).json
    assert body["status"] == "final" and body["predicate"] == ev.predicate
    assert body["content_hash"] == ev.content_hash and body["sealed_intact"] is True
    assert body["provenance"]["matrix"] == {k: ev.provenance["matrix"][k] for k in
                                            ("plugin", "plugin_version", "kind", "code", "version")}
    assert body["provenance"]["rating_policy"]["kind"] == "rating"
    assert len(body["scores"]) == len(ev.scores)
    for got, stored in zip(body["scores"], ev.scores, strict=True):
        assert got["indicator_id"] == stored["indicator_id"]
        assert got["rule"] == stored["rule"]  # plugin, plugin_version, kind, code, version
        if stored.get("percent") is not None:
            assert got["percent"] == format(__import__("decimal").Decimal(stored["percent"]).normalize(), "f")
    assert body["results_rating"]["final"] == ev.results_final


def test_a_derived_realisation_carries_its_provenance(api):
    _token, secret = make_token("dinkes")
    reals = api.get("/api/v1/realisations?limit=200", headers=bearer(secret)).json["data"]
    derived = [r for r in reals if r["provenance"]]
    assert derived, "the demo's health SPM realisations are derived from two numbers"
    assert all(r["provenance"]["kind"] in ("ratio", "ikm") for r in derived)
    assert all(isinstance(r["value"], str) for r in reals if r["value"] is not None)


# --- cost ---------------------------------------------------------------------------------------------

def _cost(api, url, secret) -> int:
    with count_queries() as statements:
        response = api.get(url, headers=bearer(secret))
    assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
    return len(statements)


def test_every_endpoint_costs_the_same_statements_for_any_page_size_and_data_size(api):
    from tests.web.test_page_costs import MAX_QUERIES, _grow

    _token, secret = make_token("dinkes")
    ev = db.session.scalar(select(Evaluation).join(Evaluation.plan).join(Plan.employee)
                           .where(Employee.agency_id == agency("dinkes").id))
    urls = [f"{u}?limit={n}" for u in ENDPOINTS for n in (2, 200)] + [
        f"/api/v1/plans/{plan_of('staf.dinkes').id}", f"/api/v1/evaluations/{ev.id}",
        f"/api/v1/employees/{employee('staf.dinkes').id}", f"/api/v1/plans?agency={agency('dinkes').id}&year=2026"]
    for url in urls:
        api.get(url, headers=bearer(secret))  # warm up
    small = {url: _cost(api, url, secret) for url in urls}
    _grow(40, 0)
    large = {url: _cost(api, url, secret) for url in urls}
    report = "\n".join(f"{url:50} {small[url]:3} {large[url]:3}" for url in urls)
    assert small == large, "an API answer grows with the data:\n" + report
    for u in ENDPOINTS:
        assert large[f"{u}?limit=2"] == large[f"{u}?limit=200"], report
    assert all(n <= MAX_QUERIES for n in large.values()), report


# --- the token lifecycle ----------------------------------------------------------------------------------

def test_only_the_hash_of_a_token_is_stored_and_making_and_revoking_are_audited(app):
    token, secret = make_token("disdik", name="e-Kinerja BKN")
    assert secret.startswith("knj_") and len(secret) > 40
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {token.hint, token.name} and secret.startswith(token.hint)
    made = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "api_token.create"))
    assert (made.object_id, made.agency_id, made.actor_id) == (token.id, agency("disdik").id, user("admin.disdik").id)
    assert made.after["name"] == "e-Kinerja BKN" and secret not in str(made.after)
    workflow.api_tokens.revoke_token(token, user("admin"))
    revoked = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "api_token.revoke"))
    assert (revoked.object_id, revoked.actor_id) == (token.id, user("admin").id)
    with pytest.raises(workflow.AlreadyDone):
        workflow.api_tokens.revoke_token(token, user("admin"))


def test_a_token_cannot_be_made_without_a_name_or_ending_in_the_past(app):
    with pytest.raises(workflow.TransitionError) as no_name:
        make_token(name="  ")
    assert "name" in no_name.value.fields
    with pytest.raises(workflow.TransitionError) as past:
        make_token(expires_on=TODAY - timedelta(days=1))
    assert "expires_on" in past.value.fields


# --- rate limit ---------------------------------------------------------------------------------------

def test_a_token_is_rate_limited_with_a_json_429(app, database_url, tmp_path):
    from kinerja_web import create_app

    _token, secret = make_token()
    limited = create_app({**base_config(database_url, tmp_path / "ev"), "RATELIMIT_ENABLED": True,
                          "API_RATE_LIMIT": "3 per minute", "API_RATE_LIMIT_PER_ADDRESS": "100 per minute"})
    client = Client(limited.test_client())
    codes = [client.get("/api/v1/employees?limit=1", headers=bearer(secret)).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = client.get("/api/v1/employees?limit=1", headers=bearer(secret))
    assert response.json["error"]["code"] == "too_many_requests" and "Retry-After" in response.headers
    # another token from the same address still has its own allowance
    _other, second = make_token("dinkes")
    assert client.get("/api/v1/employees?limit=1", headers=bearer(second)).status_code == 200
    with limited.app_context():  # its own engine: close its connections now, not when collected
        db.engine.dispose()


# --- the admin page -----------------------------------------------------------------------------------

def test_the_admin_makes_a_token_sees_it_once_and_revokes_it(login, api):
    admin = login("admin.disdik")
    disdik = agency("disdik").id
    page = admin.get(f"/admin/{disdik}")
    assert f"/admin/{disdik}/api-token" in page.get_data(as_text=True)
    refused = admin.post(f"/admin/{disdik}/api-token", {"name": "", "expires_on": "2026-02-30"})
    assert refused.status_code == 422
    text = refused.get_data(as_text=True)
    assert "Wajib diisi" in text or "wajib diisi" in text
    assert db.session.scalar(select(func.count(ApiToken.id))) == 0
    made = admin.post(f"/admin/{disdik}/api-token", {"name": "TPP BPKAD", "expires_on": "2026-12-31"})
    assert made.status_code == 201
    import re

    secret = re.search(r'value="(knj_[^"]+)" data-testid="new-token-value"', made.get_data(as_text=True)).group(1)
    token = db.session.scalar(select(ApiToken))
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest() and token.name == "TPP BPKAD"
    assert api.get("/api/v1/employees", headers=bearer(secret)).status_code == 200
    listing = admin.get(f"/admin/{disdik}/api-token").get_data(as_text=True)
    assert "TPP BPKAD" in listing and secret not in listing and token.hint in listing
    assert admin.post(f"/admin/{disdik}/api-token/{token.id}/cabut").status_code == 302
    assert api.get("/api/v1/employees", headers=bearer(secret)).status_code == 401


def test_the_province_admin_makes_a_province_token_on_its_own_page(login, api):
    admin = login("admin")
    made = admin.post("/admin/api-token", {"name": "Gateway provinsi"})
    assert made.status_code == 201
    token = db.session.scalar(select(ApiToken))
    assert token.agency_id is None and token.expires_on is None
    assert "Gateway provinsi" in admin.get("/admin/api-token").get_data(as_text=True)
    assert "Gateway provinsi" not in admin.get(f"/admin/{agency('disdik').id}/api-token").get_data(as_text=True)


def test_the_token_page_costs_the_same_for_few_and_many_tokens(login):
    admin = login("admin.disdik")
    url = f"/admin/{agency('disdik').id}/api-token"
    admin.get(url)
    make_token()
    with count_queries() as few:
        assert admin.get(url).status_code == 200
    for n in range(25):
        make_token(name=f"Sistem {n}")
    with count_queries() as many:
        assert admin.get(url).status_code == 200
    assert len(few) == len(many) <= 10


def test_a_plan_with_hundreds_of_rhk_costs_what_a_plan_with_two_costs(api):
    from kinerja_web.models import PlanIndicator, WorkResult

    _token, secret = make_token("dinkes")
    plan = plan_of("staf.dinkes")
    urls = [f"/api/v1/plans/{plan.id}", f"/api/v1/plans?employee={plan.employee_id}&limit=200"]
    for url in urls:
        api.get(url, headers=bearer(secret))
    before = [_cost(api, url, secret) for url in urls]
    for n in range(520):  # more RHK than one chunk of ids of a second eager load (500)
        result = WorkResult(plan_id=plan.id, kind="tambahan", text=f"RHK {n}", position=100 + n)
        result.indicators.append(PlanIndicator(name=f"IKI {n}", aspect="kuantitas", target_value=1, unit="dokumen"))
        db.session.add(result)
    db.session.commit()
    assert [_cost(api, url, secret) for url in urls] == before
    body = api.get(urls[0], headers=bearer(secret)).json
    assert len(body["results"]) >= 520 and all(len(r["indicators"]) >= 1 for r in body["results"])
