"""The evaluation page's shared parts: loading the plan and its evaluation, the page's forms,
and rendering it. Used by the page (views.py) and by each step's endpoint (steps.py)."""
from __future__ import annotations

from flask import abort, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from .. import access, workflow
from ..extensions import db
from ..models import Employee, Evaluation, Plan, ReviewPeriod, WorkResult
from . import service
from .forms import DecisionForm, ObjectionForm, finalize_form, judgement_form, rating_form, self_assessment_form


def plan_or_404(plan_id) -> Plan:
    plan = db.session.scalar(select(Plan).where(Plan.id == plan_id).options(
        joinedload(Plan.employee).joinedload(Employee.supervisor).joinedload(Employee.supervisor),
        joinedload(Plan.employee).joinedload(Employee.agency), joinedload(Plan.period),
        selectinload(Plan.results).selectinload(WorkResult.indicators)))
    if plan is None or plan.status not in ("approved", "superseded"):
        abort(404)
    return plan


def evaluation_of(plan, review) -> Evaluation:
    """The evaluation of this plan and period; opened on first visit by someone allowed to see it."""
    def stored():
        return db.session.scalar(select(Evaluation).where(
            Evaluation.plan_id == plan.id,
            Evaluation.review_id == review.id if review else Evaluation.review_id.is_(None)))

    ev = stored()
    if ev is None:
        try:
            ev = workflow.evaluation.open_(plan, current_user, review)
        except workflow.AlreadyDone:  # opened by a visit at the same moment
            ev = stored()
    access.require(current_user, "evaluation.view", ev)
    return ev


def load(plan_id: int, review_id: int | None):
    """The plan and its evaluation for a review period (None: the year), or 404."""
    plan = plan_or_404(plan_id)
    review = None
    if review_id is not None:
        review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.id == review_id,
                                                              ReviewPeriod.period_id == plan.period_id))
        if review is None or not service.covers(plan, review):
            abort(404)
    elif plan.ends_on is not None:  # a part closed by a move: the year is evaluated on its last part
        abort(404)
    return plan, evaluation_of(plan, review)


def page_url(ev) -> str:
    if ev.review_id is None:
        return url_for("evaluation.annual", plan_id=ev.plan_id)
    return url_for("evaluation.periodic", plan_id=ev.plan_id, review_id=ev.review_id)


def page_forms(plan, ev) -> dict:
    """Every form of the page, read from the request when one was posted (as WTForms does)."""
    qualitative = service.qualitative_indicators(plan)
    gaps = workflow.evaluation.no_realisation(ev) if ev.status == "rated" else []
    return {
        "sa_form": self_assessment_form(plan.results, {f"sa_{s.result_id}": s.text for s in ev.self_assessments}),
        "r_form": rating_form(_rating_data(ev)),
        "j_form": judgement_form(qualitative, {f"j_{i}": j["rating"] for i, j in service.judgements_of(ev).items()}),
        "objection_form": ObjectionForm(),
        "decision_form": DecisionForm(data={"results_final": ev.results_final, "behaviour_final": ev.behaviour_final}),
        "qualitative": qualitative,
        "finalize_form": finalize_form(gaps),
        "gaps": gaps,
    }


def render_page(plan, ev, forms: dict, status: int = 200):
    timing = {a: service.timing_problem(ev, a) for a in ("self_assess", "rate")}
    timing["judge"] = timing["rate"]  # judging qualitative indicators is part of rating
    proposal = service.annual_proposal(plan) if ev.review_id is None else (None, [])
    return render_template("evaluation/page.html", plan=plan, ev=ev, **forms, unjudged=service.unjudged(ev),
                           timing=timing, step_urls=step_urls(ev),
                           proposal=proposal, intact=service.verify(ev), labels=service,
                           results=plan.results, org_predicate=service.org_predicate(ev),
                           seen=service.context(ev), can_see_peers=access.may(current_user, "peer.view", plan)), status


def step_urls(ev) -> dict[str, str]:
    """Where each step of this evaluation is posted."""
    from . import steps

    return {action: url_for(f"evaluation.{action}", plan_id=ev.plan_id, review_id=ev.review_id)
            for action in steps.STEPS}


def _rating_data(ev):
    data = {"results_final": ev.results_final or ev.results_suggested or "sesuai",
            "behaviour_final": ev.behaviour_final or ev.behaviour_suggested or "sesuai",
            "results_reason": ev.results_reason, "behaviour_reason": ev.behaviour_reason, "notes": ev.notes}
    for code, value in (ev.behaviour or {}).items():
        data[f"b_{code}"], data[f"f_{code}"] = value.get("rating"), value.get("feedback")
    return data
