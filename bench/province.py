"""Build a province for the benchmark (issue 8 §5), through the project's own models.

One agency per installed plugin (the registry's agencies). Each is a head of agency (kadis) →
25 heads of field (kabid) → 25 section heads (kasi) each → the staff, about 26 per kasi; the first
kabid also has 25 staff of his own, so he supervises 50 people. Smaller ``--employees`` scale the
fan-out down (300 still has every level). Everyone has a unit, a position, a valid 18-digit NIP, a
login account (one shared password hash: ``kinerja-demo``) and an approved SKP for the demo year
(``kinerja_web.demo.demo_year(TODAY)``) with 4 RHK and 12 indicators from the agency plugin's
catalogue, the main RHK linked to the supervisor's. Every review period that has ended has its
realisations (evidence links where the indicator requires evidence); in the latest one each team is
split in three as in the demo: rated and final, ready to rate (self-assessment in), late (some
realisations and evidence missing). Earlier periods are final for everyone but the heads of agency.
Some feedback with replies, dialogues, notifications and the audit trail of it all.

The schema comes from the migrations (``flask_migrate.upgrade()``); rows are written with the
models' ``__table__`` insert statements (SQLite) or ``COPY`` of the same columns (PostgreSQL), in
large batches, with ids assigned here. Column defaults and type conversions come from the models,
and a column the generator does not know stops it with a message. Evaluation snapshots are computed
by ``kinerja_web.evaluation.service`` once per plan template and period and reused with the ids of
each plan; a sample is checked against the service (recompute and content hash) at the end.

Demo accounts: ``admin``; per agency ``admin.<a>``, ``kadis.<a>``, ``kabid.<a>`` (50 reports),
``kasi.<a>`` and ``staf.<a>`` (approved plan, rated and final, realisations open in the current
quarter). Everyone else logs in with the NIP as username.

    .venv/bin/python bench/province.py --employees 50000 --database sqlite:///instance/bench/p.sqlite3
"""
from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import io
import itertools
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

GENERATOR_VERSION = 2  # 2: a year of daily progress
TODAY = date(2026, 11, 23)  # fixed, so that runs are comparable: Q1–Q3 of 2026 ended, Q4 open
FULL_AGENCY = 16_667  # people per agency at which the fan-out is FAN_OUT
FAN_OUT = 25
RESULTS = ("utama", "utama", "utama", "tambahan")  # RHK per plan
PER_RESULT = 3  # indicators per RHK
FINAL, READY, LATE = "final", "ready", "late"
REVISIONS = 3  # staff of the first kabid with a submitted revision (the queue)
PROGRESS = 200  # daily progress entries per person over the year so far (issue 13: "about 200")
ACTIVITIES = ("Menyusun laporan kegiatan", "Rapat koordinasi bidang", "Verifikasi data lapangan",
              "Pelayanan informasi kepada masyarakat", "Monitoring dan evaluasi program",
              "Menyiapkan bahan pimpinan", "Input data ke aplikasi", "Kunjungan lapangan")
SECRET_KEY = "bench-province"

MALE = ("Agus", "Bambang", "Budi", "Dedi", "Dimas", "Eko", "Fajar", "Fikri", "Gilang", "Hendra", "Hendri",
        "Irfan", "Joko", "Kurniawan", "Lukman", "Muhammad", "Nanda", "Oki", "Putra", "Rizky", "Rudi", "Sigit",
        "Taufik", "Teguh", "Wahyu", "Yusuf", "Zainal", "Arif", "Bayu", "Doni")
FEMALE = ("Agustina", "Ayu", "Citra", "Dewi", "Eka", "Fitri", "Gita", "Indah", "Kartika", "Lestari", "Lina",
          "Maya", "Nur", "Putri", "Rina", "Ratna", "Sari", "Siti", "Sri", "Tri", "Utami", "Wulan", "Yuliana",
          "Yanti", "Anggraini", "Rahmawati", "Nurhaliza", "Wahyuni", "Marlina", "Ramadhani")
FAMILY = ("Santoso", "Wijaya", "Saputra", "Pratama", "Setiawan", "Nugroho", "Hidayat", "Kurniawan",
          "Gunawan", "Sutrisno", "Prasetyo", "Permana", "Hakim", "Siregar", "Nasution", "Lubis", "Harahap",
          "Simanjuntak", "Situmorang", "Sinaga", "Tanjung", "Rangkuti", "Syahputra", "Maulana", "Firmansyah",
          "Ramadhan", "Hasibuan", "Pohan", "Daulay", "Batubara", "Purba", "Manurung", "Sembiring", "Ginting",
          "Tarigan", "Surbakti", "Effendi", "Hasan", "Iskandar", "Rusli")
DEGREES = ("S.E.", "S.Kom.", "S.T.", "S.Sos.", "S.H.", "S.Pd.", "S.KM.", "S.Par.", "A.Md.", "S.AP.", "M.M.",
           "M.Si.")
ROLES = {  # birth years, rank
    "kadis": ((1966, 1975), "Pembina Utama Muda (IV/c)"),
    "kabid": ((1968, 1982), "Pembina (IV/a)"),
    "kasi": ((1972, 1990), "Penata Tk. I (III/d)"),
    "staf": ((1970, 2003), None),
}
STAFF_RANKS = ("Penata Muda (III/a)", "Penata Muda Tk. I (III/b)", "Penata (III/c)", "Pengatur (II/c)")


# -- the layout of the province, in plain Python -----------------------------------------------------


@dataclass(eq=False)
class Person:
    id: int
    agency: int  # index into Province.agencies
    role: str
    supervisor: Person | None
    unit_id: int
    position_id: int
    local: int  # index within the agency
    team_index: int = 0  # place among the supervisor's direct reports
    reports: list = field(default_factory=list)
    username: str = ""
    user_id: int = 0
    nip: str = ""
    name: str = ""
    rank: str = ""
    gender: int = 1
    plan_id: int = 0
    result_ids: list = field(default_factory=list)
    indicator_ids: list = field(default_factory=list)

    @property
    def standing(self) -> str:
        """Where the person stands in the latest ended review period (as in the demo)."""
        return (FINAL, READY, LATE)[self.team_index % 3]


def shape(n: int) -> tuple[int, int, list[int]]:
    """(fan-out f, direct staff of the first kabid, staff per kasi) for an agency of ``n`` people.

    kadis → f kabid → f kasi each; the first kabid has f staff of his own besides his f kasi;
    the rest are spread over the kasi, every kasi with at least one.
    """
    f = max(2, round(FAN_OUT * (n / FULL_AGENCY) ** (1 / 3)))
    while f > 2 and 1 + f + 2 * f * f + f > n:
        f -= 1
    if 1 + f + 2 * f * f + f > n:
        raise ValueError(f"an agency of {n} people is too small for every level (at least 13)")
    rest = n - 1 - f - f * f - f
    per, extra = divmod(rest, f * f)
    return f, f, [per + (1 if k < extra else 0) for k in range(f * f)]


