"""Tindak lanjut: recognition of Sangat Baik, development plans from the gaps
of a final evaluation, and the agency's own predikat → allowance mapping."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import access, workflow
from ..extensions import db
from ..models import DevelopmentPlan, Evaluation
from ..params import arg_int
from ..queries.follow_up import PAGE, final_results
from ..rules.berakhlak import BERAKHLAK
from . import service
from .scope import scope as _scope
from .scope import visible_agency
from .views import bp

ACTION_TYPES = {"pelatihan": _l("Training"), "mentoring": _l("Mentoring"), "coaching": _l("Coaching")}
VALUE_NAMES = {v.code: v.name for v in BERAKHLAK}


def suggest(ev) -> list[dict]:
    """A development item for every behaviour value and RHK rated below expectation."""
    items = []
    for code, value in (ev.behaviour or {}).items():
        if value.get("rating") == "di_bawah":
            items.append({"kind": "behaviour", "value_code": code, "area": VALUE_NAMES.get(code, code),
                          "gap": value.get("feedback", ""),
                          "action_type": "coaching",
                          "action": gettext("Coaching by the direct supervisor on the behaviour %(value)s",
                                            value=VALUE_NAMES.get(code, code))})
    texts = {r.id: r.text for r in ev.plan.results}
    for result_id, rating in (ev.result_ratings or {}).items():
        if rating == "di_bawah":
            items.append({"kind": "result", "area": texts.get(int(result_id), ""), "gap": "",
                          "action_type": "mentoring",
                          "action": gettext("Mentoring by an experienced colleague to reach the RHK target")})
    if ev.results_final == "di_bawah":
        items.append({"kind": "result", "area": gettext("Work results overall"), "gap": ev.results_reason,
                      "action_type": "pelatihan", "action": gettext("Technical training in the field of the job")})
    return items


@bp.route("/penilaian/<int:evaluation_id>/pengembangan", methods=["GET", "POST"])
@login_required
def development(evaluation_id):
    ev = db.session.get(Evaluation, evaluation_id)
    if ev is None:
        abort(404)
    access.require(current_user, "evaluation.view", ev)
    if ev.status != "final":
        abort(404)
    dev = db.session.scalar(select(DevelopmentPlan).where(DevelopmentPlan.evaluation_id == ev.id))
    items = dev.items if dev else suggest(ev)
    can_edit = access.may(current_user, "evaluation.develop", ev)
    if request.method == "POST":
        access.require(current_user, "evaluation.develop", ev)
        edited = []
        for n, item in enumerate(items):
            kind = request.form.get(f"type_{n}", item["action_type"])
            action = (request.form.get(f"action_{n}") or "").strip()[:1000]
            if kind not in ACTION_TYPES:
                abort(400)
            if action:
                edited.append({**item, "action_type": kind, "action": action})
        extra = (request.form.get("action_new") or "").strip()[:1000]
        if extra:
            edited.append({"kind": "other", "area": (request.form.get("area_new") or "").strip()[:200],
                           "gap": "", "action_type": request.form.get("type_new", "pelatihan")
                           if request.form.get("type_new") in ACTION_TYPES else "pelatihan", "action": extra})
        workflow.evaluation.save_development_plan(ev, current_user, edited)
        flash(_l("Development plan saved."), "success")
        return redirect(request.path)
    return render_template("evaluation/development.html", ev=ev, items=items, saved=dev is not None,
                           can_edit=can_edit, types=ACTION_TYPES, labels=service)


@bp.get("/tindak-lanjut/<int:agency_id>")
@login_required
def recognition(agency_id):
    """Sangat Baik staff of a period, with the allowance the agency's plugin maps to each predikat."""
    agency = visible_agency(agency_id)
    periods, period, review, unit = _scope(agency)
    page = arg_int("halaman", 1)
    top, rows, counts = final_results(agency.id, review.id if review else None, page)
    total = sum(counts.values())
    declared = current_app.extensions["kinerja_registry"].agencies.get(agency.code)
    allowances = dict(declared.record.allowances) if declared else {}
    return render_template("evaluation/recognition.html", agency=agency, periods=periods, period=period,
                           review=review, top=top, rows=rows, allowances=allowances, labels=service,
                           plugin=declared, counts=counts, total=total, page=page, pages=-(-total // PAGE),
                           top_total=counts.get("sangat_baik", 0))


