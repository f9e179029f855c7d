"""Province benchmark (issue 8 §5): every core page served as ``make run`` serves it, beside a bare Flask hello.

For each database (SQLite by default; ``--database postgresql+psycopg://...`` as well or instead):

1. builds the province with ``bench/province.py`` at ``--employees`` (reused when the file exists and
   matches; ``--rebuild`` forces), and a small one (``--demo-employees``, SQLite) for the query counts
   at demo size;
2. counts the SQL statements of each page in-process (Flask test client, ``before_cursor_execute``),
   on the small province and on the big one;
3. serves the app with gunicorn exactly as ``make run`` does (``--workers 2 --threads 4``, ``wsgi:app``,
   the config in ``KINERJA_*`` variables) and ``bench/hello.py`` with the same settings on the next port;
4. logs in through the real ``/login`` form once per role and measures every page with wrk
   (``-t1 -c16`` and ``-c1``), between two runs of the hello; the realisation POST makes a real save
   with every answer (see ``bench/post.lua``), which is checked against the database afterwards;
5. reads the workers' memory, then runs ``flask kinerja recompute --dry-run`` over the province and the
   plain-Python loop of ``bench/plain_recompute.py``, with their wall time and peak memory.

Figures, not pass/fail: compare pages with the hello of the same run.

    make bench                                    # 50,000 employees, SQLite
    make bench BENCH_EMPLOYEES=2000               # a quick run
    .venv/bin/python bench/pages.py --employees 50000 --database sqlite \\
        --database postgresql+psycopg://postgres@127.0.0.1:5432/kinerja_bench
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from datetime import date
from http.cookies import SimpleCookie
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import province  # noqa: E402  (bench/province.py)

from kinerja_web.serve import cpu_quota_group, join_group, lower_priority, remove_group  # noqa: E402

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
HTTP_TIMEOUT = 120  # seconds for one request of the bench's own client
GUNICORN = ("--workers", "2", "--threads", "4", "--access-logfile", "-")  # as `make run`


# -- what to load -----------------------------------------------------------------------------------------

@dataclass
class Page:
    name: str
    role: str  # username prefix: staf, kabid, kadis, admin (the agency's), or "province" (the province admin)
    path: str = ""
    post: bool = False
    result: dict = field(default_factory=dict)


def pages_of(t: dict) -> list[Page]:
    """The core pages of the issue's table, for the agency's demo accounts (``targets``)."""
    realisation = f"/skp/{t['plan']}/iki/{t['indicator']}/realisasi/{t['review']}"
    return [
        Page("staff home /beranda", "staf", "/beranda"),
        Page("plan /skp/<id>", "staf", f"/skp/{t['plan']}"),
        Page("monitoring /skp/<id>/pemantauan", "staf", f"/skp/{t['plan']}/pemantauan"),
        Page("realisation form GET", "staf", realisation),
        Page("realisation form POST (a save)", "staf", realisation, post=True),
        Page("daily progress /skp/<id>/progres-harian", "staf", f"/skp/{t['plan']}/progres-harian"),
        Page(f"supervisor home ({t['reports']} reports)", "kabid", "/beranda"),
        Page("queue /skp/antrian", "kabid", "/skp/antrian"),
        Page("evaluations /penilaian", "kabid", "/penilaian"),
        Page("head of agency home", "kadis", "/beranda"),
        Page("calibration /kalibrasi/<agency>", "kadis", f"/kalibrasi/{t['agency_id']}"),
        Page("performance tree /pohon-kinerja (agency)", "kadis", "/pohon-kinerja"),
        Page("performance tree /pohon-kinerja (unit)", "kabid", "/pohon-kinerja"),
        Page("admin employee list", "admin", f"/admin/{t['agency_id']}/employees"),
        Page("admin audit", "admin", f"/admin/{t['agency_id']}/audit"),
        Page("agency dashboard /dasbor", "kadis", "/dasbor"),
        Page("unit dashboard /dasbor/unit/<id>", "kabid", f"/dasbor/unit/{t['kabid_unit']}"),
        Page("late list /dasbor/<agency>/terlambat/realisasi", "kadis",
             f"/dasbor/{t['agency_id']}/terlambat/realisasi"),
        Page("attainment list /dasbor/<agency>/capaian", "kadis", f"/dasbor/{t['agency_id']}/capaian"),
        Page("province dashboard /dasbor/provinsi", "province", "/dasbor/provinsi"),
        Page("completion /penyelesaian/<agency>", "kadis", f"/penyelesaian/{t['agency_id']}"),
        Page("completion of a unit", "kabid", f"/penyelesaian/{t['agency_id']}?unit={t['kabid_unit']}"),
    ]


def username(role: str, code: str) -> str:
    """The demo account of a bench role in the agency ``code`` (the province admin is one for all)."""
    return "admin" if role == "province" else f"{role}.{code}"


ROLES = ("staf", "kabid", "kadis", "admin", "province")


def targets(url: str, code: str | None) -> dict:
    """Ids behind the page URLs of one agency's demo accounts, and the POST slots of every agency."""
    from sqlalchemy import and_, create_engine, func, select

    from kinerja_web.config import normalise_database_url
    from kinerja_web.models import Agency, Employee, Plan, PlanIndicator, Realization, ReviewPeriod, User, WorkResult

    engine = create_engine(normalise_database_url(url))
    today = province.TODAY
    with engine.connect() as conn:
        codes = conn.execute(select(Agency.code).order_by(Agency.id)).scalars().all()
        code = code or codes[0]
        out = {"code": code, "agency_id": conn.execute(select(Agency.id).where(Agency.code == code)).scalar_one(),
               "employees": conn.execute(select(func.count(Employee.id))).scalar_one(), "slots": []}
        for c in codes:
            staff = conn.execute(select(User.employee_id).where(User.username == f"staf.{c}")).scalar_one()
            plan = conn.execute(select(Plan.id, Plan.period_id).where(Plan.employee_id == staff,
                                                                      Plan.status == "approved")
                                .order_by(Plan.id.desc()).limit(1)).one()
            review = conn.execute(select(ReviewPeriod.id).where(
                ReviewPeriod.period_id == plan.period_id, ReviewPeriod.starts_on <= today,
                ReviewPeriod.input_deadline >= today).order_by(ReviewPeriod.seq).limit(1)).scalar_one()
            rows = conn.execute(
                select(PlanIndicator.id, PlanIndicator.target_value, PlanIndicator.aggregation, PlanIndicator.unit,
                       PlanIndicator.evidence_required, Realization.version)
                .join(WorkResult, PlanIndicator.result_id == WorkResult.id)
                .outerjoin(Realization, and_(Realization.indicator_id == PlanIndicator.id,
                                             Realization.review_id == review))
                .where(WorkResult.plan_id == plan.id).order_by(WorkResult.position, PlanIndicator.position)).all()
            for row in rows:
                out["slots"].append({"code": c, "plan": plan.id, "indicator": row.id, "review": review,
                                     "value": _safe_value(row), "evidence": row.evidence_required})
            if c == code:
                out.update(plan=plan.id, review=review, indicator=rows[0].id)
        kabid = conn.execute(select(User.employee_id).where(User.username == f"kabid.{code}")).scalar_one()
        out["kabid_unit"] = conn.execute(select(Employee.unit_id).where(Employee.id == kabid)).scalar_one()
        out["reports"] = conn.execute(select(func.count(Employee.id)).where(Employee.supervisor_id == kabid)).scalar()
    engine.dispose()
    return out


