"""The agency admin runs the public satisfaction survey of its units: create one per unit, open, close.
Every survey is loaded within the agency of the URL."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import StringField

from .. import workflow
from ..extensions import db
from ..forms import Select, max_len, options, required
from ..models import Survey, Unit
from ..queries import ikm as q
from .common import bp, managed_agency


class SurveyForm(FlaskForm):
    unit_id = Select(_l("Unit that serves the public"), coerce=int, validate_choice=True)
    title = StringField(_l("Title shown to the public"), validators=[required(), max_len(200)])


def _form(agency_id: int, formdata=None) -> SurveyForm:
    form = SurveyForm() if formdata is None else SurveyForm(formdata=formdata)
    form.unit_id.choices = options(q.units_without_survey(agency_id))
    return form


def _page(agency, form, status: int = 200):
    surveys = q.of_agency(agency.id)
    return render_template("admin/ikm.html", agency=agency, surveys=surveys, form=form,
                           counts=q.answer_counts([s.id for s in surveys])), status


@bp.get("/<int:agency_id>/ikm")
@login_required
def ikm(agency_id):
    agency = managed_agency(agency_id)
    return _page(agency, _form(agency.id))


@bp.post("/<int:agency_id>/ikm")
@login_required
def create_survey(agency_id):
    agency = managed_agency(agency_id)
    form = _form(agency.id)
    if form.validate():
        unit = db.session.get(Unit, form.unit_id.data)
        try:
            workflow.ikm.create_survey(agency, current_user, unit, form.title.data)
        except workflow.TransitionError as exc:
            exc.on(form)
        else:
            flash(_l("The survey is open. Print its link for the public."), "success")
            return redirect(url_for("admin.ikm", agency_id=agency.id))
    return _page(agency, form, 422)


def _survey(agency, survey_id: int) -> Survey:
    survey = db.session.get(Survey, survey_id)
    if survey is None or survey.agency_id != agency.id:
        abort(404)
    return survey


def _set(agency_id: int, survey_id: int, change, done):
    agency = managed_agency(agency_id)
    survey = _survey(agency, survey_id)
    try:
        change(survey, current_user)
    except workflow.AlreadyDone as exc:
        for message in exc.messages:
            flash(message, "info")
    else:
        flash(done, "success")
    return redirect(url_for("admin.ikm", agency_id=agency.id))


@bp.post("/<int:agency_id>/ikm/<int:survey_id>/buka")
@login_required
def open_survey(agency_id, survey_id):
    return _set(agency_id, survey_id, workflow.ikm.open_survey, _l("The survey takes answers again."))


@bp.post("/<int:agency_id>/ikm/<int:survey_id>/tutup")
@login_required
def close_survey(agency_id, survey_id):
    return _set(agency_id, survey_id, workflow.ikm.close_survey,
                _l("The survey is closed; the answers given still count."))
