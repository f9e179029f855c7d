"""The PDF routes of the EV. KINERJA sheet, the kuadran and the pola distribusi (``documents_more.py``).

Every route answers 404 where the user may not see what the ids name (``access``), and sends the user back
to the page the link was on, with a message, when the server cannot write PDFs.
"""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from .. import access
from ..extensions import db
from ..models import Agency, Employee, Plan, ReviewPeriod, WorkResult
from ..params import arg_id
from ..queries import evaluations as q
from . import documents, documents_more
from .scope import scope, scope_args, visible_agency
from .views import bp


def _plan(plan_id: int) -> Plan:
    """An approved (or superseded) plan with everything the sheet prints, in a fixed number of statements."""
    # the people as the appraisal snapshot names them (position, unit) when the evaluation has none stored yet
    people = [joinedload(Plan.employee)]
    people.append(people[-1].joinedload(Employee.supervisor))
    people.append(people[-1].joinedload(Employee.supervisor))
    plan = db.session.scalar(select(Plan).where(Plan.id == plan_id).options(
        *(p.joinedload(Employee.position) for p in people), *(p.joinedload(Employee.unit) for p in people),
        joinedload(Plan.employee).joinedload(Employee.agency), joinedload(Plan.period),
        selectinload(Plan.expectations),
        selectinload(Plan.results).options(joinedload(WorkResult.parent), joinedload(WorkResult.goal),
                                           selectinload(WorkResult.indicators))))
    if plan is None or plan.status not in ("approved", "superseded"):
        abort(404)
    access.require(current_user, "sheet.view", plan)
    return plan


def _send(build, filename: str, back: str):
    try:
        data = build()
    except documents.PdfUnavailable:
        flash(_l("PDF output is not available on this server: install the Pango library (see README)."), "error")
        return redirect(back)
    return documents.pdf_response(data, filename)


@bp.get("/skp/<int:plan_id>/penilaian/<int:review_id>/ev-kinerja/pdf")
@login_required
def sheet_pdf(plan_id, review_id):
    """EV. KINERJA of one review period."""
    plan = _plan(plan_id)
    review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.id == review_id,
                                                          ReviewPeriod.period_id == plan.period_id))
    if review is None:
        abort(404)
    return _send(lambda: documents_more.sheet_pdf(plan, review, [review]),
                 f"ev-kinerja-{plan.employee.nip}-{review.name}-{plan.period.year}.pdf",
                 url_for("evaluation.periodic", plan_id=plan.id, review_id=review.id))


@bp.get("/skp/<int:plan_id>/penilaian/tahunan/ev-kinerja/pdf")
@login_required
def annual_sheet_pdf(plan_id):
    """EV. KINERJA of the year: every review period's realisations side by side."""
    plan = _plan(plan_id)
    reviews = list(db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id)
                                      .order_by(ReviewPeriod.seq)))
    return _send(lambda: documents_more.sheet_pdf(plan, None, reviews),
                 f"ev-kinerja-{plan.employee.nip}-{plan.period.year}.pdf",
                 url_for("evaluation.annual", plan_id=plan.id))


@bp.get("/penilaian/kuadran/pdf")
@login_required
def team_quadrant_pdf():
    """The kuadran of the people I rate (my direct reports) in one review period (``periode``)."""
    me = current_user.employee
    if me is None:
        abort(404)
    access.require(current_user, "employee.view", me)
    wanted = arg_id("periode")
    review = next((r for r in q.reviews_of_agency(me.agency_id) if r.id == wanted), None)
    if review is None:
        abort(404)
    agency = db.session.get(Agency, me.agency_id)
    return _send(lambda: documents_more.quadrant_pdf(agency, review.period, review, scope_name=me.name,
                                                     supervisor=me),
                 f"kuadran-{me.nip}-{review.name}-{review.period.year}.pdf",
                 url_for("evaluation.index", periode=review.id))


@bp.get("/kalibrasi/<int:agency_id>/kuadran/pdf")
@login_required
def quadrant_pdf(agency_id):
    """The kuadran of the agency, or of one unit (``unit``), for the calibration page's scope."""
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        abort(404)
    _, period, review, unit = scope(agency)
    access.require(current_user, "quadrant.view", unit if unit is not None else agency)
    name = unit.name if unit is not None else agency.name
    return _send(lambda: documents_more.quadrant_pdf(agency, period, review, scope_name=name, unit=unit),
                 f"kuadran-{agency.code}-{review.name if review else 'tahunan'}-{period.year}.pdf",
                 _back(agency, period, review, unit))


@bp.get("/kalibrasi/<int:agency_id>/pola-distribusi/pdf")
@login_required
def distribution_pdf(agency_id):
    """The pola distribusi of every unit of the agency for the calibration page's year and period."""
    agency = visible_agency(agency_id)
    _, period, review, _ = scope(agency)
    return _send(lambda: documents_more.distribution_pdf(agency, period, review),
                 f"pola-distribusi-{agency.code}-{review.name if review else 'tahunan'}-{period.year}.pdf",
                 _back(agency, period, review, None))


def _back(agency, period, review, unit) -> str:
    if access.may(current_user, "calibration.view", agency):
        return url_for("evaluation.calibration", agency_id=agency.id, **scope_args(period, review, unit))
    return url_for("evaluation.index")
