"""Adopting a candidate rule set from a review period on: an explicit, audited decision.

Results of earlier periods keep the rules they were computed with; the engine uses the candidate from
the start period on (``evaluation.rule_sets``). So the start period must still be open or to come: a
period that has ended may hold final results, which a later recompute would then find "wrong".
"""
from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import access
from ..clock import today
from ..extensions import db
from ..models import Agency, Period, ReviewPeriod, RuleAdoption
from ..models.audit import record
from .base import TransitionError, transition


@transition
def adopt(agency: Agency, actor, declared, review: ReviewPeriod, reason: str) -> RuleAdoption:
    """Record that ``agency`` evaluates with the ``declared`` candidate from ``review`` on."""
    access.require(actor, "simulation.adopt", agency)
    period = db.session.get(Period, review.period_id)
    if declared.record.agency != agency.code or period is None or period.agency_id != agency.id:
        abort(404)
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(fields={"reason": [_l("Write why the agency adopts this rule change.")]})
    if review.ends_on < today():
        raise TransitionError(fields={"start": [_l(
            "Choose a review period that has not ended: results of ended periods keep their rules.")]})
    later = db.session.scalar(select(RuleAdoption.id).where(
        RuleAdoption.agency_id == agency.id,
        (RuleAdoption.start_year > period.year)
        | ((RuleAdoption.start_year == period.year) & (RuleAdoption.start_seq >= review.seq))))
    if later is not None:
        raise TransitionError(fields={"start": [_l(
            "A rule change is already adopted from this period or a later one: choose a later start.")]})
    row = RuleAdoption(agency_id=agency.id, candidate_code=declared.record.code,
                       candidate_version=declared.record.version, plugin=declared.plugin,
                       plugin_version=declared.plugin_version, start_review_id=review.id, start_year=period.year,
                       start_seq=review.seq, reason=reason, decided_by_id=actor.id)
    db.session.add(row)
    # the engine reads the adoptions from the agency row (see models.org.Agency.rules_adopted)
    agency.rules_adopted = sorted([*(agency.rules_adopted or []), [row.candidate_code, row.candidate_version,
                                                                    row.start_year, row.start_seq]],
                                  key=lambda a: (a[2], a[3]))
    record(actor, "rules.adopt", row, None,
           {"candidate": declared.record.code, "version": declared.record.version, "plugin": declared.plugin,
            "plugin_version": declared.plugin_version, "start": f"{review.name} {period.year}"},
           note=reason, agency_id=agency.id)
    return row
