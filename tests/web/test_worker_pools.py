"""Two worker pools (issue 10): the public survey is served apart from the staff, at a lower CPU priority.

``make run`` starts ``python -m kinerja_web.serve``: a staff pool that sends survey visitors to the
public pool, and a public pool that serves the survey and nothing else. In-process tests check what
each pool answers; one test starts the real pair of gunicorns and reads the public pool's priority."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

import kinerja_web
from kinerja_web import create_app, serve
from kinerja_web.extensions import db
from tests.conftest import base_config
from tests.helpers import Client, count_queries
from tests.web.test_ikm import GOOD, HEAD, answers_of, survey

PUBLIC_URL = "https://survei.kinerja.example.go.id"


_made = []


def pool_app(database_url, pool, **config):
    extra = {"PUBLIC_URL": PUBLIC_URL} if pool == "staff" else {}
    made = create_app({**base_config(database_url), "POOL": pool, **extra, **config})
    _made.append(made)
    return made


@pytest.fixture(autouse=True)
def _close_pool_apps():
    """Each app here has its own engine: close its connections when the test ends, not when collected
    (PostgreSQL's driver warns about a connection left open)."""
    yield
    while _made:
        with _made.pop().app_context():
            db.engine.dispose()


def test_the_public_pool_serves_the_survey_and_answers_it(app, database_url):
    s = survey()
    before = answers_of(s)
    public = Client(pool_app(database_url, "public").test_client())
    page = public.get(f"/survei/{s.token}")
    assert page.status_code == 200 and s.unit.name in page.get_data(as_text=True)
    assert public.get(f"/s/{s.code}").status_code == 302
    assert public.post(f"/survei/{s.token}", GOOD).status_code == 302
    db.session.expire_all()
    assert answers_of(s) == before + 1
    assert public.get("/static/app.css").status_code == 200
    assert public.get("/healthz").status_code == 200


@pytest.mark.parametrize("path", ["/login", "/beranda", "/skp", "/admin/", "/ikm", "/no-such-page"])
def test_the_public_pool_answers_nothing_else_and_reads_no_database_to_say_so(app, database_url, path):
    public = pool_app(database_url, "public").test_client()
    with count_queries() as statements:
        response = public.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/plain" and "Set-Cookie" not in response.headers
    assert "Page not found at this survey address" in response.get_data(as_text=True)
    assert statements == []


def test_the_public_pool_keeps_the_language_choice_of_the_survey_page(app, database_url):
    s = survey()
    public = Client(pool_app(database_url, "public").test_client())
    public.get(f"/survei/{s.token}")
    response = public.post("/language", {"locale": "en", "next": f"/survei/{s.token}"})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/survei/{s.token}")
    assert "Public satisfaction survey" in public.get(f"/survei/{s.token}").get_data(as_text=True)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_the_staff_pool_sends_survey_visitors_to_the_public_pool_without_the_database(app, database_url, method):
    s = survey()
    staff = pool_app(database_url, "staff").test_client()
    with count_queries() as statements:
        form = staff.open(f"/survei/{s.token}?ref=qr", method=method, data=GOOD if method == "POST" else None)
        short = staff.get(f"/s/{s.code}")  # a short link is only ever opened
    assert form.status_code == 308, "308 keeps the method and the body of a posted answer"
    assert form.headers["Location"] == f"{PUBLIC_URL}/survei/{s.token}?ref=qr"
    assert short.status_code == 308 and short.headers["Location"] == f"{PUBLIC_URL}/s/{s.code}"
    assert statements == []


def test_the_staff_pool_serves_the_staff_and_names_the_public_address_in_survey_links(app, database_url):
    s = survey()
    staff = Client(pool_app(database_url, "staff").test_client())
    assert staff.get("/login").status_code == 200
    staff.login(HEAD)
    page = staff.get(f"/ikm/{s.id}").get_data(as_text=True)
    assert f"{PUBLIC_URL}/s/{s.code}" in page
    assert f'href="{PUBLIC_URL}/survei/{s.token}"' in page


def test_without_pools_the_links_name_the_apps_own_address(login):
    s = survey()
    page = login(HEAD).get(f"/ikm/{s.id}").get_data(as_text=True)
    assert f"http://localhost/s/{s.code}" in page


@pytest.mark.parametrize("config, message", [
    ({"POOL": "staff"}, "needs PUBLIC_URL"),
    ({"POOL": "everything"}, "POOL must be one of all, staff, public"),
])
def test_a_pool_set_up_wrongly_is_refused_at_start(database_url, config, message):
    with pytest.raises(ValueError, match=message):
        create_app({**base_config(database_url), **config})


# -- kinerja_web.serve: what make run starts -----------------------------------------------------------------

def test_make_run_serves_two_pools_the_public_one_niced_and_named_in_links():
    staff, public = serve.pools(serve.parser().parse_args(["--port", "5000"]))
    assert staff.env == {"KINERJA_POOL": "staff", "KINERJA_PUBLIC_URL": "http://127.0.0.1:5001"} and staff.nice == 0
    assert public.env["KINERJA_POOL"] == "public" and public.env["KINERJA_PUBLIC_URL"] == "http://127.0.0.1:5001"
    assert public.nice == 10 and public.idle and not staff.idle
    assert staff.argv[staff.argv.index("--bind") + 1] == "127.0.0.1:5000"
    assert public.argv[public.argv.index("--bind") + 1] == "127.0.0.1:5001"
    assert public.argv[public.argv.index("--workers") + 1] == "1"
    makefile = (Path(kinerja_web.__file__).resolve().parent.parent / "Makefile").read_text()
    assert re.search(r"^run:.*\n(\t.*\n)*\t\$\(BIN\)/python -m kinerja_web.serve --port \$\(PORT\)", makefile, re.M)


def test_the_public_pool_can_keep_to_nice_alone():
    _, public = serve.pools(serve.parser().parse_args(["--public-priority", "nice", "--public-nice", "15"]))
    assert public.nice == 15 and not public.idle


def test_one_pool_when_asked():
    (only,) = serve.pools(serve.parser().parse_args(["--single", "--port", "8000"]))
    assert only.env == {} and only.nice == 0 and "127.0.0.1:8000" in only.argv


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    request = urllib.request.Request(url, method="GET")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=5) as response:
            return response.status, dict(response.headers)
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _niceness(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def _cpu_group(pid: int) -> Path | None:
    """The directory of the control group whose CPU limits apply to ``pid`` (cgroup v1 ``cpu``, else v2)."""
    lines = Path(f"/proc/{pid}/cgroup").read_text().splitlines()
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if "cpu" in controllers.split(","):
            return serve.CGROUP / "cpu" / path.lstrip("/")
    v2 = next((line[3:] for line in lines if line.startswith("0::")), None)
    return None if v2 is None else serve.CGROUP / v2.lstrip("/")


def _quota(group: Path) -> int:
    if (group / "cpu.cfs_quota_us").exists():
        return int((group / "cpu.cfs_quota_us").read_text())
    return int((group / "cpu.max").read_text().split()[0])


def test_a_cpu_quota_group_caps_its_processes_at_a_share_of_one_core(tmp_path):
    """In a cgroup v1 ``cpu`` hierarchy: a group per pool, the quota a share of the period; none without one."""
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text("-1")
    group = serve.cpu_quota_group("kinerja-public-1", 25, root=tmp_path)
    assert group == tmp_path / "cpu" / "kinerja-public-1"
    assert (group / "cpu.cfs_quota_us").read_text() == "25000"
    assert (group / "cpu.cfs_period_us").read_text() == str(serve.QUOTA_PERIOD)
    assert serve.cpu_quota_group("x", 0.01, root=tmp_path).joinpath("cpu.cfs_quota_us").read_text() == "1000"
    blocked = tmp_path / "readonly"
    (blocked / "cpu").mkdir(parents=True)
    (blocked / "cpu" / "cpu.cfs_quota_us").write_text("-1")
    (blocked / "cpu").chmod(0o500)
    try:
        assert os.geteuid() == 0 or serve.cpu_quota_group("kinerja-public-2", 25, root=blocked) is None
    finally:
        (blocked / "cpu").chmod(0o700)
    args = serve.parser().parse_args(["--public-cpu-quota", "10"])
    assert [p.cpu_quota for p in serve.pools(args)] == [0, 10]


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    out.append(int(entry.name))
            except OSError:
                pass
    return out


def test_the_real_pair_of_pools_starts_routes_and_stops_together(database_url, tmp_path):
    staff_port, public_port = _free_port(), _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINERJA_")}
    here = str(Path(kinerja_web.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (here, env.get("PYTHONPATH")) if p)
    env.update(KINERJA_DATABASE_URL=database_url, KINERJA_SECRET_KEY="pools-test", KINERJA_RATELIMIT_ENABLED="false")
    log = (tmp_path / "serve.log").open("wb")
    proc = subprocess.Popen([sys.executable, "-m", "kinerja_web.serve", "--port", str(staff_port),
                             "--public-port", str(public_port), "--workers", "1", "--public-threads", "2",
                             "--app", "kinerja_web:create_app()"],
                            env=env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                if (_get(f"http://127.0.0.1:{staff_port}/healthz")[0] == 200
                        and _get(f"http://127.0.0.1:{public_port}/healthz")[0] == 200):
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            raise AssertionError("the pools did not start:\n" + (tmp_path / "serve.log").read_text())
        status, headers = _get(f"http://127.0.0.1:{staff_port}/s/ABCDEF")
        assert status == 308 and headers["Location"] == f"http://127.0.0.1:{public_port}/s/ABCDEF"
        assert _get(f"http://127.0.0.1:{public_port}/login")[0] == 404
        assert _get(f"http://127.0.0.1:{staff_port}/login")[0] == 200
        arbiters = _children(proc.pid)
        assert len(arbiters) == 2
        by_nice = sorted((_niceness(pid), pid) for pid in arbiters)
        own = _niceness(os.getpid())
        assert [n for n, _ in by_nice] == [own, min(own + 10, 19)], "the public pool runs at a lower priority"
        public_workers = _children(by_nice[1][1])
        assert public_workers and all(_niceness(w) == by_nice[1][0] for w in public_workers)
        if hasattr(os, "SCHED_IDLE"):  # and in the idle class: a core only when no staff request wants it
            staff_workers = _children(by_nice[0][1])
            assert all(os.sched_getscheduler(w) == os.SCHED_IDLE for w in [by_nice[1][1], *public_workers])
            assert staff_workers and all(os.sched_getscheduler(w) == os.SCHED_OTHER for w in staff_workers)
        said = (tmp_path / "serve.log").read_text()
        group = None
        if "at most 25 % of a core" in said:  # a control group could be made here: the public pool is in it
            group = _cpu_group(by_nice[1][1])
            assert group is not None and group != _cpu_group(os.getpid())
            assert all(_cpu_group(w) == group for w in public_workers)
            assert all(_cpu_group(w) != group for w in _children(by_nice[0][1]))
            assert _quota(group) == 25_000
        else:
            assert "no CPU quota" in said
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert all(not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]
                   for pid in arbiters)
        if group is not None:
            assert not group.exists(), "the pool's control group is removed when it stops"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
