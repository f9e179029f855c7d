"""The read-only JSON API under ``/api/v1``: employees, plans, realisations, evaluations, and its OpenAPI
document. Token authentication only (:mod:`.auth`); every row is checked with the one access policy
(``api.read``); a row outside the token's agency is a 404, as on the pages, and is audited."""
from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, current_app, g, jsonify, request, url_for
from werkzeug.exceptions import HTTPException

from .. import access
from ..extensions import csrf, limiter
from ..queries import api as q
from . import schema, serialise
from .auth import Refused, authenticate, deny_outside_scope, rate_key

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # no form, no cookie: a token in a header cannot be forged by another site

PUBLIC = {"api.openapi"}  # what answers without a token: the document itself


def _per_token_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def _per_address_limit() -> str:
    return current_app.config["API_RATE_LIMIT_PER_ADDRESS"]


limiter.limit(_per_token_limit, key_func=rate_key)(bp)
limiter.limit(_per_address_limit, scope="api-address")(bp)


class BadRequest(Exception):
    def __init__(self, message: str, message_id: str):
        super().__init__(message)
        self.message, self.message_id = message, message_id


def error(status: int, code: str, message: str, message_id: str, headers=None):
    response = jsonify(error={"code": code, "message": message, "message_id": message_id})
    response.status_code = status
    response.headers.update(headers or {})
    return response


@bp.before_request
def _authenticate():
    if request.endpoint not in PUBLIC:
        authenticate()


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.errorhandler(Refused)
def _refused(exc: Refused):
    ids = {"missing": "Kirim token API sebagai 'Authorization: Bearer <token>'.",
           "unknown": "Token tidak sah.", "revoked": "Token sudah dicabut.", "expired": "Masa berlaku token habis.",
           "agency_inactive": "Instansi pemilik token sedang dinonaktifkan."}
    challenge = 'Bearer realm="kinerja"' + ("" if exc.reason == "missing" else ', error="invalid_token"')
    return error(exc.status, exc.reason, exc.message, ids[exc.reason], {"WWW-Authenticate": challenge})


@bp.errorhandler(BadRequest)
def _bad_request(exc: BadRequest):
    return error(400, "bad_request", exc.message, exc.message_id)


WORDS = {400: ("The request is not understood.", "Permintaan tidak dipahami."),
         403: ("Not allowed.", "Tidak diizinkan."), 404: ("Not found.", "Tidak ditemukan."),
         405: ("Method not allowed.", "Metode tidak diizinkan."),
         429: ("Too many requests; wait a moment.", "Terlalu banyak permintaan; tunggu sebentar.")}


def _http_error(exc: HTTPException):
    """JSON, not the pages' HTML error (registered per code: Flask prefers the app's handler of a code to a
    blueprint's handler of a class)."""
    message, message_id = WORDS[exc.code]
    return error(exc.code, exc.name.lower().replace(" ", "_"), message, message_id)


for _code in WORDS:
    bp.register_error_handler(_code, _http_error)


def _int(name: str, lowest: int, highest: int) -> int | None:
    raw = request.args.get(name)
    if raw is None:
        return None
    if not raw.isascii() or not raw.isdigit() or not lowest <= int(raw) <= highest:
        raise BadRequest(f"'{name}' must be a whole number from {lowest} to {highest}.",
                         f"'{name}' harus bilangan bulat dari {lowest} sampai {highest}.")
    return int(raw)


