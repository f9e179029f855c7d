"""``/penyelesaian/<agency>``: who has finished what in a review period, for the allowance office (TPP).

Who sees it is the dashboard's rule (``dashboard.view`` for an agency: its admins, its head, the province admin;
``dashboard.unit`` for a unit: also whoever heads it or a unit above it), through ``dashboard.views.scope_of``:
a unit or agency the viewer may not see answers 404. Staff see none of it.

The page leads with the counts per unit (each figure opens the list it counts) and pages the list, 100 people
at a time, with its filters in every link: ``?unit=``, ``?periode=``, ``?tampil=`` (``queries.completion.SHOW``;
an agency-wide list starts with the incomplete, a unit's with everyone), ``?halaman=`` and, for the people left
out, ``?halaman_keluar=``. The exports hold every person of the filters, streamed.
"""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import login_required

from ..clock import today
from ..dashboard.scope import scope_of
from ..params import arg_int
from ..queries import completion as q

bp = Blueprint("completion", __name__)
PDF_LIMIT = 1000  # people (counted and left out) in one PDF; more are refused with a pointer to the xlsx


def _load(agency_id: int):
    """The scope (agency or ``?unit=``) and the review period (``?periode=``, default the latest ended); an
    unknown period is a 404."""
    scope = scope_of(agency_id=agency_id, unit_id=arg_int("unit", None, 1, 2**31))
    if scope.unit is not None and scope.unit.agency_id != agency_id:
        abort(404)
    wanted = arg_int("periode", None, 1, 2**31)
    review = (next((r for r in scope.reviews if r.id == wanted), None) if wanted is not None
              else scope.as_of(today()) or (scope.reviews[0] if scope.reviews else None))
    if review is None:
        abort(404)
    return scope, review


def choices() -> dict[str, str]:
    """What ``?tampil=`` may show, as the filter offers it."""
    return {"semua": gettext("everyone"), "belum": gettext("incomplete only"), "terlambat": gettext("late only"),
            "tanpa-skp": gettext("without an approved SKP"), "tanpa-realisasi": gettext("without realisations"),
            "tanpa-bukti": gettext("without evidence"), "belum-dinilai": gettext("not rated")}


def _show(default: str) -> str:
    value = request.args.get("tampil", "")
    return value if value in q.SHOW else default


def filters(scope, review, **more) -> dict:
    args = {"periode": review.id, "tahun": scope.period.year}
    if scope.unit is not None:
        args["unit"] = scope.unit.id
    return args | {k: v for k, v in more.items() if v is not None}


@bp.get("/penyelesaian/<int:agency_id>")
@login_required
def page(agency_id):
    """The summary per unit, then one page of the people the filter shows and one of the people left out.
    An agency-wide list starts with the incomplete people (who needs chasing, not the many who are done);
    a unit's starts with everyone (a team fits a page or two)."""
    scope, review = _load(agency_id)
    show = _show("belum" if scope.unit is None else "semua")
    now = today()
    counts = q.summary(scope, review, now)
    shown, out = q.pages(counts.total.of(show)), q.pages(counts.total.left_out)
    number = min(arg_int("halaman", 1) or 1, shown)
    out_number = min(arg_int("halaman_keluar", 1) or 1, out)
    args = filters(scope, review, tampil=show)

    def link(n, key):
        at = {k: v for k, v in (("halaman", number), ("halaman_keluar", out_number)) if v > 1} | {key: n}
        return url_for("completion.page", agency_id=agency_id, **args, **at,
                       _anchor="daftar" if key == "halaman" else "dikecualikan")

    def unit_link(unit_id, what, anchor="daftar"):
        return url_for("completion.page", agency_id=agency_id, periode=review.id, tahun=scope.period.year,
                       unit=unit_id, tampil=what, _anchor=anchor)

    return render_template(
        "completion/list.html", scope=scope, review=review, counts=counts, show=show, today=now,
        rows=q.people(scope, review, now, show, number), excluded=q.left_out(scope, review, now, out_number),
        page=number, pages=shown, out_page=out_number, out_pages=out, link=link, unit_link=unit_link,
        choices=choices(),
        xlsx=url_for("completion.xlsx", agency_id=agency_id, **args),
        pdf=url_for("completion.pdf", agency_id=agency_id, **args))


@bp.get("/penyelesaian/<int:agency_id>/xlsx")
@login_required
def xlsx(agency_id):
    """Every person of the filters (without ``?tampil=``: everyone, the allowance office's list)."""
    from .exports import xlsx_response

    scope, review = _load(agency_id)
    return xlsx_response(scope, review, _show("semua"), today())


@bp.get("/penyelesaian/<int:agency_id>/pdf")
@login_required
def pdf(agency_id):
    """As the xlsx, up to ``PDF_LIMIT`` people: a longer PDF is of no use on paper and slow to make."""
    from .exports import pdf_download

    scope, review = _load(agency_id)
    show, now = _show("semua"), today()
    total = q.summary(scope, review, now).total
    size = total.of(show) + total.left_out
    if size > PDF_LIMIT:
        flash(gettext("The PDF holds at most %(limit)d people and this list has %(count)d: download the xlsx, "
                      "or choose a unit.", limit=PDF_LIMIT, count=size), "error")
        return redirect(url_for("completion.page", agency_id=agency_id, **filters(scope, review, tampil=show)))
    return pdf_download(scope, review, show, now, total)
