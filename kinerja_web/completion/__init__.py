"""``/penyelesaian/<agency>``: who has finished what in a review period, for the allowance office (TPP).

Who sees it is the dashboard's rule (``dashboard.view`` for an agency: its admins, its head, the province admin;
``dashboard.unit`` for a unit: also whoever heads it or a unit above it), through ``dashboard.views.scope_of``:
a unit or agency the viewer may not see answers 404. Staff see none of it.
"""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for
from flask_login import login_required

from ..clock import today
from ..dashboard.views import scope_of
from ..params import arg_int
from ..queries.completion import completion

bp = Blueprint("completion", __name__)


def _load(agency_id: int):
    """The scope (agency or ``?unit=``), the review period (``?periode=``, default the latest ended) and the
    list; an unknown period is a 404."""
    scope = scope_of(agency_id=agency_id, unit_id=arg_int("unit", None, 1, 2**31))
    if scope.unit is not None and scope.unit.agency_id != agency_id:
        abort(404)
    wanted = arg_int("periode", None, 1, 2**31)
    review = (next((r for r in scope.reviews if r.id == wanted), None) if wanted is not None
              else scope.as_of(today()) or (scope.reviews[0] if scope.reviews else None))
    if review is None:
        abort(404)
    rows, excluded = completion(scope, review, today())
    return scope, review, rows, excluded


def filters(scope, review) -> dict:
    args = {"periode": review.id, "tahun": scope.period.year}
    if scope.unit is not None:
        args["unit"] = scope.unit.id
    return args


@bp.get("/penyelesaian/<int:agency_id>")
@login_required
def page(agency_id):
    scope, review, rows, excluded = _load(agency_id)
    args = filters(scope, review)
    return render_template("completion/list.html", scope=scope, review=review, rows=rows, excluded=excluded,
                           complete=sum(r.complete for r in rows), today=today(),
                           xlsx=url_for("completion.xlsx", agency_id=agency_id, **args),
                           pdf=url_for("completion.pdf", agency_id=agency_id, **args),
                           selected_unit=request.args.get("unit", ""))


@bp.get("/penyelesaian/<int:agency_id>/xlsx")
@login_required
def xlsx(agency_id):
    from .exports import xlsx_response

    return xlsx_response(*_load(agency_id))


@bp.get("/penyelesaian/<int:agency_id>/pdf")
@login_required
def pdf(agency_id):
    from .exports import pdf_download

    return pdf_download(*_load(agency_id))
