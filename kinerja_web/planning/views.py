"""Perencanaan kinerja: the employee's SKP and the supervisor's review."""
from __future__ import annotations

from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from .. import access, workflow
from ..extensions import db
from ..forms import options
from ..models import Employee, Plan, PlanIndicator, WorkResult
from ..models.programme import ProgrammeResult
from ..queries import development, hierarchy, proposals
from . import choices
from .forms import (
    BatchApproveForm,
    ConfirmForm,
    PlanCreateForm,
    PlanSettingsForm,
    ReviewForm,
    ReviseForm,
    StartForm,
)

bp = Blueprint("planning", __name__)



def _flash(exc: workflow.TransitionError, category: str) -> None:
    for problem in exc.messages:
        flash(problem, category)


def _plan_or_404(plan_id: int) -> Plan:
    plan = db.session.scalar(
        select(Plan).where(Plan.id == plan_id).options(
            joinedload(Plan.employee).joinedload(Employee.supervisor).joinedload(Employee.position),
            joinedload(Plan.employee).joinedload(Employee.position),
            joinedload(Plan.employee).joinedload(Employee.unit),
            joinedload(Plan.period),
            selectinload(Plan.results).selectinload(WorkResult.indicators),
            selectinload(Plan.results).joinedload(WorkResult.parent),
            selectinload(Plan.results).joinedload(WorkResult.goal),
            selectinload(Plan.results).joinedload(WorkResult.programme_result).joinedload(ProgrammeResult.programme),
            selectinload(Plan.expectations),
        ))
    if plan is None:
        abort(404)
    return plan


def _result_or_404(plan: Plan, result_id: int) -> WorkResult:
    for result in plan.results:
        if result.id == result_id:
            return result
    abort(404)


def _indicator_or_404(plan: Plan, indicator_id: int) -> PlanIndicator:
    for result in plan.results:
        for ind in result.indicators:
            if ind.id == indicator_id:
                return ind
    abort(404)


@bp.get("/")
@login_required
def home():
    if current_user.employee_id is None:
        return redirect(url_for("admin.index"))
    if choices.start_period(current_user.employee) is not None:
        return redirect(url_for("planning.my_plans"))  # no SKP for this year yet: start it first
    return redirect(url_for("execution.dashboard"))


@bp.get("/skp")
@login_required
def my_plans():
    me = current_user.employee
    if me is None:
        return redirect(url_for("admin.index"))
    access.require(current_user, "employee.view", me)
    from ..queries.plans import my_plans as plans_of

    plans = db.session.scalars(plans_of(me.id)).all()
    queue_count = db.session.scalar(
        select(db.func.count(Plan.id)).join(Plan.employee)
        .where(Employee.supervisor_id == me.id, Plan.status == "submitted"))
    open_periods = choices.periods_without_plan(me)
    ctx = {"start_period": None}
    period = choices.start_period(me)
    if period is not None and access.may(current_user, "plan.create", me):
        ctx = {"start_period": period, "start_form": StartForm(formdata=None, period_id=period.id),
               "previous": proposals.previous_plan(me, period.year),
               "supervisor_rhk": proposals.supervisor_results(me, period.year)}
    return render_template("planning/list.html", plans=plans, queue_count=queue_count,
                           can_create=bool(open_periods), **ctx)


@bp.route("/skp/baru", methods=["GET", "POST"])
@login_required
def create():
    me = current_user.employee
    if me is None:
        abort(403)
    access.require(current_user, "plan.create", me)
    form = PlanCreateForm()
    form.period_id.choices = options((p.id, str(p.year)) for p in choices.periods_without_plan(me))
    if not form.period_id.choices:
        flash(_l("You already have a plan for every open year."), "info")
        return redirect(url_for("planning.my_plans"))
    if form.validate_on_submit():
        try:
            plan = workflow.create(me, current_user, form.period_id.data, form.approach.data)
        except workflow.AlreadyDone as exc:
            _flash(exc, "info")
            return redirect(url_for("planning.my_plans"))
        flash(_l("Draft saved. Add your RHK next."), "success")
        return redirect(url_for("planning.detail", plan_id=plan.id))
    return render_template("planning/create.html", form=form), 422 if form.errors else 200


# The add-forms under section A (main) and B (additional): an RHK with two indicator rows each.
ADD_PREFIXES = {"utama": ("", "n1", "n2"), "tambahan": ("b", "b1", "b2")}


def _in_place() -> bool:
    """A request from the editor script, answered with a fragment instead of a page or a redirect."""
    return request.headers.get("X-Editor") == "1"


