"""The read model of attainment: where each indicator and each approved SKP stands at the end of each review period."""
from __future__ import annotations

from sqlalchemy import ForeignKey, Index
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class Standing(db.Model):
    """One quantitative indicator of an approved SKP as of the end of one review period of its year.

    Derived, never typed: :mod:`kinerja_web.workflow.standing` writes these rows in the transaction that changes
    what they are computed from (a realisation, a plan's status or content, the review periods), and
    ``flask kinerja refresh`` rebuilds them all from the source rows. The dashboards read attainment from here
    instead of grouping every realisation of an agency on each view.
    """

    __table_args__ = (Index("ix_standing_review_plan", "review_id", "plan_id"),)

    indicator_id: Mapped[int] = mapped_column(ForeignKey("plan_indicator.id", ondelete="CASCADE"), primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review_period.id", ondelete="CASCADE"), primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), index=True)
    factor: Mapped[float]  # the share of a summed target due by the end of the review period
    to_date: Mapped[float | None]  # the realisation to date (summed, mean, best or latest, as it rolls up)
    pct: Mapped[float | None]  # attainment to date in percent (the national formula, capped), None without one
    reviews_due: Mapped[int]  # review periods of the year up to this one
    reviews_entered: Mapped[int]  # of those, with a value entered
    own_value: Mapped[float | None]  # the realisation of this review period alone
    own_pct: Mapped[float | None]  # its attainment against this period's share of the target (the trend)


class PlanStanding(db.Model):
    """One approved SKP as of the end of one review period: its :class:`Standing` rows added up.

    Derived like them, in the same statement batch: the unit, agency and province figures of the dashboards
    read one row per person here instead of one per indicator (twelve times fewer at province scale). Sums,
    not means, so that any group of plans adds up exactly: a mean attainment is ``pct_sum / pct_n``.
    """

    __table_args__ = (Index("ix_plan_standing_review_plan", "review_id", "plan_id"),)

    plan_id: Mapped[int] = mapped_column(ForeignKey("plan.id", ondelete="CASCADE"), primary_key=True)
    review_id: Mapped[int] = mapped_column(ForeignKey("review_period.id", ondelete="CASCADE"), primary_key=True)
    indicators: Mapped[int]  # quantitative indicators of the plan
    values_due: Mapped[int]  # indicator × review period up to this one
    values_entered: Mapped[int]  # of those, with a value
    late: Mapped[bool]  # an indicator misses a value of a review period up to this one
    pct_n: Mapped[int]  # indicators with an attainment to date
    pct_sum: Mapped[float]  # and their attainments added up
    own_entered: Mapped[int]  # indicators with a value of this review period itself
    own_pct_n: Mapped[int]  # with an attainment of this period's own value
    own_pct_sum: Mapped[float]
