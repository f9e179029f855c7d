"""The training-needs analysis (analisis kebutuhan pengembangan kompetensi) of an agency or a unit: the open
and closed development items of a year's final evaluations grouped by BerAKHLAK value and result area, with
the number of people, the priority, the people behind each need and an xlsx/CSV export for the agency's HR
development unit. Who may see it is ``training_needs.view``: anything else answers 404."""
from __future__ import annotations

from flask import abort, render_template, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import access
from ..export import stream
from ..export.columns import col
from ..extensions import db
from ..models import Agency, Period
from ..params import arg_int
from ..queries import dashboard as dq
from ..queries import development as q
from . import bp
from .common import ITEM_KINDS, PRIORITY_LABELS, jp_target

ACTION_TYPES = {"pelatihan": _l("Training"), "mentoring": _l("Mentoring"), "coaching": _l("Coaching")}


def _scope(agency_id: int):
    """(agency, unit or None, unit ids or None, years, year, units) from the URL, or 404 where hidden."""
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        abort(404)
    units = [u for u, _sid, _title in dq.units_of(agency_id=agency.id)]
    unit = None
    if request.args.get("unit"):
        unit = next((u for u in units if str(u.id) == request.args["unit"]), None)
    elif not access.may(current_user, "training_needs.view", agency):
        abort(404)
    if request.args.get("unit") and (unit is None or not access.may(current_user, "training_needs.view", unit)):
        abort(404)
    years = list(db.session.scalars(select(Period.year).where(Period.agency_id == agency.id)
                                    .order_by(Period.year.desc())))
    year = arg_int("tahun", None, 1900, 9999) or (years[0] if years else None)
    if year not in years:
        abort(404)
    return agency, unit, (dq.subtree(units, unit.id) if unit else None), years, year, units


def _args(unit, year, **extra) -> dict:
    return {"tahun": year, **({"unit": unit.id} if unit else {}), **extra}


@bp.get("/pengembangan/kebutuhan/<int:agency_id>")
@login_required
def needs(agency_id):
    agency, unit, unit_ids, years, year, units = _scope(agency_id)
    found, evaluated = q.needs(agency.id, unit_ids, year)
    target, plugin = jp_target(agency)
    progress = q.progress(agency.id, unit_ids, year, target)
    may_agency = access.may(current_user, "training_needs.view", agency)
    return render_template("development/needs.html", agency=agency, unit=unit, years=years, year=year,
                           needs=found, evaluated=evaluated, progress=progress, target=target, plugin=plugin,
                           args=_args(unit, year), kinds=ITEM_KINDS, priorities=PRIORITY_LABELS,
                           units=dq.tree_order(units) if may_agency else [], may_agency=may_agency,
                           high=round(q.PRIORITIES[0][1] * 100), medium=round(q.PRIORITIES[1][1] * 100))


@bp.get("/pengembangan/kebutuhan/<int:agency_id>/orang")
@login_required
def people(agency_id):
    agency, unit, unit_ids, _years, year, _units = _scope(agency_id)
    kind, key = request.args.get("jenis", ""), request.args.get("area", "")[:500]
    if kind not in ITEM_KINDS or not key:
        abort(404)
    rows, more = q.people_of(agency.id, unit_ids, year, kind, key)
    area = rows[0][0].area if rows else key
    return render_template("development/people.html", agency=agency, unit=unit, year=year, rows=rows, more=more,
                           kind=kind, area=area, kinds=ITEM_KINDS, types=ACTION_TYPES, limit=q.PEOPLE_LIMIT,
                           back=url_for("development.needs", agency_id=agency.id, **_args(unit, year)))


NEEDS = (
    col("kind", _l("Kind"), lambda n: str(ITEM_KINDS.get(n.kind, n.kind))),
    col("area", _l("Area")),
    col("people", _l("People")),
    col("far_below", _l("Of them far below expectation")),
    col("open_people", _l("Of them still open")),
    col("priority", _l("Priority"), lambda n: str(PRIORITY_LABELS.get(n.priority, n.priority))),
)

ITEMS = (
    col("nip", "NIP", lambda r: r[1]),
    col("name", _l("Employee"), lambda r: r[2]),
    col("unit", _l("Unit"), lambda r: r[3] or ""),
    col("kind", _l("Kind"), lambda r: str(ITEM_KINDS.get(r[0].kind, r[0].kind))),
    col("area", _l("Area"), lambda r: r[0].area),
    col("gap", _l("Gap"), lambda r: r[0].gap),
    col("action_type", _l("Kind of action"), lambda r: str(ACTION_TYPES.get(r[0].action_type, r[0].action_type))),
    col("action", _l("Action"), lambda r: r[0].action),
    col("status", _l("Status"), lambda r: str(_l("Closed") if r[0].closed_at else _l("Open"))),
)


def _streamed(query):
    """Rows read a batch at a time when the download runs (in the streamed response's session)."""
    yield from db.session.execute(query.execution_options(yield_per=stream.BATCH))


@bp.get("/ekspor/kebutuhan-pengembangan/<int:agency_id>.<fmt>")
@login_required
def export(agency_id, fmt):
    """The analysis (one row per need) and, in the xlsx, every item with its person: three statements."""
    if fmt not in stream.FORMATS:
        abort(404)
    agency, unit, unit_ids, _years, year, _units = _scope(agency_id)
    found, _evaluated = q.needs(agency.id, unit_ids, year)
    sheets = [(str(_l("Needs")), NEEDS, found, False)]
    if fmt == "xlsx":
        sheets.append((str(_l("People")), ITEMS, _streamed(q.item_rows(agency.id, unit_ids, year)), False))
    name = stream.filename("kebutuhan-pengembangan", agency.code, year, unit.id if unit else None)
    return stream.response(fmt, name, sheets)

