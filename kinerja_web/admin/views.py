"""Administration of an agency: units, positions, employees, goals, periods.

Agency admins manage their own agency, the province admin every agency. All
routes carry the agency id and every object is loaded *within* that agency,
so changing an id in the URL cannot reach another agency's rows.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from .. import access
from ..clock import today
from ..execution.forms import ReopenForm
from ..extensions import db
from ..forms import options
from ..models import Agency, AgencyGoal, Employee, Period, Plan, Position, Reopening, ReviewPeriod, Unit, User
from ..models.audit import record, snapshot
from ..models.auth import end_sessions_of_agency
from ..notify import notify
from ..params import arg_int
from ..review_periods import make_review_periods
from ..ui import LABELS
from .forms import AgencyForm, DeadlineForm, EmployeeForm, GoalForm, PeriodForm, PositionForm, UnitForm

bp = Blueprint("admin", __name__)


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


def _agency(agency_id: int) -> Agency:
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        abort(404)
    access.require(current_user, "agency.manage", agency)
    return agency


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


@bp.get("/plugins")
@login_required
def plugins():
    access.require(current_user, "admin.enter")
    return render_template("admin/plugins.html", registry=current_app.extensions["kinerja_registry"])


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
        agency = Agency(code=form.code.data, name=form.name.data.strip())
        db.session.add(agency)
        db.session.flush()
        record(current_user, "agency.create", agency, after={"code": agency.code, "name": agency.name},
               agency_id=agency.id)
        db.session.commit()
        flash(_l("Saved."), "success")
        return redirect(url_for("admin.agency", agency_id=agency.id))
    return render_template("admin/form.html", form=form, title=_l("New agency"), agency=None), (
        422 if form.errors else 200)


@bp.post("/<int:agency_id>/aktif")
@login_required
def toggle_agency(agency_id):
    agency = _agency(agency_id)
    access.require(current_user, "province.manage")
    wanted = request.form.get("active")
    if wanted not in ("0", "1"):
        abort(400)
    before = {"active": agency.active}
    agency.active = wanted == "1"
    if not agency.active:  # its people are logged out everywhere, now
        end_sessions_of_agency(agency.id)
    record(current_user, "agency.toggle", agency, before, {"active": agency.active}, agency_id=agency.id)
    db.session.commit()
    return redirect(url_for("admin.index"))


@bp.get("/<int:agency_id>")
@login_required
def agency(agency_id):
    agency = _agency(agency_id)
    counts = {name: db.session.scalar(select(func.count(res.model.id)).where(res.model.agency_id == agency.id))
              for name, res in RESOURCES.items()}
    return render_template("admin/agency.html", agency=agency, counts=counts, resources=RESOURCES)


@bp.get("/<int:agency_id>/<resource>")
@login_required
def listing(agency_id, resource):
    agency = _agency(agency_id)
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
    agency = _agency(agency_id)
    res = _resource(resource)
    obj = _in_agency(res, agency, obj_id) if obj_id else None
    form = res.form(obj=obj)
    _prepare(resource, form, agency, obj)
    if form.validate_on_submit() and _extra_checks(resource, form, obj):
        before = snapshot(obj, res.fields) if obj else None
        if obj is None:
            obj = res.model(agency_id=agency.id)
            db.session.add(obj)
        for name in res.fields:
            setattr(obj, name, getattr(form, name).data)
        if resource == "employees":
            _save_account(form, obj)
        record(current_user, f"{resource}.{'update' if before else 'create'}", obj, before,
               snapshot(obj, res.fields))
        db.session.commit()
        flash(_l("Saved."), "success")
        return redirect(url_for("admin.listing", agency_id=agency.id, resource=resource))
    return render_template("admin/form.html", form=form, agency=agency, res=res, resource=resource,
                           obj=obj, title=res.title), 422 if form.errors else 200


@bp.post("/<int:agency_id>/<resource>/<int:obj_id>/status")
@login_required
def set_active(agency_id, resource, obj_id):
    """Deactivate or reactivate a unit, position or employee: its own action, never a side effect of an edit."""
    agency = _agency(agency_id)
    res = _resource(resource)
    obj = _in_agency(res, agency, obj_id)
    wanted = request.form.get("active")
    if not hasattr(obj, "active") or wanted not in ("0", "1"):
        abort(400)
    active = wanted == "1"
    if obj.active != active:
        record(current_user, f"{resource}.{'activate' if active else 'deactivate'}", obj,
               {"active": obj.active}, {"active": active})
        obj.active = active
        if resource == "employees":
            account = db.session.scalar(select(User).where(User.employee_id == obj.id))
            if account is not None and account.active != active:
                account.active = active
                if not active:
                    account.end_sessions()
                record(current_user, "account.activate" if active else "account.deactivate", account,
                       after={"active": active}, agency_id=obj.agency_id)
        db.session.commit()
    flash(_l("Activated.") if active else _l("Deactivated."), "success")
    return redirect(url_for("admin.edit", agency_id=agency.id, resource=resource, obj_id=obj.id))


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


def _extra_checks(resource, form, obj) -> bool:
    """Uniqueness checks that need the database; errors go next to the field."""
    if resource != "employees":
        return True
    ok = True
    clash = db.session.scalar(select(Employee.id).where(Employee.nip == form.nip.data))
    if clash and (obj is None or clash != obj.id):
        form.nip.errors.append(_l("Another employee already has this NIP."))
        ok = False
    if form.username.data and not form.has_account:
        if db.session.scalar(select(User.id).where(User.username == form.username.data)):
            form.username.errors.append(_l("This login name is taken."))
            ok = False
    if obj is not None and form.supervisor_id.data == obj.id:
        form.supervisor_id.errors.append(_l("An employee cannot supervise themselves."))
        ok = False
    return ok


def _save_account(form, emp: Employee) -> None:
    account = form.account
    if account is None and form.username.data:
        account = User(username=form.username.data, role="staff", employee=emp)
        account.set_password(form.password.data)
        db.session.add(account)
        record(current_user, "account.create", account, after={"username": account.username},
               agency_id=emp.agency_id)
    elif account is not None and form.password.data:
        account.set_password(form.password.data)
        account.end_sessions()
        record(current_user, "account.password_reset", account, after={"username": account.username},
               agency_id=emp.agency_id)


@bp.route("/<int:agency_id>/periode", methods=["GET", "POST"])
@login_required
def periods(agency_id):
    agency = _agency(agency_id)
    form = PeriodForm()
    if form.validate_on_submit():
        if db.session.scalar(select(Period.id).where(Period.agency_id == agency.id, Period.year == form.year.data)):
            form.year.errors.append(_l("This year already exists."))
        else:
            period = Period(agency_id=agency.id, year=form.year.data, cadence=form.cadence.data)
            make_review_periods(period)
            db.session.add(period)
            record(current_user, "period.create", period, after={"year": period.year, "cadence": period.cadence})
            db.session.commit()
            flash(_l("Saved."), "success")
            return redirect(url_for("admin.periods", agency_id=agency.id))
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
    agency = _agency(agency_id)
    review = db.session.scalar(select(ReviewPeriod).join(Period).where(
        ReviewPeriod.id == review_id, Period.agency_id == agency.id))
    if review is None:
        abort(404)
    form = DeadlineForm(prefix=f"d{review.id}")
    if form.validate() and form.input_deadline.data < review.ends_on:
        form.input_deadline.errors.append(_l("The deadline cannot be before the period ends (%(end)s).",
                                             end=review.ends_on.strftime("%d-%m-%Y")))
    if form.errors:
        for error in form.input_deadline.errors:
            flash(f"{review.name} {review.period.year}: {error}", "error")
        return redirect(url_for("admin.periods", agency_id=agency.id))
    before = {"input_deadline": str(review.input_deadline)}
    review.input_deadline = form.input_deadline.data
    record(current_user, "review_period.deadline", review, before,
           {"input_deadline": str(review.input_deadline)}, agency_id=agency.id)
    db.session.commit()
    flash(_l("Saved."), "success")
    return redirect(url_for("admin.periods", agency_id=agency.id))


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
    agency = _agency(agency_id)
    form = _reopen_form(agency)
    if not form.validate():
        for f in (form.employee_id, form.review_id, form.until, form.reason):
            for error in f.errors:
                flash(f"{f.label.text}: {error}", "error")
        return redirect(url_for("admin.periods", agency_id=agency.id, _anchor="reopen"))
    emp = db.session.get(Employee, form.employee_id.data)
    access.require(current_user, "deadline.reopen", emp)
    review = db.session.get(ReviewPeriod, form.review_id.data)
    problem = None
    if form.until.data < today():
        problem = _l("The reopening must last until today or later.")
    elif review.input_deadline is None or review.input_deadline >= today():
        problem = _l("This period is still open for input; there is nothing to reopen.")
    if problem:
        flash(problem, "error")
        return redirect(url_for("admin.periods", agency_id=agency.id, _anchor="reopen"))
    row = Reopening(employee_id=emp.id, review_id=form.review_id.data, until=form.until.data,
                    reason=form.reason.data.strip(), created_by_id=current_user.id)
    db.session.add(row)
    record(current_user, "review_period.reopen", row, after={"employee_id": emp.id, "until": str(row.until)},
           note=row.reason, agency_id=agency.id)
    notify([emp.id], "reopened", period=review.name, until=row.until.strftime("%d-%m-%Y"))
    db.session.commit()
    flash(gettext("Reopened for %(name)s until %(until)s.", name=emp.name, until=row.until.strftime("%d-%m-%Y")),
          "success")
    return redirect(url_for("admin.periods", agency_id=agency.id, _anchor="reopen"))


@bp.get("/<int:agency_id>/audit")
@login_required
def audit(agency_id):
    """The agency's audit trail, newest first, filterable by action."""
    from ..models import AuditEntry

    agency = _agency(agency_id)
    query = (select(AuditEntry).where(AuditEntry.agency_id == agency.id)
             .options(joinedload(AuditEntry.actor)).order_by(AuditEntry.id.desc()))
    action = request.args.get("aksi", "").strip()[:64]
    if action:
        query = query.where(AuditEntry.action.startswith(action))
    page = db.paginate(query, page=arg_int("page", 1), per_page=current_app.config["PAGE_SIZE"], error_out=False)
    return render_template("admin/audit.html", agency=agency, page=page, action=action)
