"""A simulation's result kept between requests, and a large one run in the background with its progress.

A province agency's replay takes seconds (about 840 evaluations a second): the page would replay on every
request, the mover list on every page of it. So a result is kept as a small JSON file beside the imports
(``IMPORT_DIR``, shared storage when there are several app servers), named by what it depends on: the
agency, the candidate with its plugin version, the period, and a stamp of the final evaluations (how many,
the newest, the latest objection decided). A new final evaluation or decision changes the stamp, and the
next request replays. An agency with more final evaluations than ``SIMULATION_BACKGROUND_EVALUATIONS``
(2,000 by default) is replayed in a thread of the worker that was asked, and the page follows its progress.
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
from collections import Counter
from decimal import Decimal
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from ..clock import utcnow
from ..extensions import db
from ..models import Agency, Evaluation
from .replay import Change, Mover, Simulation, UnitRow, scope_query

STALLED = 300  # seconds without progress: the worker died, a new request starts again


def folder() -> Path:
    from ..imports.pending import folder as imports

    path = imports() / "simulations"
    path.mkdir(parents=True, exist_ok=True)
    return path


def stamp(s) -> tuple:
    """(final evaluations, newest id, latest decision) of the scope, in one statement."""
    scope = scope_query(s.agency.id, s.review.id if s.review else None, s.year).subquery()
    return tuple(db.session.execute(
        select(func.count(scope.c.id), func.max(scope.c.id), func.max(Evaluation.decided_at))
        .select_from(scope).join(Evaluation, Evaluation.id == scope.c.id)).one())


def key(s, found: tuple) -> str:
    d = s.declared
    parts = [s.agency.id, d.record.code, d.record.version, d.plugin, d.plugin_version,
             s.review.id if s.review else f"tahunan-{s.year}", *map(str, found)]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def background(found: tuple) -> bool:
    return found[0] > current_app.config["SIMULATION_BACKGROUND_EVALUATIONS"]


def load(name: str) -> dict | None:
    """{"status": "running", "done", "total"} or {"status": "done", "result": Simulation}, or None."""
    try:
        meta = json.loads((folder() / f"{name}.json").read_text())
    except (OSError, ValueError):
        return None
    if meta["status"] == "running" and utcnow().timestamp() - meta["updated"] > STALLED:
        return None
    if meta["status"] == "done":
        meta["result"] = _decode(meta["result"])
    return meta


def save(name: str, **meta) -> None:
    if "result" in meta:
        meta["result"] = _encode(meta["result"])
    path = folder() / f"{name}.json"
    tmp = path.with_suffix(f".{secrets.token_hex(4)}.tmp")
    tmp.write_text(json.dumps({**meta, "updated": utcnow().timestamp()}))
    os.replace(tmp, path)  # readers see the old file or the new one, never half of it


def start(name: str, agency_id: int, declared, review_id: int | None, year: int, total: int) -> None:
    """Replay in a thread of its own (its own app context and session), reporting progress."""
    save(name, status="running", done=0, total=total)
    app = current_app._get_current_object()
    threading.Thread(target=_run, args=(app, name, agency_id, declared, review_id, year, total), daemon=True,
                     name=f"simulation-{agency_id}").start()


def _run(app, name, agency_id, declared, review_id, year, total) -> None:
    from ..evaluation.rule_sets import CandidateRules
    from .replay import replay

    with app.app_context():
        try:
            done = [0]

            def progress(n):
                done[0] += n
                save(name, status="running", done=done[0], total=total)

            result = replay(db.session.get(Agency, agency_id), CandidateRules(declared), review_id, year,
                            progress=progress)
            save(name, status="done", result=result)
        except Exception:  # logged for the administrator; the page offers to run it again
            app.logger.exception("simulation %s failed", name[:8])
            save(name, status="failed")
        finally:
            db.session.rollback()
            db.session.remove()


# -- the result as JSON: Decimals as text, records as lists ------------------------------------------------

def _encode(sim: Simulation) -> dict:
    def plain(value):
        if isinstance(value, Decimal):
            return str(value)
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        return value

    return {"total": sim.total, "units": [list(u) for u in sim.units], "before": dict(sim.before),
            "after": dict(sim.after), "movers": [plain(m) for m in sim.movers]}


def _decode(data: dict) -> Simulation:
    def number(text):
        return None if text is None else Decimal(text)

    def change(c):
        return Change(c[0], c[1], number(c[2]), number(c[3]), number(c[4]), number(c[5]), *c[6:])

    movers = [Mover(*m[:12], tuple(change(c) for c in m[12]), *m[13:]) for m in data["movers"]]
    return Simulation(data["total"], [UnitRow(*u) for u in data["units"]], Counter(data["before"]),
                      Counter(data["after"]), movers)
