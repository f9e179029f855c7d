"""Demo development plans and completed development, so the training-needs analysis and the JP bars of
``flask kinerja demo`` have something to show (the test suite's demo leaves them out)."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from .extensions import db
from .models import DevelopmentPlan, DevelopmentRecord, Employee, Evaluation, Plan, User
from .rules.berakhlak import BERAKHLAK

NAMES = {v.code: v.name for v in BERAKHLAK}
# what the appraiser planned for a gap: (kind, area, action type, action) per predikat of results
RESULT_NEEDS = {
    "kurang": ("result", "Penyusunan laporan kinerja", "pelatihan", "Pelatihan penyusunan laporan kinerja"),
    "sangat_kurang": ("result", "Penyusunan laporan kinerja", "pelatihan", "Pelatihan penyusunan laporan kinerja"),
    "butuh_perbaikan": ("result", "Pengelolaan data dan informasi", "pelatihan", "Pelatihan analisis data"),
}


def _items(ev) -> list[dict]:
    items = [{"kind": "behaviour", "value_code": code, "area": NAMES.get(code, code), "gap": "",
              "action_type": "coaching",
              "action": f"Coaching oleh atasan langsung tentang nilai {NAMES.get(code, code)}"}
             for code, value in sorted((ev.behaviour or {}).items()) if value.get("rating") == "di_bawah"]
    need = RESULT_NEEDS.get(ev.predicate or "")
    if need:
        kind, area, action_type, action = need
        items.append({"kind": kind, "area": area, "gap": "", "action_type": action_type, "action": action})
    return items


def seed_development(today: date) -> None:
    """A development plan on each person's latest final evaluation that has a gap, saved by the appraiser
    through the workflow's item sync; a third of the staff completed a training this year."""
    from .workflow.development import sync_items

    latest = {}
    for ev in db.session.scalars(select(Evaluation).join(Plan).where(Evaluation.status == "final")
                                 .order_by(Plan.employee_id, Evaluation.review_id)):
        latest[ev.plan.employee_id] = ev
    for ev in latest.values():
        items = _items(ev)
        if not items:
            continue
        boss = db.session.scalar(select(User).where(User.employee_id == ev.plan.employee.supervisor_id))
        dev = DevelopmentPlan(evaluation_id=ev.id, items=items, updated_by_id=boss.id if boss else None)
        db.session.add(dev)
        db.session.flush()
        sync_items(dev, ev)
    db.session.flush()
    people = db.session.scalars(select(Employee).where(Employee.active.is_(True)).order_by(Employee.id)).all()
    for n, emp in enumerate(people):
        if n % 3:
            continue
        ended = today - timedelta(days=30 + n)
        db.session.add(DevelopmentRecord(
            employee_id=emp.id, agency_id=emp.agency_id, year=ended.year, kind="pelatihan",
            title="Pelatihan analisis data", started_on=ended - timedelta(days=2), ended_on=ended,
            hours=8 + n % 17))
    db.session.commit()
