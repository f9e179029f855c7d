"""The OpenAPI document is the API: schemathesis calls every operation of /api/v1/openapi.json on the live
app (WSGI) with generated parameters and validates each answer (status, content type, body, headers)
against the document; every route of the API blueprint is in the document and every path of the document
is a route; real rows of every kind validate too."""
from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from sqlalchemy import select

from kinerja_web import workflow
from kinerja_web.api import schema as api_schema
from kinerja_web.extensions import db
from kinerja_web.models import Agency, Evaluation, Plan, User
from tests.helpers import plan_of


@pytest.fixture
def secret(app):
    admin = db.session.scalar(select(User).where(User.username == "admin.dinkes"))
    dinkes = db.session.scalar(select(Agency).where(Agency.code == "dinkes"))
    return workflow.api_tokens.create_token(dinkes, admin, "schemathesis")[1]


OPERATIONS = [path for path in api_schema.document()["paths"]]


# schemathesis's own pytest loader (``from_fixture``) does not run under pytest 9 (it sets a node's
# ``_nodeid``), so each operation is a parametrized test driving the operation's Hypothesis strategy.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=["valid", "invalid"])
@pytest.mark.parametrize("path", OPERATIONS)
def test_every_operation_answers_as_the_document_says(app, secret, path, mode):
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path]["GET"]
    seen = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=12, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    def run(case):
        # identity: the WSGI transport does not undo Flask-Compress (real clients do, by Content-Encoding)
        response = case.call_and_validate(headers={"Authorization": f"Bearer {secret}",
                                                   "Accept-Encoding": "identity"})
        seen.append(response.status_code)

    run()
    assert seen and all(code < 500 for code in seen)
    if mode is GenerationMode.NEGATIVE and "{id}" not in path:
        assert 400 in seen  # bad parameters were sent, and refused


def test_the_document_lists_exactly_the_api_routes(app):
    document = app.test_client().get("/api/v1/openapi.json").json
    routes = {rule.rule.replace("<int:employee_id>", "{id}").replace("<int:plan_id>", "{id}")
              .replace("<int:evaluation_id>", "{id}")
              for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
              and rule.endpoint not in ("api.openapi", "api.unknown")}
    assert routes == set(document["paths"])
    assert document == api_schema.document()
    for name, (_item, params, _summary) in api_schema.LISTS.items():
        listed = [p["name"] for p in document["paths"][f"/api/v1/{name}"]["get"]["parameters"]]
        assert listed == [*params, "after", "limit"]


def test_real_rows_of_every_kind_validate_against_the_document(app, secret):
    served = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    client = app.test_client()
    plan = plan_of("staf.dinkes")
    final = db.session.scalar(select(Evaluation).join(Evaluation.plan)
                              .where(Plan.id == plan.id, Evaluation.status == "final"))
    calls = {("GET", "/api/v1/employees"): "/api/v1/employees?limit=200",
             ("GET", "/api/v1/plans"): "/api/v1/plans?limit=200",
             ("GET", "/api/v1/realisations"): "/api/v1/realisations?limit=200",
             ("GET", "/api/v1/evaluations"): "/api/v1/evaluations?limit=200",
             ("GET", "/api/v1/plans/{id}"): f"/api/v1/plans/{plan.id}",
             ("GET", "/api/v1/employees/{id}"): f"/api/v1/employees/{plan.employee_id}",
             ("GET", "/api/v1/evaluations/{id}"): f"/api/v1/evaluations/{final.id}"}
    for (method, path), url in calls.items():
        response = client.get(url, headers={"Authorization": f"Bearer {secret}", "Accept-Encoding": "identity"})
        assert response.status_code == 200, url
        body = response.json
        assert body["data"] if "data" in body else body["id"], url
        served[path][method].validate_response(response)
