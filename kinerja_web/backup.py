"""Backups of the database and the evidence files, taken while the app serves.

One archive (a tar, gzipped when the name ends in ``.gz`` or ``.tgz``)::

    database.sqlite3 | database.dump   the snapshot: SQLite online backup, or pg_dump --format=custom
    evidence/<stored name>             every evidence file the snapshot references
    manifest.json                      format, dialect, alembic revision, counts, warnings, sha256 per member

The database is snapshotted first; the files are then copied by the names the
snapshot holds (stored names are generated and write-once). A referenced file
that vanished in between is a warning in the manifest, not a failure.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from flask import current_app
from sqlalchemy.engine import URL, make_url

from .clock import utcnow
from .execution.evidence import storage_dir
from .extensions import db, init_migrations

FORMAT, VERSION, MANIFEST = "kinerja-backup", 1, "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
SAFE = re.compile(r"^[\w\-][\w\-.]{0,199}$")
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Why a backup or a restore was refused; nothing was changed."""


def backup(path, force: bool = False) -> dict:
    """Write a consistent backup to ``path``; return its manifest."""
    path = Path(path)
    if path.exists() and not force:
        raise BackupError(f"{path} already exists; use --force to overwrite it.")
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    dialect = _dialect()
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".kinerja-backup-") as tmp:
        dump = Path(tmp) / DUMPS[dialect]
        facts = _sqlite_backup(dump) if dialect == "sqlite" else _pg_backup(dump)
        with open(dump, "rb") as fh:
            members = {dump.name: _sha256(fh)}
        warnings, folder = [], storage_dir()
        fd, partial = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
        os.close(fd)
        try:
            with tarfile.open(partial, "w:gz" if path.name.lower().endswith((".gz", ".tgz")) else "w") as tar:
                tar.add(dump, arcname=dump.name)
                for name in facts.pop("stored_names"):
                    if not SAFE.match(name):
                        warnings.append(f"evidence name {name!r} is not a stored name; skipped")
                        continue
                    try:
                        fh = open(folder / name, "rb")  # held open: a delete meanwhile cannot tear it
                    except FileNotFoundError:
                        warnings.append(f"evidence file {name} is referenced by the database but missing")
                        continue
                    with fh:
                        members[f"evidence/{name}"] = _sha256(fh)
                        info = tarfile.TarInfo(f"evidence/{name}")
                        info.size, info.mode = os.fstat(fh.fileno()).st_size, 0o600
                        info.mtime = int(os.fstat(fh.fileno()).st_mtime)
                        fh.seek(0)
                        tar.addfile(info, fh)
                manifest = {"format": FORMAT, "format_version": VERSION, "dialect": dialect,
                            "created_at": utcnow().isoformat(timespec="seconds") + "Z",
                            "alembic_revision": facts["revision"], "database": dump.name,
                            "counts": {"tables": facts["tables"], "evidence_files": len(members) - 1,
                                       "evidence_missing": len(warnings)},
                            "warnings": warnings, "members": members}
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(data), 0o600, int(utcnow().timestamp())
                tar.addfile(info, io.BytesIO(data))
            os.replace(partial, path)
        finally:
            Path(partial).unlink(missing_ok=True)
    return manifest


def restore(path, confirm: Callable[[dict], bool] = lambda manifest: True) -> dict | None:
    """Check the archive at ``path``, ask ``confirm(manifest)``, then replace the
    database and the evidence files. Returns the manifest, or None if not confirmed."""
    dialect = _dialect()
    with tempfile.TemporaryDirectory(prefix="kinerja-restore-") as tmp:
        manifest = _extract(Path(path), Path(tmp))
        if manifest["dialect"] != dialect:
            raise BackupError(f"This is a backup of a {manifest['dialect']} database; the configured "
                              f"database is {dialect}. Nothing was changed.")
        revision = manifest.get("alembic_revision")
        if revision and not _known_revision(revision):
            raise BackupError(f"The backup is at schema revision {revision}, which this version of the app "
                              "does not know (is it from a newer version?). Nothing was changed.")
        if not confirm(manifest):
            return None
        dump = Path(tmp) / manifest["database"]
        db.session.remove()
        db.engine.dispose()
        if dialect == "sqlite":
            _sqlite_restore(dump)
        else:
            _pg_restore(dump)
        db.engine.dispose()
        folder, keep = storage_dir(), set()
        for member in manifest["members"]:
            if member.startswith("evidence/"):
                name = member.split("/", 1)[1]
                keep.add(name)
                shutil.copyfile(Path(tmp) / member, folder / f".{name}.restoring")
                os.replace(folder / f".{name}.restoring", folder / name)
        for entry in folder.iterdir():
            if entry.name not in keep and (entry.is_file() or entry.is_symlink()):
                entry.unlink()
    return manifest


def libpq_url(url) -> tuple[str, dict]:
    """A SQLAlchemy URL as a libpq URL without the password, and the env carrying it."""
    url = make_url(url)
    env = {"PGPASSWORD": url.password} if url.password else {}
    bare = URL.create("postgresql", url.username, None, url.host, url.port, url.database, url.query)
    return bare.render_as_string(hide_password=False), env


