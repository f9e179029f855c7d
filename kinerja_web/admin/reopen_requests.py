"""Requests to reopen a closed review period, decided by the agency admin: approve with a date
(a real reopening), or refuse with a note. Every request is loaded within the agency of the URL."""
from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import DateField, TextAreaField
from wtforms.validators import InputRequired, ValidationError

from .. import access, workflow
from ..clock import today
from ..forms import max_len
from ..queries import reopen_requests as q
from .common import bp, managed_agency
from .forms import RefuseForm


class ApproveForm(FlaskForm):
    until = DateField(_l("Open until"), validators=[InputRequired(message=_l("This field is required."))],
                      invalid_value_message=_l("Enter a date such as 2026-04-10."))
    note = TextAreaField(_l("Note to the employee (optional)"), validators=[max_len(1000)])

    def validate_until(self, field):
        if field.data and not 2000 <= field.data.year <= 2100:
            raise ValidationError(_l("Enter a date such as 2026-04-10."))


def _forms(pending, posted=None) -> dict:
    """An approve and a refuse form per waiting request; the one just posted keeps what was typed."""
    forms = {}
    for row in pending:
        approve = ApproveForm(prefix=f"a{row.id}", formdata=None, until=today() + timedelta(days=7))
        refuse = RefuseForm(prefix=f"r{row.id}", formdata=None)
        forms[row.id] = (approve, refuse)
    if posted is not None:
        request_id, kind, form = posted
        approve, refuse = forms.get(request_id, (None, None))
        forms[request_id] = (form, refuse) if kind == "approve" else (approve, form)
    return forms


def _page(agency, posted=None, status: int = 200):
    pending, decided = q.of_agency(agency.id)
    return render_template("admin/reopen_requests.html", agency=agency, pending=pending, decided=decided,
                           forms=_forms(pending, posted)), status


@bp.get("/<int:agency_id>/permintaan-pembukaan")
@login_required
def reopen_requests(agency_id):
    return _page(managed_agency(agency_id))


def _decide(agency_id: int, request_id: int, approve: bool):
    agency = managed_agency(agency_id)
    row = q.in_agency(agency.id, request_id)
    if row is None:
        abort(404)
    access.require(current_user, "reopen_request.decide", row)
    form = ApproveForm(prefix=f"a{row.id}") if approve else RefuseForm(prefix=f"r{row.id}")
    if form.validate_on_submit():
        name, period = row.employee.name, f"{row.review.name} {row.review.ends_on.year}"
        try:
            workflow.requests.decide_reopening(row, current_user, approve, form.until.data if approve else None,
                                               form.note.data)
        except workflow.AlreadyDone as exc:
            for problem in exc.messages:
                flash(problem, "info")
            return redirect(url_for("admin.reopen_requests", agency_id=agency.id))
        except workflow.TransitionError as exc:
            for problem in exc.messages:
                flash(problem, "error")
            exc.on(form)
            return _page(agency, (row.id, "approve" if approve else "refuse", form), 422)
        flash(gettext("%(period)s reopened for %(name)s until %(until)s.", period=period, name=name,
                      until=form.until.data.strftime("%d-%m-%Y")) if approve
              else gettext("The request of %(name)s was refused; they were told why.", name=name), "success")
        return redirect(url_for("admin.reopen_requests", agency_id=agency.id))
    if request.method == "POST" and row.status != "pending":
        flash(_l("This request was already decided."), "info")
        return redirect(url_for("admin.reopen_requests", agency_id=agency.id))
    return _page(agency, (row.id, "approve" if approve else "refuse", form), 422)


@bp.post("/<int:agency_id>/permintaan-pembukaan/<int:request_id>/setujui")
@login_required
def approve_reopening(agency_id, request_id):
    return _decide(agency_id, request_id, approve=True)


@bp.post("/<int:agency_id>/permintaan-pembukaan/<int:request_id>/tolak")
@login_required
def refuse_reopening(agency_id, request_id):
    return _decide(agency_id, request_id, approve=False)
