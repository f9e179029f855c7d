"""The steps the imports of one's own SKP sheets share (realisations, progres harian): the upload read and
checked into a pending import, and the pending import found again for its preview and confirmation."""
from __future__ import annotations

from collections.abc import Callable

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from . import pending
from .forms import UploadForm
from .reading import FileProblem, read_table


def upload(plan, *, kind: str, summarise: Callable, template: str, preview: str):
    """The upload page of a plan's sheet: a valid file is read, checked (``summarise(table, plan)`` gives the
    preview's summary), kept as a pending import and shown at the endpoint ``preview``; a bad file is refused
    at the form's file field."""
    form = UploadForm()
    if form.validate_on_submit():
        try:
            table = read_table(form.data_bytes, form.file.data.filename)
        except FileProblem as exc:
            form.file.errors = [exc.message]
        else:
            summary = summarise(table, plan)
            token = pending.save(form.data_bytes, user_id=current_user.id, scope=f"plan:{plan.id}", kind=kind,
                                 filename=form.file.data.filename, summary=summary, table=table)
            db.session.rollback()  # the check reads; nothing it touched is to be kept
            return redirect(url_for(preview, plan_id=plan.id, token=token))
    return render_template(template, plan=plan, form=form), 422 if form.errors else 200


def load(plan, token: str, *, kind: str, upload_endpoint: str) -> dict:
    """The user's pending import ``token`` of this plan, or back to the upload page with a message."""
    meta = pending.load(token, user_id=current_user.id, scope=f"plan:{plan.id}", kind=kind)
    if meta is None:
        flash(_l("This upload has expired or does not exist: upload the file again."), "error")
        abort(redirect(url_for(upload_endpoint, plan_id=plan.id)))
    return meta
