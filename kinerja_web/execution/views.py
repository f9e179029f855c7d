"""Pelaksanaan, pemantauan dan pembinaan: realisations, evidence, feedback,
dialogues, peer input, notifications and the home pages."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from .. import access, workflow
from ..clock import today
from ..extensions import db
from ..forms import options
from ..models import (
    Dialogue,
    Employee,
    Evidence,
    Feedback,
    Notification,
    PeerInput,
    Plan,
    PlanIndicator,
    Realization,
    ReviewPeriod,
    WorkResult,
)
from ..notify import message
from ..params import arg_int, to_id
from ..queries import action_plans as plans_q
from ..queries import daily as daily_q
from ..queries import ikm as ikm_q
from ..queries import missing
from ..queries import progress as prog
from ..queries.team import TEAM_PAGE, team_page
from ..workflow import AlreadyDone, TransitionError
from . import evidence as files
from . import plugin_fields
from .forms import DialogueForm, FeedbackForm, PeerAnswerForm, PeerRequestForm, RealizationForm, ReplyForm

bp = Blueprint("execution", __name__)

def _plan(plan_id: int) -> Plan:
    plan = prog.load_plan(plan_id)
    if plan is None:
        abort(404)
    return plan


@bp.get("/beranda")
@login_required
def dashboard():
    me = current_user.employee
    if me is None:
        return redirect(url_for("admin.index"))
    access.require(current_user, "employee.view", me)
    mine = prog.progress(prog.current_plans([me.id]))
    todo = []
    if mine and (mine[0].missing_values or mine[0].missing_evidence):
        todo = missing.todo(mine[0], missing.review_states(me.id, mine[0].plan.id, mine[0].reviews))
    page = arg_int("halaman", 1)
    has_reports = (getattr(current_user, "layout", None) or {}).get("has_reports", True)
    team, team_size = team_page(me.id, today(), page) if has_reports else ([], 0)
    asked = db.session.scalars(select(PeerInput).where(PeerInput.rater_id == me.id, PeerInput.answered_at.is_(None))
                               .options(joinedload(PeerInput.employee), joinedload(PeerInput.review))).all()
    return render_template("execution/dashboard.html", mine=mine[0] if mine else None, todo=todo, team=team,
                           asked=asked,
                           team_size=team_size, page=page, pages=-(-team_size // TEAM_PAGE), today=today())


@bp.get("/skp/<int:plan_id>/pemantauan")
@login_required
def monitor(plan_id):
    plan = _plan(plan_id)
    access.require(current_user, "plan.view", plan)
    (pp,) = prog.progress([plan], with_evidence=True, feedback=False)
    feedback = prog.feedback_threads(plan.id)
    by_result, by_realization = {}, {}
    for fb in feedback:
        target = by_realization if fb.realization_id else by_result
        target.setdefault(fb.realization_id or fb.result_id, []).append(fb)
    dialogues = db.session.scalars(select(Dialogue).where(Dialogue.plan_id == plan.id)
                                   .options(joinedload(Dialogue.author)).order_by(Dialogue.held_on.desc())).all()
    peers = db.session.scalars(select(PeerInput).where(PeerInput.employee_id == plan.employee_id,
                                                       PeerInput.review_id.in_([r.id for r in pp.reviews]))
                               .options(joinedload(PeerInput.rater), joinedload(PeerInput.review))
                               .order_by(PeerInput.review_id, PeerInput.id)).all()
    ctx = {"pp": pp, "plan": plan, "by_result": by_result, "by_realization": by_realization,
           "dialogues": dialogues, "peers": peers, "min_peers": _min_peers(),
           "peer_groups": _peer_groups(peers, pp.reviews, _min_peers()),
           "can_write": access.may(current_user, "feedback.write", plan),
           "can_reply": access.may(current_user, "feedback.reply", plan),
           "can_edit": access.may(current_user, "realization.edit", plan),
           "can_see_peers": access.may(current_user, "peer.view", plan),
           "states": missing.review_states(plan.employee_id, plan.id, pp.reviews),
           "not_started": {r.id: prog.not_started(r) for r in pp.reviews},
           "feedback_form": FeedbackForm(), "reply_form": ReplyForm(), "dialogue_form": DialogueForm()}
    if access.may(current_user, "action_plan.view", plan):  # the rencana aksi per RHK and period, one statement
        ctx["action_plans"], ctx["today"] = plans_q.of_plan(plan.id), today()
    return render_template("execution/monitor.html", **ctx)


def _peer_groups(peers, reviews, minimum):
    """Answers per review period, shown to the employee only where at least
    ``minimum`` distinct colleagues answered, so nobody can be singled out."""
    groups = []
    for review in reviews:
        answered = [p for p in peers if p.review_id == review.id and p.answered_at]
        raters = {p.rater_id for p in answered}
        texts = sorted(t for p in answered for t in (p.strengths, p.improvements, p.collaboration) if t)
        if len(raters) >= minimum:
            groups.append((review, len(raters), texts))
    return groups


def _min_peers() -> int:
    from flask import current_app

    return int(current_app.config.get("PEER_MIN_ANSWERS", 3))


@bp.route("/skp/<int:plan_id>/iki/<int:indicator_id>/realisasi/<int:review_id>", methods=["GET", "POST"])
@login_required
def realization(plan_id, indicator_id, review_id):
    plan = _plan(plan_id)
    access.require(current_user, "plan.view", plan)
    ind = next((i for r in plan.results for i in r.indicators if i.id == indicator_id), None)
    review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.id == review_id,
                                                          ReviewPeriod.period_id == plan.period_id))
    if ind is None or review is None:
        abort(404)
    real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                       Realization.review_id == review.id)
                             .options(selectinload(Realization.evidence)))
    editable = access.may(current_user, "realization.edit", plan)
    state = missing.review_states(plan.employee_id, plan.id, [review])[review.id]
    locked = state.locked
    early = prog.not_started(review)
    form = RealizationForm(obj=real if request.method == "GET" else None)
    form.qualitative = ind.target_kind == "qualitative"
    part = plugin_fields.for_indicator(plan, ind, real)
    form.derived = part.derived
    if request.method == "GET":
        form.version.data = str(real.version) if real else "0"
    status = 200
    if request.method == "POST":
        access.require(current_user, "realization.edit", plan)
        if locked or early:
            flash(_l("This review period is closed for input.") if locked
                  else _l("This review period has not started yet."), "error")
            return redirect(url_for("execution.realization", plan_id=plan.id, indicator_id=ind.id,
                                    review_id=review.id))
        try:
            fields, provenance, derived, fields_ok = plugin_fields.read(part)
            if form.validate() & fields_ok:  # both run: every error shows at once
                workflow.realization.save(plan, current_user, ind, review, real,
                                          value=derived if part.derived else form.value.data,
                                          note=form.note.data, version=form.version.data,
                                          uploads=form.files.data, link=form.link.data, fields=fields,
                                          provenance=provenance)
                flash(_l("Realisation saved."), "success")
                return redirect(url_for("execution.monitor", plan_id=plan.id, _anchor=f"iki-{ind.id}"))
        except TransitionError as exc:
            if not exc.fields:
                for problem in exc.messages:
                    flash(problem, "error")
                return redirect(url_for("execution.realization", plan_id=plan.id, indicator_id=ind.id,
                                        review_id=review.id))
            exc.on(form)
        status = 422
        real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                           Realization.review_id == review.id))
    (pp,) = prog.progress([plan], feedback=False, only_indicator=ind.id)
    ip = pp.indicators[0]
    preview = (prog.attainment(ind, form.value.data)
               if form.value.data is not None and not form.value.errors and not part.derived else None)
    return render_template("execution/realization.html", plan=plan, ind=ind, review=review, real=real, ip=ip,
                           form=form, editable=editable and not locked and not early, locked=locked,
                           early=early, preview=preview, confirm=FeedbackForm(), state=state,
                           owner=editable, part=part, ikm_offer=ikm_q.offer(plan, ind, review),
                           progress_offer=None if part.derived else daily_q.proposal(plan.id, ind, review)), status


def _evidence(evidence_id: int) -> Evidence:
    ev = db.session.scalar(select(Evidence).where(Evidence.id == evidence_id).options(
        joinedload(Evidence.realization).joinedload(Realization.indicator)
        .joinedload(PlanIndicator.result).joinedload(WorkResult.plan)))
    if ev is None:
        abort(404)
    access.require(current_user, "evidence.view", ev)
    return ev


@bp.get("/bukti/<int:evidence_id>")
@login_required
def download(evidence_id):
    ev = _evidence(evidence_id)
    if ev.kind == "link":
        return redirect(ev.url)
    path = files.path_of(ev.stored_name)
    if not path.exists():
        abort(404)
    response = send_file(path, mimetype=ev.content_type, download_name=ev.filename,
                         as_attachment=ev.content_type not in files.INLINE_TYPES, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Evidence-SHA256"] = ev.sha256
    return response


@bp.post("/bukti/<int:evidence_id>/hapus")
@login_required
def delete_evidence(evidence_id):
    ev = _evidence(evidence_id)
    real = ev.realization
    plan_id, indicator_id, review_id = real.indicator.result.plan_id, real.indicator_id, real.review_id
    try:
        workflow.realization.remove_evidence(ev, current_user)
        flash(_l("Evidence removed."), "info")
    except TransitionError as exc:
        for problem in exc.messages:
            flash(problem, "error")
    return redirect(url_for("execution.realization", plan_id=plan_id, indicator_id=indicator_id,
                            review_id=review_id))


@bp.post("/skp/<int:plan_id>/umpan-balik")
@login_required
def feedback(plan_id):
    plan = _plan(plan_id)
    access.require(current_user, "feedback.write", plan)
    form = FeedbackForm()
    result_id = to_id(form.result_id.data)
    realization_id = to_id(form.realization_id.data)
    if realization_id:
        about = db.session.get(Realization, realization_id)
        if about is None or about.indicator.result_id not in {r.id for r in plan.results}:
            abort(404)
    elif result_id is None:
        flash(_l("Choose the RHK or realisation the feedback is about."), "error")
        return redirect(url_for("execution.monitor", plan_id=plan.id))
    else:
        about = next((r for r in plan.results if r.id == result_id), None)
        if about is None:
            abort(404)
    if not form.validate():
        flash(_l("Write your feedback before sending it."), "error")
        return redirect(url_for("execution.monitor", plan_id=plan.id))
    fb = workflow.feedback.give(plan, current_user, about, form.body.data)
    flash(_l("Feedback sent."), "success")
    return redirect(url_for("execution.monitor", plan_id=plan.id, _anchor=f"fb-{fb.id}"))


@bp.post("/umpan-balik/<int:feedback_id>/balas")
@login_required
def reply(feedback_id):
    parent = db.session.get(Feedback, feedback_id)
    if parent is None or parent.parent_id is not None:
        abort(404)
    plan = _plan(parent.plan_id)
    access.require(current_user, "feedback.reply", plan)
    form = ReplyForm()
    if not form.validate():
        flash(_l("Write your reply before sending it."), "error")
        return redirect(url_for("execution.monitor", plan_id=plan.id, _anchor=f"fb-{parent.id}"))
    workflow.feedback.reply(parent, current_user, form.body.data)
    flash(_l("Reply sent."), "success")
    return redirect(url_for("execution.monitor", plan_id=plan.id, _anchor=f"fb-{feedback_id}"))


@bp.post("/skp/<int:plan_id>/dialog")
@login_required
def dialogue(plan_id):
    plan = _plan(plan_id)
    access.require(current_user, "feedback.write", plan)
    form = DialogueForm()
    if form.validate():
        try:
            workflow.feedback.record_dialogue(plan, current_user, form.held_on.data, form.notes.data,
                                              form.follow_ups.data)
            flash(_l("Performance dialogue recorded."), "success")
            return redirect(url_for("execution.monitor", plan_id=plan_id, _anchor="dialog"))
        except TransitionError as exc:
            exc.on(form)
    for field in (form.held_on, form.notes, form.follow_ups):
        for error in field.errors:
            flash(f"{field.label.text}: {error}", "error")
    return redirect(url_for("execution.monitor", plan_id=plan_id, _anchor="dialog"))


def _peer_form(plan, reviews):
    """Colleagues who can be asked: the active people of the employee's own unit (a unit, not the whole
    agency: at province scale an agency is 16,000 names), the employee and the asker left out."""
    form = PeerRequestForm()
    colleagues = db.session.execute(select(Employee.id, Employee.name).where(
        Employee.unit_id == plan.employee.unit_id, Employee.active.is_(True),
        Employee.id.not_in([plan.employee_id, current_user.employee_id])).order_by(Employee.name, Employee.id)).all()
    form.rater_id.choices = options((e.id, e.name) for e in colleagues)
    form.review_id.choices = options((r.id, r.name) for r in reviews)
    return form


@bp.route("/skp/<int:plan_id>/masukan", methods=["GET", "POST"])
@login_required
def request_peer(plan_id):
    """Ask a colleague for input on the employee's work (its own page, so the monitoring page does not
    list the unit's people on every view)."""
    plan = _plan(plan_id)
    access.require(current_user, "feedback.write", plan)
    reviews = prog.reviews_by_period([plan.period_id]).get(plan.period_id, [])
    form = _peer_form(plan, reviews)
    if request.method == "GET" or not form.validate():
        if request.method == "POST":
            flash(_l("Pick a colleague and a review period."), "error")
        return render_template("execution/peer_request.html", plan=plan, form=form), \
            422 if request.method == "POST" else 200
    rater = db.session.get(Employee, form.rater_id.data)
    review = next(r for r in reviews if r.id == form.review_id.data)
    try:
        workflow.feedback.request_input(plan, current_user, rater, review)
        flash(_l("Input requested."), "success")
    except AlreadyDone as exc:
        for message_ in exc.messages:
            flash(message_, "info")
    return redirect(url_for("execution.monitor", plan_id=plan_id, _anchor="peer"))


