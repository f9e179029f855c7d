"""Serve the app as ``make run`` does: a staff pool and, apart from it, a public pool for the survey.

    python -m kinerja_web.serve --port 5000            # staff on 5000, the public survey on 5001
    python -m kinerja_web.serve --port 5000 --single   # one pool for everything

The public satisfaction survey is open to anyone, so a flood of answers must never take the staff's
capacity. Each pool is its own gunicorn: the staff pool (``KINERJA_POOL=staff``) serves everything but the
survey and sends a visitor who reaches a survey page there to the public pool; the public pool
(``KINERJA_POOL=public``) serves only the survey, and survey links and QR codes name its address
(``KINERJA_PUBLIC_URL``). The public pool runs in Linux's idle scheduling class (``SCHED_IDLE``: it gets a
core only when no staff request wants one) and at a lower ``nice``, so on a machine whose cores a flood of
answers fills, the scheduler runs every staff request first and answers the survey with what is left. The
idle class alone does not bound what the pool takes: on a virtual machine a core busy with anything, even in
the idle class, slows its neighbours (``bench/flood.py --mode burn`` measures it). So where Linux lets this
process make a control group (root, or a delegated cgroup), the public pool also runs under a hard CPU quota
(``--public-cpu-quota``, a percentage of one core, 25 by default): however large the flood, the survey never
takes more than that, and answers the rest with its quick 503 and 429.
Behind a reverse proxy, route ``/survei/`` and ``/s/`` to the public pool's port and set ``--public-url`` to
the address the public uses.

Both pools stop together: Ctrl-C or SIGTERM stops both, and when one exits the other is stopped.
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Pool:
    name: str
    argv: list[str]
    env: dict[str, str] = field(default_factory=dict)
    nice: int = 0
    idle: bool = False  # Linux's SCHED_IDLE class: runs only on a core nothing else wants
    cpu_quota: float = 0  # percent of one core the pool may use at most (0: no quota)


def pools(args: argparse.Namespace) -> list[Pool]:
    """The gunicorn command line and environment of each pool (pure: the tests read it)."""
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    common = ["--access-logfile", "-", "--graceful-timeout", "5"]
    if args.single:
        return [Pool("app", [gunicorn, "--bind", f"{args.host}:{args.port}", "--workers", str(args.workers),
                             "--threads", str(args.threads), *common, args.app])]
    public_port = args.public_port or args.port + 1
    public_url = (args.public_url or f"http://{args.host}:{public_port}").rstrip("/")
    shared = {"KINERJA_PUBLIC_URL": public_url}
    return [
        Pool("staff", [gunicorn, "--bind", f"{args.host}:{args.port}", "--workers", str(args.workers),
                       "--threads", str(args.threads), *common, args.app],
             {**shared, "KINERJA_POOL": "staff"}),
        Pool("public", [gunicorn, "--bind", f"{args.host}:{public_port}", "--workers", str(args.public_workers),
                        "--threads", str(args.public_threads), *common, args.app],
             {**shared, "KINERJA_POOL": "public", "KINERJA_IKM_MAX_CONCURRENT": str(args.public_threads)},
             nice=args.public_nice, idle=args.public_priority == "idle", cpu_quota=args.public_cpu_quota),
    ]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m kinerja_web.serve", description=__doc__.splitlines()[0])
    p.add_argument("--app", default="wsgi:app")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5000, help="the staff pool's port")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=4)
    p.add_argument("--public-port", type=int, help="the public pool's port (default: --port + 1)")
    p.add_argument("--public-url", help="the public pool's address as visitors reach it (default: its host and port)")
    p.add_argument("--public-workers", type=int, default=1)
    p.add_argument("--public-threads", type=int, default=4)
    p.add_argument("--public-nice", type=int, default=10, help="how much lower the public pool's CPU priority is")
    p.add_argument("--public-priority", choices=("idle", "nice"), default="idle",
                   help="idle (default): the public pool runs in Linux's SCHED_IDLE class, only on a core the staff "
                        "leave free; nice: only --public-nice")
    p.add_argument("--public-cpu-quota", type=float, default=25.0,
                   help="the most CPU the public pool may take, in percent of one core (default 25; 0: no quota); "
                        "needs a control group this process may make, else the pool runs without one")
    p.add_argument("--single", action="store_true", help="one pool for everything, the survey included")
    return p


def lower_priority(nice: int = 0, idle: bool = False) -> None:
    """Lower this process's CPU priority, for it and the workers it forks: ``nice`` steps, and the idle
    scheduling class where the system has one (Linux; elsewhere ``nice`` alone)."""
    if nice:
        os.nice(nice)
    if idle and hasattr(os, "SCHED_IDLE"):
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))


CGROUP = Path("/sys/fs/cgroup")
QUOTA_PERIOD = 100_000  # microseconds


def cpu_quota_group(name: str, percent: float, root: Path = CGROUP) -> Path | None:
    """A new control group whose processes may use at most ``percent`` of one core together, or None where
    the system does not let this process make one (not Linux, no permission, no cpu controller). Linux's
    cgroup v1 ``cpu`` hierarchy, else a child of this process's own cgroup v2 group."""
    quota = max(1000, int(QUOTA_PERIOD * percent / 100))
    try:
        v1 = root / "cpu"
        if (v1 / "cpu.cfs_quota_us").exists():
            group = v1 / name
            group.mkdir(exist_ok=True)
            (group / "cpu.cfs_period_us").write_text(str(QUOTA_PERIOD))
            (group / "cpu.cfs_quota_us").write_text(str(quota))
            return group
        own = next((line[3:].strip() for line in Path("/proc/self/cgroup").read_text().splitlines()
                    if line.startswith("0::")), None)
        if own is None:
            return None
        parent = root / own.lstrip("/")
        if "cpu" not in (parent / "cgroup.subtree_control").read_text().split():
            return None
        group = parent / name
        group.mkdir(exist_ok=True)
        (group / "cpu.max").write_text(f"{quota} {QUOTA_PERIOD}")
        return group
    except OSError:
        return None


