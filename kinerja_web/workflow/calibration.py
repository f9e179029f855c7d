"""Calibration: the organisation predikat of an agency (or unit) for a year or a
review period, and the record of its distribution check (RULES.md §5).

The curve is a guideline: recording a calibration that is out of pattern, or of
a unit smaller than five, asks for a justification and never blocks.
"""
from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import access
from ..evaluation import calibration as cal
from ..extensions import db
from ..models import Agency, Calibration, ReviewPeriod, Unit
from ..models.audit import record, utcnow
from .base import TransitionError, transition


def _row(agency: Agency, year: int, review: ReviewPeriod | None, unit: Unit | None) -> Calibration | None:
    if (review is not None and review.period.agency_id != agency.id) or (unit is not None
                                                                         and unit.agency_id != agency.id):
        abort(404)
    return db.session.scalar(select(Calibration).where(
        Calibration.agency_id == agency.id, Calibration.year == year,
        Calibration.review_id == review.id if review else Calibration.review_id.is_(None),
        Calibration.unit_id == unit.id if unit else Calibration.unit_id.is_(None)))


@transition
def set_org_predicate(agency: Agency, actor, year: int, review: ReviewPeriod | None, unit: Unit | None,
                      org_predicate: str) -> Calibration:
    """Set the organisation predikat; a recorded check must then be made again."""
    access.require(actor, "calibration.set", agency)
    if org_predicate not in cal.ORG_LABELS:
        abort(400)
    row = _row(agency, year, review, unit)
    if row is None:
        row = Calibration(agency_id=agency.id, unit_id=unit.id if unit else None, year=year,
                          review_id=review.id if review else None)
        db.session.add(row)
    before = {"org_predicate": row.org_predicate}
    row.org_predicate, row.set_by_id, row.set_at = org_predicate, actor.id, utcnow()
    row.finalized_at = None  # a new organisation predikat needs a new check
    record(actor, "calibration.set", row, before, {"org_predicate": row.org_predicate}, agency_id=agency.id)
    return row


@transition
def finalize(agency: Agency, actor, year: int, review: ReviewPeriod | None, unit: Unit | None,
             justification: str) -> Calibration:
    """Record the distribution against the pattern, with the justification it needs."""
    access.require(actor, "calibration.set", agency)
    row = _row(agency, year, review, unit)
    if row is None or row.org_predicate is None:
        raise TransitionError([_l("Set the organisation predikat first.")])
    result = cal.evaluate(agency, row.org_predicate, row.review_id, row.unit_id, row.year)
    note = (justification or "").strip()
    if (not result["compliant"] or result["small"]) and not note:
        raise TransitionError(fields={"justification": [_l(
            "The distribution does not follow the pattern (or the unit is small): write a justification.")]})
    row.justification, row.finalized_at, row.finalized_by_id = note, utcnow(), actor.id
    row.snapshot = {"counts": {p.value: n for p, n, _ in result["rows"]},
                    "compliant": result["compliant"], "checks": [(d, m) for d, m, _ in result["results"]]}
    record(actor, "calibration.finalize", row, None,
           {"compliant": result["compliant"], "org_predicate": row.org_predicate}, note=note, agency_id=agency.id)
    return row
