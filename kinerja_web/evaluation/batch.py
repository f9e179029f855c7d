"""Rating a team: the team list of a review period, confirming suggestions for several people, and
finalising them after one confirmation. Each person goes through the same workflow functions as on
their own page; one refused person never stops the others, and each gets a line in the report."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import HTTPException

from .. import access, workflow
from ..extensions import db
from ..models import Employee, Evaluation, Plan
from ..params import arg_id, arg_int
from ..queries import evaluations as q
from ..queries.missing import without_realisation
from ..queries.team import TEAM_PAGE
from . import service
from .forms import batch_form
from .scope import team_review
from .views import bp

MAX_BATCH = TEAM_PAGE  # one page of people at most


def _reviews_and_chosen(me):
    return team_review(me)


def team_context(me) -> dict:
    """Everything the evaluations page shows, in a fixed number of statements."""
    reviews, chosen = _reviews_and_chosen(me)
    plan_id, period_id, mine = q.my_evaluations(me.id)
    ctx = {"reviews": reviews, "chosen": chosen, "my_plan_id": plan_id, "mine": mine,
           "my_reviews": [r for r in reviews if r.period_id == period_id], "members": [], "form": batch_form(),
           "ready_only": arg_int("siap", 0, lowest=0, highest=1) == 1, "page": arg_int("halaman", 1)}
    if chosen is not None and db.session.scalar(select(Employee.id).where(Employee.supervisor_id == me.id)
                                                .limit(1)) is not None:
        members, total, ready = q.team_rating(me.id, chosen, ctx["page"], ctx["ready_only"])
        year = [r for r in reviews if r.period_id == chosen.period_id]
        ctx.update(members=members, total=total, ready=ready, has_team=True,
                   pages=-(-(ready if ctx["ready_only"] else total) // TEAM_PAGE),
                   suggested=q.suggestions(members, chosen, year))
    return ctx


def _chosen_review(me):
    _, chosen = _reviews_and_chosen(me)
    if chosen is None or arg_id("periode") is None:
        abort(404)
    return chosen


def _me():
    me = current_user.employee
    if me is None:
        abort(403)
    access.require(current_user, "employee.view", me)
    return me


def _chosen_plans(review):
    """The posted plan ids of the review's year with their evaluations; an id that is not one of my
    reports is reported as such, whether or not it exists elsewhere."""
    form = batch_form()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
        return None
    ids = list(dict.fromkeys(form.plans.data))[:MAX_BATCH]
    plans = {p.id: p for p in db.session.scalars(
        select(Plan).where(Plan.id.in_(ids), Plan.period_id == review.period_id, Plan.status == "approved")
        .options(joinedload(Plan.employee).joinedload(Employee.agency)))}
    evs = {e.plan_id: e for e in db.session.scalars(
        select(Evaluation).where(Evaluation.plan_id.in_(list(plans)), Evaluation.review_id == review.id))}
    chosen = []
    for plan_id in ids:
        plan = plans.get(plan_id)
        if plan is None or not access.is_appraiser(current_user, plan.employee):
            chosen.append((plan_id, None, None))
        else:
            chosen.append((plan_id, plan, evs.get(plan_id)))
    return chosen


def _report(name, ok: bool, text) -> None:
    flash(gettext("%(name)s: %(text)s", name=name, text=text), "success" if ok else "error")


NOT_YOURS = _l("not one of your reports in this period; nothing was changed.")


def _back(review):
    return redirect(url_for("evaluation.index", periode=review.id))


@bp.post("/penilaian/konfirmasi")
@login_required
def batch_confirm():
    """Confirm the engine's suggested ratings for each chosen person (no overrides here)."""
    review = _chosen_review(_me())
    chosen = _chosen_plans(review)
    if chosen is None:
        return _back(review)
    rated = []
    for plan_id, plan, ev in chosen:
        if plan is None:
            _report(f"#{plan_id}", False, NOT_YOURS)
            continue
        name = plan.employee.name
        if ev is None:
            _report(name, False, _l("No self-assessment yet."))
            continue
        try:
            workflow.evaluation.confirm_suggested(ev, current_user)
        except workflow.AlreadyDone:
            rated.append(plan_id)
            _report(name, True, _l("already rated; it can be finalised."))
            continue
        except workflow.TransitionError as exc:
            _report(name, False, " ".join(str(m) for m in exc.messages))
            continue
        except HTTPException:
            _report(name, False, _l("this evaluation cannot be rated any more (it is final)."))
            continue
        rated.append(plan_id)
        _report(name, True, gettext("rated, predikat %(p)s.", p=service.PREDICATE_LABELS.get(ev.predicate)))
    if not rated:
        return _back(review)
    return redirect(url_for("evaluation.batch_review", periode=review.id, plans=rated))


@bp.route("/penilaian/finalisasi/periksa", methods=["GET", "POST"])
@login_required
def batch_review():
    """The one confirmation before finalising: the people, their predikat, and what becomes immutable."""
    review = _chosen_review(_me())
    if request.method == "POST":
        chosen = _chosen_plans(review)
        if chosen is None:
            return _back(review)
    else:
        ids = [i for i in _arg_ids("plans") if i][:MAX_BATCH]
        chosen = _load_for_review(review, ids)
    ready = [(plan, ev) for _, plan, ev in chosen if plan is not None and ev is not None and ev.status == "rated"]
    skipped = [(plan_id, plan, ev) for plan_id, plan, ev in chosen
               if plan is None or ev is None or ev.status != "rated"]
    gaps = without_realisation([plan.id for plan, _ in ready], review.id) if ready else {}
    return render_template("evaluation/batch_review.html", review=review, ready=ready, skipped=skipped,
                           gaps=gaps, form=batch_form(), labels=service)


def _arg_ids(name: str) -> list[int]:
    from ..params import to_id

    return [i for i in (to_id(v) for v in request.args.getlist(name)) if i is not None]


def _load_for_review(review, ids):
    plans = {p.id: p for p in db.session.scalars(
        select(Plan).where(Plan.id.in_(ids), Plan.period_id == review.period_id)
        .options(joinedload(Plan.employee)))} if ids else {}
    evs = {e.plan_id: e for e in db.session.scalars(
        select(Evaluation).where(Evaluation.plan_id.in_(list(plans)), Evaluation.review_id == review.id))}
    return [(i, plans[i], evs.get(i)) if i in plans and access.is_appraiser(current_user, plans[i].employee)
            else (i, None, None) for i in ids]


@bp.post("/penilaian/finalisasi")
@login_required
def batch_finalize():
    """Finalise each chosen rated evaluation (sealed, notified, announced to plugins), one by one."""
    review = _chosen_review(_me())
    chosen = _chosen_plans(review)
    if chosen is None:
        return _back(review)
    confirmed = set(batch_form().confirm_missing.data or ())
    for plan_id, plan, ev in chosen:
        if plan is None:
            _report(f"#{plan_id}", False, NOT_YOURS)
            continue
        name = plan.employee.name
        if ev is None or not access.may(current_user, "evaluation.finalize", ev):
            _report(name, False, _l("not rated yet, or already final; nothing was changed."))
            continue
        try:
            workflow.evaluation.finalize(ev, current_user, confirm_missing=plan_id in confirmed)
        except workflow.TransitionError as exc:
            _report(name, False, " ".join(str(m) for m in exc.messages))
            continue
        except HTTPException:
            _report(name, False, _l("could not be finalised; nothing was changed."))
            continue
        _report(name, True, gettext("final, predikat %(p)s.", p=service.PREDICATE_LABELS.get(ev.predicate)))
    return _back(review)
