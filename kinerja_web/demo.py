"""Demo data: a province with one agency per installed plugin.

Used by ``make run`` (``flask kinerja init``) and by the test suite, so the
pages the tests open look like the ones a person sees. The demo year is placed
relative to the day it is loaded (:func:`demo_year`), so that on any day there
is a period open for realisations, a finished period to rate, and final
evaluations behind it.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from werkzeug.security import generate_password_hash

from .clock import today as clock_today
from .clock import utcnow, zone
from .extensions import db
from .models import (
    Agency,
    AgencyGoal,
    Employee,
    Period,
    Plan,
    PlanIndicator,
    Position,
    Unit,
    User,
    WorkResult,
)
from .review_periods import make_review_periods

DEMO_PASSWORD = "kinerja-demo"


def demo_year(today: date) -> int:
    """The SKP year the demo shows: this year once its first quarter has ended, else last year
    (in January to March supervisors still rate the last quarter of the year before)."""
    return today.year if today.month > 3 else today.year - 1


def at(day: date, hour: int = 9) -> datetime:
    """A stored (naive UTC) timestamp for ``hour`` o'clock Jakarta time on ``day``."""
    from datetime import UTC

    return datetime.combine(day, time(hour), tzinfo=zone()).astimezone(UTC).replace(tzinfo=None)

# Per agency: the field unit, the unit head's title and some people.
AGENCY_SHAPE = {
    "disdik": ("Bidang Pembinaan SMA", "Kepala Bidang Pembinaan SMA", "Pengembang Kurikulum"),
    "dinkes": ("Bidang Pencegahan dan Pengendalian Penyakit", "Kepala Bidang P2P", "Epidemiolog Kesehatan"),
    "dispar": ("Bidang Pemasaran Pariwisata", "Kepala Bidang Pemasaran", "Analis Pasar Pariwisata"),
}
DEFAULT_SHAPE = ("Bidang Teknis", "Kepala Bidang", "Analis Kebijakan")

# Per agency, a unit that serves the public with its satisfaction survey (IKM, PermenPANRB 14/2017): the
# unit (under the field unit), the extra staff member who heads it (their supervisor, the kabid, works in
# the unit above) and whose SKP carries the catalogue's indicator the survey feeds, and the survey's title.
SERVICE_UNITS = {
    "dinkes": ("UPTD Puskesmas Rawat Inap Kedaton", "staf10",
               "Survei Kepuasan Masyarakat UPTD Puskesmas Rawat Inap Kedaton"),
}

PEOPLE = (  # username prefix, birth date, recruitment (year, month), gender
    ("kadis", date(1970, 3, 14), (1996, 3), 1),
    ("kabid", date(1978, 8, 2), (2003, 1), 2),
    ("staf", date(1990, 5, 21), (2015, 2), 1),
    ("staf2", date(1992, 11, 9), (2019, 3), 2),
    ("staf3", date(1994, 1, 30), (2020, 1), 1),
    ("staf4", date(1996, 7, 17), (2021, 4), 2),
)

NAMES = {  # per agency, in the order of PEOPLE; genders match
    "disdik": ("Dr. Hendra Gunawan, M.Si.", "Sri Wahyuni, S.E., M.M.", "Budi Santoso, S.Kom.",
               "Ayu Lestari, S.Pd.", "Rizky Pratama, S.T.", "Dewi Anggraini, A.Md."),
    "dinkes": ("dr. Agus Setiawan, M.Kes.", "Ns. Rina Marlina, S.Kep., M.Kes.", "Fajar Nugroho, S.KM.",
               "Siti Nurhaliza, S.Gz.", "Andi Saputra, S.Farm., Apt.", "Yuliana Putri, A.Md.Keb."),
    "dispar": ("Drs. Bambang Sutrisno, M.M.", "Lina Kartika, S.Sos., M.Par.", "Dimas Prasetyo, S.Par.",
               "Maya Sari, S.I.Kom.", "Hendri Wijaya, S.E.", "Putri Ramadhani, A.Md.Par."),
}
DEFAULT_NAMES = NAMES["disdik"]

# More staff under the kabid, so lists and the distribution curve look real.
EXTRA_STAFF = (("Agustina", 2), ("Bayu Saputra", 1), ("Citra Dewi", 2), ("Doni Kurniawan", 1),
               ("Eka Rahmawati", 2), ("Fikri Hidayat", 1))
EXTRA_TITLES = {"disdik": ", S.Pd.", "dinkes": ", S.KM.", "dispar": ", S.Par."}


