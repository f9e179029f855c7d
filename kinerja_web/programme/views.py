"""Programmes across agencies: the list, the programme page with its dashboard, the drill-down to the RHK behind
an agency's contribution, and the management pages of the programme's leaders.

Who sees what is ``access``'s ``programme.*`` rules: a programme is not found for anyone outside it.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import access, workflow
from ..clock import today
from ..dashboard import charts
from ..extensions import db
from ..models import Agency, Period
from ..params import arg_int
from ..planning.forms import ConfirmForm
from ..queries import programmes
from .forms import ResultForm, SettingsForm, members_form, programme_form
from .summary import summarise

bp = Blueprint("programme", __name__)


def _programme(programme_id: int, action: str = "programme.view"):
    programme = programmes.load(programme_id)
    if programme is None:
        abort(404)
    access.require(current_user, action, programme)
    return programme


def _result(programme, result_id: int):
    found = next((r for r in programme.results if r.id == result_id), None)
    if found is None:
        abort(404)
    return found


@bp.get("/program")
@login_required
def index():
    access.require(current_user, "programme.list")
    return render_template("programme/index.html", rows=programmes.visible(current_user),
                           can_create=access.may(current_user, "programme.create"))


def _create_form(**kwargs):
    agencies = programmes.agencies(())
    leads = [a for a in agencies if access.may(current_user, "programme.create", a)]
    years = sorted(set(db.session.scalars(select(Period.year).distinct())), reverse=True)
    return programme_form(years, leads, agencies, **kwargs)


@bp.route("/program/baru", methods=["GET", "POST"])
@login_required
def create():
    access.require(current_user, "programme.create")
    form = _create_form(data={"year": today().year})
    if form.validate_on_submit():
        lead = db.session.get(Agency, form.lead_agency_id.data)
        programme = workflow.programme.create(lead, current_user, {
            "name": form.name.data.strip(), "year": form.year.data, "goals": form.goals.data.strip()},
            form.members.data)
        flash(_l("Programme created. Add its shared RHK next."), "success")
        return redirect(url_for("programme.manage", programme_id=programme.id))
    return render_template("programme/create.html", form=form), 422 if form.errors else 200


@bp.get("/program/<int:programme_id>")
@login_required
def detail(programme_id):
    programme = _programme(programme_id)
    summary = summarise(programme, programmes.contributions(programme, today()))
    result_chart = charts.bars(gettext("Attainment per programme RHK"), [
        charts.Bar(r.result.text, (r.total.attainment,), note=gettext("(%(num)d IKI)", num=r.total.indicators))
        for r in summary.results], testid="chart-results")
    agency_chart = charts.bars(gettext("Attainment per agency"), [
        charts.Bar(a.agency.name, (a.total.attainment,), note=gettext("(%(num)d IKI)", num=a.total.indicators))
        for a in summary.agencies], testid="chart-agencies")
    return render_template("programme/detail.html", programme=programme, summary=summary,
                           result_chart=result_chart, agency_chart=agency_chart,
                           can_manage=access.may(current_user, "programme.manage", programme))


@bp.get("/program/<int:programme_id>/rhk/<int:result_id>/instansi/<int:agency_id>")
@login_required
def contributors(programme_id, result_id, agency_id):
    """The RHK behind one agency's contribution; who and how far only for ``programme.people``."""
    programme = _programme(programme_id)
    result = _result(programme, result_id)
    member = next((m for m in programme.members if m.agency_id == agency_id), None)
    if member is None:
        abort(404)
    page = arg_int("halaman", 1) or 1
    rows, more = programmes.contributors(programme, result.id, agency_id, today(), page)
    return render_template("programme/contributors.html", programme=programme, result=result, agency=member.agency,
                           rows=rows, page=page, more=more,
                           detailed=access.may(current_user, "programme.people", (programme, agency_id)))


def _manage_page(programme, status=200, **forms):
    agencies = programmes.agencies(())
    ctx = {"programme": programme, "confirm": ConfirmForm(),
           "settings_form": forms.get("settings_form") or SettingsForm(obj=programme),
           "members_form": forms.get("members_form") or members_form(
               [a for a in agencies if a.id != programme.lead_agency_id],
               data={"members": sorted(programme.member_ids - {programme.lead_agency_id})}),
           "result_form": forms.get("result_form") or ResultForm(formdata=None)}
    return render_template("programme/manage.html", **ctx), status


@bp.get("/program/<int:programme_id>/kelola")
@login_required
def manage(programme_id):
    return _manage_page(_programme(programme_id, "programme.manage"))


@bp.post("/program/<int:programme_id>/ubah")
@login_required
def settings(programme_id):
    programme = _programme(programme_id, "programme.manage")
    form = SettingsForm()
    if not form.validate():
        return _manage_page(programme, 422, settings_form=form)
    workflow.programme.update(programme, current_user, {"name": form.name.data.strip(),
                                                        "goals": form.goals.data.strip()})
    flash(_l("Saved."), "success")
    return redirect(url_for("programme.manage", programme_id=programme.id))


@bp.post("/program/<int:programme_id>/anggota")
@login_required
def members(programme_id):
    programme = _programme(programme_id, "programme.manage")
    form = members_form([a for a in programmes.agencies(()) if a.id != programme.lead_agency_id])
    if not form.validate():
        return _manage_page(programme, 422, members_form=form)
    workflow.programme.set_members(programme, current_user, form.members.data)
    flash(_l("Member agencies saved."), "success")
    return redirect(url_for("programme.manage", programme_id=programme.id))


def _result_values(form: ResultForm) -> dict:
    return {"text": form.text.data.strip(), "indicator": form.indicator.data.strip(),
            "target_value": form.target_value.data, "unit": form.unit.data.strip()}


@bp.post("/program/<int:programme_id>/rhk")
@login_required
def add_result(programme_id):
    programme = _programme(programme_id, "programme.manage")
    form = ResultForm()
    if not form.validate():
        return _manage_page(programme, 422, result_form=form)
    workflow.programme.add_result(programme, current_user, _result_values(form))
    flash(_l("Programme RHK added."), "success")
    return redirect(url_for("programme.manage", programme_id=programme.id))


@bp.route("/program/<int:programme_id>/rhk/<int:result_id>", methods=["GET", "POST"])
@login_required
def edit_result(programme_id, result_id):
    programme = _programme(programme_id, "programme.manage")
    result = _result(programme, result_id)
    form = ResultForm(obj=result)
    if form.validate_on_submit():
        workflow.programme.update_result(programme, current_user, result, _result_values(form))
        flash(_l("Saved."), "success")
        return redirect(url_for("programme.manage", programme_id=programme.id))
    return render_template("programme/result_form.html", programme=programme, result=result,
                           form=form), 422 if form.errors else 200


@bp.post("/program/<int:programme_id>/rhk/<int:result_id>/hapus")
@login_required
def delete_result(programme_id, result_id):
    programme = _programme(programme_id, "programme.manage")
    result = _result(programme, result_id)
    if not ConfirmForm().validate():
        abort(400)
    try:
        workflow.programme.delete_result(programme, current_user, result)
    except workflow.TransitionError as exc:
        for message in exc.messages:
            flash(message, "error")
    else:
        flash(_l("Programme RHK deleted."), "success")
    return redirect(url_for("programme.manage", programme_id=programme.id))