@bp.route("/masukan/<int:peer_id>", methods=["GET", "POST"])
@login_required
def peer_answer(peer_id):
    peer = db.session.scalar(select(PeerInput).where(PeerInput.id == peer_id)
                             .options(joinedload(PeerInput.employee), joinedload(PeerInput.review)))
    if peer is None:
        abort(404)
    access.require(current_user, "peer.answer", peer)
    form = PeerAnswerForm(obj=peer)
    if form.validate_on_submit():
        workflow.feedback.answer_input(peer, current_user, form.strengths.data, form.improvements.data,
                                       form.collaboration.data)
        flash(_l("Thank you, your input was saved."), "success")
        return redirect(url_for("execution.dashboard"))
    return render_template("execution/peer.html", peer=peer, form=form), 422 if form.errors else 200


@bp.get("/notifikasi")
@login_required
def notifications():
    notes = db.session.scalars(select(Notification).where(Notification.user_id == current_user.id)
                               .order_by(Notification.id.desc()).limit(100)).all()
    return render_template("execution/notifications.html", notes=notes, message=message, confirm=ReplyForm())


@bp.get("/notifikasi/<int:note_id>")
@login_required
def open_notification(note_id):
    note = db.session.get(Notification, note_id)
    if note is None:
        abort(404)
    workflow.notifications.mark_read(note, current_user)
    target = note.link if note.link.startswith("/") and not note.link.startswith("//") else None
    return redirect(target or url_for("execution.notifications"))


@bp.post("/notifikasi/baca-semua")
@login_required
def read_all():
    workflow.notifications.mark_all_read(current_user)
    return redirect(url_for("execution.notifications"))
