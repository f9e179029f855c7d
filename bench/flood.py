"""Survey flood benchmark (issue 10): do public survey posts slow the staff pages?

Serves the province exactly as ``bench/pages.py`` does (gunicorn ``--workers 2 --threads 4``, beside a
bare Flask hello on the next port) and, for each mode, measures a set of staff pages (and the hello) with wrk
in paired windows: quiet, then with the flood, then quiet again, one page after another, so that each flood
window sits between two quiet windows of the same page seconds apart (this shared machine drifts by more than
the effect over minutes). The flood of survey answers, another wrk, runs only in the flood windows (paused
with SIGSTOP between them and a second to drain), ``--flood`` seconds in all (two minutes by default).
Figures, not pass/fail: per page the requests per second with the flood ÷ the mean of the two quiet windows
around it, over ``--rounds`` rounds (the median, and the lowest).

Modes (``--mode``, repeatable; both by default):

- ``limited``: as deployed: the per-address rate limit on (``IKM_RATE_LIMIT``, Flask-Limiter, in-memory
  per worker here) and at most ``IKM_MAX_PER_DEVICE_PER_DAY`` answers per device. The flood comes from one
  address, so nearly every post is refused early (429, or 503 while the worker's survey slots are taken).
- ``burn``: the control, no survey at all: one busy loop per core in the idle scheduling class, paused and
  resumed like the flood. What it takes from the staff pages is what idle-class CPU use costs on this
  machine whatever it does (a virtual machine's cores may share a physical core or its caches with each
  other), the floor under any flood served on the same cores.
- ``writes``: the worst case the defences do not stop, thousands of phones each answering once or twice
  from many addresses: the rate limit off, and each post carries another device's signed cookie, so
  every post that gets one of the worker's survey slots (``IKM_MAX_CONCURRENT``, ``--survey-slots``) is a
  real, committed answer; the others are refused at once (503).

Layouts (``--layout``): ``pools`` (default), as ``make run`` serves (``python -m kinerja_web.serve``): the
staff pool on the app's port, the public survey pool (one worker, four threads, ``nice`` 10, the idle
scheduling class and, where a control group can be made, a CPU quota of ``--public-cpu-quota`` percent of one
core, 25 by default; ``--public-priority nice`` for ``nice`` alone) on the port after the hello's, and the
flood posts to the public pool, the address its links name; ``single``: one pool for everything, as before
issue 10's pools, the flood posting to it.

The flood's wrk stands in for phones that are not on the server, yet here it shares the two cores with the
staff pool and takes CPU no real flood would take from the server. ``--client-idle`` runs it in the idle
scheduling class (``--client-nice`` lowers its ``nice``) to see the server's share alone; say so when you
quote figures, and quote a run without it beside.

    make bench-flood                                  # BENCH_EMPLOYEES (50,000 by default), SQLite
    .venv/bin/python bench/flood.py --employees 2000 --database postgresql+psycopg://postgres@127.0.0.1/kinerja_flood
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import date, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import pages as bench  # noqa: E402  (bench/pages.py)
import province  # noqa: E402  (bench/province.py)

from kinerja_web.serve import cpu_quota_group, lower_priority, remove_group  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
SURVEY_TITLE = "Survei Kepuasan Masyarakat (bench)"


STAFF_PAGES = ("staff home", "plan /skp", "monitoring", "realisation form GET", "supervisor home", "evaluations",
               "head of agency home", "admin employee list")


def staff_pages(t: dict, survey_id: int, every: bool = False) -> list[bench.Page]:
    """The staff pages measured: the pages people use all day of bench/pages.py (``every``: all its GET
    pages, the dashboards and lists included) and the survey's results page."""
    core = [p for p in bench.pages_of(t) if not p.post and (every or p.name.startswith(STAFF_PAGES))]
    return [*core, bench.Page("IKM results /ikm/<id>", "admin", f"/ikm/{survey_id}")]


def ensure_survey(url: str, code: str) -> tuple[int, str, int]:
    """(id, token, answers) of an open survey of the agency's field unit, created when missing."""
    from sqlalchemy import create_engine, func, select

    from kinerja_web.config import normalise_database_url
    from kinerja_web.models import Agency, Employee, Survey, SurveyResponse, User
    from kinerja_web.models.survey import new_code, new_token

    engine = create_engine(normalise_database_url(url))
    with engine.begin() as conn:
        agency_id = conn.execute(select(Agency.id).where(Agency.code == code)).scalar_one()
        unit_id = conn.execute(select(Employee.unit_id).join(User, User.employee_id == Employee.id)
                               .where(User.username == f"staf.{code}")).scalar_one()
        row = conn.execute(select(Survey.id, Survey.token).where(Survey.unit_id == unit_id)).first()
        if row is None:
            conn.execute(Survey.__table__.insert().values(
                agency_id=agency_id, unit_id=unit_id, title=SURVEY_TITLE, token=new_token(), code=new_code(),
                status="open", created_at=datetime.combine(province.TODAY, datetime.min.time())))
            row = conn.execute(select(Survey.id, Survey.token).where(Survey.unit_id == unit_id)).first()
        conn.execute(Survey.__table__.update().where(Survey.id == row.id).values(status="open"))
        answers = conn.execute(select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == row.id)
                               ).scalar_one()
    engine.dispose()
    return row.id, row.token, answers