def make_nip(birth: date, recruited: tuple[int, int], gender: int, seq: int) -> str:
    """An 18-digit NIP: birth date, recruitment month, gender, sequence."""
    return f"{birth:%Y%m%d}{recruited[0]:04d}{recruited[1]:02d}{gender}{seq:03d}"


def accounts(registry) -> list[tuple[str, str]]:
    """(username, role description) of every demo account."""
    rows = [("admin", "Admin provinsi (BKD)")]
    for code in registry.agencies:
        rows += [(f"admin.{code}", f"Admin {code}"), (f"kadis.{code}", f"Kepala dinas {code}"),
                 (f"kabid.{code}", f"Kepala bidang {code} (atasan staf)"),
                 (f"staf.{code}", f"Staf {code}"),
                 *[(f"staf{i}.{code}", f"Staf {code}") for i in range(2, 5 + len(EXTRA_STAFF))]]
    return rows


def seed(registry, today: date | None = None, password: str = DEMO_PASSWORD, password_hash: str | None = None) -> None:
    """Create the demo province for the year :func:`demo_year` gives on ``today``. Call on an empty database.

    ``password_hash`` skips hashing (tests seed hundreds of times).
    """
    today = today or clock_today()
    pw = password_hash or generate_password_hash(password)
    db.session.add(User(username="admin", password_hash=pw, role="province_admin"))
    for n, declared in enumerate(registry.agencies.values()):
        _seed_agency(registry, declared.record, pw, agency_no=n, today=today)
    from .demo_programme import seed_programme

    seed_programme(demo_year(today))
    db.session.commit()


def _seed_agency(registry, record, pw: str, agency_no: int, today: date) -> None:
    year = demo_year(today)
    unit_name, head_title, staff_title = AGENCY_SHAPE.get(record.code, DEFAULT_SHAPE)
    agency = Agency(code=record.code, name=f"{record.name} Provinsi Lampung")
    db.session.add(agency)
    db.session.flush()
    goals = [AgencyGoal(agency_id=agency.id, year=year, text=text) for text in record.goals] or [
        AgencyGoal(agency_id=agency.id, year=year, text=f"Meningkatnya kinerja {record.name}")]
    office = Unit(agency_id=agency.id, name="Sekretariat dan Pimpinan")
    field_unit = Unit(agency_id=agency.id, name=unit_name, parent=office)
    positions = {
        "kadis": Position(agency_id=agency.id, name=f"Kepala {record.name}", kind="jpt"),
        "kabid": Position(agency_id=agency.id, name=head_title, kind="administrator"),
        "staf": Position(agency_id=agency.id, name=staff_title, kind="fungsional"),
        "pelaksana": Position(agency_id=agency.id, name="Pengadministrasi Umum", kind="pelaksana"),
    }
    db.session.add_all([*goals, office, field_unit, *positions.values()])
    db.session.add(User(username=f"admin.{record.code}", password_hash=pw, role="agency_admin",
                        agency_id=agency.id))
    period = Period(agency_id=agency.id, year=year, cadence="quarterly")
    make_review_periods(period)
    last = period.reviews[-1]
    if last.ends_on < today:
        # The demo shows last year (January to March): its last quarter stays open for late input
        # while the supervisors rate it, as an admin would arrange.
        last.input_deadline = max(last.input_deadline, today + timedelta(days=14))
    db.session.add(period)

    people = {}
    names = NAMES.get(record.code, DEFAULT_NAMES)
    for seq, ((key, birth, recruited, gender), name) in enumerate(zip(PEOPLE, names, strict=True), start=1):
        boss = people.get("kadis") if key == "kabid" else people.get("kabid")
        position = positions.get(key) or (positions["pelaksana"] if key == "staf4" else positions["staf"])
        emp = Employee(agency=agency, unit=office if key == "kadis" else field_unit, position=position,
                       supervisor=None if key == "kadis" else boss, name=name,
                       nip=make_nip(birth, recruited, gender, agency_no * 10 + seq),
                       rank=("Pembina Utama Muda (IV/c)" if key == "kadis" else
                             "Pembina (IV/a)" if key == "kabid" else "Penata (III/c)"))
        people[key] = emp
        db.session.add(emp)
        db.session.add(User(username=f"{key}.{record.code}", password_hash=pw, role="staff", employee=emp))
    for k, (name, gender) in enumerate(EXTRA_STAFF, start=5):
        emp = Employee(agency=agency, unit=field_unit, position=positions["staf"], supervisor=people["kabid"],
                       name=name + EXTRA_TITLES.get(record.code, ""), rank="Penata Muda (III/a)",
                       nip=make_nip(date(1988 + k, k % 12 + 1, 10 + k), (2014 + k, 1), gender, agency_no * 10 + k + 50))
        people[f"staf{k}"] = emp
        db.session.add(emp)
        db.session.add(User(username=f"staf{k}.{record.code}", password_hash=pw, role="staff", employee=emp))
    service = SERVICE_UNITS.get(record.code)
    if service:
        service_unit = Unit(agency_id=agency.id, name=service[0], parent=field_unit)
        people[service[1]].unit = service_unit
    db.session.flush()

    catalogue = [d.record for d in registry.catalogue(record.code)]
    fed = sorted((e for e in catalogue if getattr(e, "feed", "") == "ikm"),
                 key=lambda e: str(getattr(e, "level", "")) != "individu")
    head_plan = _plan(people["kadis"], period, "approved", catalogue[:2], goals=goals)
    unit_plan = _plan(people["kabid"], period, "approved", catalogue[2:4], parents=head_plan.results)
    _plan(people["staf2"], period, "submitted", catalogue[4:5], parents=unit_plan.results)
    if record.code != "disdik":  # staf.disdik starts an SKP from scratch; the others are under way
        _plan(people["staf"], period, "approved", catalogue[6:8] or catalogue[:1], parents=unit_plan.results)
    growth = [e for e in catalogue if e.target_kind.value == "growth"]
    for k in range(5, 5 + len(EXTRA_STAFF)):
        entries = catalogue[k % len(catalogue):k % len(catalogue) + 1] or catalogue[:1]
        if k == 8 and growth:  # a target stated as a growth over last year's figure, with its source
            entries = [*entries, growth[0]]
        if service and f"staf{k}" == service[1] and fed:
            entries = fed[:1]  # the head of the service unit: the indicator the survey feeds
        _plan(people[f"staf{k}"], period, "approved", entries, parents=unit_plan.results)
    _plan(people["staf3"], period, "approved", catalogue[5:6], parents=unit_plan.results)
    _plan(people["staf4"], period, "draft", catalogue[:1], parents=unit_plan.results)
    if service:
        from .demo_ikm import seed_survey

        seed_survey(agency.id, service_unit.id, service[2], period.reviews, today, seed=f"ikm-{record.code}")