def _add_forms(plan, parents, suggest, bound=None):
    forms = {}
    for kind, (prefix, first, second) in ADD_PREFIXES.items():
        if bound is not None and bound[0] == kind:
            forms[kind] = bound[1]
            continue
        rform = choices.result_form(plan, prefix=prefix, fresh=True, kind=kind, parents=parents)
        code = suggest.get(str(rform.parent_id.data), "") if kind == "utama" else ""
        forms[kind] = (rform, [choices.indicator_form(plan, prefix=first, fresh=True, entry_code=code),
                               choices.indicator_form(plan, prefix=second, fresh=True)])
    return forms


def _editor_context(plan, focus="", message="", **forms):
    parents = choices.supervisor_results(plan)
    catalogue = choices.catalogue_json(plan, parents)
    ctx = {"plan": plan, "editable": True, "focus": focus, "message": message,
           "catalogue": catalogue, "problems": workflow.submission_problems(plan),
           "parent_missing": plan.employee.supervisor_id and not parents,
           "add_forms": _add_forms(plan, parents, catalogue["parents"], forms.get("add_bound")),
           "indicator_forms": {r.id: choices.indicator_form(plan, prefix=f"r{r.id}", fresh=True)
                               for r in plan.results}}
    if forms.get("indicator_form") is not None:
        ctx["indicator_forms"][forms["indicator_result_id"]] = forms["indicator_form"]
    return ctx


def _editor(plan, status=200, **kwargs):
    """The editor fragment (sections A and B, add-forms, what stops submission) for the script."""
    response = make_response(render_template("planning/_editor.html", **_editor_context(plan, **kwargs)), status)
    response.headers["X-Editor-Part"] = "editor"
    return response


def _render_plan(plan, status=200, **forms):
    editable = access.may(current_user, "plan.edit", plan)
    ctx = {"plan": plan, "editable": editable, "confirm": ConfirmForm(),
           "versions": choices.versions_of(plan), "problems": []}
    if access.may(current_user, "employee.report_supervisor", plan.employee):  # "this is not my supervisor"
        ctx["correction"] = hierarchy.latest_correction(plan.employee_id)
    if editable:
        ctx.update(_editor_context(plan, focus=request.args.get("rhk", ""), **forms))
        ctx["settings_form"] = forms.get("settings_form") or PlanSettingsForm(obj=plan)
        # open development items of earlier years, offered as additional RHK (one statement)
        ctx["development_items"] = [i for i in development.open_items(plan.employee_id, plan.period.year)
                                    if i.kind != "behaviour"]
    if access.may(current_user, "plan.revise", plan):
        ctx["revise_form"] = forms.get("revise_form") or ReviseForm()
    return render_template("planning/detail.html", **ctx), status


def _changed(plan, message, focus=""):
    """After a change: the fresh editor for the script, else back to the page (the form stays open)."""
    db.session.expire_all()
    plan = _plan_or_404(plan.id)
    if _in_place():
        return _editor(plan, message=message, focus=focus)
    flash(message, "success")
    anchor = focus or None
    return redirect(url_for("planning.detail", plan_id=plan.id, rhk=focus or None, _anchor=anchor))


def _refused(plan, **forms):
    if _in_place():
        return _editor(plan, 422, **forms)
    return _render_plan(plan, 422, **forms)


@bp.get("/skp/<int:plan_id>")
@login_required
def detail(plan_id):
    plan = _plan_or_404(plan_id)
    access.require(current_user, "plan.view", plan)
    if _in_place() and access.may(current_user, "plan.edit", plan):
        return _editor(plan, focus=request.args.get("rhk", ""))
    return _render_plan(plan)


@bp.get("/skp/<int:plan_id>/pdf")
@login_required
def pdf(plan_id):
    """The SKP as a PDF in the regulation's layout."""
    from ..evaluation import documents

    plan = _plan_or_404(plan_id)
    access.require(current_user, "plan.view", plan)
    try:
        data = documents.skp_pdf(plan)
    except documents.PdfUnavailable:
        flash(_l("PDF output is not available on this server: install the Pango library (see README)."), "error")
        return redirect(url_for("planning.detail", plan_id=plan.id))
    return documents.pdf_response(data, f"skp-{plan.period.year}-{plan.employee.nip}-v{plan.version}.pdf")


@bp.post("/skp/<int:plan_id>/pengaturan")
@login_required
def settings(plan_id):
    plan = _plan_or_404(plan_id)
    access.require(current_user, "plan.edit", plan)
    form = PlanSettingsForm()
    if not form.validate():
        return _render_plan(plan, 422, settings_form=form)
    workflow.plan_content.update_settings(plan, current_user, {
        name: getattr(form, name).data for name in workflow.plan_content.SETTINGS_FIELDS})
    flash(_l("Saved."), "success")
    return redirect(url_for("planning.detail", plan_id=plan.id))


