"""Rencana aksi: an SKP's action plans per RHK for one review period, edited by its owner in one form,
read by the supervisor chain and admins; the supervisor comments into the RHK's feedback thread."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required

from .. import access
from .. import workflow as wf
from ..clock import today
from ..params import arg_id, to_id
from ..queries import action_plans as plans_q
from ..queries import progress as prog
from ..workflow import AlreadyDone, TransitionError
from ..workflow import action_plans as flow
from ..workflow.realization import evaluated
from .action_plan_forms import action_plan_form
from .forms import ReplyForm
from .views import bp


def _plan(plan_id: int):
    plan = prog.load_plan(plan_id)
    if plan is None:
        abort(404)
    access.require(current_user, "action_plan.view", plan)
    return plan


def _review(plan, review_id: int | None):
    """The asked review period of the SKP's year (404 for another year's), else the one today falls in,
    else the latest that has started, else the first."""
    reviews = prog.reviews_by_period([plan.period_id]).get(plan.period_id, [])
    if review_id is not None:
        review = next((r for r in reviews if r.id == review_id), None)
        if review is None:
            abort(404)
        return review, reviews
    now = today()
    started = [r for r in reviews if r.starts_on <= now]
    current = next((r for r in started if now <= r.ends_on), None)
    return current or (started[-1] if started else reviews[0] if reviews else abort(404)), reviews


def _stored_data(plan, stored) -> dict:
    data = {}
    for result in plan.results:
        rows = [{"id": str(p.id), "description": p.description, "indicator_id": str(p.indicator_id or ""),
                 "quantity": p.quantity} for p in stored.get(result.id, [])]
        data[f"rhk_{result.id}"] = rows + ([{}] if len(rows) < plans_q.MAX_PER_RESULT else [])
    return data


def _rows(form) -> list[flow.Row]:
    return [flow.Row(result_id=result.id, id=to_id(row.id.data), description=row.description.data or "",
                     indicator_id=to_id(row.indicator_id.data), quantity=row.quantity.data,
                     remove=bool(row.remove.data)) for result, row in form.filled()]


@bp.route("/skp/<int:plan_id>/rencana-aksi", methods=["GET", "POST"])
@login_required
def action_plans(plan_id):
    plan = _plan(plan_id)
    review, reviews = _review(plan, arg_id("periode"))
    writable = access.may(current_user, "action_plan.write", plan)
    stored = plans_q.of_review(plan.id, review.id)
    form = action_plan_form(plan.results, None if request.method == "POST" else _stored_data(plan, stored))
    status = 200
    if request.method == "POST":
        access.require(current_user, "action_plan.write", plan)
        added_to = form.added_to()
        if added_to is not None:  # without JavaScript: the same rows again, and one more for that RHK
            if len(added_to[1]) < plans_q.MAX_PER_RESULT:
                added_to[1].append_entry()
        elif not form.filled():
            flash(_l("Fill in at least one action plan."), "error")
            status = 422
        elif form.validate():
            try:
                saved = flow.save(plan, current_user, review, _rows(form))
                flash(_l("Action plans saved: %(added)d added, %(changed)d changed, %(removed)d removed.",
                         added=saved.added, changed=saved.changed, removed=saved.removed), "success")
                return redirect(url_for("execution.action_plans", plan_id=plan.id, periode=review.id))
            except TransitionError as exc:
                for problem in exc.messages:
                    flash(problem, "error")
                filled = form.filled()
                for key, messages in exc.fields.items():
                    n, name = key.split(".", 1)
                    field = getattr(filled[int(n)][1], name)
                    field.errors = [*field.errors, *messages]
                status = 422
        else:
            status = 422
    threads = {}
    for fb in prog.feedback_threads(plan.id):
        if fb.result_id and not fb.realization_id:
            threads.setdefault(fb.result_id, []).append(fb)
    is_open = not (prog.not_started(review) or prog.is_locked(plan.employee_id, review) or evaluated(plan, review))
    return render_template("execution/action_plans.html", plan=plan, review=review, reviews=reviews, form=form,
                           stored=stored, writable=writable, is_open=is_open, threads=threads,
                           can_comment=access.may(current_user, "feedback.write", plan),
                           reply_form=ReplyForm(),
                           has_earlier=any(r.seq < review.seq for r in reviews)), status


@bp.post("/skp/<int:plan_id>/rencana-aksi/<int:review_id>/ambil-periode-lalu")
@login_required
def propose_action_plans(plan_id, review_id):
    plan = _plan(plan_id)
    review, _reviews = _review(plan, review_id)
    try:
        copied = flow.propose_from_last(plan, current_user, review)
        flash(ngettext("%(num)d action plan copied from the previous period. Check and adjust it.",
                       "%(num)d action plans copied from the previous period. Check and adjust them.", copied),
              "success")
    except AlreadyDone as exc:
        for problem in exc.messages:
            flash(problem, "info")
    except TransitionError as exc:
        for problem in exc.messages:
            flash(problem, "error")
    return redirect(url_for("execution.action_plans", plan_id=plan.id, periode=review.id))


@bp.post("/skp/<int:plan_id>/rencana-aksi/<int:review_id>/umpan-balik")
@login_required
def comment_action_plans(plan_id, review_id):
    """The supervisor's comment goes into the RHK's feedback thread, where the monitoring page shows it too."""
    plan = _plan(plan_id)
    review, _reviews = _review(plan, review_id)
    access.require(current_user, "feedback.write", plan)
    result = next((r for r in plan.results if r.id == to_id(request.form.get("result_id"))), None)
    if result is None:
        abort(404)
    back = url_for("execution.action_plans", plan_id=plan.id, periode=review.id, _anchor=f"rhk-{result.id}")
    form = ReplyForm()
    if not form.validate():
        flash(_l("Write your feedback before sending it."), "error")
        return redirect(back)
    about = _("Action plans, %(period)s", period=review.name)  # the thread on the monitoring page says so
    body = f"{about}: {form.body.data.strip()}"
    wf.feedback.give(plan, current_user, result, body)
    flash(_l("Feedback sent."), "success")
    return redirect(back)