# --- the database ---------------------------------------------------------------------------------

def _dialect() -> str:
    name = db.engine.dialect.name
    if name not in DUMPS:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {name}.")
    return name


def _facts(query) -> dict:
    """Tables with row counts, the alembic revision and the stored evidence names, all from one snapshot."""
    from .models import Evidence

    names = sorted(row[0] for row in query(_TABLES[db.engine.dialect.name]))
    tables = {name: query(f'SELECT count(*) FROM "{name}"')[0][0] for name in names}
    revision = query("SELECT version_num FROM alembic_version") if "alembic_version" in tables else []
    table = Evidence.__table__.name
    stored = query(f"SELECT DISTINCT stored_name FROM \"{table}\" WHERE kind = 'file' AND stored_name <> ''")
    return {"tables": tables, "revision": revision[0][0] if revision else None,
            "stored_names": sorted(row[0] for row in stored)}


_TABLES = {"sqlite": "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
           "postgresql": "SELECT table_name FROM information_schema.tables "
                         "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"}


def _sqlite_backup(out: Path) -> dict:
    with closing(db.engine.raw_connection()) as raw, closing(sqlite3.connect(out)) as target:
        raw.driver_connection.backup(target)  # one step: a consistent snapshot; WAL writers go on meanwhile
        target.execute("PRAGMA journal_mode=DELETE")  # a self-contained file
        return _facts(lambda sql: target.execute(sql).fetchall())


def _sqlite_restore(snapshot: Path) -> None:
    with closing(sqlite3.connect(snapshot)) as source:
        if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The database in the backup is damaged. Nothing was changed.")
        with closing(db.engine.raw_connection()) as raw:
            source.backup(raw.driver_connection)  # the backup API in reverse, into the configured database


def _pg_backup(out: Path) -> dict:
    with db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as conn:
        snapshot = conn.exec_driver_sql("SELECT pg_export_snapshot()").scalar()
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={out}"])
        facts = _facts(lambda sql: conn.exec_driver_sql(sql).fetchall())  # the same snapshot as the dump
        conn.rollback()
    return facts


def _pg_restore(dump: Path) -> None:
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(dump)])


def _run(args: list[str]) -> None:
    url, env = libpq_url(db.engine.url)
    try:
        done = subprocess.run([*args, f"--dbname={url}"], env={**os.environ, **env}, capture_output=True,
                              text=True, timeout=6 * 3600)
    except FileNotFoundError as exc:
        raise BackupError(f"{args[0]} is not installed; install the PostgreSQL client of the server's "
                          "major version.") from exc
    if done.returncode:
        raise BackupError(f"{args[0]} failed (exit {done.returncode}):\n{done.stderr.strip()}")


def _scripts():
    from alembic.script import ScriptDirectory

    return ScriptDirectory(init_migrations(current_app).directory)


def head_revision() -> str | None:
    return _scripts().get_current_head()


def _known_revision(revision: str) -> bool:
    try:
        return _scripts().get_revision(revision) is not None
    except Exception:  # alembic raises several kinds for an unknown or malformed revision
        return False


# --- the archive ----------------------------------------------------------------------------------

def _sha256(fh) -> str:
    digest = hashlib.sha256()
    while chunk := fh.read(CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def _extract(path: Path, into: Path) -> dict:
    """Unpack every member into ``into`` while hashing it; refuse anything that is not an intact backup."""
    refuse = f"{path} is not an intact kinerja backup"
    seen, manifest = {}, None
    try:
        with tarfile.open(path, "r:*") as tar:
            for member in tar:
                name = member.name
                parts = name.split("/")
                valid = name in (MANIFEST, *DUMPS.values()) or (
                    len(parts) == 2 and parts[0] == "evidence" and SAFE.match(parts[1]))
                if not member.isreg() or not valid or name in seen:
                    raise BackupError(f"{refuse}: unexpected member {name!r}. Nothing was changed.")
                source = tar.extractfile(member)
                if name == MANIFEST:
                    manifest = source.read(16 * CHUNK)
                    seen[name] = None
                    continue
                target = into / name
                target.parent.mkdir(exist_ok=True)
                digest = hashlib.sha256()
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                seen[name] = digest.hexdigest()
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{refuse} ({exc}). Nothing was changed.") from exc
    try:
        manifest = json.loads(manifest)
        members = manifest["members"]
        ok = (manifest["format"] == FORMAT and isinstance(members, dict)
              and manifest["database"] == DUMPS.get(manifest["dialect"]) and manifest["database"] in members)
    except (TypeError, ValueError, KeyError):
        ok = False
    if not ok:
        raise BackupError(f"{refuse}: no valid {MANIFEST}. Nothing was changed.")
    if manifest.get("format_version") != VERSION:
        raise BackupError(f"{path} has backup format {manifest.get('format_version')}; this app reads "
                          f"format {VERSION}. Nothing was changed.")
    seen.pop(MANIFEST)
    bad = sorted(set(seen) ^ set(members) | {n for n in set(seen) & set(members) if seen[n] != members[n]})
    if bad:
        raise BackupError(f"{refuse}: checksum mismatch or missing member: {', '.join(bad[:5])}. "
                          "Nothing was changed.")
    return manifest
