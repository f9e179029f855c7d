"""``/admin/<agency>/impor-pegawai``: upload an employee file, see what it would do, confirm, follow the progress.

The upload is checked at once and kept (``pending``) with its preview; nothing is written before the
confirmation, which checks the file again inside the import's transaction. A large file is imported in a
background thread of the worker that got the confirmation; every worker can report its progress, which is
kept beside the file.
"""
from __future__ import annotations

import threading

from flask import abort, current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from .. import access
from ..export import columns as export_columns
from ..export import stream
from ..extensions import db
from ..models import Agency, User
from ..queries import imports as roster_query
from ..workflow import imports as import_flow
from ..workflow.base import TransitionError
from . import bp, pending
from .columns import CHANGED_FIELDS, COLUMNS, HINTS, shown
from .employees import Check, check
from .forms import UploadForm
from .reading import FileProblem, read_table

KIND = "employees"
SHOWN = 50  # rows of each kind on the preview; the counts are always whole
ERRORS_SHOWN = 500


def _agency(agency_id: int) -> Agency:
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        abort(404)
    access.require(current_user, "agency.manage", agency)  # 404 to another agency's admin, 403 to staff
    access.require(current_user, "employees.import", agency)
    return agency


def _scope(agency: Agency) -> str:
    return f"agency:{agency.id}"


def summary(found: Check, roster) -> dict:
    """What the preview shows, JSON-safe: counts, the first rows of each kind, the errors."""
    people = found.people
    return {
        "ok": found.ok, "rows": found.rows, "ignored": found.ignored, "file_errors": found.file_errors,
        "error_count": len(found.errors), "errors": [list(e) for e in found.errors[:ERRORS_SHOWN]],
        "counts": {"created": len(found.created), "changed": len(found.changed),
                   "deactivated": len(found.deactivated), "units": len(found.units_new),
                   "units_changed": len(found.units_changed), "positions": len(found.positions_new),
                   "accounts": len(found.accounts_new)},
        "created": [{k: people[n].get(k, "") for k in ("nip", "name", "position", "unit", "supervisor_nip")}
                    for n in found.created[:SHOWN]],
        "changed": [{"nip": n, "name": people[n]["name"], "diff": {k: list(v) for k, v in d.items()}}
                    for n, d in list(found.changed.items())[:SHOWN]],
        "deactivated": [{"nip": n, "name": roster.employees[n]["name"]} for n in found.deactivated[:SHOWN]],
        "units": list(found.units_new.values())[:SHOWN],
        "positions": [p["name"] for p in list(found.positions_new.values())[:SHOWN]],
    }


@bp.route("/admin/<int:agency_id>/impor-pegawai", methods=["GET", "POST"])
@login_required
def employees(agency_id):
    agency = _agency(agency_id)
    form = UploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        try:
            table = read_table(form.data_bytes, upload.filename)
        except FileProblem as exc:
            form.file.errors = [exc.message]
        else:
            roster = roster_query.roster(agency)
            found = check(table, roster, _today())
            token = pending.save(form.data_bytes, user_id=current_user.id, scope=_scope(agency), kind=KIND,
                                 filename=upload.filename, summary=summary(found, roster), table=table)
            db.session.rollback()
            return redirect(url_for("imports.employee_preview", agency_id=agency.id, token=token))
    return render_template("imports/employees.html", agency=agency, form=form, columns=COLUMNS, hints=HINTS), (
        422 if form.errors else 200)


def _today():
    from ..clock import today

    return today()


@bp.get("/admin/<int:agency_id>/impor-pegawai/templat.<fmt>")
@login_required
def employee_template(agency_id, fmt):
    """The template is the agency's current roster in the import's columns: edit it and upload it back."""
    agency = _agency(agency_id)
    if fmt not in stream.FORMATS:
        abort(404)
    columns = tuple(export_columns.col(c.header, c.header, lambda r, k=c.key: r[k]) for c in COLUMNS)
    rows = roster_query.template_rows(agency.id)
    return stream.response(fmt, stream.filename("templat-pegawai", agency.code),
                           [("Pegawai", columns, rows, True)])


def _pending(agency: Agency, token: str) -> dict:
    meta = pending.load(token, user_id=current_user.id, scope=_scope(agency), kind=KIND)
    if meta is None:
        flash(_l("This upload has expired or does not exist: upload the file again."), "error")
        abort(redirect(url_for("imports.employees", agency_id=agency.id)))
    return meta


@bp.get("/admin/<int:agency_id>/impor-pegawai/<token>")
@login_required
def employee_preview(agency_id, token):
    agency = _agency(agency_id)
    meta = _pending(agency, token)
    running = meta["status"] == "running" and not pending.stalled(meta)
    response = current_app.make_response(render_template(
        "imports/employee_preview.html", agency=agency, meta=meta, s=meta["summary"], token=token,
        running=running, stalled=pending.stalled(meta), columns={c.key: c for c in COLUMNS}, msg=shown,
        fields=CHANGED_FIELDS))
    if running:
        response.headers["Refresh"] = "2"  # the page follows the progress by itself, without script
    return response


@bp.get("/admin/<int:agency_id>/impor-pegawai/<token>/progres")
@login_required
def employee_progress(agency_id, token):
    agency = _agency(agency_id)
    meta = pending.load(token, user_id=current_user.id, scope=_scope(agency), kind=KIND)
    if meta is None:
        abort(404)
    return jsonify(status="stalled" if pending.stalled(meta) else meta["status"], done=meta["done"],
                   total=meta["total"], result=meta.get("result"))


@bp.post("/admin/<int:agency_id>/impor-pegawai/<token>/konfirmasi")
@login_required
def employee_confirm(agency_id, token):
    agency = _agency(agency_id)
    meta = _pending(agency, token)
    preview = url_for("imports.employee_preview", agency_id=agency.id, token=token)
    if meta["status"] != "preview" or not meta["summary"]["ok"]:
        flash(_l("Nothing can be imported while the file has errors.") if meta["status"] == "preview"
              else _l("This file has already been imported."), "error")
        return redirect(preview)
    if not pending.claim(token):
        flash(_l("This import has already started."), "info")
        return redirect(preview)
    pending.update(token, status="running", done=0, total=meta["summary"]["rows"])
    args = (current_app._get_current_object(), token, agency.id, current_user.id, meta["filename"], meta["sha256"])
    if meta["summary"]["rows"] > current_app.config["IMPORT_BACKGROUND_ROWS"]:
        threading.Thread(target=run_import, args=args, daemon=True, name=f"import-{agency.id}").start()
    else:
        run_import(*args)  # the preview page then shows the outcome
    return redirect(preview)


def run_import(app, token: str, agency_id: int, user_id: int, filename: str, sha256: str) -> None:
    """The import itself, in the request or in a thread of its own (its own app context and session)."""
    with app.app_context():
        try:
            agency, user = db.session.get(Agency, agency_id), db.session.get(User, user_id)
            table = pending.table(token)

            def progress(done, total):
                pending.update(token, done=done, total=total)

            found = import_flow.import_employees(agency, user, table, filename=filename, sha256=sha256,
                                                      progress=progress)
            pending.done(token, status="done", result={
                "created": len(found.created), "changed": len(found.changed),
                "deactivated": len(found.deactivated), "units": len(found.units_new),
                "positions": len(found.positions_new), "accounts": len(found.accounts_new)})
        except TransitionError:
            pending.done(token, status="refused")
        except Exception:  # rolled back by the workflow; logged for the administrator, told to the user
            app.logger.exception("employee import %s failed", token[:6])
            pending.done(token, status="failed")
        finally:
            db.session.remove()