def _safe_value(row) -> str:
    """A realisation the plugins accept: about a quarter's share of the target, at most 100 for a percentage."""
    target = float(row.target_value or 100)
    value = target / 4 if row.aggregation == "sum" else target * 0.9
    if row.unit.strip() == "%":
        value = min(value, 100)
    return str(max(0, int(value)))


def versions(url: str, slots: list[dict]) -> tuple[int, int]:
    """(sum of the stored versions of the slots' realisations, number of realization.save audit entries)."""
    from sqlalchemy import create_engine, func, or_, select

    from kinerja_web.config import normalise_database_url
    from kinerja_web.models import AuditEntry, Realization

    engine = create_engine(normalise_database_url(url))
    with engine.connect() as conn:
        total = conn.execute(select(func.coalesce(func.sum(Realization.version), 0)).where(or_(*(
            (Realization.indicator_id == s["indicator"]) & (Realization.review_id == s["review"]) for s in slots)))
        ).scalar_one()
        audited = conn.execute(select(func.count(AuditEntry.id)).where(AuditEntry.action == "realization.save")
                               ).scalar_one()
    engine.dispose()
    return int(total), int(audited)


def slot_versions(url: str, slots: list[dict]) -> dict[int, int]:
    from sqlalchemy import create_engine, select

    from kinerja_web.config import normalise_database_url
    from kinerja_web.models import Realization

    engine = create_engine(normalise_database_url(url))
    with engine.connect() as conn:
        stored = dict(conn.execute(select(Realization.indicator_id, Realization.version).where(
            Realization.indicator_id.in_([s["indicator"] for s in slots]),
            Realization.review_id.in_({s["review"] for s in slots}))).all())
    engine.dispose()
    return {s["indicator"]: stored.get(s["indicator"], 0) for s in slots}


