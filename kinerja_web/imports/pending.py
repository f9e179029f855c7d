"""An uploaded file between its preview and its confirmation, and the progress of its import.

Kept in the instance folder (``IMPORT_DIR``; shared storage when there are several app servers), so
any worker of any server can show the preview, run the confirmation and report the progress. The
token given to the browser is random; the files are named by its SHA-256, bound to the user and the
scope (``agency:<id>`` or ``plan:<id>``) they were uploaded for, and expire after ``IMPORT_TTL``
seconds. Progress is a small JSON file rewritten atomically.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from pathlib import Path

from flask import current_app

from ..clock import utcnow

TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def folder() -> Path:
    path = Path(current_app.config.get("IMPORT_DIR") or Path(current_app.instance_path) / "imports")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _now() -> float:
    return utcnow().timestamp()


def _base(token: str) -> Path:
    return folder() / hashlib.sha256(token.encode()).hexdigest()


def save(data: bytes, *, user_id: int | None, scope: str, kind: str, filename: str, summary: dict,
         table) -> str:
    """Keep an uploaded file (as the table read from it, so that the confirmation need not parse a large
    workbook again) and its preview; returns the token that names them."""
    purge()
    token = secrets.token_urlsafe(24)
    base = _base(token)
    base.with_suffix(".data").write_text(json.dumps({"header": table.header, "rows": table.rows, "kind": table.kind,
                                                     "delimiter": table.delimiter}))
    _write(base, {"user_id": user_id, "scope": scope, "kind": kind, "filename": filename[:200],
                  "sha256": hashlib.sha256(data).hexdigest(), "created": _now(), "status": "preview",
                  "done": 0, "total": 0, "summary": summary})
    return token


def load(token: str, *, user_id: int | None, scope: str, kind: str) -> dict | None:
    """The pending import of ``token`` if it belongs to this user and scope and has not expired."""
    if not token or not TOKEN.match(token):
        return None
    try:
        meta = json.loads(_base(token).with_suffix(".json").read_text())
    except (OSError, ValueError):
        return None
    if (meta.get("user_id"), meta.get("scope"), meta.get("kind")) != (user_id, scope, kind):
        return None
    if meta["status"] == "preview" and _now() - meta["created"] > current_app.config["IMPORT_TTL"]:
        return None
    return meta


def table(token: str):
    """The table read from the uploaded file at its preview."""
    from .reading import Table

    saved = json.loads(_base(token).with_suffix(".data").read_text())
    return Table(header=saved["header"], rows=[(n, values) for n, values in saved["rows"]], kind=saved["kind"],
                 delimiter=saved["delimiter"])


def done(token: str, **fields) -> None:
    """The import ended: keep its outcome (for the page), not the file."""
    update(token, **fields)
    _base(token).with_suffix(".data").unlink(missing_ok=True)


def claim(token: str) -> bool:
    """Mark the import as started, once: a second confirmation (another tab, a double click) gets False."""
    try:
        fd = os.open(_base(token).with_suffix(".lock"), os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def update(token: str, **fields) -> None:
    base = _base(token)
    try:
        meta = json.loads(base.with_suffix(".json").read_text())
    except (OSError, ValueError):
        return
    meta.update(fields, updated=_now())
    _write(base, meta)


def release(token: str) -> None:
    """Back to the preview after a refused confirmation (the data changed meanwhile)."""
    _base(token).with_suffix(".lock").unlink(missing_ok=True)


def stalled(meta: dict) -> bool:
    """A running import whose worker stopped reporting (the process died; its transaction rolled back)."""
    return meta["status"] == "running" and _now() - meta.get("updated", meta["created"]) > 300


def _write(base: Path, meta: dict) -> None:
    tmp = base.with_suffix(f".{secrets.token_hex(4)}.tmp")
    tmp.write_text(json.dumps(meta))
    os.replace(tmp, base.with_suffix(".json"))


def purge() -> None:
    """Remove what expired: uploads never confirmed, and finished imports a day old."""
    limit = current_app.config["IMPORT_TTL"]
    now = _now()
    for path in folder().glob("*.json"):
        try:
            meta = json.loads(path.read_text())
        except (OSError, ValueError):
            continue
        age = now - meta.get("updated", meta.get("created", 0))
        if (meta.get("status") == "preview" and age > limit) or age > max(limit, 86400):
            for suffix in (".json", ".data", ".lock"):
                path.with_suffix(suffix).unlink(missing_ok=True)
