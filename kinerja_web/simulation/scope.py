"""What a simulation page is about: the agency, the candidate and the period replayed, validated."""
from __future__ import annotations

from typing import NamedTuple

from flask import abort, current_app, request
from flask_login import current_user
from sqlalchemy import select

from .. import access
from ..clock import today
from ..extensions import db
from ..models import Agency, Period, ReviewPeriod, RuleAdoption, User
from ..params import to_id


class Review(NamedTuple):
    id: int
    name: str
    seq: int
    year: int
    ended: bool


class Scope(NamedTuple):
    agency: Agency
    candidates: list  # the agency's declared candidates (registry Declared records)
    declared: object | None  # the candidate chosen
    reviews: list[Review]  # every review period of the agency's years, oldest first
    review: Review | None  # the period replayed; None with ``year``: the annual evaluations
    year: int | None

    @property
    def periode(self) -> str:
        return str(self.review.id) if self.review else f"tahunan-{self.year}"

    @property
    def years(self) -> list[int]:
        """Years whose every review period has ended: their annual evaluations can be replayed."""
        return sorted({r.year for r in self.reviews} - {r.year for r in self.reviews if not r.ended})

    def args(self, **more) -> dict:
        """The query string naming this scope, for links and redirects."""
        return {"kandidat": self.declared.record.code if self.declared else None, "periode": self.periode, **more}


def visible_agency(agency_id: int) -> Agency:
    agency = db.session.get(Agency, agency_id)
    if agency is None:
        abort(404)
    access.require(current_user, "simulation.view", agency)
    return agency


def candidates_of(code: str) -> list:
    registry = current_app.extensions["kinerja_registry"]
    return [d for (agency, _), d in registry.candidates.items() if agency == code]


def reviews_of(agency_id: int) -> list[Review]:
    """The agency's review periods with their year, oldest first (one statement)."""
    now = today()
    return [Review(rid, name, seq, year, ends < now) for rid, name, seq, year, ends in db.session.execute(
        select(ReviewPeriod.id, ReviewPeriod.name, ReviewPeriod.seq, Period.year, ReviewPeriod.ends_on)
        .join(Period, Period.id == ReviewPeriod.period_id).where(Period.agency_id == agency_id)
        .order_by(Period.year, ReviewPeriod.seq))]


def scope(agency_id: int) -> Scope:
    """The scope from the query string: ``kandidat`` (default the first declared), ``periode`` (a review period
    that has ended, or ``tahunan-<year>`` for a year's annual evaluations; default the latest ended review
    period). Anything else is a 404."""
    agency = visible_agency(agency_id)
    declared_list = candidates_of(agency.code)
    wanted = request.args.get("kandidat")
    declared = next((d for d in declared_list if d.record.code == wanted), None) if wanted else (
        declared_list[0] if declared_list else None)
    if wanted and declared is None:
        abort(404)
    reviews = reviews_of(agency.id)
    ended = [r for r in reviews if r.ended]
    raw = request.args.get("periode", "")
    if raw.startswith("tahunan-"):
        year = to_id(raw.removeprefix("tahunan-"))
        if year not in {r.year for r in reviews}:
            abort(404)
        return Scope(agency, declared_list, declared, reviews, None, year)
    if raw:
        review = next((r for r in ended if r.id == to_id(raw)), None)
        if review is None:
            abort(404)
    else:
        review = ended[-1] if ended else None
    return Scope(agency, declared_list, declared, reviews, review, review.year if review else None)


def adoptions(agency_id: int) -> list:
    """The agency's adoptions, newest start first, with who decided (one statement)."""
    return db.session.execute(
        select(RuleAdoption, ReviewPeriod.name, User.username)
        .join(ReviewPeriod, ReviewPeriod.id == RuleAdoption.start_review_id)
        .outerjoin(User, User.id == RuleAdoption.decided_by_id)
        .where(RuleAdoption.agency_id == agency_id)
        .order_by(RuleAdoption.start_year.desc(), RuleAdoption.start_seq.desc())).all()
