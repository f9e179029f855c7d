"""A person's competence development: JP completed against the agency's target, what they completed and
recording it; the supervisor's team; and taking an open development item into next year's SKP."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import access, workflow
from ..clock import today
from ..execution import evidence as files
from ..extensions import db
from ..models import DevelopmentItem, DevelopmentRecord, Employee, Plan
from ..params import arg_int, to_id
from ..queries import development as q
from ..workflow.development import Completed
from . import bp
from .common import ITEM_KINDS, RECORD_KINDS, jp_target, percent_of
from .forms import record_form


def _year() -> int:
    return arg_int("tahun", None, 2000, 2100) or today().year


def _employee(employee_id: int) -> Employee:
    emp = db.session.get(Employee, employee_id)
    if emp is None:
        abort(404)
    access.require(current_user, "development.view", emp)
    return emp


@bp.get("/pengembangan")
@login_required
def mine():
    if current_user.employee_id is None:
        abort(404)
    return redirect(url_for("development.person", employee_id=current_user.employee_id))


def _page(emp, form, year, status=200):
    target, plugin = jp_target(emp.agency)
    hours = q.hours_of(emp.id, year)
    return render_template("development/person.html", emp=emp, form=form, year=year, target=target, plugin=plugin,
                           hours=hours, percent=percent_of(hours, target), records=q.records_of(emp.id, year),
                           items=q.open_items(emp.id), kinds=RECORD_KINDS, item_kinds=ITEM_KINDS), status


@bp.get("/pengembangan/pegawai/<int:employee_id>")
@login_required
def person(employee_id):
    emp = _employee(employee_id)
    form = None
    if access.may(current_user, "development.record", emp):
        form = record_form(q.open_items(emp.id))
    return _page(emp, form, _year())


@bp.post("/pengembangan/pegawai/<int:employee_id>")
@login_required
def record(employee_id):
    emp = _employee(employee_id)
    access.require(current_user, "development.record", emp)
    form = record_form(q.open_items(emp.id))
    if form.validate_on_submit():
        done = Completed(form.kind.data, form.title.data, form.started_on.data, form.ended_on.data,
                         int(form.hours.data), form.link.data or "", to_id(form.item_id.data))
        try:
            rec = workflow.development.record_completed(emp, current_user, done, request.files.get("evidence"))
        except workflow.TransitionError as exc:
            exc.on(form)
        else:
            flash(_l("Recorded: %(title)s, %(hours)s JP.", title=rec.title, hours=rec.hours), "success")
            return redirect(url_for("development.person", employee_id=emp.id, tahun=rec.year))
    return _page(emp, form, _year(), 422)


@bp.get("/pengembangan/catatan/<int:record_id>/bukti")
@login_required
def evidence(record_id):
    rec = db.session.get(DevelopmentRecord, record_id)
    if rec is None or not rec.stored_name:
        abort(404)
    _employee(rec.employee_id)
    path = files.path_of(rec.stored_name)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype=rec.content_type, download_name=rec.filename,
                         as_attachment=rec.content_type not in files.INLINE_TYPES)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/pengembangan/tim")
@login_required
def team():
    """The supervisor's direct reports and their JP of the year against the target (one statement)."""
    me = current_user.employee
    if me is None:
        abort(404)
    year = _year()
    target, plugin = jp_target(me.agency)
    rows = [(emp_id, name, nip, int(hours), percent_of(int(hours), target))
            for emp_id, name, nip, hours in q.team(me.id, year)]
    return render_template("development/team.html", rows=rows, year=year, target=target, plugin=plugin)


@bp.post("/skp/<int:plan_id>/pengembangan/<int:item_id>")
@login_required
def take(plan_id, item_id):
    """One click: an open development item of an earlier year becomes an additional RHK of this SKP."""
    plan = db.session.get(Plan, plan_id)
    item = db.session.get(DevelopmentItem, item_id)
    if plan is None or item is None:
        abort(404)
    access.require(current_user, "plan.view", plan)
    try:
        workflow.development.take_into_plan(plan, current_user, item)
    except workflow.TransitionError as exc:
        for message in exc.messages:
            flash(message, "info" if isinstance(exc, workflow.AlreadyDone) else "error")
    else:
        flash(_l("The development item is now an additional RHK: add its indicator and target."), "success")
    return redirect(url_for("planning.detail", plan_id=plan.id))