# -- in-process query counts ------------------------------------------------------------------------------

def count_queries(url: str, code: str | None) -> dict[str, int | str]:
    """SQL statements per request of every page (the second request; the POST once, a real save)."""
    from flask.globals import _cv_app
    from sqlalchemy import event

    from kinerja_web import create_app
    from kinerja_web.demo import DEMO_PASSWORD
    from kinerja_web.extensions import db

    t = targets(url, code)
    app = create_app(province.app_config(url, EVIDENCE_DIR=tempfile.mkdtemp(prefix="kinerja-bench-evidence-")))
    out = {}
    with app.app_context():
        engine = db.engine
        statements = []

        def count(*args):
            statements.append(1)

        def call(client, method, path, counted=False, **kw):
            """One request in its own app context, as in production (not the one this function runs in)."""
            hidden = _cv_app.set(None)
            if counted:
                event.listen(engine, "before_cursor_execute", count)
            try:
                return client.open(path, method=method, **kw)
            finally:
                if counted:
                    event.remove(engine, "before_cursor_execute", count)
                _cv_app.reset(hidden)

        clients = {}
        for role in ROLES:
            client = app.test_client()
            page = call(client, "GET", "/login")
            found = TOKEN.search(page.get_data(as_text=True))
            if found is None:
                raise SystemExit(f"GET /login answered {page.status_code} without a form:\n"
                                 + page.get_data(as_text=True)[:2000])
            token = found.group(1)
            call(client, "POST", "/login", data={"username": username(role, t["code"]), "password": DEMO_PASSWORD,
                                                 "csrf_token": token})
            clients[role] = client
        slot = next(s for s in t["slots"] if s["code"] == t["code"] and s["indicator"] == t["indicator"])

        def save(counted=False):
            path = f"/skp/{slot['plan']}/iki/{slot['indicator']}/realisasi/{slot['review']}"
            html = call(clients["staf"], "GET", path).get_data(as_text=True)
            version = slot_versions(url, [slot])[slot["indicator"]]
            data = {"csrf_token": TOKEN.search(html).group(1), "version": str(version), "value": slot["value"],
                    "note": f"bench: query count {time.time()}",
                    "link": "https://arsip.lampungprov.go.id/bukti/bench" if version == 0 else ""}
            return call(clients["staf"], "POST", path, counted=counted, data=data)
        save()  # a stored realisation to open and update, whatever the database held before
        for page in pages_of(t):
            client = clients[page.role]
            if page.post:
                response = save(counted=True)
            else:
                call(client, "GET", page.path)
                response = call(client, "GET", page.path, counted=True)
            expected = 302 if page.post else 200
            out[page.name] = len(statements) if response.status_code == expected else f"HTTP {response.status_code}"
            statements.clear()
        db.session.remove()
        engine.dispose()
    return out


# -- the servers ------------------------------------------------------------------------------------------

