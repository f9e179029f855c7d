"""Starting an SKP in one click: empty with the default approach, or from a proposal."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import access, workflow
from ..workflow import proposal
from . import choices
from .forms import StartForm
from .views import bp

DEFAULT_APPROACH = "kuantitatif"  # the e-Kinerja default; most JA/JF positions use it (RULES.md §2.3)


def _me():
    me = current_user.employee
    if me is None:
        abort(403)
    access.require(current_user, "plan.create", me)
    return me


def _done(plan, message):
    flash(message, "success")
    return redirect(url_for("planning.detail", plan_id=plan.id))


def _refused(exc):
    for problem in exc.messages:
        flash(problem, "info" if isinstance(exc, workflow.AlreadyDone) else "error")
    return redirect(url_for("planning.my_plans"))


def _form():
    form = StartForm()
    if not form.validate():
        flash(_l("That year cannot be started any more; choose again."), "error")
        return None
    return form


@bp.post("/skp/mulai")
@login_required
def start():
    me = _me()
    form = _form()
    if form is None:
        return redirect(url_for("planning.my_plans"))
    try:
        plan = workflow.create(me, current_user, form.period_id.data, DEFAULT_APPROACH)
    except workflow.TransitionError as exc:
        return _refused(exc)
    return _done(plan, _l("Your SKP is started. Add your RHK and their indicators below."))


@bp.post("/skp/mulai/tahun-lalu")
@login_required
def start_from_previous():
    me = _me()
    form = _form()
    if form is None or form.source_id.data is None:
        return redirect(url_for("planning.my_plans"))
    try:
        plan = proposal.from_previous(me, current_user, form.period_id.data, form.source_id.data,
                                       choices.catalogue_for(me))
    except workflow.TransitionError as exc:
        return _refused(exc)
    return _done(plan, _l("Last year's SKP is copied into a draft. Check each RHK, its link and its targets."))


@bp.post("/skp/mulai/atasan")
@login_required
def start_from_supervisor():
    me = _me()
    form = _form()
    if form is None:
        return redirect(url_for("planning.my_plans"))
    try:
        plan = proposal.from_supervisor(me, current_user, form.period_id.data, choices.catalogue_for(me))
    except workflow.TransitionError as exc:
        return _refused(exc)
    return _done(plan, _l("A draft is proposed from your supervisor's RHK. Rewrite each RHK as your own "
                          "result and check the targets."))
