"""Simulation benchmark (issue 12): an agency's last finished period replayed under a candidate rule set.

Reuses the province ``make bench`` builds (``bench/pages.py``; built here when missing), then times, as
``/simulasi/<agency id>`` and ``flask kinerja simulate`` run it: the replay of every final evaluation of the
agency's latest ended review period under its first declared candidate (Dinas Kesehatan's ``cakupan_spm``
v2 in this repository), the SQL statements it sent, and writing the xlsx. Nothing is written to the
database. Figures, not pass/fail; the target is the recompute's (the province's evaluations in minutes).

    .venv/bin/python bench/simulate.py --employees 50000
    .venv/bin/python bench/simulate.py --employees 2000            # a quick check
    .venv/bin/python bench/simulate.py --database postgresql+psycopg://postgres@127.0.0.1:5432/bench_province
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main(argv=None) -> None:
    import province

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=int(os.environ.get("BENCH_EMPLOYEES") or 50_000))
    parser.add_argument("--database", help="a database URL (default: the SQLite province of make bench)")
    parser.add_argument("--agency", default="dinkes", help="agency code (default dinkes)")
    args = parser.parse_args(argv)
    url = args.database or f"sqlite:///{ROOT / 'instance' / 'bench' / f'province-{args.employees}.sqlite3'}"
    if province.current(url, args.employees):
        province.migrate(url)
    else:
        print(f"building a province of {args.employees:,} employees")
        (ROOT / "instance" / "bench").mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "province.py"), "--employees", str(args.employees),
                        "--database", url], cwd=ROOT, check=True)

    from sqlalchemy import event, select

    from kinerja_web import create_app
    from kinerja_web.evaluation.rule_sets import CandidateRules
    from kinerja_web.export.stream import xlsx_chunks
    from kinerja_web.extensions import db
    from kinerja_web.models import Agency
    from kinerja_web.simulation import replay as sim
    from kinerja_web.simulation.export import sheets
    from kinerja_web.simulation.scope import Scope, candidates_of, reviews_of

    app = create_app(province.app_config(url))
    with app.app_context(), app.test_request_context():
        agency = db.session.scalar(select(Agency).where(Agency.code == args.agency))
        declared = candidates_of(args.agency)
        if agency is None or not declared:
            sys.exit(f"agency {args.agency!r} is not in the province or declares no candidate rule set")
        review = [r for r in reviews_of(agency.id) if r.ended][-1]
        statements = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        start = time.perf_counter()
        result = sim.replay(agency, CandidateRules(declared[0]), review.id, review.year)
        seconds = time.perf_counter() - start
        count = len(statements)
        start = time.perf_counter()
        with tempfile.TemporaryFile() as out:
            for block in xlsx_chunks(sheets(Scope(agency, declared, declared[0], [], review, review.year), result)):
                out.write(block)
            size = out.tell()
        written = time.perf_counter() - start
        db.session.rollback()
        db.engine.dispose()
    changed = result.changed
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Simulation of {args.agency} {review.name} {review.year} under {declared[0].record.code} "
          f"v{declared[0].record.version}, {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}, "
          f"province of {args.employees:,}")
    print(f"  replay: {result.total:,} final evaluations in {seconds:.2f} s "
          f"({result.total / seconds if seconds else 0:,.0f}/s), {count} SQL statements")
    print(f"  changed: {changed['capaian']:,} capaian, {changed['suggested']:,} suggested ratings, "
          f"{changed['predicate']:,} predikat; {len(result.movers):,} people move, {len(result.units)} units")
    print(f"  xlsx: {size / 1024:,.0f} KB in {written:.2f} s; peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
