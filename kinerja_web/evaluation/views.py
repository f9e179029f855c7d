"""Penilaian kinerja: self-assessment, rating, finalisation, objection, PDF."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import access
from ..extensions import db
from ..models import ReviewPeriod
from . import service
from .pages import evaluation_of, load, page_forms, plan_or_404, render_page

bp = Blueprint("evaluation", __name__)


@bp.route("/skp/<int:plan_id>/penilaian/<int:review_id>", methods=["GET", "POST"])
@login_required
def periodic(plan_id, review_id):
    if request.method == "POST":
        return _posted_to_page(plan_id, review_id)
    plan, ev = load(plan_id, review_id)
    return render_page(plan, ev, page_forms(plan, ev))


@bp.route("/skp/<int:plan_id>/penilaian/tahunan", methods=["GET", "POST"])
@login_required
def annual(plan_id):
    if request.method == "POST":
        return _posted_to_page(plan_id, None)
    plan, ev = load(plan_id, None)
    return render_page(plan, ev, page_forms(plan, ev))


def _posted_to_page(plan_id, review_id):
    """Forms of older pages posted every step to the page with an ``action``; each step has its endpoint now."""
    from . import steps

    action = request.form.get("action")
    if action in steps.STEPS:
        return steps.STEPS[action](plan_id=plan_id, review_id=review_id)
    plan, ev = load(plan_id, review_id)
    if action is not None:
        abort(400)
    return render_page(plan, ev, page_forms(plan, ev))


@bp.get("/skp/<int:plan_id>/penilaian/<int:review_id>/pdf")
@login_required
def periodic_pdf(plan_id, review_id):
    plan = plan_or_404(plan_id)
    review = db.session.get(ReviewPeriod, review_id)
    if review is None or review.period_id != plan.period_id:
        abort(404)
    return _pdf(plan, evaluation_of(plan, review))


@bp.get("/skp/<int:plan_id>/penilaian/tahunan/pdf")
@login_required
def annual_pdf(plan_id):
    plan = plan_or_404(plan_id)
    return _pdf(plan, evaluation_of(plan, None))


def _pdf(plan, ev):
    from . import documents

    page = (url_for("evaluation.periodic", plan_id=plan.id, review_id=ev.review_id)
            if ev.review_id else url_for("evaluation.annual", plan_id=plan.id))
    if ev.status != "final":
        flash(_l("The document can be printed once the evaluation is final."), "error")
        return redirect(page)
    try:
        data = documents.evaluation_pdf(plan, ev)
    except documents.PdfUnavailable:
        flash(_l("PDF output is not available on this server: install the Pango library (see README)."), "error")
        return redirect(page)
    period = ev.review.name if ev.review else plan.period.year
    return documents.pdf_response(data, f"dokumen-evaluasi-{plan.employee.nip}-{period}.pdf")


@bp.get("/penilaian")
@login_required
def index():
    """My own evaluations, and my team for one review period: who is ready, what is missing, the suggestions."""
    from .batch import team_context

    me = current_user.employee
    if me is None:
        abort(403)
    access.require(current_user, "employee.view", me)
    return render_template("evaluation/index.html", me=me, labels=service, **team_context(me))
