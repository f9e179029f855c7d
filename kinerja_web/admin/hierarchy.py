"""The guardrails page of an agency: every problem in its reporting lines, with one-click fixes,
and the employees' reports "this is not my supervisor" to accept or refuse. Every row is loaded
within the agency of the URL; every change goes through ``workflow.hierarchy``."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired
from wtforms.widgets import HiddenInput

from .. import access
from ..extensions import db
from ..forms import max_len, optional_nip
from ..models import Agency, Employee, SupervisorCorrection
from ..params import to_id
from ..queries import hierarchy as q
from ..workflow import AlreadyDone, TransitionError
from ..workflow import hierarchy as flow
from .common import bp, managed_agency
from .forms import RefuseForm


class FixForm(FlaskForm):
    supervisor_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class AcceptForm(FlaskForm):
    nip = StringField(_l("NIP of the right supervisor"), validators=[max_len(30), optional_nip])
    note = TextAreaField(_l("Note to the employee (optional)"), validators=[max_len(1000)])


def _agency(agency_id: int) -> Agency:
    agency = managed_agency(agency_id)
    access.require(current_user, "hierarchy.view", agency)
    return agency


def _employee(agency: Agency, employee_id: int) -> Employee:
    emp = db.session.scalar(select(Employee).where(Employee.id == employee_id, Employee.agency_id == agency.id))
    if emp is None:
        abort(404)
    return emp


def _correction(agency: Agency, correction_id: int) -> SupervisorCorrection:
    corr = db.session.scalar(select(SupervisorCorrection).join(SupervisorCorrection.employee)
                             .where(SupervisorCorrection.id == correction_id, Employee.agency_id == agency.id))
    if corr is None:
        abort(404)
    return corr


def _forms(report, posted=None) -> dict:
    """An accept and a refuse form per waiting report; the one just posted keeps what was typed.

    The accept form proposes the supervisor the employee named, else the most likely one."""
    forms = {}
    for corr, proposal in report.corrections[0]:
        named = corr.suggested_supervisor
        nip = named.nip if named else (proposal.suggestion[2] if proposal.suggestion else "")
        forms[corr.id] = (AcceptForm(prefix=f"a{corr.id}", formdata=None, nip=nip),
                          RefuseForm(prefix=f"r{corr.id}", formdata=None))
    if posted is not None:
        corr_id, kind, form = posted
        accept, refuse = forms.get(corr_id, (None, None))
        forms[corr_id] = (form, refuse) if kind == "accept" else (accept, form)
    return forms


def _page(agency, posted=None, status: int = 200):
    report = q.report(agency.id)
    return render_template("admin/hierarchy.html", agency=agency, report=report,
                           forms=_forms(report, posted)), status


def _back(agency, anchor=None):
    return redirect(url_for("admin.hierarchy", agency_id=agency.id, _anchor=anchor))


def _flash_refusal(exc: TransitionError) -> None:
    for message in exc.messages or [m for errors in exc.fields.values() for m in errors]:
        flash(message, "info" if isinstance(exc, AlreadyDone) else "error")


@bp.get("/<int:agency_id>/hierarki")
@login_required
def hierarchy(agency_id):
    return _page(_agency(agency_id))


@bp.post("/<int:agency_id>/hierarki/<int:employee_id>/atasan")
@login_required
def fix_supervisor(agency_id, employee_id):
    """One click: the proposed person becomes the employee's supervisor."""
    agency = _agency(agency_id)
    emp = _employee(agency, employee_id)
    form = FixForm()
    boss_id = to_id(form.supervisor_id.data) if form.validate() else None  # bounded: never a database error
    boss = db.session.get(Employee, boss_id) if boss_id else None
    if boss is None:
        flash(_l("The proposed supervisor was not found; open the employee form instead."), "error")
        return _back(agency)
    names = {"name": boss.name, "employee": emp.name}
    try:
        flow.set_supervisor(emp, current_user, boss)
        flash(gettext("%(name)s is now the supervisor of %(employee)s.", **names), "success")
    except TransitionError as exc:
        _flash_refusal(exc)
    return _back(agency)


@bp.post("/<int:agency_id>/hierarki/<int:employee_id>/pengingat")
@login_required
def remind(agency_id, employee_id):
    """Remind a supervisor whose staff wait for their approved SKP (in-app, and by mail when configured)."""
    agency = _agency(agency_id)
    boss = _employee(agency, employee_id)
    if not FlaskForm().validate():
        abort(400)
    name = boss.name
    try:
        waiting = flow.remind(boss, current_user)
        flash(gettext("%(name)s was reminded that %(count)s people wait for their SKP.", name=name, count=waiting),
              "success")
    except TransitionError as exc:
        _flash_refusal(exc)
    return _back(agency, "tanpa-skp")


@bp.post("/<int:agency_id>/hierarki/laporan/<int:correction_id>/terima")
@login_required
def accept(agency_id, correction_id):
    agency = _agency(agency_id)
    corr = _correction(agency, correction_id)
    form = AcceptForm(prefix=f"a{corr.id}")
    if form.validate():
        name = corr.employee.name
        try:
            flow.accept(corr, current_user, form.nip.data, form.note.data)
            flash(gettext("Report of %(name)s accepted: the supervisor is changed.", name=name), "success")
            return _back(agency, "laporan")
        except AlreadyDone as exc:
            _flash_refusal(exc)
            return _back(agency, "laporan")
        except TransitionError as exc:
            exc.on(form)
    return _page(agency, (corr.id, "accept", form), 422)


@bp.post("/<int:agency_id>/hierarki/laporan/<int:correction_id>/tolak")
@login_required
def refuse(agency_id, correction_id):
    agency = _agency(agency_id)
    corr = _correction(agency, correction_id)
    form = RefuseForm(prefix=f"r{corr.id}")
    if form.validate():
        name = corr.employee.name
        try:
            flow.refuse(corr, current_user, form.note.data)
            flash(gettext("Report of %(name)s refused; the employee is told why.", name=name), "success")
            return _back(agency, "laporan")
        except AlreadyDone as exc:
            _flash_refusal(exc)
            return _back(agency, "laporan")
        except TransitionError as exc:
            exc.on(form)
    return _page(agency, (corr.id, "refuse", form), 422)
