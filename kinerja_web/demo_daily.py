"""Demo daily progress, so ``flask kinerja demo`` shows a filled week and a proposed realisation (the test
suite's demo leaves it out): the tourism analyst's last two weeks, dated relative to today."""
from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from .extensions import db
from .models import Plan, PlanIndicator, ProgressEntry, ReviewPeriod, User, WorkResult

OWNER = "staf.dispar"
SPENDING = "PENGELUARAN_WISATAWAN"  # an average: each survey day's mean spending, averaged over the period
# (activity, spending per visit in rupiah or None) per working day, repeated
DAYS = (("Survei pengeluaran wisatawan di Pantai Indah", Decimal(850000)),
        ("Rapat koordinasi kalender event", None),
        ("Survei pengeluaran wisatawan di Desa Wisata Sukamaju", Decimal(620000)),
        ("Penyusunan materi promosi", None),
        ("Survei pengeluaran wisatawan di pasar seni", Decimal(710000)))


def seed_daily(today) -> None:
    plan = db.session.scalar(select(Plan).join(User, User.employee_id == Plan.employee_id)
                             .where(User.username == OWNER, Plan.status == "approved").order_by(Plan.id.desc()))
    if plan is None:
        return
    ind = db.session.scalar(select(PlanIndicator).join(WorkResult).where(
        WorkResult.plan_id == plan.id, PlanIndicator.catalogue_code == SPENDING))
    review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                          ReviewPeriod.starts_on <= today,
                                                          ReviewPeriod.ends_on >= today))
    if review is None:
        return
    user_id = db.session.scalar(select(User.id).where(User.username == OWNER))
    day, n = today - timedelta(days=14), 0
    while day < today:
        if day.weekday() < 5 and day >= review.starts_on:
            activity, spending = DAYS[n % len(DAYS)]
            counts = spending is not None and ind is not None
            db.session.add(ProgressEntry(
                plan_id=plan.id, review_id=review.id, day=day, activity=activity, created_by_id=user_id,
                starts_at=None, ends_at=None, indicator_id=ind.id if counts else None,
                quantity=spending if counts else None, unit=ind.unit if counts else ""))
            n += 1
        day += timedelta(days=1)
    db.session.commit()