@bp.post("/skp/<int:plan_id>/rhk")
@login_required
def add_result(plan_id):
    """An RHK, with up to two indicators filled in the same form (an empty indicator row is ignored)."""
    plan = _plan_or_404(plan_id)
    access.require(current_user, "plan.edit", plan)
    kind = request.args.get("jenis", "utama")
    prefix, first, second = ADD_PREFIXES.get(kind, ADD_PREFIXES["utama"])
    form = choices.result_form(plan, prefix=prefix)
    rows = [choices.indicator_form(plan, prefix=p) for p in (first, second)]
    filled = [row for row in rows if choices.row_filled(row)]
    valid = form.validate()
    valid = all([row.validate() for row in filled]) and valid
    if not valid:
        return _refused(plan, add_bound=(kind if kind in ADD_PREFIXES else "utama", (form, rows)))
    try:
        workflow.plan_content.add_result_with_indicators(
            plan, current_user, choices.result_values(form), [choices.indicator_values(row, plan) for row in filled])
    except workflow.TransitionError as exc:  # a programme the person's agency does not take part in
        exc.on(form)
        return _refused(plan, add_bound=(kind if kind in ADD_PREFIXES else "utama", (form, rows)))
    message = _l("RHK added. Now add its indicators.") if not filled else _l("RHK and its indicators added.")
    return _changed(plan, message, focus="add-" + kind)


@bp.route("/skp/<int:plan_id>/rhk/<int:result_id>", methods=["GET", "POST"])
@login_required
def edit_result(plan_id, result_id):
    plan = _plan_or_404(plan_id)
    access.require(current_user, "plan.edit", plan)
    result = _result_or_404(plan, result_id)
    # in place, the fields get a prefix: the page around them holds the add-form's ids
    form = choices.result_form(plan, obj=result, prefix=f"e{result.id}" if _in_place() else "")
    if form.validate_on_submit():
        try:
            workflow.plan_content.update_result(plan, current_user, result, choices.result_values(form))
            return _changed(plan, _l("Saved."), focus=f"rhk-{result.id}")
        except workflow.TransitionError as exc:  # a programme the person's agency does not take part in
            exc.on(form)
    template = "planning/_result_edit.html" if _in_place() else "planning/result_form.html"
    return render_template(template, plan=plan, result=result, form=form), 422 if form.errors else 200


@bp.post("/skp/<int:plan_id>/rhk/<int:result_id>/hapus")
@login_required
def delete_result(plan_id, result_id):
    plan = _plan_or_404(plan_id)
    access.require(current_user, "plan.edit", plan)
    result = _result_or_404(plan, result_id)
    if not ConfirmForm().validate():
        abort(400)
    workflow.plan_content.delete_result(plan, current_user, result)
    return _changed(plan, _l("RHK deleted."))


@bp.post("/skp/<int:plan_id>/rhk/<int:result_id>/iki")
@login_required
def add_indicator(plan_id, result_id):
    plan = _plan_or_404(plan_id)
    access.require(current_user, "plan.edit", plan)
    result = _result_or_404(plan, result_id)
    form = choices.indicator_form(plan, prefix=f"r{result.id}")
    if not form.validate():
        return _refused(plan, indicator_form=form, indicator_result_id=result.id)
    workflow.plan_content.add_indicator(plan, current_user, result, choices.indicator_values(form, plan))
    return _changed(plan, _l("Indicator added."), focus=f"rhk-{result.id}")


@bp.route("/skp/<int:plan_id>/iki/<int:indicator_id>", methods=["GET", "POST"])
@login_required
def edit_indicator(plan_id, indicator_id):
    plan = _plan_or_404(plan_id)
    access.require(current_user, "plan.edit", plan)
    ind = _indicator_or_404(plan, indicator_id)
    form = choices.indicator_form(plan, obj=ind, prefix=f"i{ind.id}" if _in_place() else "")
    if form.validate_on_submit():
        workflow.plan_content.update_indicator(plan, current_user, ind, choices.indicator_values(form, plan, ind))
        return _changed(plan, _l("Saved."), focus=f"rhk-{ind.result_id}")
    template = "planning/_indicator_edit.html" if _in_place() else "planning/indicator_form.html"
    parents = choices.supervisor_results(plan)
    return render_template(template, plan=plan, ind=ind, form=form,
                           catalogue=choices.catalogue_json(plan, parents)), 422 if form.errors else 200


@bp.post("/skp/<int:plan_id>/iki/<int:indicator_id>/hapus")
@login_required
def delete_indicator(plan_id, indicator_id):
    plan = _plan_or_404(plan_id)
    access.require(current_user, "plan.edit", plan)
    ind = _indicator_or_404(plan, indicator_id)
    if not ConfirmForm().validate():
        abort(400)
    workflow.plan_content.delete_indicator(plan, current_user, ind)
    return _changed(plan, _l("Indicator deleted."), focus=f"rhk-{ind.result_id}")