def _filters(list_name: str) -> q.Filters:
    """The list's query parameters, exactly those its OpenAPI entry names, checked against their bounds."""
    _item, names, _summary = schema.LISTS[list_name]
    unknown = sorted(set(request.args) - {*names, "after", "limit"})
    if unknown:  # a misspelt filter must not silently return everything
        known = ", ".join((*names, "after", "limit"))
        raise BadRequest(f"Unknown parameter '{unknown[0]}'; this list takes: {known}.",
                         f"Parameter '{unknown[0]}' tidak dikenal; daftar ini menerima: {known}.")
    values = {}
    for name in (*names, "after", "limit"):
        spec = schema.PARAMETERS.get(name, ({}, ""))[0]
        if name == "status":
            raw = request.args.get(name)
            if raw is not None and raw not in schema.STATUS[list_name]:
                allowed = ", ".join(schema.STATUS[list_name])
                raise BadRequest(f"'status' must be one of: {allowed}.", f"'status' harus salah satu dari: {allowed}.")
            values["status"] = raw
        elif name == "period":
            raw = request.args.get(name)
            values["review"] = raw if raw in (None, "annual") else _int(name, 1, 12)
        else:
            values[name] = _int(name, spec["minimum"], spec["maximum"])
    renamed = {"agency": "agency_id", "unit": "unit_id", "employee": "employee_id", "plan": "plan_id"}
    values = {renamed.get(k, k): v for k, v in values.items()}
    values["after"] = values.get("after") or 0
    values["limit"] = values.get("limit") or q.DEFAULT_LIMIT
    return q.Filters(**values)


def _read(obj) -> None:
    """The access policy decides what the token reads; a refusal is audited, then answered 404."""
    if not access.may(g.api_principal, "api.read", obj):
        deny_outside_scope()
    access.require(g.api_principal, "api.read", obj)


def _scoped(f: q.Filters) -> q.Filters:
    """The filters within what the token reads: its agency, unless it names another (404) or is a province
    token (every agency, or the one it names)."""
    principal = g.api_principal
    if f.agency_id is None:
        _read(None if principal.agency_id is None else q.agency(principal.agency_id))
        return replace(f, agency_id=principal.agency_id)
    agency = q.agency(f.agency_id)
    if agency is None:
        abort(404)
    _read(agency)
    return f


def _page(list_name: str, load, dump, key=lambda row: row.id):
    f = _scoped(_filters(list_name))
    rows, more = load(f)
    data = [dump(row) for row in rows]
    response = jsonify(data=data, next=None)
    if more:
        args = {k: v for k, v in request.args.items() if k != "after"}
        nxt = url_for(request.endpoint, **args, after=key(rows[-1]), _external=True)
        response = jsonify(data=data, next=nxt)
        response.headers["Link"] = f'<{nxt}>; rel="next"'
    return response


def _one(row):
    if row is None:
        abort(404)
    _read(row)
    return row


@bp.get("/openapi.json")
def openapi():
    return jsonify(schema.document())


@bp.get("/employees")
def employees():
    return _page("employees", q.employees, serialise.employee)


@bp.get("/employees/<int:employee_id>")
def employee(employee_id):
    return jsonify(serialise.employee(_one(q.employee(employee_id))))


@bp.get("/plans")
def plans():
    return _page("plans", q.plans, serialise.plan)


@bp.get("/plans/<int:plan_id>")
def plan(plan_id):
    return jsonify(serialise.plan(_one(q.plan(plan_id))))


@bp.get("/realisations")
def realisations():
    return _page("realisations", q.realisations, serialise.realisation, key=lambda row: row[0].id)


def _evaluation(ev) -> dict:
    from ..evaluation.service import verify  # the content hash, checked whenever a final evaluation is shown

    return serialise.evaluation(ev, verify(ev))


@bp.get("/evaluations")
def evaluations():
    return _page("evaluations", q.evaluations, _evaluation)


@bp.get("/evaluations/<int:evaluation_id>")
def evaluation(evaluation_id):
    return jsonify(_evaluation(_one(q.evaluation(evaluation_id))))


@bp.route("/<path:_rest>", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"])
def unknown(_rest):
    """Anything else under the API is a JSON 404 (or 405 for a write), never a page."""
    if request.method not in ("GET", "HEAD"):
        return error(405, "method_not_allowed", "The API is read-only.", "API ini hanya untuk membaca.",
                     {"Allow": "GET, HEAD"})
    abort(404)
