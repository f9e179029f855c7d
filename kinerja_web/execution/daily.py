"""Progres harian: several entries in one form, the week's entries per day, and a period's entries
confirmed as an indicator's realisation ("Use this")."""
from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import HiddenField

from .. import access
from ..clock import today
from ..extensions import db
from ..models import Realization, ReviewPeriod
from ..params import to_id
from ..queries import action_plans as plans_q
from ..queries import daily as daily_q
from ..queries import progress as prog
from ..workflow import TransitionError
from ..workflow import daily as flow
from .daily_forms import MAX_ROWS, progress_form
from .views import bp


class UseProgressForm(FlaskForm):
    version = HiddenField()


def _plan(plan_id: int):
    plan = prog.load_plan(plan_id)
    if plan is None:
        abort(404)
    access.require(current_user, "progress.view", plan)
    return plan


def _monday() -> date:
    try:
        return daily_q.week_start(date.fromisoformat(request.args.get("minggu", "")))
    except ValueError:
        return daily_q.week_start(today())


def _rows(form) -> list[flow.Row]:
    return [flow.Row(day=row.day.data, activity=row.activity.data or "", indicator_id=to_id(row.indicator_id.data),
                     starts_at=row.starts_at.data, ends_at=row.ends_at.data, quantity=row.quantity.data,
                     unit=row.unit.data or "", link=row.link.data or "",
                     action_plan_id=to_id(row.action_plan_id.data)) for _, row in form.filled()]


def _action_plans(plan, reviews) -> list[tuple[int, str]]:
    """The rencana aksi of the periods that have started, as choices (one statement)."""
    rows = plans_q.choices(plan.id, [r.id for r in reviews if r.starts_on <= today()])
    return [(p.id, f"{p.review.name} · {p.description[:80]}") for p in rows]


@bp.route("/skp/<int:plan_id>/progres-harian", methods=["GET", "POST"])
@login_required
def daily(plan_id):
    plan = _plan(plan_id)
    indicators = daily_q.countable(plan, [i for r in plan.results for i in r.indicators])
    reviews = prog.reviews_by_period([plan.period_id]).get(plan.period_id, [])
    form = progress_form([(i.id, i.name) for i in indicators], today(), action_plans=_action_plans(plan, reviews))
    status = 200
    if request.method == "POST":
        access.require(current_user, "progress.write", plan)
        if form.add_row.data:  # without JavaScript: the same rows again, and one more
            if len(form.entries) < MAX_ROWS:
                form.entries.append_entry()
        elif not form.filled():
            flash(_l("Fill in at least one entry."), "error")
            status = 422
        elif form.validate():
            try:
                entries = flow.add(plan, current_user, _rows(form))
                flash(_l("%(num)d progress entries saved.", num=len(entries)), "success")
                return redirect(url_for("execution.daily", plan_id=plan.id,
                                        minggu=daily_q.week_start(entries[0].day).isoformat()))
            except TransitionError as exc:
                filled = form.filled()
                for key, messages in exc.fields.items():
                    n, name = key.split(".", 1)
                    field = getattr(filled[int(n)][1], name)
                    field.errors = [*field.errors, *messages]
                status = 422
        else:
            status = 422
    monday = _monday()
    entries = daily_q.week(plan.id, monday)
    days = [(monday + timedelta(days=n), [e for e in entries if e.day == monday + timedelta(days=n)])
            for n in range(7)]
    review = next((r for r in reviews if r.starts_on <= min(monday + timedelta(days=6), today()) <= r.ends_on), None)
    offers = daily_q.proposals(plan.id, review, indicators) if review else {}
    return render_template("execution/daily.html", plan=plan, form=form, days=days, monday=monday,
                           week=timedelta(days=7), review=review, offers=offers, indicators=indicators,
                           writable=access.may(current_user, "progress.write", plan), today=today()), status


@bp.route("/progres-harian/<int:entry_id>", methods=["GET", "POST"])
@login_required
def edit_progress(entry_id):
    entry = daily_q.entry(entry_id)
    if entry is None:
        abort(404)
    plan = prog.load_plan(entry.plan_id)
    access.require(current_user, "progress.view", plan)
    access.require(current_user, "progress.write", plan)
    indicators = daily_q.countable(plan, [i for r in plan.results for i in r.indicators])
    stored = {"day": entry.day, "starts_at": entry.starts_at, "ends_at": entry.ends_at, "activity": entry.activity,
              "indicator_id": str(entry.indicator_id or ""), "quantity": entry.quantity, "unit": entry.unit,
              "link": entry.link, "action_plan_id": str(entry.action_plan_id or "")}
    reviews = prog.reviews_by_period([plan.period_id]).get(plan.period_id, [])
    form = progress_form([(i.id, i.name) for i in indicators], entry.day, data={"entries": [stored]},
                         action_plans=_action_plans(plan, reviews))
    back = url_for("execution.daily", plan_id=plan.id, minggu=daily_q.week_start(entry.day).isoformat())
    status = 200
    if request.method == "POST":
        if form.validate() and form.filled():
            try:
                flow.update(entry, current_user, _rows(form)[0])
                flash(_l("Progress entry saved."), "success")
                return redirect(back)
            except TransitionError as exc:
                for problem in exc.messages:
                    flash(problem, "error")
                for key, messages in exc.fields.items():
                    field = getattr(form.entries[0].form, key.split(".", 1)[1])
                    field.errors = [*field.errors, *messages]
        elif not form.filled():
            form.entries[0].form.activity.errors = [_l("Describe the activity.")]
        status = 422
    return render_template("execution/daily_edit.html", plan=plan, entry=entry, form=form, back=back,
                           today=today()), status


@bp.post("/progres-harian/<int:entry_id>/hapus")
@login_required
def delete_progress(entry_id):
    entry = daily_q.entry(entry_id)
    if entry is None:
        abort(404)
    access.require(current_user, "progress.view", entry.plan)
    try:
        flow.remove(entry, current_user)
        flash(_l("Progress entry removed."), "info")
    except TransitionError as exc:
        for problem in exc.messages:
            flash(problem, "error")
    return redirect(url_for("execution.daily", plan_id=entry.plan_id,
                            minggu=daily_q.week_start(entry.day).isoformat()))


@bp.post("/skp/<int:plan_id>/iki/<int:indicator_id>/realisasi/<int:review_id>/dari-progres")
@login_required
def use_progress(plan_id, indicator_id, review_id):
    plan = _plan(plan_id)
    ind = next((i for r in plan.results for i in r.indicators if i.id == indicator_id), None)
    review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.id == review_id,
                                                          ReviewPeriod.period_id == plan.period_id))
    if ind is None or review is None:
        abort(404)
    access.require(current_user, "realization.edit", plan)
    back = url_for("execution.realization", plan_id=plan.id, indicator_id=ind.id, review_id=review.id)
    form = UseProgressForm()
    if not form.validate():
        abort(400)
    real = db.session.scalar(select(Realization).where(Realization.indicator_id == ind.id,
                                                       Realization.review_id == review.id))
    try:
        flow.confirm(plan, current_user, ind, review, real, form.version.data)
    except TransitionError as exc:
        for problem in exc.messages + [m for errors in exc.fields.values() for m in errors]:
            flash(problem, "error")
        return redirect(back)
    flash(_l("The progress entries' total is saved as the realisation."), "success")
    return redirect(back)
