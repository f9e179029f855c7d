"""Penilaian kinerja: self-assessment, rating, finalisation, objection, PDF."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from .. import access
from ..extensions import db
from ..models import Employee, Evaluation, Plan, ReviewPeriod, WorkResult
from ..params import arg_int
from ..queries.evaluations import evaluation_board
from ..queries.team import TEAM_PAGE
from ..rules.berakhlak import BERAKHLAK
from ..rules.types import Rating
from . import service, transitions
from .forms import DecisionForm, ObjectionForm, judgement_form, rating_form, self_assessment_form

bp = Blueprint("evaluation", __name__)


def _plan(plan_id) -> Plan:
    plan = db.session.scalar(select(Plan).where(Plan.id == plan_id).options(
        joinedload(Plan.employee).joinedload(Employee.supervisor).joinedload(Employee.supervisor),
        joinedload(Plan.employee).joinedload(Employee.agency), joinedload(Plan.period),
        selectinload(Plan.results).selectinload(WorkResult.indicators)))
    if plan is None or plan.status not in ("approved", "superseded"):
        abort(404)
    return plan


def _evaluation(plan, review) -> Evaluation:
    """The evaluation of this plan and period; created (open) on first visit by someone allowed."""
    ev = db.session.scalar(select(Evaluation).where(
        Evaluation.plan_id == plan.id,
        Evaluation.review_id == review.id if review else Evaluation.review_id.is_(None)))
    if ev is None:
        ev = Evaluation(plan=plan, review=review, status="open")
        access.require(current_user, "evaluation.view", ev)
        service.compute(ev)
        db.session.add(ev)
        db.session.commit()
    access.require(current_user, "evaluation.view", ev)
    return ev


@bp.route("/skp/<int:plan_id>/penilaian/<int:review_id>", methods=["GET", "POST"])
@login_required
def periodic(plan_id, review_id):
    plan = _plan(plan_id)
    review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.id == review_id,
                                                          ReviewPeriod.period_id == plan.period_id))
    if review is None:
        abort(404)
    return _page(plan, _evaluation(plan, review))


@bp.route("/skp/<int:plan_id>/penilaian/tahunan", methods=["GET", "POST"])
@login_required
def annual(plan_id):
    plan = _plan(plan_id)
    return _page(plan, _evaluation(plan, None))


def _page(plan, ev):
    action = request.form.get("action") if request.method == "POST" else None
    sa_form = self_assessment_form(plan.results, {f"sa_{s.result_id}": s.text for s in ev.self_assessments})
    r_form = rating_form(_rating_data(ev))
    qualitative = service.qualitative_indicators(plan)
    j_form = judgement_form(qualitative, {f"j_{i}": j["rating"] for i, j in service.judgements_of(ev).items()})
    objection_form, decision_form = ObjectionForm(), DecisionForm(data={
        "results_final": ev.results_final, "behaviour_final": ev.behaviour_final})
    status = 200
    timing = {a: service.timing_problem(ev, a) for a in ("self_assess", "rate")}
    timing["judge"] = timing["rate"]  # judging qualitative indicators is part of rating
    if action in timing and timing[action]:
        access.require(current_user, f"evaluation.{'rate' if action == 'judge' else action}", ev)
        flash(timing[action], "error")
        return redirect(request.path)
    if action == "self_assess":
        access.require(current_user, "evaluation.self_assess", ev)
        if sa_form.validate():
            transitions.self_assess(ev, current_user, {r.id: getattr(sa_form, f"sa_{r.id}").data
                                                       for r in plan.results})
            flash(_l("Self-assessment saved."), "success")
            return redirect(request.path)
        status = 422
    elif action == "judge":
        access.require(current_user, "evaluation.rate", ev)
        if j_form.validate():
            was_rated = ev.status == "rated"
            transitions.judge(ev, current_user, {i.id: getattr(j_form, f"j_{i.id}").data for i in qualitative})
            flash(_l("Judgements saved. The suggested rating changed with them: save the ratings again.")
                  if was_rated and ev.status != "rated" else _l("Judgements saved."), "success")
            return redirect(request.path)
        status = 422
    elif action == "rate":
        access.require(current_user, "evaluation.rate", ev)
        r_form.suggested_results = ev.results_suggested
        r_form.suggested_behaviour = _suggest_behaviour(plan, r_form)
        if service.unjudged(ev):
            flash(_l("Judge every qualitative indicator (below, meets or above expectation) "
                     "before confirming the rating."), "error")
            status = 422
        elif r_form.validate():
            behaviour = {v.code: {"rating": getattr(r_form, f"b_{v.code}").data,
                                  "feedback": (getattr(r_form, f"f_{v.code}").data or "").strip()}
                         for v in BERAKHLAK}
            transitions.rate(ev, current_user, behaviour, r_form.results_final.data, r_form.results_reason.data or "",
                             r_form.behaviour_final.data, r_form.behaviour_reason.data or "", r_form.notes.data or "")
            flash(_l("Ratings saved. Check them, then finalise."), "success")
            return redirect(request.path)
        status = 422
    elif action == "finalize":
        transitions.finalize(ev, current_user)
        flash(_l("The evaluation is final."), "success")
        return redirect(request.path)
    elif action == "object":
        access.require(current_user, "evaluation.object", ev)
        if objection_form.validate():
            transitions.object_(ev, current_user, objection_form.text.data)
            flash(_l("Your objection was filed."), "success")
            return redirect(request.path)
        status = 422
    elif action == "decide":
        access.require(current_user, "evaluation.decide", ev)
        if decision_form.validate():
            transitions.decide(ev, current_user, decision_form.outcome.data, decision_form.text.data,
                               decision_form.results_final.data, decision_form.behaviour_final.data)
            flash(_l("The decision was recorded; it is final."), "success")
            return redirect(request.path)
        status = 422
    elif action is not None:
        abort(400)
    proposal = service.annual_proposal(plan) if ev.review_id is None else (None, [])
    return render_template("evaluation/page.html", plan=plan, ev=ev, sa_form=sa_form, r_form=r_form, j_form=j_form,
                           qualitative=qualitative, unjudged=service.unjudged(ev),
                           objection_form=objection_form, decision_form=decision_form, timing=timing,
                           proposal=proposal, intact=service.verify(ev), labels=service,
                           results=plan.results, org_predicate=service.org_predicate(ev),
                           seen=service.context(ev), can_see_peers=access.may(current_user, "peer.view", plan)), status


def _rating_data(ev):
    data = {"results_final": ev.results_final or ev.results_suggested or "sesuai",
            "behaviour_final": ev.behaviour_final or ev.behaviour_suggested or "sesuai",
            "results_reason": ev.results_reason, "behaviour_reason": ev.behaviour_reason, "notes": ev.notes}
    for code, value in (ev.behaviour or {}).items():
        data[f"b_{code}"], data[f"f_{code}"] = value.get("rating"), value.get("feedback")
    return data


def _suggest_behaviour(plan, form):
    policy, _, _, _ = service.policies(plan)
    try:
        ratings = tuple(Rating(getattr(form, f"b_{v.code}").data) for v in BERAKHLAK)
    except ValueError:
        return None
    suggestion = policy.rate_behaviour(ratings)
    return suggestion.value if suggestion else None


@bp.get("/skp/<int:plan_id>/penilaian/<int:review_id>/pdf")
@login_required
def periodic_pdf(plan_id, review_id):
    plan = _plan(plan_id)
    review = db.session.get(ReviewPeriod, review_id)
    if review is None or review.period_id != plan.period_id:
        abort(404)
    return _pdf(plan, _evaluation(plan, review))


@bp.get("/skp/<int:plan_id>/penilaian/tahunan/pdf")
@login_required
def annual_pdf(plan_id):
    plan = _plan(plan_id)
    return _pdf(plan, _evaluation(plan, None))


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
    """Evaluations of my own plan and of my direct reports, per review period (statuses only)."""
    me = current_user.employee
    if me is None:
        abort(403)
    page = arg_int("halaman", 1)
    rows, statuses, reviews, total = evaluation_board(me.id, page)
    return render_template("evaluation/index.html", rows=rows, statuses=statuses, reviews=reviews, me=me,
                           labels=service, page=page, pages=-(-total // TEAM_PAGE))
