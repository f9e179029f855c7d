"""The OpenAPI 3.1 document of the JSON API, built from the tables below, which the views read too: the
query parameters an endpoint accepts are the ones listed here, so the document and the code cannot
drift apart. tests/web/test_api_schema.py checks every route against it and validates live answers.
"""
from __future__ import annotations

from ..models.evaluation import EVALUATION_STATES
from ..models.plan import PLAN_STATES
from ..params import MAX_ID
from ..queries.api import DEFAULT_LIMIT, MAX_LIMIT

VERSION = "1.0.0"
ID = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def _nullable(schema: dict) -> dict:
    kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    return {**schema, "type": [*kinds, "null"]}


STR, INT, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
NUM = {"type": ["string", "null"], "pattern": r"^-?\d+(\.\d+)?$",
       "description": "A decimal number as text (no float rounding), e.g. \"97.5\"."}
STAMP = {"type": ["string", "null"], "format": "date-time", "description": "UTC, ISO 8601."}
DAY = {"type": "string", "format": "date"}
FREE = {"type": ["object", "null"], "additionalProperties": True}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(properties: dict, description: str = "") -> dict:
    """An object with exactly these properties, all present (a new field is a new line here)."""
    schema = {"type": "object", "properties": properties, "required": list(properties),
              "additionalProperties": False}
    if description:
        schema["description"] = description
    return schema


SCHEMAS = {
    "Error": obj({"error": obj({"code": STR, "message": STR, "message_id": STR})}),
    "RuleRef": obj({"plugin": STR, "plugin_version": STR, "kind": STR, "code": STR, "version": INT},
                   "Which rule of which plugin, at which version, produced a value (its provenance)."),
    "Person": obj({"id": INT, "nip": STR, "name": STR}),
    "ReviewPeriod": obj({"id": INT, "seq": INT, "name": STR, "starts_on": DAY, "ends_on": DAY}),
    "Employee": obj({
        "id": INT, "nip": STR, "name": STR, "rank": STR, "active": BOOL,
        "agency": obj({"id": INT, "code": STR, "name": STR}), "unit": obj({"id": INT, "name": STR}),
        "position": obj({"id": INT, "name": STR, "kind": STR}),
        "supervisor": {"oneOf": [_ref("Person"), {"type": "null"}]}}),
    "Indicator": obj({
        "id": INT, "name": STR, "aspect": STR, "unit": STR, "catalogue_code": _nullable(STR), "target_kind": STR,
        "target_value": NUM, "target_upper": NUM, "target_text": STR, "baseline_value": NUM,
        "scoring": {**STR, "description": "The code of the scoring rule."}, "aggregation": STR}, "IKI"),
    "Plan": obj({
        "id": INT, "employee": _ref("Person"), "agency_id": INT, "year": INT, "version": INT,
        "previous_id": _nullable(INT), "status": {"type": "string", "enum": list(PLAN_STATES)}, "approach": STR,
        "supervisor_id": _nullable(INT), "created_at": STAMP, "submitted_at": STAMP, "decided_at": STAMP,
        "results": {"type": "array", "items": obj({
            "id": INT, "kind": STR, "text": STR, "parent_id": _nullable(INT), "goal_id": _nullable(INT),
            "indicators": {"type": "array", "items": _ref("Indicator")}}, "RHK")}}, "SKP"),
    "Realisation": obj({
        "id": INT, "plan_id": INT, "employee": _ref("Person"), "agency_id": INT, "year": INT,
        "indicator": obj({"id": INT, "name": STR, "unit": STR, "result_id": INT}),
        "review": _ref("ReviewPeriod"), "value": NUM, "note": STR,
        "fields": {"type": "object", "additionalProperties": True,
                   "description": "An agency plugin's own fields, per plugin."},
        "provenance": {**FREE, "description": "Where a derived value came from (a ratio of two numbers, the IKM "
                                              "survey), with its inputs; null for a typed value."},
        "evidence_count": INT, "updated_at": STAMP}),
    "Score": obj({
        "indicator_id": INT, "result_id": INT, "name": STR, "unit": _nullable(STR), "target": NUM, "upper": NUM,
        "annual_target": NUM, "realization": NUM, "percent": {**NUM, "description": "Capaian in percent."},
        "formula": _nullable(STR), "qualitative": BOOL, "judgement": FREE,
        "rule": {"oneOf": [_ref("RuleRef"), {"type": "null"}]},
        "due_rule": {"oneOf": [_ref("RuleRef"), {"type": "null"}]}, "rule_error": _nullable(STR)},
        "One indicator's capaian as stored when it was computed, with the scoring rule that computed it."),
    "Rating": obj({"suggested": _nullable(STR), "final": _nullable(STR), "reason": STR}),
    "Evaluation": obj({
        "id": INT, "plan_id": INT, "employee": _ref("Person"), "agency_id": INT, "year": INT,
        "review": {"oneOf": [_ref("ReviewPeriod"), {"type": "null"}]},
        "kind": {"type": "string", "enum": ["periodic", "annual"]},
        "status": {"type": "string", "enum": list(EVALUATION_STATES)},
        "results_rating": _ref("Rating"), "behaviour_rating": _ref("Rating"), "predicate": _nullable(STR),
        "scores": {"type": "array", "items": _ref("Score")},
        "result_ratings": {"type": "object", "additionalProperties": _nullable(STR),
                           "description": "The suggested rating per RHK id."},
        "behaviour": {"type": "object", "additionalProperties": obj({"rating": _nullable(STR), "feedback": STR})},
        "provenance": obj({"rating_policy": {"oneOf": [_ref("RuleRef"), {"type": "null"}]},
                           "matrix": {"oneOf": [_ref("RuleRef"), {"type": "null"}]},
                           "reviews_counted": _nullable(INT)},
                          "The rating policy that suggested the ratings and the matrix that gave the predikat."),
        "appraisal": FREE, "rated_at": STAMP, "finalized_at": STAMP, "content_hash": _nullable(STR),
        "sealed_intact": {"type": ["boolean", "null"],
                          "description": "Whether a final evaluation still matches its content hash."}}),
}

