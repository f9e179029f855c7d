"""A person asks the agency admin to reopen a closed review period of their current plan."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import access, workflow
from ..extensions import db
from ..models import ReviewPeriod
from ..queries import missing
from ..queries import progress as prog
from .forms import ReopenRequestForm
from .views import bp


@bp.route("/realisasi/buka-kembali/<int:review_id>", methods=["GET", "POST"])
@login_required
def ask_reopening(review_id):
    me = current_user.employee
    if me is None:
        abort(404)
    access.require(current_user, "reopening.ask", me)
    plans = prog.current_plans([me.id])
    review = db.session.scalar(select(ReviewPeriod).where(
        ReviewPeriod.id == review_id, ReviewPeriod.period_id == plans[0].period_id)) if plans else None
    if review is None:  # not a period of my current plan: nothing of anyone else is revealed
        abort(404)
    plan = plans[0]
    form = ReopenRequestForm()
    status = 200
    if request.method == "POST":
        status = 422
        if form.validate():
            try:
                workflow.requests.ask_reopening(me, current_user, review, form.reason.data)
                flash(_l("Your request was sent to the agency admin. You will be notified of the decision."),
                      "success")
                return redirect(url_for("execution.dashboard"))
            except workflow.AlreadyDone as exc:
                for problem in exc.messages:
                    flash(problem, "info")
                return redirect(url_for("execution.dashboard"))
            except workflow.TransitionError as exc:
                for problem in exc.messages:
                    flash(problem, "error")
                exc.on(form)
    (pp,) = prog.progress([plan], feedback=False)
    state = missing.review_states(me.id, plan.id, [review])[review.id]
    gaps = [(ip, review in ip.missing_values, review in ip.missing_evidence) for ip in pp.indicators
            if review in ip.missing_values or review in ip.missing_evidence]
    return render_template("execution/reopen_request.html", plan=plan, review=review, state=state, gaps=gaps,
                           form=form), status