def join_group(group: Path | None) -> None:
    """Move this process (and so whatever it starts) into ``group``."""
    if group is not None:
        (group / "cgroup.procs").write_text(str(os.getpid()))


def remove_group(group: Path | None) -> None:
    """Remove a group made by :func:`cpu_quota_group` once its processes have ended."""
    if group is not None:
        try:
            group.rmdir()
        except OSError:
            pass


def start(pool: Pool, group: Path | None = None) -> subprocess.Popen:
    env = {**os.environ, **pool.env}

    def lower() -> None:
        join_group(group)
        lower_priority(pool.nice, pool.idle)

    return subprocess.Popen(pool.argv, env=env, preexec_fn=lower if pool.nice or pool.idle or group else None)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    planned = pools(args)
    groups = {}
    for pool in planned:
        port = pool.argv[pool.argv.index("--bind") + 1]
        where = f" at nice {pool.nice}" if pool.nice else ""
        where += ", idle scheduling class" if pool.idle and hasattr(os, "SCHED_IDLE") else ""
        if pool.cpu_quota:
            groups[pool.name] = cpu_quota_group(f"kinerja-{pool.name}-{os.getpid()}", pool.cpu_quota)
            where += (f", at most {pool.cpu_quota:g} % of a core" if groups[pool.name] is not None
                      else ", no CPU quota (no control group may be made here)")
        print(f"{pool.name} pool on http://{port}{where}", flush=True)
    procs = [start(pool, groups.get(pool.name)) for pool in planned]
    signalled = []

    def asked_to_stop(signum, frame):
        signalled.append(signum)

    signal.signal(signal.SIGINT, asked_to_stop)
    signal.signal(signal.SIGTERM, asked_to_stop)
    while all(proc.poll() is None for proc in procs) and not signalled:
        time.sleep(0.2)
    for proc in procs:  # one pool exited, or we were asked to stop: stop the others
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    codes = [proc.wait() for proc in procs]
    for group in groups.values():
        remove_group(group)
    return 0 if signalled else next((c for c in codes if c), 1)


if __name__ == "__main__":
    sys.exit(main())
