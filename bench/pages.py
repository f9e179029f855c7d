"""Page benchmark: render times and SQL statement counts of the busiest pages.

Builds a throw-away SQLite database (or uses KINERJA_BENCH_DATABASE_URL), loads
the demo province plus ``--staff`` extra employees per agency with approved
plans, realisations and final evaluations, then requests each page ``--rounds``
times through the WSGI test client and prints the median, p95 and queries.
A bare Flask page rendering the same base template is the ceiling.

    make bench                       # defaults
    .venv/bin/python bench/pages.py --staff 200 --rounds 30

Figures are measurements, not pass/fail.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import event, select

from kinerja_web import create_app
from kinerja_web.demo import DEMO_PASSWORD, _plan, make_nip, seed
from kinerja_web.demo_activity import seed_activity, seed_evaluations
from kinerja_web.extensions import db
from kinerja_web.models import Employee, Period, Plan, User

TODAY = date(2026, 11, 23)
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def grow(app, staff_per_agency: int) -> None:
    """Extra staff under each kabid, each with an approved plan."""
    from werkzeug.security import generate_password_hash

    pw = generate_password_hash(DEMO_PASSWORD)
    registry = app.extensions["kinerja_registry"]
    for a_no, boss in enumerate(db.session.scalars(select(Employee).join(User, User.employee_id == Employee.id)
                                                   .where(User.username.like("kabid.%"))).all()):
        period = db.session.scalar(select(Period).where(Period.agency_id == boss.agency_id))
        parents = db.session.scalar(select(Plan).where(Plan.employee_id == boss.id)).results
        catalogue = [d.record for d in registry.catalogue(boss.agency.code)]
        for n in range(staff_per_agency):
            emp = Employee(agency_id=boss.agency_id, unit_id=boss.unit_id, position_id=boss.position_id,
                           supervisor=boss, name=f"Pegawai {a_no}-{n}",
                           nip=make_nip(date(1980 + a_no, 1 + n // 999 % 12, 1), (2010, 1), 1 + n % 2, n % 999 + 1))
            db.session.add(emp)
            db.session.add(User(username=f"bench{a_no}-{n}", password_hash=pw, employee=emp))
            db.session.flush()
            _plan(emp, period, "approved", catalogue[n % len(catalogue):n % len(catalogue) + 2], parents=parents)
    db.session.commit()


def measure(client, url, rounds, engine):
    times, counts = [], []
    for _ in range(rounds):
        statements = []

        def count(*args, statements=statements):
            statements.append(1)

        event.listen(engine, "before_cursor_execute", count)
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        event.remove(engine, "before_cursor_execute", count)
        counts.append(len(statements))
        assert response.status_code == 200, (url, response.status_code)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], max(counts)


def login(app, username):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = TOKEN.search(page).group(1)
    client.post("/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token})
    return client


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--staff", type=int, default=60, help="extra staff per agency (default 60)")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kinerja-bench-"))
    url = os.environ.get("KINERJA_BENCH_DATABASE_URL") or f"sqlite:///{folder / 'bench.sqlite3'}"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TODAY": TODAY, "RATELIMIT_ENABLED": False,
                      "EVIDENCE_DIR": str(folder / "evidence")})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        seed(app.extensions["kinerja_registry"])
        grow(app, args.staff)
        seed_activity(TODAY)
        seed_evaluations(TODAY)
        engine = db.engine
        staff_plan = db.session.scalar(select(Plan).join(User, User.employee_id == Plan.employee_id)
                                       .where(User.username == "staf.dinkes"))
        employees = db.session.query(Employee).count()
    supervisor, staff = login(app, "kabid.dinkes"), login(app, "staf.dinkes")
    pages = [
        ("staff home /beranda", staff, "/beranda"),
        ("staff plan list /skp", staff, "/skp"),
        ("plan page /skp/<id>", staff, f"/skp/{staff_plan.id}"),
        ("monitoring /skp/<id>/pemantauan", staff, f"/skp/{staff_plan.id}/pemantauan"),
        ("supervisor home /beranda", supervisor, "/beranda"),
        ("supervisor queue /skp/antrian", supervisor, "/skp/antrian"),
        ("evaluations /penilaian", supervisor, "/penilaian"),
    ]
    from flask import Flask, render_template_string

    bare = Flask("bare")

    @bare.get("/")
    def hello():
        return render_template_string("<!doctype html><title>x</title><p>{{ n }}</p>", n=employees)

    print(f"{employees} employees, {args.rounds} rounds per page, database {url.split(':')[0]}")
    print(f"{'page':38} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
    start = time.perf_counter()
    bare_client = bare.test_client()
    bare_times = []
    for _ in range(args.rounds):
        t = time.perf_counter()
        bare_client.get("/")
        bare_times.append((time.perf_counter() - t) * 1000)
    print(f"{'bare Flask ceiling':38} {statistics.median(bare_times):10.2f} {'':>8} {0:8d}")
    with app.app_context():
        for name, client, path in pages:
            median, p95, queries = measure(client, path, args.rounds, engine)
            print(f"{name:38} {median:10.2f} {p95:8.2f} {queries:8d}")
    print(f"total {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
