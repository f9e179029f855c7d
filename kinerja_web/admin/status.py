"""An employee's statuses with effective dates (leave, moves, retirement, discipline), set by agency admins.

The change itself, its checks and what a move does to the SKP are in ``workflow.status``; this page only
offers the agency's own units, positions and people and shows the history.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, TextAreaField
from wtforms.validators import InputRequired

from .. import access, workflow
from ..extensions import db
from ..forms import Select, max_len, options
from ..models import Employee, Plan, Position, StatusChange, Unit
from ..ui import LABELS
from .common import bp, managed_agency
from .forms import _int_or_none


class StatusForm(FlaskForm):
    kind = Select(_l("Status"), choices=options(LABELS["employee_status"].items()))
    effective_on = DateField(_l("Effective from"), format="%Y-%m-%d",
                             validators=[InputRequired(message=_l("This field is required."))],
                             invalid_value_message=_l("Enter a date such as 2026-04-10."))
    unit_id = Select(_l("New unit (for a move)"), coerce=_int_or_none, validate_choice=True)
    position_id = Select(_l("New position (for a move)"), coerce=_int_or_none, validate_choice=True)
    supervisor_id = Select(_l("New appraising official (for a move)"), coerce=_int_or_none, validate_choice=True)
    note = TextAreaField(_l("Note (decree number, reason)"), validators=[max_len(1000)])


def _form(agency, emp) -> StatusForm:
    form = StatusForm()

    def rows(model, order):
        return db.session.scalars(select(model).where(model.agency_id == agency.id, model.active.is_(True))
                                  .order_by(order)).all()

    none = [(None, "—")]
    form.unit_id.choices = options(none + [(u.id, u.name) for u in rows(Unit, Unit.name)])
    form.position_id.choices = options(none + [(p.id, p.name) for p in rows(Position, Position.name)])
    form.supervisor_id.choices = options(none + [(e.id, f"{e.name} ({e.nip})")
                                                 for e in rows(Employee, Employee.name) if e.id != emp.id])
    return form


@bp.route("/<int:agency_id>/pegawai/<int:emp_id>/status-kepegawaian", methods=["GET", "POST"])
@login_required
def employee_status(agency_id, emp_id):
    agency = managed_agency(agency_id)
    emp = db.session.get(Employee, emp_id)
    if emp is None or emp.agency_id != agency.id:
        abort(404)
    access.require(current_user, "employee.status", emp)
    form = _form(agency, emp)
    if form.validate_on_submit():
        try:
            workflow.status.change_status(emp, current_user, form.kind.data, form.effective_on.data,
                                          form.note.data, form.unit_id.data, form.position_id.data,
                                          form.supervisor_id.data)
            flash(_l("Status saved."), "success")
            return redirect(url_for("admin.employee_status", agency_id=agency.id, emp_id=emp.id))
        except workflow.TransitionError as exc:
            exc.on(form)
    history = db.session.scalars(select(StatusChange).where(StatusChange.employee_id == emp.id)
                                 .order_by(StatusChange.effective_on.desc(), StatusChange.id.desc())).all()
    plans = db.session.scalars(select(Plan).where(Plan.employee_id == emp.id)
                               .order_by(Plan.period_id.desc(), Plan.part, Plan.version)).all()
    return render_template("admin/status.html", agency=agency, emp=emp, form=form, history=history,
                           plans=plans), 422 if form.errors else 200
