"""Demo action plans (rencana aksi), so ``flask kinerja demo`` shows them: the tourism analyst's plans for the
current review period, and the demo's daily progress entries (``demo_daily``) linked to the plan they serve."""
from __future__ import annotations

from sqlalchemy import select, update

from .demo_daily import OWNER, SPENDING
from .extensions import db
from .models import ActionPlan, Plan, ProgressEntry, ReviewPeriod, User

# (description, on the spending indicator's RHK?, planned quantity of the spending indicator, the entries it serves)
PLANS = (("Survei pengeluaran wisatawan di tiga destinasi unggulan", True, 750000, "Survei pengeluaran wisatawan%"),
         ("Penyusunan materi promosi event pariwisata", True, None, "Penyusunan materi promosi%"),
         ("Rapat koordinasi kalender event dengan pelaku usaha", False, None, "Rapat koordinasi%"))


def seed_action_plans(today) -> None:
    plan = db.session.scalar(select(Plan).join(User, User.employee_id == Plan.employee_id)
                             .where(User.username == OWNER, Plan.status == "approved").order_by(Plan.id.desc()))
    if plan is None or not plan.results:
        return
    review = db.session.scalar(select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id,
                                                          ReviewPeriod.starts_on <= today,
                                                          ReviewPeriod.ends_on >= today))
    if review is None:
        return
    spending = next((i for r in plan.results for i in r.indicators if i.catalogue_code == SPENDING), None)
    main = spending.result if spending else plan.results[0]
    other = next((r for r in plan.results if r.id != main.id), main)
    user_id = db.session.scalar(select(User.id).where(User.username == OWNER))
    seqs: dict[int, int] = {}
    for description, on_main, quantity, serves in PLANS:
        result = main if on_main else other
        seqs[result.id] = seqs.get(result.id, 0) + 1
        counts = quantity is not None and spending is not None
        row = ActionPlan(plan_id=plan.id, result_id=result.id, review_id=review.id, seq=seqs[result.id],
                         description=description, indicator_id=spending.id if counts else None,
                         quantity=quantity if counts else None, created_by_id=user_id)
        db.session.add(row)
        db.session.flush()
        db.session.execute(update(ProgressEntry).where(ProgressEntry.plan_id == plan.id,
                                                       ProgressEntry.review_id == review.id,
                                                       ProgressEntry.activity.like(serves))
                           .values(action_plan_id=row.id))
    db.session.commit()
