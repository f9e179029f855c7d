"""``/skp/<plan>/impor-progres``: progres harian kept in a spreadsheet, uploaded to one's own SKP.

The sheet is the export's (``/ekspor/skp/<plan>/progres-harian.xlsx``) or its template; the preview lists
every entry that would be added or changed and every row refused, and the confirmation stores them all or
none (``workflow.progress_import``).
"""
from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import access
from ..queries import daily as daily_q
from ..queries import progress as prog
from ..workflow import progress_import as import_flow
from ..workflow.base import TransitionError
from . import bp, pending, plan_sheet
from .progress import check, shown

KIND = "progress"


def _plan(plan_id: int):
    plan = prog.load_plan(plan_id)
    if plan is None:
        abort(404)
    access.require(current_user, "progress.view", plan)  # 404 when the SKP is not even visible
    access.require(current_user, "progress.write", plan)
    return plan


@bp.route("/skp/<int:plan_id>/impor-progres", methods=["GET", "POST"])
@login_required
def progress(plan_id):
    return plan_sheet.upload(_plan(plan_id), kind=KIND, summarise=lambda table, plan: check(table, plan).summary(),
                             template="imports/progress.html", preview="imports.progress_preview")


def _pending(plan, token: str) -> dict:
    return plan_sheet.load(plan, token, kind=KIND, upload_endpoint="imports.progress")


@bp.get("/skp/<int:plan_id>/impor-progres/<token>")
@login_required
def progress_preview(plan_id, token):
    plan = _plan(plan_id)
    meta = _pending(plan, token)
    return render_template("imports/progress_preview.html", plan=plan, meta=meta, s=meta["summary"], token=token,
                           msg=shown)


@bp.post("/skp/<int:plan_id>/impor-progres/<token>/konfirmasi")
@login_required
def progress_confirm(plan_id, token):
    plan = _plan(plan_id)
    meta = _pending(plan, token)
    preview = url_for("imports.progress_preview", plan_id=plan.id, token=token)
    summary = meta["summary"]
    if meta["status"] != "preview" or not summary["ok"] or not (summary["added"] or summary["changed"]):
        flash(_l("Nothing can be imported while the file has errors.") if not summary["ok"] else
              _l("This file has already been imported.") if meta["status"] != "preview" else
              _l("The file changes no entry."), "error")
        return redirect(preview)
    if not pending.claim(token):
        flash(_l("This import has already started."), "info")
        return redirect(preview)
    try:
        added, changed = import_flow.import_progress(plan, current_user, pending.table(token), expected=summary,
                                                     filename=meta["filename"])
    except TransitionError as exc:
        pending.done(token, status="refused")
        for message in exc.messages + [m for errors in exc.fields.values() for m in errors]:
            flash(message, "error")
        return redirect(url_for("imports.progress", plan_id=plan.id))
    pending.done(token, status="done", result={"added": added, "changed": changed})
    flash(_l("Progress imported: %(added)d entries added, %(changed)d changed.", added=added, changed=changed),
          "success")
    first = min(r["day"] for r in summary["added"] + summary["changed"])
    return redirect(url_for("execution.daily", plan_id=plan.id,
                            minggu=daily_q.week_start(date.fromisoformat(first)).isoformat(), _anchor="minggu"))
