"""``/skp/<plan>/impor-realisasi``: the realisation sheet of one's own SKP, filled in and uploaded back.

The sheet is the export's (``/ekspor/skp/<plan>/realisasi.xlsx``); the preview lists every value that would
change and every row refused, and the confirmation stores them all or none.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import access
from ..extensions import db
from ..models import Plan
from ..workflow import imports as import_flow
from ..workflow.base import TransitionError
from . import bp, pending, plan_sheet
from .realizations import check, shown

KIND = "realizations"


def _plan(plan_id: int) -> Plan:
    plan = db.session.get(Plan, plan_id)
    if plan is None:
        abort(404)
    access.require(current_user, "realization.import", plan)
    return plan


def _summary(sheet) -> dict:
    return {"ok": sheet.ok, "rows": sheet.rows, "file_errors": sheet.file_errors,
            "errors": [list(e) for e in sheet.errors], "changes": sheet.changes}


@bp.route("/skp/<int:plan_id>/impor-realisasi", methods=["GET", "POST"])
@login_required
def realizations(plan_id):
    return plan_sheet.upload(_plan(plan_id), kind=KIND, summarise=lambda table, plan: _summary(check(table, plan)),
                             template="imports/realizations.html", preview="imports.realization_preview")


def _pending(plan: Plan, token: str) -> dict:
    return plan_sheet.load(plan, token, kind=KIND, upload_endpoint="imports.realizations")


@bp.get("/skp/<int:plan_id>/impor-realisasi/<token>")
@login_required
def realization_preview(plan_id, token):
    plan = _plan(plan_id)
    meta = _pending(plan, token)
    return render_template("imports/realization_preview.html", plan=plan, meta=meta, s=meta["summary"], token=token,
                           msg=shown)


@bp.post("/skp/<int:plan_id>/impor-realisasi/<token>/konfirmasi")
@login_required
def realization_confirm(plan_id, token):
    plan = _plan(plan_id)
    meta = _pending(plan, token)
    preview = url_for("imports.realization_preview", plan_id=plan.id, token=token)
    summary = meta["summary"]
    if meta["status"] != "preview" or not summary["ok"] or not summary["changes"]:
        flash(_l("Nothing can be imported while the file has errors.") if not summary["ok"] else
              _l("This file has already been imported.") if meta["status"] != "preview" else
              _l("The file changes no value."), "error")
        return redirect(preview)
    if not pending.claim(token):
        flash(_l("This import has already started."), "info")
        return redirect(preview)
    try:
        count = import_flow.import_realizations(plan, current_user, pending.table(token), expected=summary["changes"])
    except TransitionError as exc:
        pending.done(token, status="refused")
        for message in exc.messages:
            flash(message, "error")
        return redirect(url_for("imports.realizations", plan_id=plan.id))
    pending.done(token, status="done", result={"saved": count})
    flash(_l("%(num)d realisations saved.", num=count), "success")
    return redirect(url_for("execution.monitor", plan_id=plan.id))
