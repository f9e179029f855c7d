"""The drill-down lists: the rows behind a dashboard's numbers, in the scope the viewer may see.

``?unit=`` narrows a list to a unit and the units below it (``&sendiri=1``: its own people only), which
the viewer must be allowed to see (``dashboard.unit``); without it the list is the agency's
(``dashboard.view``). Anything else answers 404.
"""
from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_login import login_required

from ..clock import today
from ..evaluation.service import PREDICATE_LABELS, RATING_LABELS
from ..params import arg_int
from ..queries import dashboard as q
from ..queries import dashboard_lists as lists
from ..rules.types import Predicate
from . import bp
from .page import review_choice
from .scope import scope_of


def _scope(agency_id: int) -> q.Scope:
    scope = scope_of(agency_id=agency_id, unit_id=arg_int("unit", None, 1, 2**31 - 1),
                     own=request.args.get("sendiri") == "1")
    if scope.period is None:
        abort(404)
    return scope


def _context(scope: q.Scope, page: int, total: int, endpoint: str, **values) -> dict:
    """What every list shows: where it comes from (the dashboard it belongs to) and its pages."""
    args = {k: v for k, v in request.args.items() if k != "halaman"}
    back = (url_for("dashboard.unit", unit_id=scope.unit.id, tahun=scope.period.year) if scope.unit
            else url_for("dashboard.agency", instansi=scope.agency.code, tahun=scope.period.year))
    pages = max((total + q.LIST_PAGE - 1) // q.LIST_PAGE, 1)
    link = {n: url_for(endpoint, **values, **args, halaman=n) for n in (page - 1, page + 1) if 1 <= n <= pages}
    return {"scope": scope, "agency": scope.agency, "unit": scope.unit, "year": scope.period.year,
            "back": back, "page": page, "pages": pages, "total": total, "link": link}


@bp.get("/dasbor/<int:agency_id>/terlambat/<kind>")
@login_required
def late(agency_id, kind):
    """People late with their SKP, realisations or evaluations."""
    if kind not in q.LATE_KINDS:
        abort(404)
    scope = _scope(agency_id)
    page = arg_int("halaman", 1) or 1
    rows, total = lists.late_people(scope, kind, today(), page)
    return render_template("dashboard/late.html", kind=kind, rows=rows,
                           **_context(scope, page, total, "dashboard.late", agency_id=agency_id, kind=kind))


@bp.get("/dasbor/<int:agency_id>/predikat/<predicate>")
@login_required
def rated(agency_id, predicate):
    """The final evaluations with one predikat in a review period (``?periode=``, or "tahunan")."""
    if predicate not in {p.value for p in Predicate}:
        abort(404)
    scope = _scope(agency_id)
    review, _arg = review_choice(scope, today())
    page = arg_int("halaman", 1) or 1
    rows, total = lists.evaluations_with(scope, predicate, review.id if review else None, page)
    return render_template("dashboard/rated.html", predicate=predicate, review=review, rows=rows,
                           predicate_label=str(PREDICATE_LABELS[predicate]), ratings=RATING_LABELS,
                           **_context(scope, page, total, "dashboard.rated", agency_id=agency_id,
                                      predicate=predicate))


@bp.get("/dasbor/<int:agency_id>/capaian")
@login_required
def attainment(agency_id):
    """The indicators behind an attainment: of a goal's cascade (``?tujuan=``), a top RHK's (``?rhk=``),
    one indicator (``?iki=``, a catalogue code or name), or the scope's people (none of them)."""
    scope = _scope(agency_id)
    goal, rhk = arg_int("tujuan", None, 1, 2**31 - 1), arg_int("rhk", None, 1, 2**31 - 1)
    key = request.args.get("iki") or None
    if key is not None and len(key) > 500:
        abort(404)
    page = arg_int("halaman", 1) or 1
    rows, total = lists.attainment_rows(scope, today(), goal=goal, rhk=rhk, key=key, page=page)
    subject = lists.subject(scope, goal, rhk, key)
    if (goal or rhk) and subject is None:
        abort(404)  # a goal or RHK of another agency, or none
    return render_template("dashboard/attainment.html", rows=rows, subject=subject,
                           **_context(scope, page, total, "dashboard.attainment", agency_id=agency_id))
