"""The steps of an evaluation, one POST endpoint each, for a review period and for the year.

Each parses its form, calls its workflow function and redirects to the page; a
refused step shows the page again with the errors (422).
"""
from __future__ import annotations

from flask import flash, redirect
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import access, workflow
from ..rules.berakhlak import BERAKHLAK
from ..rules.types import Rating
from . import service
from .pages import load, page_forms, page_url, render_page
from .views import bp

STEPS = {}  # action → view, for the page's older forms (views._posted_to_page)


def step(slug: str, action: str):
    """Register a view as ``POST …/penilaian/<review_id>/<slug>`` and ``POST …/penilaian/tahunan/<slug>``."""
    def register(view):
        view = login_required(view)
        bp.add_url_rule(f"/skp/<int:plan_id>/penilaian/<int:review_id>/{slug}", action, view, methods=["POST"])
        bp.add_url_rule(f"/skp/<int:plan_id>/penilaian/tahunan/{slug}", action, view, methods=["POST"],
                        defaults={"review_id": None})
        STEPS[action] = view
        return view
    return register


def _too_early(ev, action: str):
    """A step that cannot be taken yet is refused before its form is read."""
    problem = workflow.evaluation.too_early(ev, action)
    if problem:
        access.require(current_user, f"evaluation.{'rate' if action == 'judge' else action}", ev)
        flash(problem, "error")
        return redirect(page_url(ev))
    return None


def _refused(plan, ev, forms, exc: workflow.TransitionError):
    for problem in exc.messages:
        flash(problem, "error")
    return render_page(plan, ev, forms, 422)


@step("penilaian-diri", "self_assess")
def self_assess(plan_id, review_id):
    plan, ev = load(plan_id, review_id)
    early = _too_early(ev, "self_assess")
    if early:
        return early
    access.require(current_user, "evaluation.self_assess", ev)
    forms = page_forms(plan, ev)
    form = forms["sa_form"]
    if not form.validate():
        return render_page(plan, ev, forms, 422)
    try:
        workflow.evaluation.self_assess(ev, current_user, {r.id: getattr(form, f"sa_{r.id}").data
                                                           for r in plan.results})
    except workflow.TransitionError as exc:
        return _refused(plan, ev, forms, exc)
    flash(_l("Self-assessment saved."), "success")
    return redirect(page_url(ev))


@step("kualitatif", "judge")
def judge(plan_id, review_id):
    plan, ev = load(plan_id, review_id)
    early = _too_early(ev, "judge")
    if early:
        return early
    access.require(current_user, "evaluation.rate", ev)
    forms = page_forms(plan, ev)
    form = forms["j_form"]
    if not form.validate():
        return render_page(plan, ev, forms, 422)
    was_rated = ev.status == "rated"
    try:
        workflow.evaluation.judge(ev, current_user, {i.id: getattr(form, f"j_{i.id}").data
                                                     for i in forms["qualitative"]})
    except workflow.TransitionError as exc:
        return _refused(plan, ev, forms, exc)
    flash(_l("Judgements saved. The suggested rating changed with them: save the ratings again.")
          if was_rated and ev.status != "rated" else _l("Judgements saved."), "success")
    return redirect(page_url(ev))


@step("nilai", "rate")
def rate(plan_id, review_id):
    plan, ev = load(plan_id, review_id)
    early = _too_early(ev, "rate")
    if early:
        return early
    access.require(current_user, "evaluation.rate", ev)
    forms = page_forms(plan, ev)
    form = forms["r_form"]
    form.suggested_results = ev.results_suggested
    form.suggested_behaviour = _suggest_behaviour(plan, form)
    if service.unjudged(ev):
        flash(workflow.evaluation.UNJUDGED, "error")
        return render_page(plan, ev, forms, 422)
    if not form.validate():
        return render_page(plan, ev, forms, 422)
    behaviour = {v.code: {"rating": getattr(form, f"b_{v.code}").data,
                          "feedback": (getattr(form, f"f_{v.code}").data or "").strip()} for v in BERAKHLAK}
    try:
        workflow.evaluation.rate(ev, current_user, behaviour, form.results_final.data, form.results_reason.data or "",
                                 form.behaviour_final.data, form.behaviour_reason.data or "", form.notes.data or "")
    except workflow.TransitionError as exc:
        return _refused(plan, ev, forms, exc)
    flash(_l("Ratings saved. Check them, then finalise."), "success")
    return redirect(page_url(ev))


def _suggest_behaviour(plan, form):
    policy, _, _, _ = service.policies(plan)
    try:
        ratings = tuple(Rating(getattr(form, f"b_{v.code}").data) for v in BERAKHLAK)
    except ValueError:
        return None
    suggestion = policy.rate_behaviour(ratings)
    return suggestion.value if suggestion else None


@step("finalisasi", "finalize")
def finalize(plan_id, review_id):
    plan, ev = load(plan_id, review_id)
    access.require(current_user, "evaluation.finalize", ev)
    forms = page_forms(plan, ev)
    form = forms["finalize_form"]
    if not form.validate():
        return render_page(plan, ev, forms, 422)
    confirmed = bool(getattr(form, "confirm_missing", None) and form.confirm_missing.data)
    try:
        workflow.evaluation.finalize(ev, current_user, confirm_missing=confirmed)
    except workflow.TransitionError as exc:
        return _refused(plan, ev, forms, exc)
    flash(_l("The evaluation is final."), "success")
    return redirect(page_url(ev))


@step("keberatan", "object")
def object_(plan_id, review_id):
    plan, ev = load(plan_id, review_id)
    access.require(current_user, "evaluation.object", ev)
    forms = page_forms(plan, ev)
    form = forms["objection_form"]
    if not form.validate():
        return render_page(plan, ev, forms, 422)
    workflow.evaluation.object_(ev, current_user, form.text.data)
    flash(_l("Your objection was filed."), "success")
    return redirect(page_url(ev))


@step("keputusan", "decide")
def decide(plan_id, review_id):
    plan, ev = load(plan_id, review_id)
    access.require(current_user, "evaluation.decide", ev)
    forms = page_forms(plan, ev)
    form = forms["decision_form"]
    if not form.validate():
        return render_page(plan, ev, forms, 422)
    workflow.evaluation.decide(ev, current_user, form.outcome.data, form.text.data, form.results_final.data,
                               form.behaviour_final.data)
    flash(_l("The decision was recorded; it is final."), "success")
    return redirect(page_url(ev))
