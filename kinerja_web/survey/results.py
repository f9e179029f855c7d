"""The survey's results for the staff: ``/ikm`` lists the surveys the user may read, ``/ikm/<id>`` shows
one per review period of its agency's year (index, grade, label, respondents, lowest elements), the
element means, the comments (paginated, escaped) and the links to print for the public.

Who reads them (``access`` ``ikm.view``): the agency's admins, its head, and the head of the
survey's unit or of a unit above it, the head being, by the org chart, the unit's employee whose
supervisor is none or works in another unit.
"""
from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user, login_required

from .. import access
from ..params import arg_int
from ..queries import ikm as q
from ..rules import ikm
from .views import bp

LIST_PAGE = 50


def _current(reviews):
    """The review period holding today, else the latest one that has started."""
    from ..clock import today

    day = today()
    started = [r for r in reviews if r.starts_on <= day]
    return next((r for r in started if r.ends_on >= day), started[-1] if started else None)


@bp.get("/ikm")
@login_required
def index():
    access.require(current_user, "ikm.list")
    page = arg_int("halaman", 1)
    surveys, total = q.visible(current_user, page, LIST_PAGE)
    years = q.years_of({s.agency_id for s in surveys})
    current = {s.id: _current(years[s.agency_id].reviews) for s in surveys}
    counted = q.tallies({s.id: years[s.agency_id].reviews for s in surveys})
    rows = []
    for s in surveys:
        year = ikm.EMPTY
        for r in years[s.agency_id].reviews:
            year = year + counted.get((s.id, r.id), ikm.EMPTY)
        now = current[s.id]
        rows.append((s, now, ikm.compute(counted.get((s.id, now.id), ikm.EMPTY)) if now else None,
                     years[s.agency_id].period, ikm.compute(year)))
    return render_template("survey/index.html", rows=rows, total=total, page=page,
                           pages=-(-total // LIST_PAGE))


@bp.get("/ikm/<int:survey_id>")
@login_required
def results(survey_id):
    survey = q.get(survey_id)
    if survey is None:
        abort(404)
    access.require(current_user, "ikm.view", survey)
    year = q.years_of([survey.agency_id], arg_int("tahun", None, 2000, 2100))[survey.agency_id]
    per_period, whole = q.results(survey.id, year.reviews)
    page = arg_int("halaman", 1)
    comments, comment_count = q.comments(survey.id, year.reviews, page)
    return render_template("survey/results.html", survey=survey, year=year, per_period=per_period, whole=whole,
                           elements=ikm.ELEMENTS, comments=comments, comment_count=comment_count, page=page,
                           pages=-(-comment_count // q.COMMENTS_PAGE), heads=q.heads_of([survey.unit_id]),
                           grades=ikm.GRADES, can_manage=access.may(current_user, "ikm.manage", survey))