class Server:
    def __init__(self, name: str, port: int, app: str, env: dict, folder: Path, extra=(), workers: int = 2,
                 nice: int = 0, idle: bool = False, cpu_quota: float = 0):
        """gunicorn as ``make run`` starts it; ``workers``, ``nice``, ``idle`` (Linux's idle scheduling
        class) and ``cpu_quota`` (percent of one core, where a control group may be made) as its public
        survey pool has them."""
        self.name, self.port, self.expected = name, port, workers
        self.log = folder / f"{name}.log"
        self.group = cpu_quota_group(f"kinerja-bench-{name}-{os.getpid()}", cpu_quota) if cpu_quota else None
        cmd = [str(Path(sys.executable).with_name("gunicorn")), "--bind", f"127.0.0.1:{port}", *GUNICORN,
               "--workers", str(workers), *extra, app]

        def lower() -> None:
            join_group(self.group)
            lower_priority(nice, idle)

        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
                                     start_new_session=True, preexec_fn=lower if nice or idle or self.group else None)

    def wait(self, path: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited:\n{self.log.read_text()[-3000:]}")
            try:
                if request(self.port, "GET", path)[0] == 200 and len(self.workers()) == self.expected:
                    time.sleep(1.0)  # the last worker finishes booting
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer on port {self.port}:\n{self.log.read_text()[-3000:]}")

    def workers(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                    pids.append(int(entry.name))
        return sorted(pids)

    def memory(self) -> list[tuple[int, int]]:
        """(VmRSS, VmHWM) in kB of each worker."""
        out = []
        for pid in self.workers():
            fields = {}
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                key, _, value = line.partition(":")
                fields[key] = value.strip()
            out.append((int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])))
        return out

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.group is not None:
            time.sleep(0.5)  # the workers leave the group as they exit
            remove_group(self.group)


def request(port: int, method: str, path: str, headers=None, body: str | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=HTTP_TIMEOUT)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


class Session:
    """A browser-like login through the real form: the session cookie and the CSRF token."""

    def __init__(self, port: int, username: str, password: str):
        self.port, self.cookies = port, {}
        status, headers, body = self.get("/login")
        token = TOKEN.search(body.decode()).group(1)
        form = urllib.parse.urlencode({"username": username, "password": password, "csrf_token": token})
        status, headers, body = self.send("POST", "/login", form)
        if status != 302 or not self.cookies:
            raise RuntimeError(f"login as {username} failed: HTTP {status}")
        self.token = None

    @property
    def cookie(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def send(self, method, path, form=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = self.cookie
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, body = request(self.port, method, path, headers, form)
        for name, value in response_headers:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        return status, response_headers, body

    def get(self, path, headers=None):
        return self.send("GET", path, headers=headers)


# -- wrk --------------------------------------------------------------------------------------------------

def wrk(port: int, path: str, script: str, args: list[str], duration: int, connections: int) -> dict:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "-s", str(BENCH / script),
           f"http://127.0.0.1:{port}{path}", "--", *args]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 120)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed: {done.stdout}\n{done.stderr}")
    stats = json.loads(line[6:])
    stats["rps"] = stats["requests"] / (stats["duration_us"] / 1e6)
    return stats


# -- one database -----------------------------------------------------------------------------------------