class Ids:
    """Ids assigned here, per table, so no insert needs a round trip."""

    def __init__(self):
        self.last: dict[str, int] = {}

    def take(self, table: str, count: int = 1) -> int:
        """The first of ``count`` new ids of ``table``."""
        first = self.last.get(table, 0) + 1
        self.last[table] = first + count - 1
        return first


class Loader:
    """Bulk writes through the models' tables: ``insert()`` executemany on SQLite, COPY on PostgreSQL."""

    BATCH = 20_000

    def __init__(self, engine, counts: dict[str, int]):
        engine.dispose()  # this connection alone, so that SQLite may leave WAL for the load
        self.engine = engine
        self.dialect = engine.dialect
        self.pg = self.dialect.name == "postgresql"
        self.raw = engine.raw_connection()
        self.driver = self.raw.driver_connection
        self.cursor = self.raw.cursor()
        self.counts = counts
        self.indexes: list[tuple[str, str]] = []
        if self.pg:
            self.cursor.execute("SET synchronous_commit = off")
            try:  # foreign keys are consistent by construction; skip their per-row triggers (superuser)
                self.cursor.execute("SET session_replication_role = replica")
            except Exception:
                self.raw.rollback()
        else:
            for pragma in ("foreign_keys=OFF", "synchronous=OFF", "journal_mode=OFF", "cache_size=-1000000",
                           "temp_store=MEMORY"):
                self.cursor.execute(f"PRAGMA {pragma}")
                self.cursor.fetchall()

    def drop_indexes(self) -> None:
        """Drop the secondary indexes (kept to rebuild after the load: faster than keeping them current)."""
        if self.pg:
            self.cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes i WHERE schemaname = current_schema() AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)")
        else:
            self.cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        self.indexes = [tuple(row) for row in self.cursor.fetchall()]
        quote = self.dialect.identifier_preparer.quote
        for name, _ in self.indexes:
            self.cursor.execute(f"DROP INDEX {quote(name)}")

    def restore_indexes(self) -> None:
        for _, sql in self.indexes:
            self.cursor.execute(sql)
        self.indexes = []

    def table(self, model, columns: tuple[str, ...], raw: tuple[str, ...] = ()) -> Writer:
        return Writer(self, model.__table__, columns, raw)

    def close(self, final: bool = False) -> None:
        """Commit; at the end also set PostgreSQL's sequences past the ids given here and analyse."""
        if self.pg and final:
            from kinerja_web.extensions import db

            quote = self.dialect.identifier_preparer
            for table in db.metadata.sorted_tables:
                pk = list(table.primary_key.columns)
                if len(pk) == 1 and pk[0].autoincrement in (True, "auto") and pk[0].type.python_type is int:
                    name = quote.format_table(table)
                    self.cursor.execute(f"SELECT setval(pg_get_serial_sequence('{name}', '{pk[0].name}'), "
                                        f"COALESCE((SELECT MAX({quote.quote(pk[0].name)}) FROM {name}), 0) + 1, false)")
            self.cursor.execute("SET session_replication_role = DEFAULT")
            self.raw.commit()
            self.driver.autocommit = True
            self.cursor.execute("ANALYZE")
            self.driver.autocommit = False
        else:
            self.raw.commit()
            if not self.pg:
                self.cursor.execute("PRAGMA journal_mode=WAL")
                self.cursor.fetchall()
        self.cursor.close()
        self.raw.close()
        self.engine.dispose()


class Writer:
    """Rows for one table: the given columns in order, the model's defaults for the others."""

    def __init__(self, loader: Loader, table, columns, raw):
        from sqlalchemy import JSON

        self.loader, self.table, self.rows = loader, table, []
        known = set(columns)
        unknown = known - set(table.c.keys())
        if unknown:
            raise RuntimeError(f"{table.name}: no column {', '.join(sorted(unknown))} in the models")
        names, constants = list(columns), []
        for col in table.columns:
            if col.name in known:
                continue
            if col.default is not None and (col.default.is_scalar or col.default.is_callable):
                value = col.default.arg if col.default.is_scalar else col.default.arg(None)
            elif col.server_default is not None:
                continue  # the database fills it
            elif col.nullable:
                value = None
            else:
                raise RuntimeError(f"bench/province.py does not fill {table.name}.{col.name}, which is required "
                                   "and has no default: teach the generator about it")
            names.append(col.name)
            constants.append(self._processor(col)(value) if value is not None else None)
        self.names, self.constants = names, tuple(constants)
        self.processors = []
        for i, name in enumerate(columns):
            col = table.c[name]
            if name in raw:
                continue
            proc = json.dumps if isinstance(col.type, JSON) else \
                col.type.dialect_impl(loader.dialect).bind_processor(loader.dialect)
            if proc is not None:
                self.processors.append((i, _memo(proc)))
        prep = loader.dialect.identifier_preparer
        if loader.pg:
            self.order = list(range(len(names)))
            cols = ", ".join(prep.quote(n) for n in names)
            self.sql = f"COPY {prep.format_table(table)} ({cols}) FROM STDIN"
        else:
            compiled = table.insert().compile(dialect=loader.dialect, column_keys=names)
            if sorted(compiled.positiontup) != sorted(names):
                raise RuntimeError(f"{table.name}: unexpected insert {compiled.string}")
            self.order = [names.index(n) for n in compiled.positiontup]
            self.sql = compiled.string

    def _processor(self, col):
        from sqlalchemy import JSON

        if isinstance(col.type, JSON):
            return json.dumps
        return col.type.dialect_impl(self.loader.dialect).bind_processor(self.loader.dialect) or (lambda v: v)

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= Loader.BATCH:
            self.flush()

    def flush(self) -> None:
        rows, self.rows = self.rows, []
        if not rows:
            return
        count = len(rows)
        columns = list(zip(*rows, strict=True))
        for i, proc in self.processors:
            columns[i] = [None if v is None else proc(v) for v in columns[i]]
        columns += [itertools.repeat(c, count) for c in self.constants]
        rows = list(zip(*(columns[i] for i in self.order), strict=True))
        if self.loader.pg:
            with self.loader.cursor.copy(self.sql) as out:
                for row in rows:
                    out.write_row(row)
        else:
            self.loader.cursor.executemany(self.sql, rows)
        self.loader.counts[self.table.name] = self.loader.counts.get(self.table.name, 0) + len(rows)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            self.flush()


