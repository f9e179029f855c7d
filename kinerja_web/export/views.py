"""``/ekspor/<list>.<xlsx|csv>``: the lists of the pages, with the page's query string as filters."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, request
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import access
from ..extensions import db
from ..params import arg_int
from . import columns as cols
from . import stream
from .stream import BATCH

bp = Blueprint("export", __name__)


def _format(fmt: str) -> str:
    if fmt not in stream.FORMATS:
        abort(404)
    return fmt


def _me():
    """The logged-in employee, who may see their own lists (as on the SKP, queue and evaluations pages)."""
    me = current_user.employee
    if me is None:
        abort(403)
    access.require(current_user, "employee.view", me)
    return me


def _streamed(query):
    """Rows of ``query`` read ``BATCH`` at a time: one statement, a server-side cursor where there is one.

    A generator, so the statement runs when the download starts, in the session of the streamed
    response (the view's own session is closed once the view returns).
    """
    yield from db.session.execute(query.execution_options(yield_per=BATCH))


def _objects(query):
    yield from db.session.scalars(query.execution_options(yield_per=BATCH))


@bp.get("/ekspor/skp.<fmt>")
@login_required
def my_plans(fmt):
    """My SKP, every year and version (the page /skp)."""
    from ..queries.plans import my_plans as plans_of

    me = _me()
    return stream.response(_format(fmt), stream.filename("skp", me.nip),
                           [("SKP", cols.PLANS, _objects(plans_of(me.id)), False)])


@bp.get("/ekspor/antrian.<fmt>")
@login_required
def queue(fmt):
    """The SKP waiting for my approval (the page /skp/antrian), all of them."""
    from ..queries.queue import submitted_query

    me = _me()
    return stream.response(_format(fmt), stream.filename("antrian-skp", me.nip),
                           [("SKP", cols.PLANS, _objects(submitted_query(me.id)), False)])


@bp.get("/ekspor/skp/<int:plan_id>/realisasi.<fmt>")
@login_required
def realizations(fmt, plan_id):
    """One plan's realisations per indicator and review period (the monitoring page); the sheet staff
    fill in and import back (``columns.REALIZATION``)."""
    from .lists import realization_rows

    fmt = _format(fmt)
    plan, rows = realization_rows(plan_id)
    return stream.response(fmt, stream.filename("realisasi", plan.employee.nip, plan.period.year),
                           [("Realisasi", cols.REALIZATION, rows, True)])


def _progress_plan(plan_id: int, action: str):
    from ..queries.progress import load_plan

    plan = load_plan(plan_id)
    if plan is None:
        abort(404)
    access.require(current_user, "progress.view", plan)  # 404 for whoever may not see the SKP at all
    access.require(current_user, action, plan)
    return plan


@bp.get("/ekspor/skp/<int:plan_id>/progres-harian.<fmt>")
@login_required
def progress(fmt, plan_id):
    """Every progres harian entry of one SKP (its year); the sheet staff edit and import back
    (``columns.PROGRESS``, ``imports.progress``)."""
    from ..queries.daily import year_query

    fmt = _format(fmt)
    plan = _progress_plan(plan_id, "progress.view")
    return stream.response(fmt, stream.filename("progres-harian", plan.employee.nip, plan.period.year),
                           [("Progres harian", cols.PROGRESS, _streamed(year_query(plan.id)), True)])


@bp.get("/ekspor/skp/<int:plan_id>/progres-harian-templat.<fmt>")
@login_required
def progress_template(fmt, plan_id):
    """The progres harian sheet without entries: a hint row and one row per indicator entries may count
    towards (rows starting with ``#`` are skipped by the import)."""
    from .lists import progress_template_rows

    fmt = _format(fmt)
    plan = _progress_plan(plan_id, "progress.write")
    return stream.response(fmt, stream.filename("templat-progres-harian", plan.employee.nip, plan.period.year),
                           [("Progres harian", cols.PROGRESS, progress_template_rows(plan), True)])


@bp.get("/ekspor/penilaian.<fmt>")
@login_required
def evaluations(fmt):
    """My team's evaluations of one review period (the page /penilaian: ``periode``, ``siap``)."""
    from ..evaluation.scope import team_review
    from ..queries.evaluations import team_rating_query

    fmt = _format(fmt)
    me = _me()
    _reviews, chosen = team_review(me)
    if chosen is None:
        abort(404)
    ready_only = arg_int("siap", 0, lowest=0, highest=1) == 1
    rows = _streamed(team_rating_query(me.id, chosen, ready_only))
    return stream.response(fmt, stream.filename("penilaian", me.nip, chosen.name, chosen.ends_on.year),
                           [(chosen.name, cols.EVALUATIONS, rows, False)])


def _agency_scope(agency_id):
    from ..evaluation.scope import scope, visible_agency

    agency = visible_agency(agency_id)
    periods, period, review, unit = scope(agency)
    return agency, period, review, unit


@bp.get("/ekspor/kalibrasi/<int:agency_id>.<fmt>")
@login_required
def distribution(fmt, agency_id):
    """The predikat distribution of the scope (the calibration page: ``tahun``, ``periode``, ``unit``)."""
    from ..evaluation import calibration as cal
    from ..models import Calibration

    fmt = _format(fmt)
    agency, period, review, unit = _agency_scope(agency_id)
    org = db.session.scalar(select(Calibration.org_predicate).where(
        Calibration.agency_id == agency.id, Calibration.year == period.year,
        Calibration.review_id == review.id if review else Calibration.review_id.is_(None),
        Calibration.unit_id == unit.id if unit else Calibration.unit_id.is_(None)))
    result = cal.evaluate(agency, org, review.id if review else None, unit.id if unit else None, period.year)
    sheets = [(review.name if review else str(period.year), cols.DISTRIBUTION, result["rows"], False)]
    if result["results"]:
        sheets.append(("Pola", cols.CONSTRAINTS, result["results"], False))
    return stream.response(fmt, stream.filename("distribusi", agency.code, period.year,
                                                 review.name if review else "tahunan", unit.id if unit else None),
                           sheets)


def _allowances(agency) -> dict:
    declared = current_app.extensions["kinerja_registry"].agencies.get(agency.code)
    return dict(declared.record.allowances) if declared else {}


@bp.get("/ekspor/tindak-lanjut/<int:agency_id>.<fmt>")
@login_required
def recognition(fmt, agency_id):
    """Every final result of the period, best first, with its allowance (the follow-up page: ``periode``)."""
    from ..queries.follow_up import Result, results_query

    fmt = _format(fmt)
    agency, period, review, _unit = _agency_scope(agency_id)
    rows = (Result(*r) for r in _streamed(results_query(agency.id, review.id if review else None)))
    return stream.response(fmt, stream.filename("tindak-lanjut", agency.code, period.year,
                                                review.name if review else "tahunan"),
                           [("Hasil", cols.recognition(_allowances(agency)), rows, False)])


@bp.get("/ekspor/pengembangan/<int:agency_id>.<fmt>")
@login_required
def development(fmt, agency_id):
    """Every development action of the period's final evaluations (the follow-up page: ``periode``)."""
    from ..queries.follow_up import development_plans

    fmt = _format(fmt)
    agency, period, review, _unit = _agency_scope(agency_id)

    query = development_plans(agency.id, review.id if review else None)

    def rows():
        for _ev, nip, name, position, predicate, items in _streamed(query):
            for item in items or []:
                yield {"nip": nip, "name": name, "position": position, "predicate": predicate,
                       "area": item.get("area", ""), "gap": item.get("gap", ""),
                       "action_type": item.get("action_type", ""), "action": item.get("action", "")}

    return stream.response(fmt, stream.filename("pengembangan", agency.code, period.year,
                                                review.name if review else "tahunan"),
                           [("Pengembangan", cols.DEVELOPMENT, rows(), False)])


@bp.get("/ekspor/audit/<int:agency_id>.<fmt>")
@login_required
def audit(fmt, agency_id):
    """The agency's audit trail, newest first (the audit page: ``aksi``)."""
    from ..admin.common import managed_agency
    from ..queries.audit import audit_trail

    fmt = _format(fmt)
    agency = managed_agency(agency_id)
    action = request.args.get("aksi", "").strip()[:64]
    return stream.response(fmt, stream.filename("audit", agency.code, action),
                           [("Audit", cols.AUDIT, _objects(audit_trail(agency.id, action)), False)])


@bp.get("/ekspor/e-kinerja/<int:agency_id>.xlsx")
@login_required
def ekinerja(agency_id):
    """The agency's SKP of a year (``tahun``; default the latest) in the e-Kinerja structure, one sheet
    per entity (``export.ekinerja``); for the agency's admin and the province admin."""
    from ..evaluation.scope import scope
    from ..models import Agency
    from . import ekinerja as ek

    agency = db.session.get(Agency, agency_id)
    if agency is None:
        abort(404)
    access.require(current_user, "ekinerja.export", agency)
    _periods, period, _review, _unit = scope(agency)
    return stream.response("xlsx", stream.filename("e-kinerja", agency.code, period.year),
                           ek.sheets(agency.id, period.year, _streamed))