def run_database(url: str, args, folder: Path, demo_counts: dict) -> dict:
    label = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    out = {"label": label, "url": url}
    marker = None if args.rebuild else province.current(url, args.employees)
    if marker:
        province.migrate(url)
        print(f"[{label}] province of {marker['people']:,} reused (built in {marker['seconds']} s; --rebuild forces)")
        out["built"], out["reused"] = marker["seconds"], True
    else:
        print(f"[{label}] building a province of {args.employees:,} employees")
        # in a child, so that this process stays small while it measures
        subprocess.run([sys.executable, str(BENCH / "province.py"), "--employees", str(args.employees),
                        "--database", url], cwd=ROOT, check=True)
        out["built"] = province.current(url, args.employees)["seconds"]
    t = targets(url, args.agency)
    out["employees"], out["code"] = t["employees"], t["code"]
    print(f"[{label}] counting queries in-process")
    counts = count_queries(url, args.agency)

    env = {k: v for k, v in os.environ.items() if not k.startswith("KINERJA_")}
    env.update(KINERJA_DATABASE_URL=url, KINERJA_TODAY=province.TODAY.isoformat(),
               KINERJA_SECRET_KEY="bench-" + os.urandom(8).hex(), KINERJA_RATELIMIT_ENABLED="false",
               KINERJA_EVIDENCE_DIR=str(folder / "evidence"), FLASK_APP="wsgi:app")
    app_port, hello_port = args.port, args.port + 1
    servers = [Server("app", app_port, "wsgi:app", env, folder),
               Server("hello", hello_port, "hello:app", env, folder, extra=("--pythonpath", str(BENCH)))]
    try:
        servers[0].wait("/healthz")
        servers[1].wait("/")
        out["fresh"] = servers[0].memory()
        pages = pages_of(t)
        sessions = {}
        for role in ROLES:
            sessions[role] = Session(app_port, username(role, t["code"]), "kinerja-demo")
        gzip = "gzip, deflate"
        hello_c1 = wrk(hello_port, "/", "get.lua", ["", gzip], args.duration, 1)
        hellos = [wrk(hello_port, "/", "get.lua", ["", gzip], args.duration, args.connections)]
        print(f"[{label}] hello: {hellos[0]['rps']:,.0f} rps, -c1 {hello_c1['mean_us'] / 1000:.2f} ms")
        for page in pages:
            session = sessions[page.role]
            if page.post:
                page.result = post_page(page, t, url, sessions, app_port, args, gzip)
            else:
                page.result = get_page(page, session, app_port, args, gzip)
            if page.result.get("c16") is None:  # too slow to load: no wrk, no hello
                page.result["hello"] = hellos[-1]["rps"]
            else:
                hellos.append(wrk(hello_port, "/", "get.lua", ["", gzip], args.duration, args.connections))
                page.result["hello"] = (hellos[-2]["rps"] + hellos[-1]["rps"]) / 2
            page.result["queries"] = (demo_counts.get(page.name.split(" (")[0]), counts.get(page.name))
            print(f"[{label}] {page.name}: " + (f"{page.result['c16']['rps']:,.1f} rps" if page.result.get("c16")
                                                 else page.result["skipped"]))
        out["after"] = servers[0].memory()
        out["pages"], out["hellos"], out["hello_c1"] = pages, hellos, hello_c1
    finally:
        for server in servers:
            server.stop()
    if not args.no_recompute:
        out["recompute"] = timed([sys.executable, "-m", "flask", "kinerja", "recompute", "--dry-run"], env,
                                 folder / f"recompute-{label}.log", args.recompute_timeout)
        out["plain"] = timed([sys.executable, str(BENCH / "plain_recompute.py"), "--database", url], env,
                             folder / f"plain-{label}.log", args.recompute_timeout)
    return out


def get_page(page: Page, session: Session, port: int, args, gzip: str) -> dict:
    """Sizes raw and compressed, a warm-up, then wrk at 16 and at 1 connection; a page slower than
    ``--slow`` seconds a request is only timed once (wrk would measure timeouts)."""
    start = time.perf_counter()
    try:
        status, headers, raw = session.get(page.path)
    except OSError as exc:
        return {"status": None, "raw": 0, "gzip": 0, "encoding": "", "c16": None, "c1": None,
                "skipped": f"no answer within {HTTP_TIMEOUT} s ({exc.__class__.__name__}); wrk skipped"}
    single = time.perf_counter() - start
    _, zipped_headers, zipped = session.get(page.path, {"Accept-Encoding": gzip})
    encoding = dict((k.lower(), v) for k, v in zipped_headers).get("content-encoding", "")
    result = {"status": status, "raw": len(raw), "gzip": len(zipped), "encoding": encoding, "single": single}
    if single > args.slow:
        return {**result, "c16": None, "c1": None,
                "skipped": f"one request took {single:.1f} s (> --slow {args.slow:g} s); wrk skipped"}
    for _ in range(3):  # warm up both workers
        session.get(page.path, {"Accept-Encoding": gzip})
    return {**result, "c16": wrk(port, page.path, "get.lua", [session.cookie, gzip], args.duration, args.connections),
            "c1": wrk(port, page.path, "get.lua", [session.cookie, gzip], args.duration, 1)}


