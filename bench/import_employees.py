"""Employee import benchmark (issue 11): a generated file of ``--rows`` employees, checked and imported.

Builds an empty database (SQLite in a temporary folder by default; ``--database URL`` for PostgreSQL),
adds one agency, writes the file an agency admin would upload (xlsx and CSV, a head, ten fields, a
hundred sections and the staff below them, each with a supervisor), then times, as the admin page and
``flask kinerja import-employees`` run them:

1. reading the file (xlsx read-only / CSV) and checking it against the agency (the preview);
2. the import itself, one transaction, batched inserts and updates (the first import: all created);
3. a second preview and import of the same file with 1 % renamed, 1 % moved to another supervisor and
   1 % left out (changed and deactivated).

Figures, not pass/fail; the issue's target is under a minute for 50,000 employees.

    .venv/bin/python bench/import_employees.py --rows 50000
    .venv/bin/python bench/import_employees.py --rows 2000          # a quick check
    .venv/bin/python bench/import_employees.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_import
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import io
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = ["NIP", "Nama", "Jabatan", "Jenis Jabatan", "Unit Kerja", "Unit Induk", "NIP Atasan", "Email",
          "Pangkat/Golongan"]
TODAY = date(2026, 11, 23)


def nip(i: int) -> str:
    """Distinct valid NIPs: the birth day and the sequence number together are unique for i < 9,990,000."""
    birth = date(1970, 1, 1) + timedelta(days=i % 10000)
    recruited = (birth.year + 25, 1 + i % 12)
    return f"{birth:%Y%m%d}{recruited[0]:04d}{recruited[1]:02d}{1 + i % 2}{1 + i // 10000:03d}"


def people(rows: int) -> list[list[str]]:
    """A head, 10 fields (bidang), 100 sections (seksi) and staff spread over the sections."""
    out = [[nip(0), "Kepala Dinas", "Kepala Dinas", "JPT", "Sekretariat", "", "", "kepala@dinas.example",
            "Pembina Utama Muda (IV/c)"]]
    fields = min(10, rows - 1)
    for f in range(1, fields + 1):
        out.append([nip(f), f"Kepala Bidang {f}", f"Kepala Bidang {f}", "Administrator", f"Bidang {f}",
                    "Sekretariat", nip(0), "", "Pembina (IV/a)"])
    sections = min(100, max(rows - 1 - fields, 0))
    for s in range(sections):
        i = 1 + fields + s
        f = 1 + s % fields
        out.append([nip(i), f"Kepala Seksi {s}", f"Kepala Seksi {s}", "Pengawas", f"Seksi {s}", f"Bidang {f}",
                    nip(f), "", "Penata Tingkat I (III/d)"])
    first_staff = 1 + fields + sections
    for i in range(first_staff, rows):
        s = i % sections if sections else 0
        boss = nip(1 + fields + s) if sections else nip(0)
        out.append([nip(i), f"Pegawai {i}", ("Analis", "Pengelola", "Pranata Komputer")[i % 3], "Pelaksana",
                    f"Seksi {s}" if sections else "Sekretariat", "", boss, f"p{i}@dinas.example" if i % 4 == 0 else "",
                    "Penata (III/c)"])
    return out[:rows]


def as_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows([HEADER, *rows])
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(rows) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Pegawai")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(label: str, fn):
    start = time.perf_counter()
    value = fn()
    seconds = time.perf_counter() - start
    print(f"  {label:<44} {seconds:7.2f} s")
    return value, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--database", default=None, help="a database URL (default: SQLite in a temporary folder)")
    args = parser.parse_args()

    from flask_migrate import upgrade
    from sqlalchemy import func, select, text

    from kinerja_web import create_app
    from kinerja_web.clock import today
    from kinerja_web.extensions import db
    from kinerja_web.imports.employees import check
    from kinerja_web.imports.reading import read_table
    from kinerja_web.models import Agency, Employee
    from kinerja_web.queries.imports import roster
    from kinerja_web.workflow.imports import import_employees_from_command_line

    folder = Path(tempfile.mkdtemp(prefix="kinerja-import-bench-"))
    url = args.database or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TODAY": TODAY})
    rows = people(args.rows)
    print(f"Employee import, {len(rows):,} rows, {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}")
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        code = next(iter(app.extensions["kinerja_registry"].agencies))
        agency = Agency(code=code, name="Dinas Benchmark")
        db.session.add(agency)
        db.session.commit()
        xlsx, _ = timed("writing the xlsx", lambda: as_xlsx(rows))
        data = as_csv(rows)
        print(f"  file sizes: xlsx {len(xlsx) / 1e6:.1f} MB, CSV {len(data) / 1e6:.1f} MB")
        figures = {}
        table, figures["read_xlsx"] = timed("reading the xlsx (read-only)", lambda: read_table(xlsx, "p.xlsx"))
        _csv_table, figures["read_csv"] = timed("reading the CSV", lambda: read_table(data, "p.csv"))
        found, figures["check"] = timed("checking against the agency (preview)",
                                        lambda: check(table, roster(agency), today()))
        db.session.rollback()
        assert found.ok, found.errors[:5] or found.file_errors
        print(f"  preview: {len(found.created):,} to create, {len(found.units_new)} units, "
              f"{len(found.positions_new)} positions, {len(found.accounts_new):,} accounts")
        _, figures["import"] = timed("importing (one transaction)", lambda: import_employees_from_command_line(
            agency, table, filename="p.xlsx", sha256=hashlib.sha256(xlsx).hexdigest()))
        count = db.session.scalar(select(func.count(Employee.id)).where(Employee.active.is_(True)))
        assert count == len(rows), (count, len(rows))
        first = figures["read_xlsx"] + figures["check"] + figures["import"]
        print(f"  first import, xlsx: preview (read + check) + import (checked again, written): {first:.2f} s")
        print(f"  first import, CSV:  {figures['read_csv'] + figures['check'] + figures['import']:.2f} s")

        step = 100
        edited = [list(r) for r in rows]
        for i in range(200, len(edited), step):
            edited[i][1] += " (baru)"
        for i in range(250, len(edited), step):
            edited[i][6] = rows[110][0]
        edited = [r for i, r in enumerate(edited) if not (i > 300 and i % step == 0)]
        table2 = read_table(as_csv(edited), "p.csv")
        found2, figures["check2"] = timed("second preview (changes)", lambda: check(table2, roster(agency), today()))
        db.session.rollback()
        assert found2.ok, found2.errors[:5]
        print(f"  preview: {len(found2.changed):,} to change, {len(found2.deactivated):,} to deactivate")
        _, figures["import2"] = timed("second import", lambda: import_employees_from_command_line(
            agency, table2, filename="p.csv", sha256="-"))
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak memory {peak:.0f} MB")
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
