"""API tokens: the agency admin makes and revokes the tokens that let another system read the agency
through the JSON API; the province admin does the same for any agency and for the whole province.
A new token's secret is shown once, on the answer to the form that made it, and never stored."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateField, StringField
from wtforms.validators import Optional, ValidationError

from .. import access, workflow
from ..clock import today
from ..forms import max_len, required
from ..models.api import NAME_MAX
from ..queries import api as q
from .common import bp, managed_agency


class TokenForm(FlaskForm):
    name = StringField(_l("Name (which system uses it)"), validators=[required(), max_len(NAME_MAX)])
    expires_on = DateField(_l("Last day it works (optional)"), format="%Y-%m-%d", validators=[Optional()],
                           invalid_value_message=_l("Enter a date such as 2026-04-10."))

    def validate_expires_on(self, field):
        if field.data and not 2000 <= field.data.year <= 2100:
            raise ValidationError(_l("Enter a date between 2000 and 2100."))


def _province() -> None:
    access.require(current_user, "province.manage")


def _page(agency, form, secret=None, status: int = 200):
    return render_template("admin/api_tokens.html", agency=agency, tokens=q.tokens(agency.id if agency else None),
                           form=form, secret=secret, today=today()), status


def _create(agency):
    form = TokenForm()
    if form.validate():
        try:
            token, secret = workflow.api_tokens.create_token(agency, current_user, form.name.data,
                                                             form.expires_on.data)
        except workflow.TransitionError as exc:
            exc.on(form)
        else:
            # shown on this answer only: the secret is neither stored nor put in the (signed, not encrypted) session
            flash(_l("The token is made. Copy it now: it is not shown again."), "success")
            return _page(agency, TokenForm(formdata=None), secret={"value": secret, "name": token.name}, status=201)
    return _page(agency, form, status=422)


def _revoke(agency, token_id: int):
    token = q.token_in(agency.id if agency else None, token_id)
    if token is None:
        abort(404)
    try:
        workflow.api_tokens.revoke_token(token, current_user)
    except workflow.AlreadyDone as exc:
        for message in exc.messages:
            flash(message, "info")
    else:
        flash(_l("The token is revoked: the API refuses it from now on."), "success")
    if agency is None:
        return redirect(url_for("admin.province_api_tokens"))
    return redirect(url_for("admin.api_tokens", agency_id=agency.id))


@bp.get("/<int:agency_id>/api-token")
@login_required
def api_tokens(agency_id):
    return _page(managed_agency(agency_id), TokenForm(formdata=None))


@bp.post("/<int:agency_id>/api-token")
@login_required
def create_api_token(agency_id):
    return _create(managed_agency(agency_id))


@bp.post("/<int:agency_id>/api-token/<int:token_id>/cabut")
@login_required
def revoke_api_token(agency_id, token_id):
    return _revoke(managed_agency(agency_id), token_id)


@bp.get("/api-token")
@login_required
def province_api_tokens():
    _province()
    return _page(None, TokenForm(formdata=None))


@bp.post("/api-token")
@login_required
def create_province_api_token():
    _province()
    return _create(None)


@bp.post("/api-token/<int:token_id>/cabut")
@login_required
def revoke_province_api_token(token_id):
    _province()
    return _revoke(None, token_id)
