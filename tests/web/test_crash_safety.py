"""Crash safety: SIGKILL the real server (gunicorn) in the middle of a stream of
saves; every save it acknowledged must be in the database, and SQLite must be intact.

The test prepares its own SQLite file, whatever KINERJA_TEST_DATABASE_URL says:
it is about SQLite's WAL and the commit-before-redirect of the write path.
"""
from __future__ import annotations

import contextlib
import http.client
import http.cookiejar
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from sqlalchemy import select
from werkzeug.security import generate_password_hash

import kinerja_web
from kinerja_web import create_app
from kinerja_web.demo import DEMO_PASSWORD, seed
from kinerja_web.demo_activity import seed_activity
from kinerja_web.extensions import db
from kinerja_web.models import Employee, Plan
from tests.conftest import TODAY
from tests.helpers import TOKEN, employee

SUPERVISOR = "kabid.dinkes"
ACKED_BEFORE_KILL = 25  # saves acknowledged before the kill; the stream goes on while it lands
DEADLINE = 25  # seconds for the whole test, start-up included


def _prepare(url: str, evidence) -> tuple[int, int]:
    """Migrate and seed a fresh database; return a direct report's approved plan and one of its RHK."""
    from flask_migrate import upgrade

    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "crash-test", "TODAY": TODAY,
                      "EVIDENCE_DIR": str(evidence), "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        seed(app.extensions["kinerja_registry"], password_hash=generate_password_hash(DEMO_PASSWORD))
        seed_activity(TODAY)
        boss = employee(SUPERVISOR)
        plan = db.session.scalar(select(Plan).join(Employee, Plan.employee_id == Employee.id).where(
            Employee.supervisor_id == boss.id, Plan.status == "approved").order_by(Plan.id).limit(1))
        found = plan.id, plan.results[0].id
        db.session.remove()
        db.engine.dispose()
    return found


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect surfaces as HTTPError 302: the acknowledgement we count


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect)

    def request(self, path: str, form: dict | None = None, timeout: float = 5) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(self.base + path, data=data, timeout=timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            with exc:
                return exc.code, exc.read().decode(errors="replace")

    def token(self, path: str) -> str:
        status, html = self.request(path)
        assert status == 200, f"GET {path}: {status}"
        return TOKEN.search(html).group(1)


def _start(tmp_path, url: str, evidence, log) -> subprocess.Popen:
    from gunicorn.config import KNOWN_SETTINGS

    env = {k: v for k, v in os.environ.items() if not k.startswith("KINERJA_")}
    here = str(Path(kinerja_web.__file__).resolve().parent.parent)  # serve the code under test
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    env.update(KINERJA_DATABASE_URL=url, KINERJA_SECRET_KEY="crash-test-" + uuid.uuid4().hex,
               KINERJA_TODAY=TODAY.isoformat(), KINERJA_RATELIMIT_ENABLED="false",
               KINERJA_EVIDENCE_DIR=str(evidence), KINERJA_SESSION_COOKIE_SECURE="false")
    args = [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", "--workers", "1",
            "--log-level", "info", "--error-logfile", "-", "--timeout", "20"]
    if any("--no-control-socket" in (s.cli or ()) for s in KNOWN_SETTINGS):
        args.append("--no-control-socket")
    return subprocess.Popen([*args, "kinerja_web:create_app()"], env=env, cwd=tmp_path, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)  # its own group: kill it whole


def _wait_until_serving(proc, log: Path, started: float) -> str:
    while time.monotonic() - started < DEADLINE:
        assert proc.poll() is None, "gunicorn stopped:\n" + log.read_text()
        match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", log.read_text())
        if match:
            try:
                with urllib.request.urlopen(match.group(1) + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return match.group(1)
            except OSError:
                pass
        time.sleep(0.1)
    raise AssertionError("gunicorn did not start in time:\n" + log.read_text())


def test_every_acknowledged_save_survives_a_sigkill(tmp_path):
    started = time.monotonic()
    path, evidence = tmp_path / "crash.sqlite3", tmp_path / "evidence"
    url = "sqlite:///" + str(path)
    plan_id, result_id = _prepare(url, evidence)
    log = tmp_path / "gunicorn.log"
    with open(log, "wb") as out:
        proc = _start(tmp_path, url, evidence, out)
    acked, failures, stop = [], [], threading.Event()
    try:
        browser = Browser(_wait_until_serving(proc, log, started))
        status, _ = browser.request("/login", {"username": SUPERVISOR, "password": DEMO_PASSWORD,
                                               "csrf_token": browser.token("/login")})
        assert status == 302, "login through the form failed"
        token = browser.token(f"/skp/{plan_id}/pemantauan")

        def stream():
            n = 0
            while not stop.is_set():
                body = f"crash-test {n} {uuid.uuid4().hex}"
                n += 1
                try:
                    status, _ = browser.request(f"/skp/{plan_id}/umpan-balik",
                                                {"csrf_token": token, "result_id": result_id, "body": body})
                except (OSError, http.client.HTTPException) as exc:  # the server is gone: refused, reset
                    failures.append(exc)
                    return
                if status != 302:
                    failures.append(AssertionError(f"save answered {status}"))
                    return
                acked.append(body)

        writer = threading.Thread(target=stream, daemon=True)
        writer.start()
        while len(acked) < ACKED_BEFORE_KILL and writer.is_alive() and time.monotonic() - started < DEADLINE:
            time.sleep(0.01)
        os.killpg(proc.pid, signal.SIGKILL)  # master and worker, mid-stream
        proc.wait(timeout=5)
        writer.join(timeout=10)
        stop.set()
        assert not writer.is_alive(), "the writer did not notice that the server died"
    finally:
        stop.set()
        with contextlib.suppress(ProcessLookupError):  # whatever failed above, leave no server behind
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)

    assert len(acked) >= ACKED_BEFORE_KILL, f"only {len(acked)} saves acknowledged: {failures}"
    assert failures and not isinstance(failures[0], AssertionError), f"the stream did not end by the kill: {failures}"
    assert Path(f"{path}-wal").exists()  # killed, not shut down: the write-ahead log is still there
    con = sqlite3.connect(path)  # recovers from the WAL the killed server left behind
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {row[0] for row in con.execute("SELECT body FROM feedback WHERE body LIKE 'crash-test %'")}
    finally:
        con.close()
    missing = [body for body in acked if body not in stored]
    assert not missing, f"{len(missing)} of {len(acked)} acknowledged saves lost, e.g. {missing[:3]}"
    assert len(stored) - len(acked) <= 1  # at most the save in flight when the server died
