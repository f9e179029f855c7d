"""The demo's programme across agencies: a cultural festival led by Dinas Pariwisata with Dinas Pendidikan, and
a few approved staff RHK of both agencies linked to its shared RHK (their realisations come with the demo's)."""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select

from .extensions import db
from .models import Agency, Employee, Plan, User
from .models.programme import Programme, ProgrammeAgency, ProgrammeResult

GOALS = ("Meningkatnya kunjungan wisatawan ke Provinsi Lampung melalui Festival Budaya",
         "Meningkatnya apresiasi pelajar terhadap seni dan budaya Lampung")
RESULTS = (  # text, indicator, target, unit, the staff RHK linked to it
    ("Meningkatnya kunjungan wisatawan ke Festival Budaya Lampung", "Jumlah pengunjung Festival Budaya",
     Decimal(25000), "orang", ("staf5.dispar", "staf6.dispar")),
    ("Meningkatnya keterlibatan sekolah dalam pertunjukan seni budaya festival",
     "Sekolah yang tampil di Festival Budaya", Decimal(40), "sekolah", ("staf5.disdik", "staf6.disdik")),
)


def seed_programme(year: int) -> None:
    """Add the demo programme for ``year`` when both agencies are in the demo (a test may load other plugins)."""
    agencies = {a.code: a for a in db.session.scalars(select(Agency).where(Agency.code.in_(("dispar", "disdik"))))}
    if len(agencies) < 2:
        return
    programme = Programme(name="Festival Budaya Lampung", year=year, lead_agency_id=agencies["dispar"].id,
                          goals="\n".join(GOALS),
                          members=[ProgrammeAgency(agency_id=a.id) for a in agencies.values()])
    db.session.add(programme)
    for position, (text, indicator, target, unit, linked) in enumerate(RESULTS):
        result = ProgrammeResult(text=text, indicator=indicator, target_value=target, unit=unit, position=position)
        programme.results.append(result)
        db.session.flush()
        for username in linked:
            plan = db.session.scalar(
                select(Plan).join(Employee, Employee.id == Plan.employee_id).join(User, User.employee_id == Employee.id)
                .where(User.username == username, Plan.status == "approved"))
            if plan is not None and plan.results:
                plan.results[0].programme_result_id = result.id
