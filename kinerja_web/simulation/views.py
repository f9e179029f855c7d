"""The simulation page (``/simulasi/<agency id>``), its xlsx export and the adoption of a candidate."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import TextAreaField

from .. import access
from ..evaluation import calibration as cal
from ..evaluation.rule_sets import CandidateRules
from ..evaluation.service import PREDICATE_LABELS, RATING_LABELS
from ..export import stream
from ..extensions import db
from ..forms import Select, max_len, options, required
from ..models import Calibration, ReviewPeriod
from ..params import arg_int
from . import bp, runs
from .export import sheets
from .replay import replay
from .scope import adoptions, scope

PER_PAGE = 25


def adopt_form(reviews):
    """The adoption form, built per call: the start is a review period that has not ended."""
    class AdoptForm(FlaskForm):
        # an empty first option: a required select must not preselect a period nobody chose
        start = Select(_l("From review period"), choices=options(
            [("", "—")] + [(str(r.id), f"{r.name} {r.year}") for r in reviews if not r.ended]),
            validators=[required()])
        reason = TextAreaField(_l("Reason for the decision"), validators=[required(), max_len(3000)])
    return AdoptForm()


def _org_predicate(s) -> str | None:
    return db.session.scalar(select(Calibration.org_predicate).where(
        Calibration.agency_id == s.agency.id, Calibration.unit_id.is_(None), Calibration.year == s.year,
        Calibration.review_id == s.review.id if s.review else Calibration.review_id.is_(None)))


def _run(s):
    return replay(s.agency, CandidateRules(s.declared), s.review.id if s.review else None, s.year)


def _result(s, *, wait: bool):
    """(the simulation or None, the run's state): kept from an earlier request, replayed now, or (a large
    agency, ``wait`` False) left to a background run the page follows."""
    found = runs.stamp(s)
    name = runs.key(s, found)
    meta = runs.load(name)
    if meta is not None and meta["status"] == "done":
        return meta["result"], meta
    if meta is not None and meta["status"] == "running" or (not wait and runs.background(found)):
        return None, meta or {"status": "waiting", "total": found[0]}
    result = _run(s)
    runs.save(name, status="done", result=result)
    return result, {"status": "done"}


def _page(s, form=None, status=200):
    result = curve = run = None
    page = arg_int("hal", 1)
    if s.declared is not None and s.year is not None:
        result, run = _result(s, wait=False)
    if result is not None:
        org = _org_predicate(s)
        curve = (cal.judge(s.agency.code, org, result.before), cal.judge(s.agency.code, org, result.after))
    pages = max(1, -(-len(result.movers) // PER_PAGE)) if result else 1
    page = min(page, pages)
    movers = result.movers[(page - 1) * PER_PAGE:page * PER_PAGE] if result else []
    can_adopt = s.declared is not None and access.may(current_user, "simulation.adopt", s.agency)
    if can_adopt and form is None:
        form = adopt_form(s.reviews)
    response = current_app.make_response((render_template(
        "simulation/page.html", s=s, result=result, run=run, curve=curve, movers=movers, page=page, pages=pages,
        form=form if can_adopt else None, adoptions=adoptions(s.agency.id), ratings=RATING_LABELS,
        predicates=PREDICATE_LABELS, cal=cal, registry=current_app.extensions["kinerja_registry"]), status))
    if run is not None and run["status"] == "running":
        response.headers["Refresh"] = "2"  # the page follows the progress by itself, without script
    return response


@bp.get("/simulasi/<int:agency_id>")
@login_required
def page(agency_id):
    return _page(scope(agency_id))


@bp.get("/simulasi/<int:agency_id>/xlsx")
@login_required
def export(agency_id):
    s = scope(agency_id)
    if s.declared is None or s.year is None:
        return redirect(url_for("simulation.page", agency_id=agency_id))
    result, _ = _result(s, wait=True)
    name = stream.filename("simulasi", s.agency.code, s.declared.record.code, s.review.name if s.review else "tahunan",
                           s.year)
    return stream.response("xlsx", name, sheets(s, result))


@bp.post("/simulasi/<int:agency_id>/jalankan")
@login_required
def run(agency_id):
    """Start the replay of a large agency in the background; the page then shows its progress."""
    s = scope(agency_id)
    if not FlaskForm().validate() or s.declared is None or s.year is None:
        return redirect(url_for("simulation.page", agency_id=agency_id, **s.args()))
    found = runs.stamp(s)
    name = runs.key(s, found)
    meta = runs.load(name)
    if meta is None or meta["status"] == "failed":
        runs.start(name, s.agency.id, s.declared, s.review.id if s.review else None, s.year, found[0])
    return redirect(url_for("simulation.page", agency_id=agency_id, **s.args()))


@bp.post("/simulasi/<int:agency_id>/adopsi")
@login_required
def adopt(agency_id):
    """Adopt the candidate in the query string from the review period chosen in the form."""
    from ..workflow import TransitionError
    from ..workflow.adoption import adopt as adopt_candidate

    s = scope(agency_id)
    access.require(current_user, "simulation.adopt", s.agency)
    if s.declared is None:
        return redirect(url_for("simulation.page", agency_id=agency_id))
    form = adopt_form(s.reviews)
    if form.validate():
        try:
            adopt_candidate(s.agency, current_user, s.declared, db.session.get(ReviewPeriod, int(form.start.data)),
                            form.reason.data)
            flash(_l("The rule change is adopted. Earlier results keep their rules."), "success")
            return redirect(url_for("simulation.page", agency_id=agency_id, **s.args()))
        except TransitionError as exc:
            exc.on(form)
            for problem in exc.messages:
                flash(problem, "error")
    return _page(s, form=form, status=422)
