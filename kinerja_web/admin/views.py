"""Administration of an agency: units, positions, employees, goals, periods.

Agency admins manage their own agency, the province admin every agency. All
routes carry the agency id and every object is loaded *within* that agency,
so changing an id in the URL cannot reach another agency's rows.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from .. import access, workflow
from ..execution.forms import ReopenForm
from ..extensions import db
from ..forms import options
from ..models import Agency, AgencyGoal, Employee, Period, Plan, Position, Reopening, ReviewPeriod, Unit, User
from ..params import arg_int
from ..queries import hierarchy as hierarchy_checks
from ..queries import reopen_requests
from ..ui import LABELS
from .common import bp, managed_agency
from .forms import AgencyForm, DeadlineForm, EmployeeForm, GoalForm, PeriodForm, PositionForm, UnitForm


@dataclass(frozen=True)
class Resource:
    """One kind of row an agency admin manages."""

    model: type
    form: type
    fields: tuple[str, ...]
    title: str
    columns: tuple[tuple[str, Callable], ...]
    order: Callable
    options: tuple = ()
    searchable: tuple = ()


RESOURCES = {
    "units": Resource(Unit, UnitForm, ("name", "parent_id"), _l("Units"),
                      ((_l("Name"), lambda u: u.name),
                       (_l("Parent unit"), lambda u: u.parent.name if u.parent else "–")),
                      lambda: Unit.name, (joinedload(Unit.parent),)),
    "positions": Resource(Position, PositionForm, ("name", "kind"), _l("Positions"),
                          ((_l("Name"), lambda p: p.name),
                           (_l("Type of position"), lambda p: LABELS["position_kind"].get(p.kind, p.kind))),
                          lambda: Position.name),
    "employees": Resource(Employee, EmployeeForm,
                          ("nip", "name", "rank", "unit_id", "position_id", "supervisor_id"),
                          _l("Employees"),
                          (("NIP", lambda e: e.nip), (_l("Name"), lambda e: e.name),
                           (_l("Position"), lambda e: e.position.name),
                           (_l("Supervisor"), lambda e: e.supervisor.name if e.supervisor else "–")),
                          lambda: Employee.name,
                          (joinedload(Employee.position), joinedload(Employee.supervisor)),
                          ("name", "nip")),
    "goals": Resource(AgencyGoal, GoalForm, ("year", "text"), _l("Agency goals"),
                      ((_l("Year"), lambda g: g.year), (_l("Agency goal"), lambda g: g.text)),
                      lambda: AgencyGoal.year.desc()),
}


def _resource(name: str) -> Resource:
    if name not in RESOURCES:
        abort(404)
    return RESOURCES[name]


def _in_agency(res: Resource, agency: Agency, obj_id: int):
    obj = db.session.scalar(select(res.model).where(res.model.id == obj_id, res.model.agency_id == agency.id))
    if obj is None:
        abort(404)
    return obj


@bp.get("/")
@login_required
def index():
    access.require(current_user, "admin.enter")
    if not access.is_province_admin(current_user):
        return redirect(url_for("admin.agency", agency_id=current_user.agency_id))
    counts = dict(db.session.execute(
        select(Employee.agency_id, func.count(Employee.id)).where(Employee.active.is_(True))
        .group_by(Employee.agency_id)).all())
    agencies = db.session.scalars(select(Agency).order_by(Agency.name)).all()
    registry = current_app.extensions["kinerja_registry"]
    missing = [code for code in registry.agencies if code not in {a.code for a in agencies}]
    return render_template("admin/index.html", agencies=agencies, counts=counts, missing=missing,
                           registry=registry)


@bp.route("/instansi/baru", methods=["GET", "POST"])
@login_required
def new_agency():
    access.require(current_user, "province.manage")
    registry = current_app.extensions["kinerja_registry"]
    taken = set(db.session.scalars(select(Agency.code)))
    form = AgencyForm()
    form.code.choices = options((c, f"{c} — {d.record.name}") for c, d in registry.agencies.items()
                                if c not in taken)
    if form.validate_on_submit():
        agency = workflow.admin.create_agency(current_user, form.code.data, form.name.data)
        flash(_l("Saved."), "success")
        return redirect(url_for("admin.agency", agency_id=agency.id))
    return render_template("admin/form.html", form=form, title=_l("New agency"), agency=None), (
        422 if form.errors else 200)


@bp.post("/<int:agency_id>/aktif")
@login_required
def toggle_agency(agency_id):
    agency = managed_agency(agency_id)
    access.require(current_user, "province.manage")
    wanted = request.form.get("active")
    if wanted not in ("0", "1"):
        abort(400)
    workflow.admin.set_agency_active(agency, current_user, wanted == "1")
    return redirect(url_for("admin.index"))


@bp.get("/<int:agency_id>")
@login_required
def agency(agency_id):
    agency = managed_agency(agency_id)
    counts = {name: db.session.scalar(select(func.count(res.model.id)).where(res.model.agency_id == agency.id))
              for name, res in RESOURCES.items()}
    return render_template("admin/agency.html", agency=agency, counts=counts, resources=RESOURCES,
                           pending_requests=reopen_requests.pending_count(agency.id),
                           hierarchy_problems=hierarchy_checks.problem_count(agency.id))


@bp.get("/<int:agency_id>/<resource>")
@login_required
def listing(agency_id, resource):
    agency = managed_agency(agency_id)
    res = _resource(resource)
    query = select(res.model).where(res.model.agency_id == agency.id).options(*res.options)
    q = request.args.get("q", "").strip()[:100]
    if q and res.searchable:
        query = query.where(or_(*[getattr(res.model, f).ilike(f"%{q}%") for f in res.searchable]))
    page = db.paginate(query.order_by(res.order()), page=arg_int("page", 1), per_page=current_app.config["PAGE_SIZE"],
                       error_out=False)
    return render_template("admin/list.html", agency=agency, res=res, resource=resource, page=page, q=q)


@bp.route("/<int:agency_id>/<resource>/baru", methods=["GET", "POST"])
@bp.route("/<int:agency_id>/<resource>/<int:obj_id>", methods=["GET", "POST"])
@login_required
def edit(agency_id, resource, obj_id=None):
    agency = managed_agency(agency_id)
    res = _resource(resource)
    obj = _in_agency(res, agency, obj_id) if obj_id else None
    form = res.form(obj=obj)
    _prepare(resource, form, agency, obj)
    if form.validate_on_submit():
        account = {"username": form.username.data, "password": form.password.data} if resource == "employees" else {}
        try:
            workflow.admin.save_row(agency, current_user, resource, obj,
                                    {name: getattr(form, name).data for name in res.fields}, **account)
            flash(_l("Saved."), "success")
            return redirect(url_for("admin.listing", agency_id=agency_id, resource=resource))
        except workflow.TransitionError as exc:
            exc.on(form)
    return render_template("admin/form.html", form=form, agency=agency, res=res, resource=resource,
                           obj=obj, title=res.title), 422 if form.errors else 200


@bp.post("/<int:agency_id>/<resource>/<int:obj_id>/status")
@login_required
def set_active(agency_id, resource, obj_id):
    """Deactivate or reactivate a unit, position or employee: its own action, never a side effect of an edit."""
    agency = managed_agency(agency_id)
    res = _resource(resource)
    obj = _in_agency(res, agency, obj_id)
    wanted = request.form.get("active")
    if not hasattr(obj, "active") or wanted not in ("0", "1"):
        abort(400)
    active = wanted == "1"
    workflow.admin.set_row_active(agency, current_user, resource, obj, active)
    flash(_l("Activated.") if active else _l("Deactivated."), "success")
    return redirect(url_for("admin.edit", agency_id=agency_id, resource=resource, obj_id=obj_id))


def _prepare(resource, form, agency, obj):
    """Fill select choices with rows of this agency only."""
    def rows(model, order):
        return db.session.scalars(select(model).where(model.agency_id == agency.id, model.active.is_(True))
                                  .order_by(order)).all()

    if resource == "units":
        form.parent_id.choices = options([(None, "—")] + [(u.id, u.name) for u in rows(Unit, Unit.name)
                                                          if obj is None or u.id != obj.id])
    elif resource == "employees":
        form.unit_id.choices = options((u.id, u.name) for u in rows(Unit, Unit.name))
        form.position_id.choices = options((p.id, p.name) for p in rows(Position, Position.name))
        form.supervisor_id.choices = options([(None, "—")] + [
            (e.id, f"{e.name} ({e.nip})") for e in rows(Employee, Employee.name) if obj is None or e.id != obj.id])
        account = db.session.scalar(select(User).where(User.employee_id == obj.id)) if obj else None
        form.has_account = account is not None
        form.account = account
        if account and not form.is_submitted():
            form.username.data = account.username


@bp.route("/<int:agency_id>/periode", methods=["GET", "POST"])
@login_required
def periods(agency_id):
    agency = managed_agency(agency_id)
    form = PeriodForm()
    if form.validate_on_submit():
        try:
            workflow.admin.create_period(agency, current_user, form.year.data, form.cadence.data)
            flash(_l("Saved."), "success")
            return redirect(url_for("admin.periods", agency_id=agency_id))
        except workflow.TransitionError as exc:
            exc.on(form)
    rows = db.session.scalars(select(Period).where(Period.agency_id == agency.id)
                              .options(joinedload(Period.reviews)).order_by(Period.year.desc())).unique().all()
    deadline_forms = {r.id: DeadlineForm(prefix=f"d{r.id}", input_deadline=r.input_deadline)
                      for p in rows for r in p.reviews}
    reopenings = db.session.scalars(select(Reopening).join(Employee).where(Employee.agency_id == agency.id)
                                    .options(joinedload(Reopening.employee), joinedload(Reopening.review))
                                    .order_by(Reopening.id.desc()).limit(50)).all()
    return render_template("admin/periods.html", agency=agency, form=form, periods=rows,
                           deadline_forms=deadline_forms, reopen_form=_reopen_form(agency),
                           reopenings=reopenings), (
        422 if form.errors else 200)


@bp.get("/persetujuan")
@login_required
def approvals():
    """SKP of heads of agency (no supervisor in the system) waiting for the BKD."""
    access.require(current_user, "province.manage")
    plans = db.session.scalars(
        select(Plan).join(Plan.employee)
        .where(Employee.supervisor_id.is_(None), Plan.status == "submitted")
        .options(joinedload(Plan.employee).joinedload(Employee.agency),
                 joinedload(Plan.employee).joinedload(Employee.position), joinedload(Plan.period))
        .order_by(Plan.submitted_at)).all()
    return render_template("admin/approvals.html", plans=plans)


@bp.route("/<int:agency_id>/periode/<int:review_id>", methods=["POST"])
@login_required
def review_deadline(agency_id, review_id):
    agency = managed_agency(agency_id)
    review = db.session.scalar(select(ReviewPeriod).join(Period).where(
        ReviewPeriod.id == review_id, Period.agency_id == agency.id))
    if review is None:
        abort(404)
    form = DeadlineForm(prefix=f"d{review.id}")
    name = f"{review.name} {review.period.year}"
    if form.validate():
        try:
            workflow.deadlines.set_input_deadline(review, current_user, form.input_deadline.data)
            flash(_l("Saved."), "success")
            return redirect(url_for("admin.periods", agency_id=agency_id))
        except workflow.TransitionError as exc:
            exc.on(form)
    for error in form.input_deadline.errors:
        flash(f"{name}: {error}", "error")
    return redirect(url_for("admin.periods", agency_id=agency_id))


def _reopen_form(agency):
    form = ReopenForm()
    form.employee_id.choices = options((e.id, f"{e.name} ({e.nip})") for e in db.session.scalars(
        select(Employee).where(Employee.agency_id == agency.id, Employee.active.is_(True)).order_by(Employee.name)))
    form.review_id.choices = options((r.id, f"{r.name} {p.year}") for p in db.session.scalars(
        select(Period).where(Period.agency_id == agency.id).options(joinedload(Period.reviews))).unique()
        for r in p.reviews)
    return form


@bp.post("/<int:agency_id>/buka-kembali")
@login_required
def reopen(agency_id):
    """Reopen a closed review period for one employee, with a reason (audited)."""
    agency = managed_agency(agency_id)
    form = _reopen_form(agency)
    if not form.validate():
        for f in (form.employee_id, form.review_id, form.until, form.reason):
            for error in f.errors:
                flash(f"{f.label.text}: {error}", "error")
        return redirect(url_for("admin.periods", agency_id=agency.id, _anchor="reopen"))
    emp = db.session.get(Employee, form.employee_id.data)
    access.require(current_user, "deadline.reopen", emp)
    review = db.session.get(ReviewPeriod, form.review_id.data)
    name, until = emp.name, form.until.data.strftime("%d-%m-%Y")
    try:
        workflow.deadlines.reopen(emp, current_user, review, form.until.data, form.reason.data)
        flash(gettext("Reopened for %(name)s until %(until)s.", name=name, until=until), "success")
    except workflow.TransitionError as exc:
        for problem in exc.messages:
            flash(problem, "error")
    return redirect(url_for("admin.periods", agency_id=agency_id, _anchor="reopen"))


@bp.get("/<int:agency_id>/audit")
@login_required
def audit(agency_id):
    """The agency's audit trail, newest first, filterable by action."""
    from ..queries.audit import audit_trail

    agency = managed_agency(agency_id)
    action = request.args.get("aksi", "").strip()[:64]
    query = audit_trail(agency.id, action)
    # Newer/older without a total: counting an agency's whole trail would cost more than the page.
    per_page, number = current_app.config["PAGE_SIZE"], arg_int("page", 1)
    rows = db.session.scalars(query.limit(per_page + 1).offset((number - 1) * per_page)).all()
    page = SimpleNamespace(items=rows[:per_page], page=number, has_prev=number > 1, has_next=len(rows) > per_page,
                           prev_num=number - 1, next_num=number + 1)
    return render_template("admin/audit.html", agency=agency, page=page, action=action)