def _plan(emp, period, status, entries, goals=(), parents=()) -> Plan:
    approved_on = at(date(period.year, 1, 20))
    submitted_at = {"submitted": utcnow(), "approved": at(date(period.year, 1, 15))}.get(status)
    plan = Plan(employee=emp, period=period, status=status, approach="kuantitatif",
                supervisor_id=emp.supervisor_id if status != "draft" else None,
                submitted_at=submitted_at,
                decided_at=approved_on if status == "approved" else None,
                resources="Komputer, printer, akses internet kantor",
                accountability="Laporan triwulan kepada atasan langsung",
                consequences="Apresiasi dari atasan bila target tercapai; percepatan kegiatan bila belum.")
    for i, entry in enumerate(entries or ()):
        result = WorkResult(kind="utama", position=i, text=_result_text(entry),
                            goal=goals[i % len(goals)] if goals else None,
                            parent=parents[i % len(parents)] if parents else None,
                            cascading="non_direct" if parents else None)
        result.indicators.append(_indicator(entry))
        plan.results.append(result)
    db.session.add(plan)
    db.session.flush()
    return plan


def _result_text(entry) -> str:
    """An RHK in result language for a catalogue indicator: "Meningkatnya persentase …",
    or "Menurunnya …" where lower is better."""
    verb = "Menurunnya" if entry.direction.value == "lower" else "Meningkatnya"
    return f"{verb} {entry.name[:1].lower()}{entry.name[1:]}"[:1000]


def _indicator(entry) -> PlanIndicator:
    target = entry.default_target if entry.default_target is not None else Decimal(100)
    upper = (entry.default_upper or target + 10) if entry.target_kind.value == "range" else None
    baseline, source = None, ""
    if entry.target_kind.value == "growth":  # last year's figure: a share stays a share, a count a count
        baseline = Decimal(62) if entry.unit.strip() == "%" else Decimal(1140000)
        source = "Data tahun sebelumnya (BPS dan laporan dinas; contoh demo)"
    return PlanIndicator(catalogue_code=entry.code, name=entry.name, aspect=entry.aspect.value,
                         aggregation=str(entry.aggregation), due_rule=entry.due_rule,
                         unit=entry.unit, target_kind=entry.target_kind.value, target_value=target,
                         target_upper=upper, scoring=entry.scoring, evidence_required=entry.evidence_required,
                         baseline_value=baseline, baseline_source=source)