# Query parameters, by name; each endpoint lists the ones it reads (LISTS) and the views parse exactly those.
PARAMETERS = {
    "agency": ({**ID}, "Only this agency (a token of one agency may name only its own)."),
    "unit": ({**ID}, "Only employees of this unit."),
    "employee": ({**ID}, "Only this employee."),
    "plan": ({**ID}, "Only this plan (SKP)."),
    "year": ({"type": "integer", "minimum": 2000, "maximum": 2100}, "Only this performance year."),
    "review": ({"type": "integer", "minimum": 1, "maximum": 12}, "Only this review period, by its number."),
    "period": ({"type": "string", "pattern": "^(annual|[1-9]|1[0-2])$"},
               "Only this review period by its number, or `annual` for the annual evaluations."),
    "after": ({"type": "integer", "minimum": 0, "maximum": MAX_ID, "default": 0},
              "Keyset cursor: rows with an id above this (the `next` link carries it)."),
    "limit": ({"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}, "Rows per page."),
}
STATUS = {"employees": ["active", "inactive"], "plans": list(PLAN_STATES), "evaluations": list(EVALUATION_STATES)}

# name → (item schema, query parameters, summary)
LISTS = {
    "employees": ("Employee", ("agency", "unit", "status"), "Employees (pegawai) with unit, position, supervisor"),
    "plans": ("Plan", ("agency", "unit", "employee", "year", "status"), "Plans (SKP) with their RHK and IKI"),
    "realisations": ("Realisation", ("agency", "unit", "employee", "plan", "year", "review"),
                     "Realisations (realisasi) per indicator and review period"),
    "evaluations": ("Evaluation", ("agency", "unit", "employee", "plan", "year", "status", "period"),
                    "Evaluations (penilaian kinerja) with ratings, predikat and their provenance"),
}
SINGLE = {"employees": "Employee", "plans": "Plan", "evaluations": "Evaluation"}


def _error(description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref("Error")}}}


ERRORS = {"401": _error("No token, or an unknown, revoked or expired one."),
          "403": _error("The token's agency is deactivated."),
          "429": _error("Too many requests for this token or address.")}


def _query(name: str, list_name: str) -> dict:
    schema, description = ({"type": "string", "enum": STATUS[list_name]}, "Only rows in this state.") \
        if name == "status" else PARAMETERS[name]
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def _list_path(name: str) -> dict:
    item, params, summary = LISTS[name]
    page = obj({"data": {"type": "array", "items": _ref(item)},
                "next": {"type": ["string", "null"], "description": "The next page's URL, or null on the last."}})
    return {"get": {
        "operationId": f"list_{name}", "summary": summary, "tags": [name],
        "parameters": [_query(p, name) for p in (*params, "after", "limit")],
        "responses": {"200": {"description": "A page, in id order; the `Link` header names the next.",
                              "headers": {"Link": {"schema": STR, "description": "`<url>; rel=\"next\"`"}},
                              "content": {"application/json": {"schema": page}}},
                      "400": _error("A query parameter is not understood."),
                      "404": _error("The agency named is not the token's."), **ERRORS}}}


def _single_path(name: str) -> dict:
    item = SINGLE[name]
    return {"get": {
        "operationId": f"get_{name[:-1]}", "summary": f"One {item.lower()}", "tags": [name],
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": ID}],
        "responses": {"200": {"description": item, "content": {"application/json": {"schema": _ref(item)}}},
                      "404": _error("No such row, or one outside the token's agency."), **ERRORS}}}


def document() -> dict:
    """The OpenAPI document served at ``/api/v1/openapi.json``."""
    paths = {}
    for name in LISTS:
        paths[f"/api/v1/{name}"] = _list_path(name)
        if name in SINGLE:
            paths[f"/api/v1/{name}/{{id}}"] = _single_path(name)
    return {
        "openapi": "3.1.0",
        "info": {"title": "kinerja_web read-only API", "version": VERSION,
                 "description": "Employees, plans (SKP), realisations and evaluations of the agency a token is "
                                "made for (or of every agency, for a province token), with the provenance of "
                                "every score and predikat. Read-only; tokens are made by an admin."},
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {"schemas": SCHEMAS,
                       "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                                      "description": "An API token (knj_…) made by an admin."}}},
    }