def post_page(page: Page, t: dict, url: str, sessions: dict, port: int, args, gzip: str) -> dict:
    """The realisation POST: slots of the staff of every agency, one warm-up save each, then wrk."""
    logins = {t["code"]: sessions["staf"]}
    for slot in t["slots"]:
        if slot["code"] not in logins:
            logins[slot["code"]] = Session(port, f"staf.{slot['code']}", "kinerja-demo")
    tokens = {}
    for code, session in logins.items():
        first = next(s for s in t["slots"] if s["code"] == code)
        _, _, body = session.get(f"/skp/{first['plan']}/iki/{first['indicator']}/realisasi/{first['review']}")
        tokens[code] = TOKEN.search(body.decode()).group(1)
    stored = slot_versions(url, t["slots"])
    slots, sizes = [], None
    for slot in t["slots"]:  # one save each through the form: proves the slot saves, and warms up
        path = f"/skp/{slot['plan']}/iki/{slot['indicator']}/realisasi/{slot['review']}"
        form = {"csrf_token": tokens[slot["code"]], "version": str(stored[slot["indicator"]]),
                "value": slot["value"], "note": f"bench: warm-up {time.time_ns()}",
                "link": "https://arsip.lampungprov.go.id/bukti/bench" if slot["evidence"] and
                stored[slot["indicator"]] == 0 else ""}
        status, headers, body = logins[slot["code"]].send("POST", path, urllib.parse.urlencode(form),
                                                          {"Accept-Encoding": gzip})
        if status == 302:
            slots.append((slot, path))
            sizes = sizes or len(body)
    if len(slots) < 2:
        raise RuntimeError(f"only {len(slots)} realisation slot saves; the POST run needs at least 2")
    # never two saves of one slot in flight: with fewer saving slots than connections (indicators whose
    # plugin asks for a numerator and denominator are left out), the POST run uses one connection fewer
    # than there are slots, and the report says so
    post_connections = min(args.connections, len(slots) - 1)
    chosen = [s for s, _ in slots]
    slot_file = Path(tempfile.mkstemp(prefix="kinerja-bench-slots-", suffix=".tsv")[1])
    runs, before = {}, versions(url, chosen)
    for name, connections in (("c16", post_connections), ("c1", 1)):
        stored = slot_versions(url, chosen)  # what is stored now: each run starts from the real versions
        slot_file.write_text("".join(
            f"{s['indicator']}\t{path}\t{logins[s['code']].cookie}\t{tokens[s['code']]}\t"
            f"{stored[s['indicator']]}\t{s['value']}\n" for s, path in slots))
        runs[name] = wrk(port, page.path, "post.lua", [str(slot_file), gzip, f"{time.time_ns()}"], args.duration,
                         connections)
        settle(url, chosen)  # requests cut off at the end of the run finish on the server
    after = versions(url, chosen)
    slot_file.unlink()
    c16, c1 = runs["c16"], runs["c1"]
    check = {"slots": len(slots), "connections": post_connections,
             "answers": c16["requests"] + c1["requests"], "saved": c16["saved"] + c1["saved"],
             "status": {k: c16["statuses"].get(k, 0) + c1["statuses"].get(k, 0)
                        for k in set(c16["statuses"]) | set(c1["statuses"])},
             "unmatched": c16["unmatched"] + c1["unmatched"], "starved": c16["starved"] + c1["starved"],
             "cut_off": (c16["sent"] - c16["requests"]) + (c1["sent"] - c1["requests"]),
             "versions": after[0] - before[0], "audit": after[1] - before[1]}
    return {"status": 302, "raw": sizes or 0, "gzip": sizes or 0, "encoding": "", "c16": c16, "c1": c1,
            "check": check}


def settle(url: str, slots: list[dict], timeout: float = 60) -> None:
    """Wait until the stored versions stay the same for 3 s (the server finished what wrk left in flight;
    a save may wait for SQLite's write lock)."""
    last, same, deadline = None, 0, time.monotonic() + timeout
    while time.monotonic() < deadline and same < 6:
        now = versions(url, slots)
        same = same + 1 if now == last else 0
        last = now
        time.sleep(0.5)


def timed(cmd: list[str], env: dict, log: Path, timeout: int) -> dict:
    """Run a child to the end (or ``timeout``): wall time, peak RSS, and its last line of output.

    The peak comes from GNU time when it is installed, else from the child's VmHWM, sampled: the
    rusage of a child of this (large) process would report this process's size at the fork.
    """
    peak_file = log.with_suffix(".peak")
    gnu_time = Path("/usr/bin/time")
    if gnu_time.exists():
        cmd = [str(gnu_time), "-f", "%M", "-o", str(peak_file), *cmd]
    start, peak, killed = time.perf_counter(), 0, False
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        while proc.poll() is None:
            for pid in [proc.pid, *_children(proc.pid)]:
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            peak = max(peak, int(line.split()[1]))
                except OSError:
                    pass
            if time.perf_counter() - start > timeout:
                proc.kill()
                proc.wait()
                killed = True
                break
            time.sleep(0.1)
    seconds = time.perf_counter() - start
    try:
        peak = int(peak_file.read_text().split()[-1])
    except (OSError, ValueError, IndexError):
        pass
    lines = [x for x in log.read_text(errors="replace").splitlines() if x.strip() and not x.startswith("Command ")]
    return {"seconds": seconds, "peak_kb": peak, "killed": killed, "exit": proc.returncode,
            "line": f"killed after {timeout} s" if killed else (lines[-1] if lines else "")}


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