def _memo(proc):
    cache: dict = {}

    def convert(value):
        try:
            return cache[value]
        except KeyError:
            if len(cache) > 100_000:
                cache.clear()
            out = cache[value] = proc(value)
            return out
        except TypeError:  # unhashable
            return proc(value)
    return convert


# -- evaluation snapshots: computed by the service once per template, reused with each plan's ids ----------

SENTINEL = 7_777_000_000  # + slot; JSON never holds such numbers otherwise
SENTINEL_RE = re.compile(r"7777000(\d{3})")
PLAN_SLOT, RESULT_SLOT = 999, 100  # indicator k → slot k, result j → 100 + j


def _sentinel(value, ind_ids, res_ids, plan_id):
    """A copy of a computed snapshot with the representative plan's ids replaced by numbered sentinels."""
    ind = {i: SENTINEL + k for k, i in enumerate(ind_ids)}
    res = {r: SENTINEL + RESULT_SLOT + j for j, r in enumerate(res_ids)}

    def walk(obj, key=None):
        if isinstance(obj, dict):
            return {(str(res[int(k)]) if isinstance(k, str) and k.isdigit() and int(k) in res else k):
                    walk(v, k) for k, v in obj.items()}
        if isinstance(obj, list):
            return [walk(v, key) for v in obj]
        if isinstance(obj, int) and not isinstance(obj, bool):
            if key == "indicator_id" and obj in ind:
                return ind[obj]
            if key == "result_id" and obj in res:
                return res[obj]
            if key == "plan_id" and obj == plan_id:
                return SENTINEL + PLAN_SLOT
        return obj
    return walk(copy.deepcopy(value))


class Fragments:
    """A serialised snapshot split at its sentinels; ``fill`` puts a plan's ids in."""

    def __init__(self, text: str):
        parts = SENTINEL_RE.split(text)
        self.literals = parts[0::2]
        self.slots = [int(s) for s in parts[1::2]]
        self.plain = text if not self.slots else None

    def fill(self, ids: dict[int, str]) -> str:
        if self.plain is not None:
            return self.plain
        out = [self.literals[0]]
        for slot, literal in zip(self.slots, self.literals[1:], strict=True):
            out.append(ids[slot])
            out.append(literal)
        return "".join(out)


@dataclass
class Template:
    """What the service computed for one plan template, variation and period."""

    scores: Fragments
    result_ratings: Fragments
    provenance: Fragments
    canonical: Fragments  # service.content() of a final evaluation, canonical JSON
    results_suggested: str | None
    results_final: str
    behaviour: str  # JSON
    behaviour_suggested: str | None
    behaviour_final: str
    predicate: str


# -- the province -------------------------------------------------------------------------------------------

