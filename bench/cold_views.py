"""The leaders' pages in process, cold (nothing cached) or warm: total and SQL time and the slowest statements.

A dashboard is cached per worker until a counted row changes (``kinerja_web/queries/cache.py``), and in a
busy province rows change all day, so what a view costs when it must compute again matters as much as the
repeated view that ``make bench`` loads with wrk. This script logs in through the Flask test client as the
bench's demo accounts, GETs each page twice and reports the second GET:

    .venv/bin/python bench/cold_views.py --database sqlite:///instance/bench/province-50000.sqlite3
    .venv/bin/python bench/cold_views.py --database ... --warm          # with the cache (the repeated view)
    .venv/bin/python bench/cold_views.py --database ... --only /dasbor  # pages whose path holds the text

The province comes from ``bench/province.py`` (``make bench`` leaves one in ``instance/bench/``).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True, help="the bench province's URL")
    parser.add_argument("--warm", action="store_true", help="keep the dashboard cache on (the repeated view)")
    parser.add_argument("--only", action="append", help="only pages whose path holds this text (repeatable)")
    parser.add_argument("--statements", type=int, default=3, help="slowest statements shown per page")
    args = parser.parse_args(argv)

    import province  # noqa: E402  (bench/province.py)

    os.environ.update(KINERJA_DATABASE_URL=args.database, KINERJA_TODAY=province.TODAY.isoformat(),
                      KINERJA_SECRET_KEY="bench-" + os.urandom(8).hex(), KINERJA_RATELIMIT_ENABLED="false",
                      KINERJA_DASHBOARD_CACHE_MB="64" if args.warm else "0")
    import pages as bench  # noqa: E402  (bench/pages.py)
    from sqlalchemy import event

    from kinerja_web.app import create_app
    from kinerja_web.demo import DEMO_PASSWORD
    from kinerja_web.extensions import db

    t = bench.targets(args.database, None)
    app = create_app()
    app.config["WTF_CSRF_ENABLED"] = False
    timings: list[tuple[float, str]] = []
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, cursor, statement, params, context, many):
        context._bench_started = time.perf_counter()

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn, cursor, statement, params, context, many):
        timings.append((time.perf_counter() - context._bench_started, statement))

    wanted = {"kadis": ["/dasbor", f"/dasbor/{t['agency_id']}/capaian",
                        f"/dasbor/{t['agency_id']}/terlambat/realisasi", "/pohon-kinerja"],
              "kabid": [f"/dasbor/unit/{t['kabid_unit']}"], "province": ["/dasbor/provinsi"]}
    print(f"{t['employees']:,} employees, agency {t['code']}, {'warm' if args.warm else 'cold'} views "
          "(the second GET of each page)")
    for role, paths in wanted.items():
        client = app.test_client()
        client.post("/login", data={"username": bench.username(role, t["code"]), "password": DEMO_PASSWORD})
        for path in paths:
            if args.only and not any(part in path for part in args.only):
                continue
            for _ in range(2):
                timings.clear()
                started = time.perf_counter()
                response = client.get(path)
                total = time.perf_counter() - started
            sql = sum(s for s, _ in timings)
            print(f"{path:44} {response.status_code} {total * 1000:7.0f} ms, SQL {sql * 1000:6.0f} ms in "
                  f"{len(timings)} statements, {len(response.data) // 1024} KB")
            for seconds, statement in sorted(timings, reverse=True)[:args.statements]:
                print(f"    {seconds * 1000:6.0f} ms  {' '.join(statement.split())[:110]}")


if __name__ == "__main__":
    main()
