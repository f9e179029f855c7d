"""What every admin page module shares: the blueprint and the agency of the URL."""
from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user

from .. import access
from ..extensions import db
from ..models import Agency

bp = Blueprint("admin", __name__)


def managed_agency(agency_id: int) -> Agency:
    """The agency of the URL, which the current user must manage (404 when it does not exist)."""
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        abort(404)
    access.require(current_user, "agency.manage", agency)
    return agency