def answers_of(url: str, survey_id: int) -> int:
    from sqlalchemy import create_engine, func, select

    from kinerja_web.config import normalise_database_url
    from kinerja_web.models import SurveyResponse

    engine = create_engine(normalise_database_url(url))
    with engine.connect() as conn:
        n = conn.execute(select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == survey_id)
                         ).scalar_one()
    engine.dispose()
    return n


def paired(pages, sessions, app_port, hello_port, duration, connections, load: list, rounds: int) -> dict:
    """Per page (and the hello), ``rounds`` × (quiet, flood, quiet) wrk windows of ``duration`` s, the
    processes ``load`` (the flood client, or the control's busy loops) resumed only for the middle one.
    Returns {"pages": {name: [(quiet before, with the flood, quiet after) rps per round]}, "active": the
    seconds the flood ran}."""

    def signal_all(sig) -> None:
        for proc in load:
            os.kill(proc.pid, sig)

    gzip = "gzip, deflate"
    targets = [("hello (bare Flask)", hello_port, "/", "")]
    targets += [(p.name, app_port, p.path, sessions[p.role].cookie) for p in pages]
    out: dict[str, list] = {name: [] for name, *_ in targets}
    active = 0.0
    for _ in range(rounds):
        for name, port, path, cookie in targets:
            before = bench.wrk(port, path, "get.lua", [cookie, gzip], duration, connections)
            signal_all(signal.SIGCONT)
            started = time.monotonic()
            time.sleep(RAMP)
            busy = bench.wrk(port, path, "get.lua", [cookie, gzip], duration, connections)
            signal_all(signal.SIGSTOP)
            active += time.monotonic() - started
            time.sleep(RAMP)  # what the public pool still holds drains
            after = bench.wrk(port, path, "get.lua", [cookie, gzip], duration, connections)
            out[name].append((before["rps"], busy["rps"], after["rps"]))
    return {"pages": out, "active": active}


RAMP = 1.0  # seconds between resuming (or pausing) the flood and measuring


class Visitor(bench.Session):
    """A browser without login: its session cookie and CSRF token come from the public page."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}


def device_cookies(secret: str, count: int, folder: Path) -> Path:
    """A file of ``count`` signed device cookies (as the survey page would give ``count`` phones)."""
    import secrets

    from itsdangerous import URLSafeSerializer

    signer = URLSafeSerializer(secret, salt="ikm-device")
    path = folder / "devices.txt"
    path.write_text("".join(signer.dumps(secrets.token_hex(16)) + "\n" for _ in range(count)))
    return path


def start_flood(port: int, token: str, seconds: int, connections: int, devices: Path | None, nice: int = 0,
                idle: bool = False, counts: Path | None = None) -> subprocess.Popen:
    """A visitor's session (the page gives it the CSRF token) and wrk posting answers with it."""
    visitor = Visitor(port)
    status, _, body = visitor.get(f"/survei/{token}")
    if status != 200:
        raise RuntimeError(f"GET /survei/<token> answered {status}")
    csrf = urllib.parse.quote(TOKEN.search(body.decode()).group(1), safe="")
    cookie = "; ".join(f"{k}={v}" for k, v in visitor.cookies.items() if k != "ikm_perangkat")
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s", "-s",
           str(BENCH / "survey_post.lua"), f"http://127.0.0.1:{port}/survei/{token}", "--", cookie, csrf,
           str(devices) if devices else "", str(counts) if counts else ""]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=(lambda: lower_priority(nice, idle)) if nice or idle else None)


