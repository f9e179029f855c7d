"""JSON API benchmark (issue 11): what one request of /api/v1 costs at province scale.

On a province built by ``bench/province.py`` (reused when it matches, as ``bench/pages.py`` does):

1. makes a province-wide API token in-process (the province admin, through the workflow) and counts the SQL
   statements of every endpoint at ``limit=1`` and ``limit=200`` (the same, whatever the page and the
   province: the test suite asserts it, this prints it at scale);
2. serves the app with gunicorn as ``make run`` does, beside ``bench/hello.py``, and loads each endpoint with
   wrk (``-c16`` and ``-c1``, the token in the ``Authorization`` header, no cookie) at ``limit=50`` and
   ``limit=200``; the token is revoked at the end.

Figures, not pass/fail: compare with the hello of the same run.

    .venv/bin/python bench/api.py --employees 2000
    .venv/bin/python bench/api.py --employees 50000 --database postgresql+psycopg://postgres@127.0.0.1/kinerja_bench
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import pages  # noqa: E402  (bench/pages.py: the servers)
import province  # noqa: E402  (bench/province.py)


def endpoints(t: dict) -> list[str]:
    return ["/api/v1/employees", "/api/v1/plans", "/api/v1/realisations", "/api/v1/evaluations",
            f"/api/v1/plans?agency={t['agency_id']}&year={province.TODAY.year}",
            f"/api/v1/evaluations?agency={t['agency_id']}&period=annual"]


def with_limit(path: str, limit: int) -> str:
    return f"{path}{'&' if '?' in path else '?'}limit={limit}"


def prepare(url: str) -> tuple[str, dict]:
    """(a province token's secret, statements per endpoint at limit 1 and 200), in-process."""
    from flask.globals import _cv_app
    from sqlalchemy import event, select

    from kinerja_web import create_app, workflow
    from kinerja_web.extensions import db
    from kinerja_web.models import User

    t = pages.targets(url, None)
    app = create_app(province.app_config(url))
    counts = {}
    with app.app_context():
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        _token, secret = workflow.api_tokens.create_token(None, admin, "bench/api.py")
        client, statements, engine = app.test_client(), [], db.engine
        headers = {"Authorization": f"Bearer {secret}"}

        def count(*args):
            statements.append(1)

        for path in endpoints(t):
            for limit in (1, 200):
                hidden = _cv_app.set(None)  # a request in its own context, as in production
                try:
                    client.get(with_limit(path, limit), headers=headers)
                    event.listen(engine, "before_cursor_execute", count)
                    status = client.get(with_limit(path, limit), headers=headers).status_code
                    event.remove(engine, "before_cursor_execute", count)
                finally:
                    _cv_app.reset(hidden)
                counts[(path, limit)] = len(statements) if status == 200 else f"HTTP {status}"
                statements.clear()
        db.session.remove()
        db.engine.dispose()
    return secret, {"targets": t, "counts": counts}


def revoke(url: str, secret: str) -> None:
    from sqlalchemy import select

    from kinerja_web import create_app, workflow
    from kinerja_web.extensions import db
    from kinerja_web.models import ApiToken, User
    from kinerja_web.models.api import digest

    app = create_app(province.app_config(url))
    with app.app_context():
        token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret)))
        workflow.api_tokens.revoke_token(token, db.session.scalar(select(User).where(User.username == "admin")))
        db.engine.dispose()


def wrk(port: int, path: str, secret: str | None, duration: int, connections: int) -> dict:
    headers = ["-H", f"Authorization: Bearer {secret}"] if secret else []
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", *headers,
           "-s", str(BENCH / "get.lua"), f"http://127.0.0.1:{port}{path}", "--", "", "gzip, deflate"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 120)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {done.stdout}\n{done.stderr}")
    stats = json.loads(line[6:])
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    return stats


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=int(os.environ.get("BENCH_EMPLOYEES") or 50_000))
    parser.add_argument("--database", default="sqlite", help="'sqlite' (under instance/bench/) or a database URL")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run (default 5)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8720, help="the app's port; the hello uses the next one")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    data = ROOT / "instance" / "bench"
    data.mkdir(parents=True, exist_ok=True)
    url = (f"sqlite:///{data / f'province-{args.employees}.sqlite3'}" if args.database == "sqlite"
           else args.database)
    if province.current(url, args.employees):
        province.migrate(url)
    else:
        print(f"building a province of {args.employees:,} employees")
        subprocess.run([sys.executable, str(BENCH / "province.py"), "--employees", str(args.employees),
                        "--database", url], cwd=ROOT, check=True)
    secret, found = prepare(url)
    t, counts = found["targets"], found["counts"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINERJA_")}
    env.update(KINERJA_DATABASE_URL=url, KINERJA_TODAY=province.TODAY.isoformat(),
               KINERJA_SECRET_KEY="bench-" + os.urandom(8).hex(), KINERJA_RATELIMIT_ENABLED="false",
               FLASK_APP="wsgi:app")
    rows = []
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-api-") as tmp:
        servers = [pages.Server("app", args.port, "wsgi:app", env, Path(tmp)),
                   pages.Server("hello", args.port + 1, "hello:app", env, Path(tmp),
                                extra=("--pythonpath", str(BENCH)))]
        try:
            servers[0].wait("/healthz")
            servers[1].wait("/")
            hello = wrk(args.port + 1, "/", None, args.duration, args.connections)
            hello_c1 = wrk(args.port + 1, "/", None, args.duration, 1)
            for path in endpoints(t):
                for limit in (50, 200):
                    full = with_limit(path, limit)
                    c16 = wrk(args.port, full, secret, args.duration, args.connections)
                    c1 = wrk(args.port, full, secret, args.duration, 1)
                    rows.append((full, counts[(path, 1)], counts[(path, 200)], c16, c1))
        finally:
            for server in servers:
                server.stop()
    revoke(url, secret)
    print(f"\nJSON API, {t['employees']:,} employees ({url.split(':')[0]}), wrk -c{args.connections} "
          f"{args.duration} s; hello {hello['rps']:,.0f} rps, -c1 {hello_c1['mean_us'] / 1000:.2f} ms")
    print(f"{'request':62} {'SQL l=1':>7} {'l=200':>6} {'rps':>7} {'% hello':>8} {'-c1 ms':>7} {'p99 ms':>7} statuses")
    for full, few, many, c16, c1 in rows:
        print(f"{full:62} {few!s:>7} {many!s:>6} {c16['rps']:7,.0f} {100 * c16['rps'] / hello['rps']:7.1f}% "
              f"{c1['mean_us'] / 1000:7.2f} {c16['p99_us'] / 1000:7.1f} {c16['statuses']}")


if __name__ == "__main__":
    main()
