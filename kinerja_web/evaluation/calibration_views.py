"""The calibration page: organisation predikat and the distribution curve."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import TextAreaField

from .. import access, workflow
from ..extensions import db
from ..forms import Select, max_len, options
from ..models import Calibration, Unit
from . import calibration as cal
from . import what_if as wi
from .scope import scope as _scope
from .scope import scope_args as _scope_args
from .scope import visible_agency
from .views import bp


class OrgPredicateForm(FlaskForm):
    org_predicate = Select(_l("Organisation predikat"), choices=options(cal.ORG_LABELS.items()))


class FinalizeForm(FlaskForm):
    justification = TextAreaField(_l("Justification / note"), validators=[max_len(3000)])


def _row(agency, period, review, unit) -> Calibration | None:
    return db.session.scalar(select(Calibration).where(
        Calibration.agency_id == agency.id, Calibration.year == period.year,
        Calibration.review_id == (review.id if review else None) if review else Calibration.review_id.is_(None),
        Calibration.unit_id == unit.id if unit else Calibration.unit_id.is_(None)))


def _page(agency, periods, period, review, unit, set_form=None, final_form=None, status=200):
    row = _row(agency, period, review, unit)
    set_form = set_form or OrgPredicateForm(data={"org_predicate": row.org_predicate if row else None})
    final_form = final_form or FinalizeForm(data={"justification": row.justification if row else ""})
    result = cal.evaluate(agency, row.org_predicate if row else None, review.id if review else None,
                          unit.id if unit else None, period.year)
    # (id, name) only: an agency of a province has hundreds of units, and this is just the select's options
    units = db.session.execute(select(Unit.id, Unit.name).where(Unit.agency_id == agency.id, Unit.active.is_(True))
                               .order_by(Unit.name)).all()
    return render_template("evaluation/calibration.html", agency=agency, periods=periods, period=period,
                           review=review, unit=unit, units=units, row=row, result=result, set_form=set_form,
                           final_form=final_form, labels=cal, scope=_scope_args(period, review, unit),
                           what_if_form=wi.what_if_form(result["total"], row.org_predicate if row else None)[0],
                           can_set=access.may(current_user, "calibration.set", agency)), status


@bp.get("/kalibrasi/<int:agency_id>")
@login_required
def calibration(agency_id):
    agency = visible_agency(agency_id)
    return _page(agency, *_scope(agency))


@bp.post("/kalibrasi/<int:agency_id>/predikat")
@login_required
def calibration_set(agency_id):
    """Set the organisation predikat of the scope in the query string."""
    agency = visible_agency(agency_id)
    periods, period, review, unit = _scope(agency)
    access.require(current_user, "calibration.set", agency)
    form = OrgPredicateForm()
    if not form.validate():
        return _page(agency, periods, period, review, unit, set_form=form, status=422)
    workflow.calibration.set_org_predicate(agency, current_user, period.year, review, unit, form.org_predicate.data)
    flash(_l("Organisation predikat saved."), "success")
    return redirect(url_for("evaluation.calibration", agency_id=agency_id, **_scope_args(period, review, unit)))


@bp.post("/kalibrasi/<int:agency_id>/rekam")
@login_required
def calibration_finalize(agency_id):
    """Record the calibration of the scope in the query string, with the justification it needs."""
    agency = visible_agency(agency_id)
    periods, period, review, unit = _scope(agency)
    access.require(current_user, "calibration.set", agency)
    form = FinalizeForm()
    if form.validate():
        try:
            workflow.calibration.finalize(agency, current_user, period.year, review, unit, form.justification.data)
            flash(_l("Calibration recorded."), "success")
            return redirect(url_for("evaluation.calibration", agency_id=agency_id,
                                    **_scope_args(period, review, unit)))
        except workflow.TransitionError as exc:
            exc.on(form)
            for problem in exc.messages:
                flash(problem, "error")
    return _page(agency, periods, period, review, unit, final_form=form, status=422)


@bp.get("/kalibrasi/<int:agency_id>/andai")
@login_required
def calibration_what_if(agency_id):
    """What if the organisation predikat, or some people's predikat, were different: the distribution against
    the curve and the fewest moves that would comply. Reads only (see evaluation.what_if); whoever may see
    the calibration may try it."""
    agency = visible_agency(agency_id)
    periods, period, review, unit = _scope(agency)
    row = _row(agency, period, review, unit)
    found = cal.counts(agency.id, review.id if review else None, unit.id if unit else None, period.year)
    form, sent = wi.what_if_form(sum(found.values()), row.org_predicate if row else None)
    result, status = None, 200
    if sent:
        moves = wi.read_moves(form, found) if form.validate() else None
        if moves is None:
            status = 422
        else:
            result = wi.outcome(agency.code, form.org_predicate.data, found, moves)
            if result["suggested"]:
                result["try"] = wi.try_args(_scope_args(period, review, unit), form.org_predicate.data, found,
                                            moves, result["suggested"])
    return render_template("evaluation/what_if.html", agency=agency, period=period, review=review, unit=unit,
                           row=row, form=form, result=result, labels=cal,
                           scope=_scope_args(period, review, unit)), status