def run_mode(mode: str, url: str, t: dict, survey: tuple, args, folder: Path) -> dict:
    survey_id, token, _ = survey
    secret = "bench-" + os.urandom(8).hex()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINERJA_")}
    env.update(KINERJA_DATABASE_URL=url, KINERJA_TODAY=province.TODAY.isoformat(), KINERJA_SECRET_KEY=secret,
               KINERJA_EVIDENCE_DIR=str(folder / "evidence"), FLASK_APP="wsgi:app",
               KINERJA_RATELIMIT_ENABLED="true" if mode == "limited" else "false")
    if args.survey_slots is not None:
        env["KINERJA_IKM_MAX_CONCURRENT"] = str(args.survey_slots)
    devices = device_cookies(secret, 40_000, folder) if mode == "writes" else None
    app_port, hello_port, public_port = args.port, args.port + 1, args.port + 2
    servers = [bench.Server(f"hello-{mode}", hello_port, "hello:app", env, folder, extra=("--pythonpath", str(BENCH)))]
    if args.layout == "pools":  # as python -m kinerja_web.serve starts them
        public = {**env, "KINERJA_PUBLIC_URL": f"http://127.0.0.1:{public_port}"}
        servers += [bench.Server(f"staff-{mode}", app_port, "wsgi:app", {**public, "KINERJA_POOL": "staff"}, folder),
                    bench.Server(f"public-{mode}", public_port, "wsgi:app",
                                 {**public, "KINERJA_POOL": "public",
                                  "KINERJA_IKM_MAX_CONCURRENT": str(args.survey_slots or 4)},
                                 folder, workers=1, nice=10, idle=args.public_priority == "idle",
                                 cpu_quota=args.public_cpu_quota)]
        survey_port = public_port
    else:
        servers.append(bench.Server(f"app-{mode}", app_port, "wsgi:app", env, folder))
        survey_port = app_port
    try:
        for server in servers:
            server.wait("/" if server.name.startswith("hello") else "/healthz")
        pages = staff_pages(t, survey_id, args.every_page)
        sessions = {role: bench.Session(app_port, bench.username(role, t["code"]), "kinerja-demo")
                    for role in {p.role for p in pages}}
        for page in pages:  # warm up both workers
            for _ in range(4):
                sessions[page.role].get(page.path, {"Accept-Encoding": "gzip, deflate"})
        windows = (len(pages) + 1) * args.rounds  # flood windows: one per page (and the hello) and round
        duration = args.duration or max(2, round(args.flood / windows - RAMP))
        planned = windows * (3 * duration + 2 * RAMP + 3) + 30  # the flood's wrk outlives the schedule
        rows_before = answers_of(url, survey_id)
        print(f"[{mode}] {len(pages)} pages and the hello, {args.rounds} round(s) of quiet / flood / quiet "
              f"windows of {duration} s")
        counts = folder / f"flood-{mode}.json"
        if mode == "burn":  # the control: CPU use in the idle class that touches neither network nor app
            load = [subprocess.Popen([sys.executable, "-c", "while True: pass"],
                                     preexec_fn=lambda: lower_priority(0, True)) for _ in range(os.cpu_count() or 1)]
        else:
            load = [start_flood(survey_port, token, int(planned), args.flood_connections, devices, args.client_nice,
                                args.client_idle, counts)]
        client_group = (cpu_quota_group(f"kinerja-bench-client-{os.getpid()}", args.client_quota)
                        if args.client_quota else None)
        for proc in load:
            os.kill(proc.pid, signal.SIGSTOP)
            if client_group is not None:
                (client_group / "cgroup.procs").write_text(str(proc.pid))
        started = time.monotonic()
        try:
            measured = paired(pages, sessions, app_port, hello_port, duration, args.connections, load,
                              args.rounds)
        finally:
            for proc in load:
                os.kill(proc.pid, signal.SIGCONT)
                proc.terminate()
        measured_in = time.monotonic() - started
        for proc in load:
            proc.communicate(timeout=60)
        remove_group(client_group)
        time.sleep(2)
        statuses = json.loads(counts.read_text()) if counts.exists() else {}
        stats = {"active": measured["active"], "stored": answers_of(url, survey_id) - rows_before,
                 "statuses": statuses, "requests": sum(statuses.values())}
        stats["rps"] = stats["requests"] / stats["active"] if stats["active"] else 0.0
        return {"mode": mode, "pages": measured["pages"], "flood": stats, "measured_in": measured_in,
                "duration": duration, "rounds": args.rounds}
    finally:
        for server in servers:
            server.stop()