# -- printing ---------------------------------------------------------------------------------------------

def report(out: dict, args) -> None:
    label, pages = out["label"], out["pages"]
    hello = [h["rps"] for h in out["hellos"]]
    print()
    print(f"== {label}: {out['employees']:,} employees, agency {out['code']}, TODAY {province.TODAY}, "
          f"wrk -t1 -c{args.connections} -d{args.duration}s (and -c1), gunicorn --workers 2 --threads 4")
    if out["built"]:
        print(f"generation: {out['built']:.1f} s" + (" (when the reused province was built)" if out.get("reused")
                                                     else ""))
    print(f"hello: {sum(hello) / len(hello):,.0f} rps (c{args.connections}, {len(hello)} runs, "
          f"{min(hello):,.0f}–{max(hello):,.0f}), -c1 {out['hello_c1']['mean_us'] / 1000:.2f} ms")
    head = (f"{'page':38} {'rps':>8} {'÷hello':>7} {'p50 ms':>7} {'p99 ms':>7} {'-c1 ms':>7} "
            f"{'q demo':>6} {'q N':>5} {'KB raw':>7} {'KB gz':>6}  note")
    print(head)
    print("-" * len(head))
    for page in pages:
        r = page.result
        c16, c1 = r["c16"], r["c1"]
        q_demo, q_n = r["queries"]
        if c16 is None:
            print(f"{page.name:38} {'–':>8} {'–':>7} {'–':>7} {'–':>7} {'–':>7} {_q(q_demo):>6} {_q(q_n):>5} "
                  f"{r['raw'] / 1024:7.1f} {r['gzip'] / 1024:6.1f}  {r['skipped']}")
            continue
        note = []
        bad = {k: v for k, v in c16["statuses"].items() if k not in ("200", "302")}
        if bad or c16["errors"]["timeout"]:
            note.append("answers " + ", ".join(f"{v}×{k}" for k, v in sorted(c16["statuses"].items())))
        if r.get("status") not in (200, 302):
            note.append(f"HTTP {r['status']}")
        if c16["requests"] == 0 or c1["requests"] == 0:
            note.append(f"no answer within a {args.duration} s run (one request alone took {r.get('single', 0):.1f} s)")
        if not page.post and not r.get("encoding"):
            note.append("not compressed")
        print(f"{page.name:38} {c16['rps']:8.1f} {c16['rps'] / r['hello']:7.3f} {c16['p50_us'] / 1000:7.1f} "
              f"{c16['p99_us'] / 1000:7.1f} {c1['mean_us'] / 1000:7.2f} {_q(q_demo):>6} {_q(q_n):>5} "
              f"{r['raw'] / 1024:7.1f} {r['gzip'] / 1024:6.1f}  {'; '.join(note)}")
    post = next((p for p in pages if p.post), None)
    if post:
        c = post.result["check"]
        real = c["unmatched"] == 0 and c["starved"] == 0 and set(c["status"]) <= {"302"}
        late = c["versions"] - c["saved"]  # saves of requests wrk sent but stopped before their answer came
        consistent = 0 <= late <= c["cut_off"] and c["audit"] == c["versions"]
        statuses = ", ".join(f"{v:,}×{k}" for k, v in sorted(c["status"].items()))
        print(f"POST check: wrk reported {c['answers']:,} answers ({statuses}), {c['saved']:,} of them redirects "
              f"to the saved indicator ({c['slots']} slots, {c['connections']} connections, never two in flight); "
              f"stored versions "
              f"+{c['versions']:,} and audit realization.save +{c['audit']:,} = those {c['saved']:,} + {late} of "
              f"the {c['cut_off']} requests wrk left in flight when it stopped: "
              + ("every answer was a real save" if real and consistent else
                 f"MISMATCH (unidentified 302s {c['unmatched']}, slot starvation {c['starved']})"))
    fresh, after = out["fresh"], out["after"]
    print("workers: RSS " + " / ".join(f"{rss // 1024} MB" for rss, _ in after) + " after the load (peak "
          + " / ".join(f"{peak // 1024} MB" for _, peak in after) + "; fresh "
          + " / ".join(f"{rss // 1024} MB" for rss, _ in fresh) + ")")
    for key, what in (("recompute", "flask kinerja recompute --dry-run"), ("plain", "plain loop (bench/)")):
        if key in out:
            r = out[key]
            print(f"{what:34} {r['seconds']:8.1f} s  peak {r['peak_kb'] / 1024:8.0f} MB   {r['line'][:110]}")
    print(f"load average during the run: {out['load'][0]:.2f} → {out['load'][1]:.2f} (2 cores)")


