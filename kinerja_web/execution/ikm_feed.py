"""An indicator fed by the public satisfaction survey (catalogue ``feed == "ikm"``): the realisation form
shows the owner's unit's index for the period, and one click saves it as the realisation, through the
same workflow as a typed value, with its provenance (survey, respondents, index, rule and version)."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField

from .. import access, workflow
from ..extensions import db
from ..models import Realization, ReviewPeriod
from ..queries import ikm as ikm_q
from ..queries import progress as prog
from ..workflow import TransitionError
from .views import bp


class UseIkmForm(FlaskForm):
    version = HiddenField()


@bp.post("/skp/<int:plan_id>/iki/<int:indicator_id>/realisasi/<int:review_id>/ikm")
@login_required
def use_ikm(plan_id, indicator_id, review_id):
    plan = prog.load_plan(plan_id)
    if plan is None:
        abort(404)
    access.require(current_user, "plan.view", plan)
    ind = next((i for r in plan.results for i in r.indicators if i.id == indicator_id), None)
    review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.id == review_id,
                                                          ReviewPeriod.period_id == plan.period_id))
    if ind is None or review is None:
        abort(404)
    access.require(current_user, "realization.edit", plan)
    back = url_for("execution.realization", plan_id=plan.id, indicator_id=ind.id, review_id=review.id)
    form = UseIkmForm()
    offer = ikm_q.offer(plan, ind, review)
    if not form.validate() or offer is None or not offer.usable:
        flash(_l("There is no survey index to use for this period."), "error")
        return redirect(back)
    real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                       Realization.review_id == review.id))
    try:
        workflow.realization.save(plan, current_user, ind, review, real, value=offer.feed.result.shown,
                                  note=real.note if real else "", version=form.version.data,
                                  provenance=offer.feed.provenance())
    except TransitionError as exc:
        for problem in exc.messages + [m for errors in exc.fields.values() for m in errors]:
            flash(problem, "error")
        return redirect(back)
    flash(_l("The survey's index is saved as the realisation."), "success")
    return redirect(url_for("execution.monitor", plan_id=plan.id, _anchor=f"iki-{ind.id}"))
