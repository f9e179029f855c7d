"""The performance tree (pohon kinerja): from the agency's goals through the supervisors' RHK to the staff RHK
that intervene in them, with the goals nobody's work supports, the RHK linked to nothing and the coverage
per goal, for a year and one of its review periods.

Who sees what (``access``: ``tree.view``, ``tree.view_agency``): the head of the agency and its admins the
whole agency, the province admin any agency; the head of a unit the RHK of the people of their unit and the
units below it; everyone else their own RHK. Above the RHK a viewer may see, the chain up to the goal is
shown as its context, and the coverage counts only the viewer's part.
"""
from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import access
from ..clock import today
from ..extensions import db
from ..models import Agency, Period, ReviewPeriod, Unit
from ..params import to_id
from ..queries import tree as tree_query
from . import shape

bp = Blueprint("tree", __name__)
MAX_QUERY = 100  # characters of a search


def _agency() -> Agency:
    """The agency of the request: the one asked for (``?instansi=<code>``), else the user's own (the province
    admin: the first by name). One the user may not see is not found, whether it exists or not."""
    code = request.args.get("instansi", "")[:32]
    if code:
        agency = db.session.scalar(select(Agency).where(Agency.code == code))
    elif current_user.employee is not None:
        agency = current_user.employee.agency
    elif current_user.agency_id is not None:
        agency = current_user.agency
    else:
        agency = db.session.scalar(select(Agency).order_by(Agency.name).limit(1))
    if agency is None or not access.may(current_user, "tree.view", agency):
        abort(404)
    access.require(current_user, "tree.view", agency)
    return agency


def _scope(agency: Agency):
    """What the viewer may see of the agency's tree: None (all of it) or which RHK are theirs."""
    if access.may(current_user, "tree.view_agency", agency):
        return None, "agency"
    me = current_user.employee
    if access.is_unit_head(me):
        below, parents = {me.unit_id}, dict(db.session.execute(
            select(Unit.id, Unit.parent_id).where(Unit.agency_id == agency.id)).all())
        grew = True
        while grew:  # the unit and every unit below it (a looped unit tree ends too)
            more = {u for u, p in parents.items() if p in below and u not in below}
            below |= more
            grew = bool(more)
        return (lambda node: node.unit_id in below), "unit"
    return (lambda node: node.employee_id == me.id), "own"


@bp.get("/pohon-kinerja")
@login_required
def index():
    agency = _agency()
    periods = {p.year: p for p in db.session.scalars(select(Period).where(Period.agency_id == agency.id))}
    years = sorted(periods, reverse=True)
    year = request.args.get("tahun", type=int)
    if year not in periods:
        year = next((y for y in years if y <= today().year), years[0] if years else today().year)
    period = periods.get(year)
    reviews = list(db.session.scalars(select(ReviewPeriod).where(ReviewPeriod.period_id == period.id)
                                      .order_by(ReviewPeriod.seq))) if period else []
    review = _review(reviews)
    mine, scope = _scope(agency)
    if mine is None:  # the whole agency: the worker's shared copy, already counted, never changed here
        tree = tree_query.load_whole(agency.id, year, review.id if review else None)
    else:
        tree = tree_query.load(agency.id, year, review.id if review else None)
        tree.scope(mine)
    words = request.args.get("q", "").strip()[:MAX_QUERY]
    focus = tree.nodes.get(to_id(request.args.get("fokus")) or 0)
    if words:
        shown = shape.search(tree, words)
    elif focus is not None:
        shown = shape.branch(tree, focus)
    else:
        shown = shape.whole(tree)
    if scope == "own":  # a person's own chain: only the goals it reaches
        shown.goals = [g for g in shown.goals if g.children]
    agencies = (db.session.scalars(select(Agency).order_by(Agency.name)).all()
                if access.is_province_admin(current_user) else [])
    base = {"instansi": agency.code, "tahun": year, "periode": review.seq if review else "tahunan"}
    return render_template("tree/index.html", base=base, agency=agency, year=year, years=years, reviews=reviews,
                           review=review, tree=tree, shown=shown, scope=scope, words=words,
                           agencies=agencies, max_nodes=shape.MAX_NODES, percent_of=tree_query.as_decimal)


def _review(reviews: list[ReviewPeriod]) -> ReviewPeriod | None:
    """The review period asked for (``?periode=<seq>``; ``tahunan`` the annual evaluation), else the latest
    that has ended (none yet: the annual)."""
    asked = request.args.get("periode", "")
    if asked == "tahunan":
        return None
    seq = to_id(asked)
    found = next((r for r in reviews if r.seq == seq), None)
    if found is not None:
        return found
    ended = [r for r in reviews if r.ends_on < today()]
    return ended[-1] if ended else None