def _q(value) -> str:
    return "–" if value is None else str(value)


def compare(results: list[dict]) -> None:
    a, b = results[0], results[1]
    print()
    print(f"== {a['label']} beside {b['label']}")
    head = (f"{'page':38} {a['label'][:10] + ' ÷hello':>17} {'c1 ms':>7} {b['label'][:10] + ' ÷hello':>17} "
            f"{'c1 ms':>7} {'c1 ratio':>8}")
    print(head)
    print("-" * len(head))
    for pa, pb in zip(a["pages"], b["pages"], strict=True):
        ra, rb = pa.result, pb.result
        if ra["c16"] is None or rb["c16"] is None:
            print(f"{pa.name:38} {'(skipped: too slow)':>17}")
            continue
        print(f"{pa.name:38} {ra['c16']['rps'] / ra['hello']:17.3f} {ra['c1']['mean_us'] / 1000:7.2f} "
              f"{rb['c16']['rps'] / rb['hello']:17.3f} {rb['c1']['mean_us'] / 1000:7.2f} "
              + (f"{rb['c1']['mean_us'] / ra['c1']['mean_us']:8.2f}" if ra["c1"]["mean_us"] else f"{'–':>8}"))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--employees", type=int, default=int(os.environ.get("BENCH_EMPLOYEES") or 50_000))
    parser.add_argument("--database", action="append",
                        help="'sqlite' (a file under instance/bench/, the default) or a database URL; repeat to "
                             "run several and print them side by side")
    parser.add_argument("--rebuild", action="store_true", help="build the province even when one matches")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run (default 5)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--demo-employees", type=int, default=300, help="the small province for query counts")
    parser.add_argument("--agency", help="agency code whose demo accounts load the pages (default: the first)")
    parser.add_argument("--port", type=int, default=8710, help="the app's port; the hello uses the next one")
    parser.add_argument("--slow", type=float, default=10,
                        help="a page slower than this many seconds a request is timed once, not loaded with wrk")
    parser.add_argument("--no-recompute", action="store_true", help="skip recompute and the plain loop")
    parser.add_argument("--recompute-timeout", type=int, default=1200, help="seconds (default 1200)")
    args = parser.parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk; `make bench` does it)")
    data = ROOT / "instance" / "bench"
    data.mkdir(parents=True, exist_ok=True)
    urls = [f"sqlite:///{data / f'province-{args.employees}.sqlite3'}" if d == "sqlite" else d
            for d in (args.database or ["sqlite"])]
    start = time.perf_counter()
    print(f"kinerja_web benchmark, {date.today()}, {os.cpu_count()} cores; figures are relative to the hello "
          "of the same run")
    demo_url = f"sqlite:///{data / f'province-{args.demo_employees}.sqlite3'}"
    if not province.current(demo_url, args.demo_employees):
        print(f"building the demo-size province ({args.demo_employees} employees) for query counts")
        province.build(demo_url, args.demo_employees, out=lambda line: None)
    else:
        province.migrate(demo_url)
    demo_counts = {k.split(" (")[0]: v for k, v in count_queries(demo_url, args.agency).items()}
    results = []
    with tempfile.TemporaryDirectory(prefix="kinerja-bench-") as tmp:
        for url in urls:
            load = os.getloadavg()[0]
            result = run_database(url, args, Path(tmp), demo_counts)
            result["load"] = (load, os.getloadavg()[0])
            results.append(result)
    for result in results:
        report(result, args)
    if len(results) >= 2:
        compare(results)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(f"\ntotal {time.perf_counter() - start:.0f} s (bench process peak {usage.ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
