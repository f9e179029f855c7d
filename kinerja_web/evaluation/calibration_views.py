"""The calibration page: organisation predikat and the distribution curve."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import TextAreaField

from .. import access
from ..extensions import db
from ..forms import Select, max_len, options
from ..models import Agency, Calibration, Period, ReviewPeriod, Unit
from ..models.audit import record, utcnow
from ..params import arg_int, to_id
from . import calibration as cal
from .views import bp


class OrgPredicateForm(FlaskForm):
    org_predicate = Select(_l("Organisation predikat"), choices=options(cal.ORG_LABELS.items()))


class FinalizeForm(FlaskForm):
    justification = TextAreaField(_l("Justification / note"), validators=[max_len(3000)])


def _scope(agency):
    """Year, review period (None: annual) and unit from the query string, validated."""
    periods = db.session.scalars(select(Period).where(Period.agency_id == agency.id).order_by(Period.year.desc())).all()
    if not periods:
        abort(404)
    year = arg_int("tahun", None, 1900, 9999) or periods[0].year
    period = next((p for p in periods if p.year == year), None)
    if period is None:
        abort(404)
    raw = request.args.get("periode", "")
    review = None
    if raw and raw != "tahunan":
        review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.id == _int(raw),
                                                              ReviewPeriod.period_id == period.id))
        if review is None:
            abort(404)
    unit = None
    if request.args.get("unit"):
        unit = db.session.scalar(select(Unit).where(Unit.id == _int(request.args["unit"]),
                                                    Unit.agency_id == agency.id))
        if unit is None:
            abort(404)
    return periods, period, review, unit


def visible_agency(agency_id: int) -> Agency:
    """The agency, if the user may see its calibration and follow-up; else 404/403."""
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        abort(404)
    access.require(current_user, "calibration.view", agency)
    return agency


def _int(value):
    return to_id(value) or -1


@bp.route("/kalibrasi/<int:agency_id>", methods=["GET", "POST"])
@login_required
def calibration(agency_id):
    agency = visible_agency(agency_id)
    periods, period, review, unit = _scope(agency)
    row = db.session.scalar(select(Calibration).where(
        Calibration.agency_id == agency.id, Calibration.year == period.year,
        Calibration.review_id == (review.id if review else None) if review else Calibration.review_id.is_(None),
        Calibration.unit_id == unit.id if unit else Calibration.unit_id.is_(None)))
    set_form = OrgPredicateForm(data={"org_predicate": row.org_predicate if row else None})
    final_form = FinalizeForm(data={"justification": row.justification if row else ""})
    status = 200
    if request.method == "POST":
        access.require(current_user, "calibration.set", agency)
        if row is None:
            row = Calibration(agency_id=agency.id, unit_id=unit.id if unit else None, year=period.year,
                              review_id=review.id if review else None)
            db.session.add(row)
        action = request.form.get("action")
        if action == "set" and set_form.validate():
            before = {"org_predicate": row.org_predicate}
            row.org_predicate, row.set_by_id, row.set_at = set_form.org_predicate.data, current_user.id, utcnow()
            row.finalized_at = None  # a new organisation predikat needs a new check
            record(current_user, "calibration.set", row, before, {"org_predicate": row.org_predicate},
                   agency_id=agency.id)
            db.session.commit()
            flash(_l("Organisation predikat saved."), "success")
            return redirect(request.full_path)
        if action == "finalize" and final_form.validate():
            result = cal.evaluate(agency, row.org_predicate, row.review_id, row.unit_id)
            note = (final_form.justification.data or "").strip()
            if row.org_predicate is None:
                flash(_l("Set the organisation predikat first."), "error")
            elif (not result["compliant"] or result["small"]) and not note:
                final_form.justification.errors.append(
                    _l("The distribution does not follow the pattern (or the unit is small): write a justification."))
                status = 422
            else:
                row.justification, row.finalized_at, row.finalized_by_id = note, utcnow(), current_user.id
                row.snapshot = {"counts": {p.value: n for p, n, _ in result["rows"]},
                                "compliant": result["compliant"], "checks": [(d, m) for d, m, _ in result["results"]]}
                record(current_user, "calibration.finalize", row, None,
                       {"compliant": result["compliant"], "org_predicate": row.org_predicate}, note=note,
                       agency_id=agency.id)
                db.session.commit()
                flash(_l("Calibration recorded."), "success")
                return redirect(request.full_path)
        elif action not in ("set", "finalize"):
            abort(400)
        if status == 200:
            status = 422
    result = cal.evaluate(agency, row.org_predicate if row else None, review.id if review else None,
                          unit.id if unit else None)
    units = db.session.scalars(select(Unit).where(Unit.agency_id == agency.id, Unit.active.is_(True))
                               .order_by(Unit.name)).all()
    return render_template("evaluation/calibration.html", agency=agency, periods=periods, period=period,
                           review=review, unit=unit, units=units, row=row, result=result, set_form=set_form,
                           final_form=final_form, labels=cal, can_set=access.may(current_user, "calibration.set",
                                                                                 agency)), status