def report(result: dict, args, label: str) -> None:
    f = result["flood"]
    statuses = ", ".join(f"{v:,}×{k}" for k, v in sorted(f["statuses"].items()))
    print()
    client = f", flood client at nice {args.client_nice}" if args.client_nice else ""
    client += ", flood client in the idle class" if args.client_idle else ""
    public = f", public pool {args.public_priority}" if args.layout == "pools" else ""
    if args.layout == "pools" and args.public_cpu_quota:
        public += f" with a {args.public_cpu_quota:g} % CPU quota"
    if args.client_quota:
        client += f", flood client capped at {args.client_quota:g} % of a core"
    if result["mode"] == "burn":
        what = (f": the control, {os.cpu_count()} busy loops in the idle class for {f['active']:.0f} s, no survey "
                "post; ")
    else:
        what = (f"{client}: {f['requests']:,} survey posts in {f['active']:.0f} s of flood ({f['rps']:,.0f}/s, "
                f"-c{args.flood_connections}; {statuses}); {f['stored']:,} answers stored; ")
    print(f"== {label}, layout {args.layout}{public}, mode {result['mode']}{what}"
          f"{result['rounds']} round(s) of quiet / flood / quiet windows of {result['duration']} s, "
          f"wrk -c{args.connections}, {result['measured_in']:.0f} s in all")
    head = f"{'page':38} {'quiet rps':>9} {'flood rps':>9} {'ratio':>6} {'lowest':>6}  per round"
    print(head)
    print("-" * len(head))
    for name, rows in result["pages"].items():
        ratios = [busy / ((before + after) / 2) if before + after else 0.0 for before, busy, after in rows]
        quiet = statistics.mean((before + after) / 2 for before, _, after in rows)
        busy = statistics.mean(b for _, b, _ in rows)
        print(f"{name:38} {quiet:9.1f} {busy:9.1f} {statistics.median(ratios):6.2f} {min(ratios):6.2f}  "
              + " ".join(f"{r:.2f}" for r in ratios))
    print("ratio = rps with the flood ÷ the mean of the quiet windows just before and after (the median over the "
          "rounds); the hello's row is what the flood takes from a trivial page on the same machine")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=int(os.environ.get("BENCH_EMPLOYEES") or 50_000))
    parser.add_argument("--database", default="sqlite",
                        help="'sqlite' (a file under instance/bench/) or a database URL")
    parser.add_argument("--mode", action="append", choices=("limited", "writes", "burn"))
    parser.add_argument("--flood", type=int, default=120, help="seconds of survey posts (default 120)")
    parser.add_argument("--flood-connections", type=int, default=16)
    parser.add_argument("--survey-slots", type=int,
                        help="survey requests at once per worker (IKM_MAX_CONCURRENT; default: the app's, 1, "
                             "or the public pool's threads, 4)")
    parser.add_argument("--layout", choices=("pools", "single"), default="pools",
                        help="pools: as make run, the survey on its own niced pool (default); single: one pool")
    parser.add_argument("--client-nice", type=int, default=0, help="lower the flood client's CPU priority")
    parser.add_argument("--client-idle", action="store_true",
                        help="run the flood client in Linux's idle scheduling class: phones are not on the server, "
                             "so the client then takes none of the staff's CPU on a machine it shares with them")
    parser.add_argument("--public-cpu-quota", type=float, default=25.0,
                        help="the public pool's CPU quota in percent of one core, as python -m kinerja_web.serve "
                             "--public-cpu-quota (default 25; 0: none)")
    parser.add_argument("--client-quota", type=float, default=0.0,
                        help="cap the flood client (and the control's loops) at this percent of one core: phones "
                             "are not on the server, so this leaves the server's own share to be seen")
    parser.add_argument("--public-priority", choices=("idle", "nice"), default="idle",
                        help="the public pool's priority, as python -m kinerja_web.serve --public-priority")
    parser.add_argument("--duration", type=int,
                        help="seconds per wrk window (default: what fits the flood windows into --flood)")
    parser.add_argument("--rounds", type=int, default=2, help="quiet / flood / quiet rounds per page (default 2)")
    parser.add_argument("--every-page", action="store_true",
                        help="measure every GET page of bench/pages.py, not only the staff's daily ones")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--agency", help="agency code whose demo accounts load the pages (default: the first)")
    parser.add_argument("--port", type=int, default=8730, help="the app's port; the hello uses the next one")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    data = ROOT / "instance" / "bench"
    data.mkdir(parents=True, exist_ok=True)
    url = (f"sqlite:///{data / f'province-{args.employees}.sqlite3'}" if args.database == "sqlite"
           else args.database)
    label = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    print(f"kinerja_web survey flood benchmark, {date.today()}, {os.cpu_count()} cores")
    if args.rebuild or not province.current(url, args.employees):
        print(f"[{label}] building a province of {args.employees:,} employees")
        subprocess.run([sys.executable, str(BENCH / "province.py"), "--employees", str(args.employees),
                        "--database", url], cwd=ROOT, check=True)
    province.migrate(url)
    t = bench.targets(url, args.agency)
    survey = ensure_survey(url, t["code"])
    print(f"[{label}] {t['employees']:,} employees; survey {survey[0]} of agency {t['code']} "
          f"({survey[2]:,} answers before)")
    results = []
    with tempfile.TemporaryDirectory(prefix="kinerja-flood-") as tmp:
        for mode in args.mode or ["burn", "limited", "writes"]:
            results.append(run_mode(mode, url, t, survey, args, Path(tmp)))
    for result in results:
        report(result, args, f"{label}, {t['employees']:,} employees")


if __name__ == "__main__":
    main()
