"""Pelaksanaan, pemantauan dan pembinaan: realisations, evidence, feedback,
dialogues, peer input, notifications and the home pages."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.exc import StaleDataError

from .. import access
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
from ..models.audit import record, utcnow
from ..notify import message, notify, short
from ..params import to_id
from ..ui import number
from . import evidence as files
from . import progress as prog
from .forms import DialogueForm, FeedbackForm, PeerAnswerForm, PeerRequestForm, RealizationForm, ReplyForm

bp = Blueprint("execution", __name__)

PLAN_LOAD = (joinedload(Plan.employee).joinedload(Employee.supervisor), joinedload(Plan.period),
             selectinload(Plan.results).selectinload(WorkResult.indicators))


def _plan(plan_id: int) -> Plan:
    plan = db.session.scalar(select(Plan).where(Plan.id == plan_id).options(*PLAN_LOAD))
    if plan is None:
        abort(404)
    return plan


def current_plans(employee_ids) -> list[Plan]:
    """The newest approved plan of each employee (two queries)."""
    if not employee_ids:
        return []
    newest = (select(Plan.employee_id, func.max(Plan.id).label("id"))
              .where(Plan.employee_id.in_(employee_ids), Plan.status == "approved")
              .group_by(Plan.employee_id).subquery())
    return list(db.session.scalars(select(Plan).join(newest, Plan.id == newest.c.id).options(*PLAN_LOAD)))


@bp.get("/beranda")
@login_required
def dashboard():
    me = current_user.employee
    if me is None:
        return redirect(url_for("admin.index"))
    access.require(current_user, "employee.view", me)
    reports = db.session.scalars(select(Employee).where(Employee.supervisor_id == me.id, Employee.active.is_(True))
                                 .order_by(Employee.name)).all()
    everyone = {pp.plan.employee_id: pp for pp in prog.progress(current_plans([me.id, *(e.id for e in reports)]))}
    mine = [everyone[me.id]] if me.id in everyone else []
    report_progress = everyone
    team = sorted(((e, report_progress.get(e.id)) for e in reports),
                  key=lambda pair: (-(pair[1].attention if pair[1] else 999), pair[0].name))
    asked = db.session.scalars(select(PeerInput).where(PeerInput.rater_id == me.id, PeerInput.answered_at.is_(None))
                               .options(joinedload(PeerInput.employee), joinedload(PeerInput.review))).all()
    return render_template("execution/dashboard.html", mine=mine[0] if mine else None, team=team, asked=asked,
                           today=today())


@bp.get("/skp/<int:plan_id>/pemantauan")
@login_required
def monitor(plan_id):
    plan = _plan(plan_id)
    access.require(current_user, "plan.view", plan)
    (pp,) = prog.progress([plan])
    feedback = db.session.scalars(
        select(Feedback).where(Feedback.plan_id == plan.id, Feedback.parent_id.is_(None))
        .options(joinedload(Feedback.author), selectinload(Feedback.replies).joinedload(Feedback.author))
        .order_by(Feedback.id)).all()
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
           "locked": {r.id: prog.is_locked(plan.employee_id, r) for r in pp.reviews},
           "not_started": {r.id: prog.not_started(r) for r in pp.reviews},
           "feedback_form": FeedbackForm(), "reply_form": ReplyForm(), "dialogue_form": DialogueForm()}
    if ctx["can_write"]:
        ctx["peer_form"] = _peer_form(plan, pp.reviews)
    return render_template("execution/monitor.html", **ctx)


def _evaluated(plan, review) -> bool:
    """Once a period is rated or final, its realisations are what was evaluated."""
    from ..models import Evaluation

    return db.session.scalar(select(Evaluation.id).where(
        Evaluation.plan_id == plan.id, Evaluation.review_id == review.id,
        Evaluation.status.in_(("rated", "final")))) is not None


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
    locked = prog.is_locked(plan.employee_id, review) or _evaluated(plan, review)
    early = prog.not_started(review)
    form = RealizationForm(obj=real if request.method == "GET" else None)
    form.qualitative = ind.target_kind == "qualitative"
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
        saved = _save_realization(form, plan, ind, review, real)
        if saved:
            flash(_l("Realisation saved."), "success")
            return redirect(url_for("execution.monitor", plan_id=plan.id, _anchor=f"iki-{ind.id}"))
        status = 422
        real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                           Realization.review_id == review.id))
    (pp,) = prog.progress([plan])
    ip = next(i for i in pp.indicators if i.indicator.id == ind.id)
    preview = (prog.attainment(ind, form.value.data)
               if form.value.data is not None and not form.value.errors else None)
    return render_template("execution/realization.html", plan=plan, ind=ind, review=review, real=real, ip=ip,
                           form=form, editable=editable and not locked and not early, locked=locked,
                           early=early, preview=preview, confirm=FeedbackForm()), status


def _save_realization(form, plan, ind, review, real) -> bool:
    """Validate, check concurrency, store evidence and save; False with errors on the form."""
    if not form.validate():
        return False
    current_version = real.version if real else 0
    if str(form.version.data or "0") != str(current_version):
        form.value.errors.append(_l("Someone saved this realisation in the meantime (value now: %(value)s). "
                                    "Check it and save again.", value=number(real.value) if real else "–"))
        form.version.data = str(current_version)
        return False
    messages = _plugin_messages(plan, ind, form.value.data)
    if messages:
        form.value.errors.extend(messages)
        return False
    uploads = [f for f in (form.files.data or []) if f and f.filename]
    has_evidence = bool(real and real.evidence) or bool(uploads) or bool(form.link.data)
    if ind.evidence_required and not has_evidence:
        form.files.errors.append(_l("This indicator requires evidence: upload a file or give a link."))
        return False
    stored = []
    for upload in uploads:
        try:
            stored.append(files.store(upload))
        except files.EvidenceError as exc:
            form.files.errors.append(f"{upload.filename}: {exc}")
    if form.files.errors:
        for s in stored:
            files.path_of(s.stored_name).unlink(missing_ok=True)
        return False
    before = None if real is None else {"value": str(real.value), "note": real.note}
    try:  # a first save racing another first save fails at the flush inside record(), not only at commit
        _store_realization(form, plan, ind, review, real, stored, before)
        db.session.commit()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        for s in stored:
            files.path_of(s.stored_name).unlink(missing_ok=True)
        newer = db.session.scalar(select(Realization.value).where(Realization.indicator_id == ind.id,
                                                                  Realization.review_id == review.id))
        form.value.errors.append(_l("Someone saved this realisation in the meantime (value now: %(value)s). "
                                    "Check it and save again.", value=number(newer)))
        return False
    return True


def _store_realization(form, plan, ind, review, real, stored, before) -> None:
    if real is None:
        real = Realization(indicator_id=ind.id, review_id=review.id)
        db.session.add(real)
    real.value, real.note, real.updated_by_id = form.value.data, (form.note.data or "").strip(), current_user.id
    for s in stored:
        real.evidence.append(Evidence(kind="file", filename=s.filename, stored_name=s.stored_name,
                                      content_type=s.content_type, size=s.size, sha256=s.sha256,
                                      uploaded_by_id=current_user.id))
    if form.link.data:
        real.evidence.append(Evidence(kind="link", url=form.link.data.strip(), uploaded_by_id=current_user.id))
    record(current_user, "realization.save", real, before,
           {"value": str(real.value), "note": real.note, "evidence_added": len(stored) + bool(form.link.data)},
           agency_id=plan.agency_id)


def _plugin_messages(plan, ind, value) -> list[str]:
    """Ask the agency plugins about a value (kinerja_validate_realization)."""
    from flask import current_app

    if value is None:
        return []
    registry = current_app.extensions["kinerja_registry"]
    declared = registry.indicators.get((plan.employee.agency.code, ind.catalogue_code or ""))
    record_ = declared.record if declared else _custom_record(plan, ind)
    answers = current_app.extensions["kinerja"].hook.kinerja_validate_realization(indicator=record_, value=value)
    return [str(m) for answer in answers for m in (answer or [])]


def _custom_record(plan, ind):
    from ..rules.types import Aggregation, Aspect, Direction, Indicator, TargetKind

    return Indicator(agency=plan.employee.agency.code, code=ind.catalogue_code or f"custom-{ind.id}",
                     name=ind.name, unit=ind.unit, aspect=Aspect(ind.aspect), aggregation=Aggregation(ind.aggregation),
                     direction=Direction.LOWER if ind.scoring == "lower_is_better" else Direction.HIGHER,
                     scoring=ind.scoring, target_kind=TargetKind(ind.target_kind))


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
    plan = ev.realization.indicator.result.plan
    access.require(current_user, "realization.edit", plan)
    real = ev.realization
    if prog.is_locked(plan.employee_id, real.review) or _evaluated(plan, real.review):
        flash(_l("This review period is closed for input."), "error")
    elif real.indicator.evidence_required and len(real.evidence) == 1:
        flash(_l("This indicator requires evidence: add the new evidence before removing the last one."), "error")
    else:
        record(current_user, "evidence.delete", ev, before={"filename": ev.filename, "url": ev.url,
                                                             "sha256": ev.sha256}, agency_id=plan.agency_id)
        stored_name = ev.stored_name
        real.evidence.remove(ev)
        real.updated_at = utcnow()  # bumps the realisation's version
        db.session.commit()
        if stored_name:
            files.path_of(stored_name).unlink(missing_ok=True)
        flash(_l("Evidence removed."), "info")
    return redirect(url_for("execution.realization", plan_id=plan.id, indicator_id=real.indicator_id,
                            review_id=real.review_id))


@bp.post("/skp/<int:plan_id>/umpan-balik")
@login_required
def feedback(plan_id):
    plan = _plan(plan_id)
    access.require(current_user, "feedback.write", plan)
    form = FeedbackForm()
    result_ids = {r.id for r in plan.results}
    result_id = _int(form.result_id.data)
    realization_id = _int(form.realization_id.data)
    what = None
    if realization_id:
        real = db.session.get(Realization, realization_id)
        if real is None or real.indicator.result_id not in result_ids:
            abort(404)
        what, result_id = real.indicator.name, None
    elif result_id in result_ids:
        what = next(r.text for r in plan.results if r.id == result_id)
    elif result_id is None:
        flash(_l("Choose the RHK or realisation the feedback is about."), "error")
        return redirect(url_for("execution.monitor", plan_id=plan.id))
    else:
        abort(404)
    if not form.validate():
        flash(_l("Write your feedback before sending it."), "error")
        return redirect(url_for("execution.monitor", plan_id=plan.id))
    fb = Feedback(plan_id=plan.id, result_id=result_id, realization_id=realization_id,
                  author_id=current_user.employee_id, body=form.body.data.strip())
    db.session.add(fb)
    record(current_user, "feedback.create", fb, after={"body": fb.body}, agency_id=plan.agency_id)
    notify([plan.employee_id], "feedback", link=url_for("execution.monitor", plan_id=plan.id),
           name=current_user.employee.name, what=short(what))
    db.session.commit()
    flash(_l("Feedback sent."), "success")
    return redirect(url_for("execution.monitor", plan_id=plan.id, _anchor=f"fb-{fb.id}"))


def _int(value):
    return to_id(value)


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
    answer = Feedback(plan_id=plan.id, parent_id=parent.id, author_id=current_user.employee_id,
                      body=form.body.data.strip(), result_id=parent.result_id,
                      realization_id=parent.realization_id)
    db.session.add(answer)
    record(current_user, "feedback.reply", answer, after={"body": answer.body}, agency_id=plan.agency_id)
    what = parent.realization.indicator.name if parent.realization else (parent.result.text if parent.result else "")
    notify([parent.author_id], "reply", link=url_for("execution.monitor", plan_id=plan.id),
           name=current_user.employee.name, what=short(what))
    db.session.commit()
    flash(_l("Reply sent."), "success")
    return redirect(url_for("execution.monitor", plan_id=plan.id, _anchor=f"fb-{parent.id}"))


@bp.post("/skp/<int:plan_id>/dialog")
@login_required
def dialogue(plan_id):
    plan = _plan(plan_id)
    access.require(current_user, "feedback.write", plan)
    form = DialogueForm()
    if form.validate() and form.held_on.data > today():
        form.held_on.errors.append(_l("A dialogue cannot be in the future."))
    if form.errors:
        for field in (form.held_on, form.notes, form.follow_ups):
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
        return redirect(url_for("execution.monitor", plan_id=plan.id, _anchor="dialog"))
    row = Dialogue(plan_id=plan.id, held_on=form.held_on.data, notes=form.notes.data.strip(),
                   follow_ups=(form.follow_ups.data or "").strip(), author_id=current_user.employee_id)
    db.session.add(row)
    record(current_user, "dialogue.create", row, after={"held_on": str(row.held_on)}, agency_id=plan.agency_id)
    notify([plan.employee_id], "dialogue", link=url_for("execution.monitor", plan_id=plan.id, _anchor="dialog"),
           name=current_user.employee.name)
    db.session.commit()
    flash(_l("Performance dialogue recorded."), "success")
    return redirect(url_for("execution.monitor", plan_id=plan.id, _anchor="dialog"))


def _peer_form(plan, reviews):
    form = PeerRequestForm()
    colleagues = db.session.scalars(select(Employee).where(
        Employee.agency_id == plan.employee.agency_id, Employee.active.is_(True),
        Employee.id.not_in([plan.employee_id, current_user.employee_id])).order_by(Employee.name)).all()
    form.rater_id.choices = options((e.id, e.name) for e in colleagues)
    form.review_id.choices = options((r.id, r.name) for r in reviews)
    return form


@bp.post("/skp/<int:plan_id>/masukan")
@login_required
def request_peer(plan_id):
    plan = _plan(plan_id)
    access.require(current_user, "feedback.write", plan)
    (pp,) = prog.progress([plan])
    form = _peer_form(plan, pp.reviews)
    if not form.validate():
        flash(_l("Pick a colleague and a review period."), "error")
        return redirect(url_for("execution.monitor", plan_id=plan.id, _anchor="peer"))
    exists = db.session.scalar(select(PeerInput.id).where(
        PeerInput.employee_id == plan.employee_id, PeerInput.review_id == form.review_id.data,
        PeerInput.rater_id == form.rater_id.data))
    if exists:
        flash(_l("This colleague was already asked for this period."), "info")
        return redirect(url_for("execution.monitor", plan_id=plan.id, _anchor="peer"))
    peer = PeerInput(employee_id=plan.employee_id, review_id=form.review_id.data, rater_id=form.rater_id.data,
                     requested_by_id=current_user.employee_id)
    db.session.add(peer)
    record(current_user, "peer.request", peer, after={"rater_id": peer.rater_id}, agency_id=plan.agency_id)
    db.session.flush()
    review = db.session.get(ReviewPeriod, peer.review_id)
    notify([peer.rater_id], "peer_request", link=url_for("execution.peer_answer", peer_id=peer.id),
           name=current_user.employee.name, colleague=plan.employee.name, period=review.name)
    db.session.commit()
    flash(_l("Input requested."), "success")
    return redirect(url_for("execution.monitor", plan_id=plan.id, _anchor="peer"))


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
        before = {"answered": peer.answered_at is not None}
        form.populate_obj(peer)
        peer.answered_at = utcnow()
        record(current_user, "peer.answer", peer, before, {"answered": True}, agency_id=peer.employee.agency_id)
        notify([peer.requested_by_id], "peer_answered", name=current_user.employee.name,
               colleague=peer.employee.name)
        db.session.commit()
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
    if note is None or note.user_id != current_user.id:
        abort(404)
    if note.read_at is None:
        note.read_at = utcnow()
        db.session.commit()
    target = note.link if note.link.startswith("/") and not note.link.startswith("//") else None
    return redirect(target or url_for("execution.notifications"))


@bp.post("/notifikasi/baca-semua")
@login_required
def read_all():
    db.session.execute(Notification.__table__.update().where(
        Notification.user_id == current_user.id, Notification.read_at.is_(None)).values(read_at=utcnow()))
    db.session.commit()
    return redirect(url_for("execution.notifications"))