class Province:
    """The province for ``employees`` people on ``today``: built in Python, written by :meth:`write`."""

    def __init__(self, registry, employees: int, today: date = TODAY, seed: int = 8):
        from kinerja_web.demo import demo_year
        from kinerja_web.rules.types import TargetKind

        self.registry, self.today, self.year = registry, today, demo_year(today)
        self.rng = random.Random(seed)
        self.ids = Ids()
        self.agencies = []
        for declared in registry.agencies.values():
            entries = [d.record for d in registry.catalogue(declared.record.code)
                       if d.record.target_kind is not TargetKind.QUALITATIVE]
            if not entries:
                raise RuntimeError(f"agency {declared.record.code} has no quantitative catalogue entry")
            self.agencies.append(SimpleNamespace(record=declared.record, code=declared.record.code,
                                                 entries=entries, id=0))
        if not self.agencies:
            raise RuntimeError("no agency plugin is installed")
        count = len(self.agencies)
        self.sizes = [employees // count + (1 if a < employees % count else 0) for a in range(count)]
        self.people: list[Person] = []
        self._birthdays: dict[date, int] = {}
        self._values: dict = {}
        self.counts: dict[str, int] = {}

    # structure ---------------------------------------------------------------------------------------------

    def layout(self) -> None:
        """Agencies, units, positions and people with their ids (nothing written yet)."""
        for a_no, (agency, n) in enumerate(zip(self.agencies, self.sizes, strict=True)):
            f, direct, per_kasi = shape(n)
            agency.id = self.ids.take("agency")
            agency.shape = (f, direct, per_kasi)
            office = self.ids.take("unit")
            agency.units = [(office, None, "Sekretariat dan Pimpinan")]
            agency.positions = []

            def position(name, kind, agency=agency):
                pid = self.ids.take("position")
                agency.positions.append((pid, name, kind))
                return pid
            head_pos = position(f"Kepala {agency.record.name}", "jpt")
            staff_pos = [position(t, k) for t, k in (("Analis Kebijakan", "fungsional"),
                                                     ("Pengelola Data", "pelaksana"),
                                                     ("Pengadministrasi Umum", "pelaksana"),
                                                     ("Analis Perencanaan", "fungsional"))]
            local = iter(range(n))
            kadis = self._person(a_no, "kadis", None, office, head_pos, next(local))
            kabids, kasis = [], []
            for b in range(f):
                unit = self.ids.take("unit")
                agency.units.append((unit, office, f"Bidang {b + 1}"))
                kabids.append(self._person(a_no, "kabid", kadis, unit, position(f"Kepala Bidang {b + 1}",
                                                                                  "administrator"), next(local)))
            for b, kabid in enumerate(kabids):
                for j in range(f):
                    unit = self.ids.take("unit")
                    agency.units.append((unit, kabid.unit_id, f"Seksi {b + 1}.{j + 1}"))
                    kasis.append(self._person(a_no, "kasi", kabid, unit,
                                              position(f"Kepala Seksi {b + 1}.{j + 1}", "pengawas"), next(local)))
            for k in range(direct):
                self._person(a_no, "staf", kabids[0], kabids[0].unit_id, staff_pos[2 + k % 2], next(local))
            for kasi, count in zip(kasis, per_kasi, strict=True):
                for k in range(count):
                    self._person(a_no, "staf", kasi, kasi.unit_id, staff_pos[(0, 1, 0, 3)[k % 4]], next(local))
            agency.kadis, agency.kabid, agency.kasi = kadis, kabids[0], kasis[0]
            agency.staf = next(p for p in kabids[0].reports if p.role == "staf" and p.standing == FINAL)
            agency.revisions = [p for p in kabids[0].reports if p.role == "staf" and p is not agency.staf][:REVISIONS]
        for agency in self.agencies:
            for person, username in ((agency.kadis, "kadis"), (agency.kabid, "kabid"), (agency.kasi, "kasi"),
                                     (agency.staf, "staf")):
                person.username = f"{username}.{agency.code}"
        first_user = self.ids.take("user", 1 + len(self.agencies) + len(self.people))
        self.admin_user = first_user
        for n, agency in enumerate(self.agencies):
            agency.admin_user = first_user + 1 + n
        for n, person in enumerate(self.people):
            person.user_id = first_user + 1 + len(self.agencies) + n
            person.username = person.username or person.nip

    def _person(self, a_no, role, supervisor, unit_id, position_id, local) -> Person:
        person = Person(id=self.ids.take("employee"), agency=a_no, role=role, supervisor=supervisor,
                        unit_id=unit_id, position_id=position_id, local=local)
        if supervisor is not None:
            person.team_index = len(supervisor.reports)
            supervisor.reports.append(person)
        rng = self.rng
        person.gender = rng.choice((1, 2))
        first = rng.choice(MALE if person.gender == 1 else FEMALE)
        degree = rng.choice(DEGREES[:10] if role == "staf" else DEGREES)
        person.name = f"{first} {rng.choice(FAMILY)}, {degree}"
        years, rank = ROLES[role]
        person.rank = rank or rng.choice(STAFF_RANKS)
        person.nip = self._nip(years, person.gender)
        self.people.append(person)
        return person

    def _nip(self, years, gender) -> str:
        from kinerja_web.demo import make_nip

        rng = self.rng
        while True:
            birth = date(years[0], 1, 1) + timedelta(days=rng.randrange((years[1] - years[0] + 1) * 365))
            seq = self._birthdays.get(birth, 0) + 1
            if seq <= 999:
                break
        self._birthdays[birth] = seq
        recruited = (min(birth.year + 19 + rng.randrange(9), self.today.year - 1), rng.randint(1, 12))
        return make_nip(birth, recruited, gender, seq)

    def entries(self, person: Person) -> list:
        """The 12 catalogue entries of a person's plan (a template by the person's place in the agency)."""
        catalogue = self.agencies[person.agency].entries
        t = self.template_of(person)
        return [catalogue[(t + k) % len(catalogue)] for k in range(len(RESULTS) * PER_RESULT)]

    def template_of(self, person: Person) -> int:
        return person.local % len(self.agencies[person.agency].entries)

    def variation_of(self, person: Person) -> int:
        return (person.local // len(self.agencies[person.agency].entries)) % 4

    # writing -------------------------------------------------------------------------------------------------

    def write(self, engine, out=print) -> None:
        from kinerja_web.extensions import db
        from kinerja_web.models import AuditEntry, Evaluation

        step = _Steps(out)
        loader = Loader(engine, self.counts)
        loader.drop_indexes()
        self.audit = loader.table(AuditEntry, AUDIT_COLUMNS, raw=("before", "after"))
        self._write_organisation(loader)
        step("organisation, people, accounts")
        self._write_plans(loader)
        step("plans, RHK, indicators")
        self._write_activity(loader)
        step("realisations, evidence, feedback, notifications, audit")
        self._write_progress(loader)
        step(f"{self.counts.get('progress_entry', 0):,} daily progress entries")
        loader.restore_indexes()
        loader.close()
        step("indexes")
        from kinerja_web.models import Standing
        from kinerja_web.workflow import standing

        standing.refresh(db.session)  # the rows above were loaded past the session: fill the read model
        db.session.commit()
        step(f"{db.session.query(Standing).count():,} standing rows (the attainment read model, flask kinerja refresh)")
        templates = self._evaluation_templates()
        db.session.remove()
        step(f"{len(templates)} evaluation templates computed by the service")
        loader = Loader(engine, self.counts)
        self.audit = loader.table(AuditEntry, AUDIT_COLUMNS, raw=("before", "after"))
        self._write_evaluations(loader, templates)
        loader.close(final=True)
        step(f"{self.counts.get(Evaluation.__tablename__, 0):,} evaluations, self-assessments, calibration")

    def _write_organisation(self, loader: Loader) -> None:
        from werkzeug.security import generate_password_hash

        from kinerja_web.demo import DEMO_PASSWORD
        from kinerja_web.models import Agency, AgencyGoal, Employee, Period, Position, ReviewPeriod, Unit, User
        from kinerja_web.review_periods import make_review_periods

        with loader.table(Agency, ("id", "code", "name", "active")) as rows:
            for agency in self.agencies:
                rows.add((agency.id, agency.code, f"{agency.record.name} Provinsi Lampung", True))
        with loader.table(AgencyGoal, ("id", "agency_id", "year", "text")) as rows:
            for agency in self.agencies:
                texts = agency.record.goals or (f"Meningkatnya kinerja {agency.record.name}",)
                agency.goals = []
                for text in texts:
                    agency.goals.append(self.ids.take("agency_goal"))
                    rows.add((agency.goals[-1], agency.id, self.year, text))
        with loader.table(Unit, ("id", "agency_id", "parent_id", "name", "active")) as rows:
            for agency in self.agencies:
                for uid, parent, name in agency.units:
                    rows.add((uid, agency.id, parent, name, True))
        with loader.table(Position, ("id", "agency_id", "name", "kind", "active")) as rows:
            for agency in self.agencies:
                for pid, name, kind in agency.positions:
                    rows.add((pid, agency.id, name, kind, True))
        with (loader.table(Period, ("id", "agency_id", "year", "cadence")) as periods,
              loader.table(ReviewPeriod, ("id", "period_id", "seq", "name", "starts_on", "ends_on",
                                          "input_deadline")) as reviews):
            for agency in self.agencies:
                period = Period(year=self.year, cadence="quarterly")
                make_review_periods(period)
                last = period.reviews[-1]
                if last.ends_on < self.today:  # as the demo arranges it in January to March
                    last.input_deadline = max(last.input_deadline, self.today + timedelta(days=14))
                agency.period_id = self.ids.take("period")
                periods.add((agency.period_id, agency.id, self.year, "quarterly"))
                agency.reviews = []
                for r in period.reviews:
                    rid = self.ids.take("review_period")
                    agency.reviews.append(SimpleNamespace(id=rid, seq=r.seq, name=r.name, starts_on=r.starts_on,
                                                          ends_on=r.ends_on, input_deadline=r.input_deadline))
                    reviews.add((rid, agency.period_id, r.seq, r.name, r.starts_on, r.ends_on, r.input_deadline))
                agency.ended = [r for r in agency.reviews if r.ends_on < self.today]
        with loader.table(Employee, ("id", "agency_id", "unit_id", "position_id", "supervisor_id", "nip", "name",
                                     "rank", "active")) as rows:
            for p in self.people:
                rows.add((p.id, self.agencies[p.agency].id, p.unit_id, p.position_id,
                          p.supervisor.id if p.supervisor else None, p.nip, p.name, p.rank, True))
        password = generate_password_hash(DEMO_PASSWORD)
        with loader.table(User, ("id", "username", "password_hash", "role", "employee_id", "agency_id",
                                 "active")) as rows:
            rows.add((self.admin_user, "admin", password, "province_admin", None, None, True))
            for agency in self.agencies:
                rows.add((agency.admin_user, f"admin.{agency.code}", password, "agency_admin", None, agency.id, True))
            for p in self.people:
                rows.add((p.user_id, p.username, password, "staff", p.id, None, True))

    def _write_plans(self, loader: Loader) -> None:
        from kinerja_web.demo import _indicator, at
        from kinerja_web.models import Plan, PlanIndicator, WorkResult

        created, submitted, decided = at(date(self.year, 1, 10)), at(date(self.year, 1, 15)), at(date(self.year, 1, 20))
        texts = ("Komputer, printer, akses internet kantor", "Laporan triwulan kepada atasan langsung",
                 "Apresiasi dari atasan bila target tercapai; percepatan kegiatan bila belum.")
        table = PlanIndicator.__table__
        ind_columns = [c.key for c in table.columns if c.key not in ("id", "result_id", "position")]
        templates = {}  # id(entry) → the indicator columns the demo derives from a catalogue entry
        for agency in self.agencies:
            for entry in agency.entries:
                ind = _indicator(entry)
                templates[id(entry)] = tuple(_or_default(table.c[c], getattr(ind, c)) for c in ind_columns)
        self.revision_plans = []
        with (loader.table(Plan, ("id", "employee_id", "period_id", "version", "previous_id", "status", "approach",
                                  "supervisor_id", "revision_reason", "resources", "accountability", "consequences",
                                  "created_at", "submitted_at", "decided_at")) as plans,
              loader.table(WorkResult, ("id", "plan_id", "kind", "text", "parent_id", "goal_id", "cascading",
                                        "position")) as results,
              loader.table(PlanIndicator, ("id", "result_id", "position", *ind_columns)) as indicators):
            def plan_rows(p, plan_id, version, previous, status, reason, when):
                agency = self.agencies[p.agency]
                sup = p.supervisor
                plans.add((plan_id, p.id, agency.period_id, version, previous, status, "kuantitatif",
                           sup.id if sup else None, reason, *texts, when[0], when[1], when[2]))
                entries = self.entries(p)
                first_result = self.ids.take("work_result", len(RESULTS))
                first_ind = self.ids.take("plan_indicator", len(entries))
                result_ids = list(range(first_result, first_result + len(RESULTS)))
                for j, kind in enumerate(RESULTS):
                    entry = entries[j * PER_RESULT]
                    parent = goal = cascading = None
                    if kind == "utama":
                        if sup is not None:
                            parent, cascading = sup.result_ids[j], "direct" if j == 0 else "non_direct"
                        else:
                            goal = agency.goals[j % len(agency.goals)]
                    results.add((result_ids[j], plan_id, kind, _result_text(entry), parent, goal, cascading, j))
                    for k in range(PER_RESULT):
                        pos = j * PER_RESULT + k
                        indicators.add((first_ind + pos, result_ids[j], k, *templates[id(entries[pos])]))
                return result_ids, list(range(first_ind, first_ind + len(entries)))

            for p in self.people:  # supervisors come first: their RHK exist before the reports link to them
                p.plan_id = self.ids.take("plan")
                p.result_ids, p.indicator_ids = plan_rows(p, p.plan_id, 1, None, "approved", None,
                                                          (created, submitted, decided))
            for agency in self.agencies:
                for p in agency.revisions:
                    plan_id = self.ids.take("plan")
                    plan_rows(p, plan_id, 2, p.plan_id, "submitted", "Penyesuaian target triwulan IV.",
                              (at(self.today - timedelta(days=4)), at(self.today - timedelta(days=3)), None))
                    self.revision_plans.append((p, plan_id))

    def _value(self, entry, seq: int, variation: int, reviews: int) -> Decimal:
        """A realisation close to the period's target (demo_activity's spread), the same for every plan
        of a template, so that one computed evaluation serves them all."""
        from kinerja_web.demo_activity import VARIATION

        target = entry.default_target if entry.default_target is not None else Decimal(100)
        factor = VARIATION[(variation + seq) % len(VARIATION)]
        if entry.scoring == "lower_is_better":
            factor = 2 - factor
        base = target / reviews if str(entry.aggregation) == "sum" else target
        value = (base * factor).quantize(Decimal("0.01"))
        return min(value, Decimal(100)) if entry.unit.strip() == "%" else value

    def _values_of(self, p: Person, seq: int, entries, variation: int, reviews: int) -> list[Decimal]:
        key = (p.agency, self.template_of(p), variation, seq)
        values = self._values.get(key)
        if values is None:
            values = self._values[key] = [self._value(e, seq, variation, reviews) for e in entries]
        return values

    def _write_activity(self, loader: Loader) -> None:
        from kinerja_web.demo import at
        from kinerja_web.demo_activity import FEEDBACK, REPLIES
        from kinerja_web.models import Dialogue, Evidence, Feedback, Notification, Realization

        real_first = {}  # (person id) → id of the realisation of indicator 0 in the latest ended period
        with (loader.table(Realization, ("id", "indicator_id", "review_id", "value", "note", "version",
                                         "updated_at", "updated_by_id")) as reals,
              loader.table(Evidence, ("id", "realization_id", "kind", "url", "created_at",
                                      "uploaded_by_id")) as evidence):
            stamps = {}
            for p in self.people:
                agency = self.agencies[p.agency]
                entries, v = self.entries(p), self.variation_of(p)
                required = [e.evidence_required for e in entries]
                for review in agency.ended:
                    if review.id not in stamps:
                        stamps[review.id] = (at(review.ends_on + timedelta(days=3)),
                                             f"Kegiatan {review.name} terlaksana sesuai rencana.")
                    stamp, note = stamps[review.id]
                    values = self._values_of(p, review.seq, entries, v, len(agency.reviews))
                    late = p.standing == LATE and p.supervisor is not None and review is agency.ended[-1]
                    for pos, ind_id in enumerate(p.indicator_ids):
                        if late and pos >= 8:  # a realisation and its evidence missing
                            continue
                        rid = self.ids.take("realization")
                        reals.add((rid, ind_id, review.id, values[pos], note, 1, stamp, p.user_id))
                        if required[pos] and not (late and pos >= 4):
                            evidence.add((self.ids.take("evidence"), rid, "link",
                                          f"https://arsip.lampungprov.go.id/bukti/{rid}", stamp, p.user_id))
                        if pos == 0 and review is agency.ended[-1]:
                            real_first[p.id] = rid
        draft, submitted, approved = (json.dumps({"status": s, "version": 1}) for s in ("draft", "submitted",
                                                                                         "approved"))
        at_submit, at_approve = at(date(self.year, 1, 15)), at(date(self.year, 1, 20))
        with (loader.table(Feedback, ("id", "plan_id", "realization_id", "parent_id", "author_id", "body",
                                      "created_at")) as feedback,
              loader.table(Dialogue, ("id", "plan_id", "held_on", "notes", "follow_ups", "author_id",
                                      "created_at")) as dialogues,
              loader.table(Notification, ("id", "user_id", "kind", "params", "link", "created_at",
                                          "read_at")) as notes):
            for n, p in enumerate(self.people):
                agency = self.agencies[p.agency]
                sup = p.supervisor
                approver = sup.user_id if sup else self.admin_user
                self.audit.add((self.ids.take("audit_entry"), at_submit, p.user_id, agency.id, "plan.submit", "Plan",
                                p.plan_id, draft, submitted, ""))
                self.audit.add((self.ids.take("audit_entry"), at_approve, approver, agency.id, "plan.approve", "Plan",
                                p.plan_id, submitted, approved, ""))
                notes.add((self.ids.take("notification"), p.user_id, "plan_approved", {"year": self.year},
                           f"/skp/{p.plan_id}/pemantauan", at_approve, at_approve))
                if sup is None or p.standing != FINAL or p.id not in real_first:
                    continue
                latest = agency.ended[-1]
                said = at(latest.ends_on + timedelta(days=5))
                fid = self.ids.take("feedback")
                feedback.add((fid, p.plan_id, real_first[p.id], None, sup.id, FEEDBACK[n % len(FEEDBACK)], said))
                self.audit.add((self.ids.take("audit_entry"), said, sup.user_id, agency.id, "feedback.create",
                                "Feedback", fid, None, None, ""))
                replied = n % 2 == 0
                notes.add((self.ids.take("notification"), p.user_id, "feedback",
                           {"name": sup.name, "what": "Triwulan"}, f"/skp/{p.plan_id}/pemantauan", said,
                           said if replied else None))
                if replied:
                    rid = self.ids.take("feedback")
                    answer = at(latest.ends_on + timedelta(days=6))
                    feedback.add((rid, p.plan_id, real_first[p.id], fid, p.id, REPLIES[n % len(REPLIES)], answer))
                    self.audit.add((self.ids.take("audit_entry"), answer, p.user_id, agency.id, "feedback.reply",
                                    "Feedback", rid, None, None, ""))
                dialogues.add((self.ids.take("dialogue"), p.plan_id, latest.ends_on + timedelta(days=5),
                               "Membahas capaian triwulan dan kendala pelaksanaan kegiatan.",
                               "Melengkapi bukti dukung; menyusun jadwal kegiatan triwulan IV.", sup.id, said))
            for p, plan_id in self.revision_plans:
                agency = self.agencies[p.agency]
                when = at(self.today - timedelta(days=3))
                self.audit.add((self.ids.take("audit_entry"), when, p.user_id, agency.id, "plan.submit", "Plan",
                                plan_id, json.dumps({"status": "draft", "version": 2}),
                                json.dumps({"status": "submitted", "version": 2}), ""))
                notes.add((self.ids.take("notification"), p.supervisor.user_id, "plan_submitted", {"name": p.name},
                           f"/skp/{plan_id}/tinjau", when, None))
        self.audit.flush()

    def _write_progress(self, loader: Loader) -> None:
        """About :data:`PROGRESS` daily progress entries per person, spread over the working days of the year
        up to yesterday (so the open review period has its share), every other one counting 1 towards one
        of the person's indicators, every fourth with an evidence link. No audit rows: 10 million at 50,000
        people would only slow the build; the pages read the entries, not their history."""
        from datetime import time as clock

        from kinerja_web.demo import at
        from kinerja_web.models import ProgressEntry

        days = [d for d in (date(self.year, 1, 1) + timedelta(days=n) for n in range(366))
                if d.year == self.year and d < self.today and d.weekday() < 5]
        picked = [days[i * len(days) // PROGRESS] for i in range(min(PROGRESS, len(days)))]
        stamps = {d: at(d, 16) for d in picked}
        starts, ends = clock(8, 0), clock(10, 0)
        with loader.table(ProgressEntry, ("id", "plan_id", "review_id", "indicator_id", "day", "starts_at",
                                          "ends_at", "activity", "quantity", "unit", "link", "created_at",
                                          "created_by_id")) as progress:
            for p in self.people:
                agency = self.agencies[p.agency]
                review_of = {}
                for d in picked:
                    review_of[d] = next(r.id for r in agency.reviews if r.starts_on <= d <= r.ends_on)
                first = p.indicator_ids[0]
                for n, d in enumerate(picked):
                    counts = n % 2 == 0
                    eid = self.ids.take("progress_entry")
                    progress.add((eid, p.plan_id, review_of[d], first if counts else None, d, starts, ends,
                                  ACTIVITIES[(n + p.local) % len(ACTIVITIES)], Decimal(1) if counts else None,
                                  "kegiatan" if counts else "",
                                  f"https://arsip.lampungprov.go.id/progres/{eid}" if n % 4 == 0 else "",
                                  stamps[d], p.user_id))

    def _evaluation_templates(self) -> dict:
        """Compute one evaluation per (agency, plan template, variation, period) with the app's service."""
        from sqlalchemy.orm import make_transient

        from kinerja_web.demo_activity import BEHAVIOUR_PATTERNS
        from kinerja_web.evaluation import service
        from kinerja_web.extensions import db
        from kinerja_web.models import Evaluation, Plan, ReviewPeriod
        from kinerja_web.rules.berakhlak import CORE_VALUE_CODES

        templates = {}
        for p in self.people:
            if p.supervisor is None:
                continue
            agency = self.agencies[p.agency]
            for review in agency.ended:
                key = (p.agency, self.template_of(p), self.variation_of(p), review.seq)
                if key in templates or (p.standing == LATE and review is agency.ended[-1]):
                    continue
                plan = db.session.get(Plan, p.plan_id)
                pattern = BEHAVIOUR_PATTERNS[(key[2] + review.seq) % len(BEHAVIOUR_PATTERNS)]
                behaviour = {code: {"rating": pattern.get(code, "sesuai"), "feedback": ""} for code in CORE_VALUE_CODES}
                shadow = Evaluation(plan=plan, review=db.session.get(ReviewPeriod, review.id), behaviour=behaviour)
                make_transient(shadow)
                service.compute(shadow)
                results_final = shadow.results_suggested or "sesuai"
                behaviour_final = shadow.behaviour_suggested or "sesuai"
                shadow.results_final, shadow.behaviour_final = results_final, behaviour_final
                shadow.predicate = service.predicate_of(plan, results_final, behaviour_final)
                shadow.notes = NOTES
                sentinel = {name: _sentinel(getattr(shadow, name), p.indicator_ids, p.result_ids, p.plan_id)
                            for name in ("scores", "result_ratings", "provenance")}
                canonical = service.content(SimpleNamespace(
                    plan_id=SENTINEL + PLAN_SLOT, review_id=review.id, **sentinel, behaviour=behaviour,
                    results_suggested=shadow.results_suggested, results_final=results_final, results_reason="",
                    behaviour_suggested=shadow.behaviour_suggested, behaviour_final=behaviour_final,
                    behaviour_reason="", predicate=shadow.predicate, notes=NOTES, decision_outcome=None,
                    decision=None, self_assessments=[SimpleNamespace(result_id=SENTINEL + RESULT_SLOT + j,
                                                                     text=SELF_FINAL) for j in range(len(RESULTS))]))
                templates[key] = Template(
                    scores=Fragments(json.dumps(sentinel["scores"])),
                    result_ratings=Fragments(json.dumps(sentinel["result_ratings"])),
                    provenance=Fragments(json.dumps(sentinel["provenance"])),
                    canonical=Fragments(json.dumps(canonical, sort_keys=True, ensure_ascii=False,
                                                   separators=(",", ":"))),
                    results_suggested=shadow.results_suggested, results_final=results_final,
                    behaviour=json.dumps(behaviour), behaviour_suggested=shadow.behaviour_suggested,
                    behaviour_final=behaviour_final, predicate=shadow.predicate)
        db.session.rollback()
        db.session.close()
        return templates

    def _write_evaluations(self, loader: Loader, templates: dict) -> None:
        from kinerja_web.clock import utcnow
        from kinerja_web.demo import at
        from kinerja_web.evaluation import service
        from kinerja_web.models import Calibration, Evaluation, SelfAssessment

        now = utcnow()
        columns = ("id", "plan_id", "review_id", "status", "scores", "result_ratings", "behaviour",
                   "results_suggested", "results_final", "results_reason", "behaviour_suggested", "behaviour_final",
                   "behaviour_reason", "predicate", "provenance", "notes", "rated_at", "finalized_at",
                   "finalized_by_id", "content_hash", "created_at")
        rated = {"status": "rated"}
        with (loader.table(Evaluation, columns, raw=("scores", "result_ratings", "behaviour", "provenance"))
              as evaluations,
              loader.table(SelfAssessment, ("id", "evaluation_id", "result_id", "text")) as selves):
            for p in self.people:
                if p.supervisor is None:
                    continue
                agency = self.agencies[p.agency]
                ids = {k: str(i) for k, i in enumerate(p.indicator_ids)}
                ids.update({RESULT_SLOT + j: str(r) for j, r in enumerate(p.result_ids)})
                ids[PLAN_SLOT] = str(p.plan_id)
                same_width = len({len(str(r)) for r in p.result_ids}) == 1  # canonical key order holds
                for review in agency.ended:
                    latest = review is agency.ended[-1]
                    if latest and p.standing == LATE:
                        continue
                    t = templates[(p.agency, self.template_of(p), self.variation_of(p), review.seq)]
                    eid = self.ids.take("evaluation")
                    scores, ratings, provenance = (t.scores.fill(ids), t.result_ratings.fill(ids),
                                                   t.provenance.fill(ids))
                    when = at(review.ends_on + timedelta(days=14), 10)
                    if latest and p.standing == READY:
                        evaluations.add((eid, p.plan_id, review.id, "self_assessed", scores, ratings, None,
                                         t.results_suggested, None, "", None, None, "", None, provenance, "",
                                         None, None, None, None, when))
                        for rid in p.result_ids:
                            selves.add((self.ids.take("self_assessment"), eid, rid, SELF_READY))
                        self.audit.add((self.ids.take("audit_entry"), when, p.user_id, agency.id,
                                        "evaluation.self_assess", "Evaluation", eid, json.dumps({"status": "open"}),
                                        json.dumps({"status": "self_assessed", "predicate": None, "hash": None}), ""))
                        continue
                    canonical = t.canonical.fill(ids)
                    if same_width:  # the canonical order of the result ids is the template's
                        digest = hashlib.sha256(canonical.encode()).hexdigest()
                    else:
                        digest = service.digest(SimpleNamespace(
                            plan_id=p.plan_id, review_id=review.id, scores=json.loads(scores),
                            result_ratings=json.loads(ratings), behaviour=json.loads(t.behaviour),
                            results_suggested=t.results_suggested, results_final=t.results_final,
                            results_reason="", behaviour_suggested=t.behaviour_suggested,
                            behaviour_final=t.behaviour_final, behaviour_reason="", predicate=t.predicate,
                            provenance=json.loads(provenance), notes=NOTES, decision_outcome=None, decision=None,
                            self_assessments=[SimpleNamespace(result_id=r, text=SELF_FINAL) for r in p.result_ids]))
                    stamp = min(when, now)
                    evaluations.add((eid, p.plan_id, review.id, "final", scores, ratings, t.behaviour,
                                     t.results_suggested, t.results_final, "", t.behaviour_suggested,
                                     t.behaviour_final, "", t.predicate, provenance, NOTES, stamp, stamp,
                                     p.supervisor.user_id, digest, when))
                    for rid in p.result_ids:
                        selves.add((self.ids.take("self_assessment"), eid, rid, SELF_FINAL))
                    if latest:
                        self.audit.add((self.ids.take("audit_entry"), stamp, p.supervisor.user_id, agency.id,
                                        "evaluation.finalize", "Evaluation", eid, json.dumps(rated),
                                        json.dumps({"status": "final", "predicate": t.predicate, "hash": digest}),
                                        ""))
        with loader.table(Calibration, ("id", "agency_id", "unit_id", "year", "review_id", "org_predicate",
                                        "set_by_id", "set_at", "justification")) as calibrations:
            for agency in self.agencies:
                for review in agency.ended[:-1]:
                    calibrations.add((self.ids.take("calibration"), agency.id, None, self.year, review.id, "baik",
                                      agency.kadis.user_id, at(review.ends_on + timedelta(days=10)), ""))
        self.audit.flush()

    # checks --------------------------------------------------------------------------------------------------

    def check_sample(self, size: int = 24) -> int:
        """Compare a sample of written evaluations with the service: recomputed scores and the content hash."""
        from sqlalchemy import func, select
        from sqlalchemy.orm import make_transient

        from kinerja_web.evaluation import service
        from kinerja_web.extensions import db
        from kinerja_web.models import Evaluation

        total = db.session.scalar(select(func.count(Evaluation.id)).where(Evaluation.status == "final"))
        step = max(1, total // size)
        ids = db.session.scalars(select(Evaluation.id).where(Evaluation.status == "final")
                                 .order_by(Evaluation.id)).all()[::step]
        for eid in ids:
            ev = db.session.get(Evaluation, eid)
            if service.verify(ev) is not True:
                raise RuntimeError(f"evaluation {eid}: the content hash does not match (service.verify)")
            shadow = Evaluation(plan=ev.plan, review=ev.review, behaviour=ev.behaviour)
            make_transient(shadow)
            service.compute(shadow)
            for name in ("scores", "result_ratings", "results_suggested", "behaviour_suggested", "provenance"):
                if getattr(shadow, name) != getattr(ev, name):
                    raise RuntimeError(f"evaluation {eid}: stored {name} differs from what the service computes")
        db.session.rollback()
        return len(ids)


NOTES = "Pertahankan capaian dan lengkapi bukti dukung tepat waktu."
SELF_FINAL = "Kegiatan terlaksana sesuai rencana aksi."
SELF_READY = "Seluruh kegiatan triwulan ini terlaksana; bukti dukung terlampir."


AUDIT_COLUMNS = ("id", "at", "actor_id", "agency_id", "action", "object_type", "object_id", "before", "after",
                 "note")


def _or_default(col, value):
    """An attribute a transient object left unset gets its column's default, as a flush would give it."""
    if value is None and col.default is not None:
        return col.default.arg if col.default.is_scalar else col.default.arg(None)
    return value


def _result_text(entry) -> str:
    verb = "Menurunnya" if entry.direction.value == "lower" else "Meningkatnya"
    return f"{verb} {entry.name[:1].lower()}{entry.name[1:]}"[:1000]


class _Steps:
    def __init__(self, out):
        self.out, self.start = out, time.perf_counter()
        self.last = self.start

    def __call__(self, what):
        now = time.perf_counter()
        self.out(f"  {now - self.last:6.1f} s  {what}")
        self.last = now


# -- entry points -------------------------------------------------------------------------------------------

def app_config(url: str, **extra) -> dict:
    return {"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "TODAY": TODAY, "RATELIMIT_ENABLED": False, **extra}


def _reset(url: str) -> None:
    """Start from an empty database: remove the SQLite file, or empty PostgreSQL's public schema."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from kinerja_web.config import normalise_database_url

    parsed = make_url(normalise_database_url(url))
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            path = Path(parsed.database)
            path.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        return
    engine = create_engine(parsed)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def build(url: str, employees: int, out=print) -> dict:
    """Build the province into ``url`` (emptied first); returns the row counts and the time taken."""
    from flask_migrate import upgrade

    from kinerja_web import create_app
    from kinerja_web.extensions import db

    start = time.perf_counter()
    _reset(url)
    app = create_app(app_config(url))
    with app.app_context():
        log = io.StringIO()
        try:
            with contextlib.redirect_stderr(log):
                upgrade()
        except Exception:
            sys.stderr.write(log.getvalue())
            raise
        out(f"  {time.perf_counter() - start:6.1f} s  schema (migrations)")
        province = Province(app.extensions["kinerja_registry"], employees)
        province.layout()
        province.write(db.engine, out)
        checked = province.check_sample()
        db.session.remove()
        db.engine.dispose()
    seconds = time.perf_counter() - start
    out(f"  checked {checked} evaluations against the service (recompute, content hash)")
    write_marker(url, employees, len(province.people), seconds)
    return {"employees": len(province.people), "rows": province.counts, "seconds": seconds,
            "agencies": [a.code for a in province.agencies]}


def _marker(url: str) -> Path:
    from sqlalchemy.engine import make_url

    from kinerja_web.config import normalise_database_url

    parsed = make_url(normalise_database_url(url))
    if parsed.get_backend_name() == "sqlite":
        return Path(str(parsed.database) + ".province.json")
    folder = Path(__file__).resolve().parent.parent / "instance" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha256(parsed.render_as_string(hide_password=True).encode()).hexdigest()[:12]
    return folder / f"postgresql-{parsed.database}-{key}.province.json"


def write_marker(url: str, employees: int, people: int, seconds: float) -> None:
    _marker(url).write_text(json.dumps({"generator": GENERATOR_VERSION, "employees": employees, "people": people,
                                        "today": TODAY.isoformat(), "seconds": round(seconds, 1)}))


def current(url: str, employees: int) -> dict | None:
    """The marker of a province already built into ``url`` for ``employees`` by this generator, else None."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from kinerja_web.config import normalise_database_url

    path = _marker(url)
    try:
        marker = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if (marker.get("generator"), marker.get("employees"), marker.get("today")) != \
            (GENERATOR_VERSION, employees, TODAY.isoformat()):
        return None
    parsed = make_url(normalise_database_url(url))
    if parsed.get_backend_name() == "sqlite" and not Path(parsed.database).exists():
        return None
    engine = create_engine(parsed)
    try:
        with engine.connect() as conn:
            people = conn.execute(text("SELECT COUNT(*) FROM employee")).scalar()
    except Exception:
        return None
    finally:
        engine.dispose()
    return marker if people == marker.get("people") else None


def migrate(url: str) -> None:
    """Bring a reused province to the current schema (new indexes from the migrations)."""
    from flask_migrate import upgrade

    from kinerja_web import create_app
    from kinerja_web.extensions import db

    app = create_app(app_config(url))
    with app.app_context():
        log = io.StringIO()
        try:
            with contextlib.redirect_stderr(log):
                upgrade()
        except Exception:
            sys.stderr.write(log.getvalue())
            raise
        db.engine.dispose()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=50_000, help="people in the province (default 50000)")
    parser.add_argument("--database", required=True,
                        help="sqlite:///path or postgresql+psycopg://user@host:port/db (emptied first)")
    args = parser.parse_args(argv)
    print(f"Building a province of {args.employees:,} employees into {args.database.split('://')[0]}")
    result = build(args.database, args.employees)
    rows = result["rows"]
    print("  " + ", ".join(f"{name} {count:,}" for name, count in sorted(rows.items(), key=lambda kv: -kv[1])))
    print(f"{result['employees']:,} employees in {len(result['agencies'])} agencies ({', '.join(result['agencies'])}): "
          f"built in {result['seconds']:.1f} s")


if __name__ == "__main__":
    main()
