"""The scope of a dashboard page (an agency or a unit of it, and the year), checked against the access
policy; shared by the dashboards, their drill-down lists and the completion list."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from .. import access
from ..extensions import db
from ..models import Agency
from ..params import arg_int
from ..queries import dashboard as q
from ..queries.ikm import years_of


def visible(action: str, obj) -> None:
    """404 for what the viewer may not see (not even whether it exists), else the policy's answer."""
    if obj is None or not access.may(current_user, action, obj):
        abort(404)


def scope_of(agency: Agency | None = None, agency_id: int | None = None, unit_id: int | None = None,
             own: bool = False, mine: bool = False) -> q.Scope:
    """The scope of a page: an agency (the object, or its id), or a unit of it (``unit_id``; ``own``: its own
    people only), for the year ``?tahun=``. What the viewer may not see answers 404, but their ``mine``
    (own) agency a 403. Two statements (the agency's units with the agency, the year), three for an agency
    without units."""
    if agency is not None:
        agency_id = agency.id
    rows = q.units_of(agency_id=agency_id, unit_id=unit_id if agency_id is None else None)
    units = [u for u, _, _ in rows]
    if agency is None:
        agency = units[0].agency if units else (db.session.get(Agency, agency_id) if agency_id else None)
        if agency is None:
            abort(404)
    unit = None
    if unit_id is not None:
        unit = next((u for u in units if u.id == unit_id), None)
        visible("dashboard.unit", unit)
    elif mine:
        access.require(current_user, "dashboard.view", agency)
    else:
        visible("dashboard.view", agency)
    year = years_of([agency.id], arg_int("tahun", None, 1900, 9999))[agency.id]
    return q.Scope(agency, units, year.period, year.reviews, year.years, unit,
                   {u.id: (sid, title) for u, sid, title in rows if sid is not None},
                   own_only=unit is not None and own)
