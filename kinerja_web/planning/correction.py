""""This is not my supervisor": from the SKP page, the employee reports a wrong supervisor,
optionally naming the right one by NIP; the agency admin decides (admin/hierarchy.py)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import StringField, TextAreaField

from .. import access
from ..extensions import db
from ..forms import max_len, optional_nip
from ..models import Employee, Plan
from ..queries.hierarchy import latest_correction
from ..workflow import AlreadyDone, TransitionError
from ..workflow import hierarchy as flow
from .views import bp


class ReportForm(FlaskForm):
    nip = StringField(_l("NIP of your right supervisor (optional)"), validators=[max_len(30), optional_nip])
    note = TextAreaField(_l("What is wrong?"), validators=[max_len(1000)])


def _plan(plan_id: int) -> Plan:
    plan = db.session.scalar(select(Plan).where(Plan.id == plan_id).options(
        joinedload(Plan.employee).joinedload(Employee.supervisor).joinedload(Employee.position),
        joinedload(Plan.period)))
    if plan is None:
        abort(404)
    access.require(current_user, "plan.view", plan)
    access.require(current_user, "employee.report_supervisor", plan.employee)
    return plan


@bp.route("/skp/<int:plan_id>/bukan-atasan", methods=["GET", "POST"])
@login_required
def not_my_supervisor(plan_id):
    plan = _plan(plan_id)
    back = url_for("planning.detail", plan_id=plan.id)
    latest = latest_correction(plan.employee_id)
    if latest is not None and latest.status == "pending":
        flash(flow.WAITING, "info")
        return redirect(back)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            flow.report(plan.employee, current_user, form.nip.data, form.note.data)
            flash(_l("Your report was sent to the agency admin. You will be told the decision."), "success")
            return redirect(back)
        except AlreadyDone as exc:
            for message in exc.messages:
                flash(message, "info")
            return redirect(back)
        except TransitionError as exc:
            exc.on(form)
    return render_template("planning/not_my_supervisor.html", plan=plan, form=form, back=back), (
        422 if form.errors else 200)