@bp.post("/skp/<int:plan_id>/ajukan")
@login_required
def submit(plan_id):
    plan = _plan_or_404(plan_id)
    access.require(current_user, "plan.submit", plan)
    if not ConfirmForm().validate():
        abort(400)
    try:
        workflow.submit(plan, current_user)
    except workflow.TransitionError as exc:
        _flash(exc, "error")
        return redirect(url_for("planning.detail", plan_id=plan_id))
    flash(_l("Plan submitted to your supervisor."), "success")
    return redirect(url_for("planning.detail", plan_id=plan.id))


@bp.post("/skp/<int:plan_id>/revisi")
@login_required
def revise(plan_id):
    plan = _plan_or_404(plan_id)
    access.require(current_user, "plan.revise", plan)
    form = ReviseForm()
    if not form.validate():
        return _render_plan(plan, 422, revise_form=form)
    try:
        new = workflow.revise(plan, current_user, form.reason.data)
    except workflow.AlreadyDone as exc:  # the same form sent twice
        _flash(exc, "info")
        return redirect(url_for("planning.my_plans"))
    except workflow.TransitionError as exc:
        _flash(exc, "error")
        return redirect(url_for("planning.detail", plan_id=plan_id))
    flash(_l("A new version was created as a draft; the approved one is kept."), "success")
    return redirect(url_for("planning.detail", plan_id=new.id))


@bp.get("/skp/antrian")
@login_required
def queue():
    me = current_user.employee
    if me is None:
        abort(403)
    access.require(current_user, "employee.view", me)
    from ..queries.queue import submitted_plans

    return render_template("planning/queue.html", submitted=submitted_plans(me.id),
                           reports=choices.reports_overview(me), form=BatchApproveForm())


@bp.post("/skp/antrian/setujui")
@login_required
def approve_batch():
    """Approve each plan ticked in the queue (its summary was on the page); each through ``workflow.approve``.

    A plan that is not waiting for me is reported and skipped; the others are approved. Returning a
    plan needs a reason, so it stays on the plan's own review page.
    """
    me = current_user.employee
    if me is None:
        abort(403)
    access.require(current_user, "employee.view", me)
    form = BatchApproveForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return redirect(url_for("planning.queue"))
    ids = list(dict.fromkeys(form.plans.data))[:100]
    plans = {p.id: p for p in db.session.scalars(select(Plan).where(Plan.id.in_(ids))
                                                 .options(joinedload(Plan.employee)))}
    for plan_id in ids:
        plan = plans.get(plan_id)
        if plan is None or not access.may(current_user, "plan.review", plan):
            flash(gettext("#%(id)s: not waiting for your review; nothing was changed.", id=plan_id), "error")
            continue
        try:
            workflow.approve(plan, current_user, {})
        except workflow.TransitionError as exc:
            flash(gettext("%(name)s: %(text)s", name=plan.employee.name, text=" ".join(map(str, exc.messages))),
                  "error")
            continue
        flash(gettext("%(name)s: SKP approved.", name=plan.employee.name), "success")
    return redirect(url_for("planning.queue"))


@bp.route("/skp/<int:plan_id>/tinjau", methods=["GET", "POST"])
@login_required
def review(plan_id):
    plan = _plan_or_404(plan_id)
    access.require(current_user, "plan.review", plan)
    existing = {e.value_code: e.text for e in plan.expectations}
    # a behaviour value with an open development item of an earlier year is proposed as an expectation
    proposed = {i.value_code: i.label for i in development.open_items(plan.employee_id, plan.period.year)
                if i.kind == "behaviour" and i.value_code and not existing.get(i.value_code)}
    form = ReviewForm(data={f"exp_{code}": text for code, text in {**proposed, **existing}.items()})
    if form.validate_on_submit():
        expectations = {v.code: getattr(form, f"exp_{v.code}").data for v in choices.BERAKHLAK}
        if form.decision.data == "approve":
            workflow.approve(plan, current_user, expectations)
            flash(_l("Plan approved."), "success")
        else:
            workflow.return_(plan, current_user, form.reason.data)
            flash(_l("Plan returned to the employee."), "info")
        if current_user.employee_id is None:
            return redirect(url_for("admin.approvals"))
        return redirect(url_for("planning.queue"))
    return render_template("planning/review.html", plan=plan, form=form, proposed=proposed), \
        422 if form.errors else 200


from . import start  # noqa: E402,F401  (its routes join this blueprint)
