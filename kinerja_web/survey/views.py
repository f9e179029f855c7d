"""The public survey page, without login: ``/survei/<token>`` (and the printed short link ``/s/<code>``).

Phone first, Bahasa Indonesia unless the visitor picks English. What keeps it from being abused:
at most ``IKM_MAX_CONCURRENT`` survey requests at once per worker (``admission.py``); a per-address
rate limit on answers (``IKM_RATE_LIMIT``, Flask-Limiter, shared through Redis when
``RATELIMIT_STORAGE_URI`` says so), checked before the CSRF token every form carries; a small
request body (``IKM_MAX_BODY``) and bounded fields; comments only ever rendered escaped; and at most
``IKM_MAX_PER_DEVICE_PER_DAY`` answers per device and day. A device is a random id in a signed cookie
plus the client address, stored only as a salted hash (``device_key``); without a valid cookie the
address alone is the device, so a client that drops or forges the cookie shares one daily bound per
address.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from .. import workflow
from ..extensions import csrf, limiter
from ..queries import ikm as q
from ..security import client_address
from ..workflow import TransitionError
from .admission import TOO_MANY, refused
from .forms import SurveyForm

bp = Blueprint("survey", __name__)

DEVICE_COOKIE = "ikm_perangkat"
DEVICE_DAYS = 365


def _rate_limit() -> str:
    return current_app.config.get("IKM_RATE_LIMIT", "10 per minute; 100 per day")


@bp.url_value_preprocessor
def _small_bodies(endpoint, values):
    """Before any before_request reads the form (the CSRF check does): a survey answer is a few KB."""
    if request.method == "POST":
        request.max_content_length = int(current_app.config.get("IKM_MAX_BODY", 32 * 1024))


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="ikm-device")


def device_id() -> str | None:
    """The device's random id from its signed cookie, or None (no cookie, or not one we signed)."""
    raw = request.cookies.get(DEVICE_COOKIE)
    if not raw or len(raw) > 200:
        return None
    try:
        value = _signer().loads(raw)
    except BadSignature:
        return None
    return value if isinstance(value, str) and len(value) == 32 else None


def device_key(device: str | None) -> str:
    """The salted hash of the device id and the client address: neither is stored."""
    salt = current_app.config.get("IKM_DEVICE_SALT") or current_app.config["SECRET_KEY"]
    message = f"{device or ''}|{client_address()}".encode()
    return hmac.new(f"ikm-device:{salt}".encode(), message, hashlib.sha256).hexdigest()


def _with_device_cookie(response, device: str | None):
    if device is None:
        response.set_cookie(DEVICE_COOKIE, _signer().dumps(secrets.token_hex(16)), max_age=DEVICE_DAYS * 86400,
                            path="/", httponly=True, samesite="Lax",
                            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response


def _survey(token: str):
    survey = q.by_token(token)
    if survey is None:
        abort(404)
    return survey


@bp.route("/survei/<token>", methods=["GET", "POST"])
@limiter.limit(_rate_limit, methods=["POST"])
@csrf.exempt  # checked below instead, after the rate limit: a refused post reads neither form nor session
def answer(token):
    if request.method == "POST" and current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    survey = _survey(token)
    form = SurveyForm()
    device = device_id()
    status = 200
    if request.method == "POST":
        status = 422
        if not survey.is_open:
            flash(workflow.ikm.CLOSED, "error")
            status = 409
        elif form.validate():
            try:
                workflow.ikm.answer(survey, form.answers(), device_key=device_key(device), comment=form.comment.data,
                                    profile=form.profile())
            except TransitionError as exc:
                for message in exc.messages:
                    flash(message, "error")
                status = 429  # the device's answers of the day, or the survey closed meanwhile
                if not survey.is_open:
                    status = 409
            else:
                return _with_device_cookie(redirect(url_for("survey.thanks", token=survey.token)), device)
    page = render_template("survey/answer.html", survey=survey, form=form,
                           profile_errors=any(form[n].errors for n in ("age_group", "sex", "education",
                                                                        "occupation")))
    return _with_device_cookie(make_response(page, status), device)


@bp.get("/survei/<token>/terima-kasih")
def thanks(token):
    return render_template("survey/thanks.html", survey=_survey(token))


@bp.get("/s/<code>")
def short(code):
    """The printed short link: read without regard to case or dashes."""
    survey = q.by_code(code)
    if survey is None:
        abort(404)
    return redirect(url_for("survey.answer", token=survey.token))


@bp.app_template_filter("two_decimals")
def two_decimals(value) -> str:
    """An index or a mean as the regulation prints it, two decimals in the reader's notation (``78,06``)."""
    from ..ui import decimal_text, locale_name

    return "–" if value is None else decimal_text(value, locale_name(), 2, 2)


@bp.errorhandler(429)
def _too_many(exc):
    """The per-address rate limit: a page that reads neither the session nor the database (admission.py)."""
    return refused(TOO_MANY)
