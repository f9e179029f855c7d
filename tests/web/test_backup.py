"""``flask kinerja backup`` / ``restore``: the database and the evidence files, on SQLite and PostgreSQL."""
from __future__ import annotations

import io
import json
import tarfile

import pytest
from sqlalchemy import func, select

from kinerja_web.backup import libpq_url
from kinerja_web.execution.evidence import storage_dir
from kinerja_web.extensions import db
from kinerja_web.models import Employee, Evidence, Feedback, Realization


def _counts() -> dict[str, int]:
    return {t.name: db.session.scalar(select(func.count()).select_from(t)) for t in db.metadata.sorted_tables}


def _files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in storage_dir().iterdir() if p.is_file()}


def _run(app, *args, **kw):
    db.session.remove()  # the fixture's context holds a session; a restore replaces what it read
    result = app.test_cli_runner().invoke(args=["kinerja", *args], **kw)
    db.session.remove()
    return result


def _realization_with_file() -> Realization:
    """A realisation with a file as evidence and no feedback pointing at it."""
    with_feedback = select(Feedback.realization_id).where(Feedback.realization_id.is_not(None))
    return db.session.scalar(select(Realization).join(Evidence).where(
        Evidence.kind == "file", Realization.id.not_in(with_feedback)).order_by(Realization.id).limit(1))


def _members(archive) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar}


def _write(archive, members: dict[str, bytes]) -> None:
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


@pytest.fixture
def archive(app, tmp_path):
    path = tmp_path / "backups" / "kinerja-2026-11-23.tar.gz"
    path.parent.mkdir()
    result = _run(app, "backup", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_backup_then_restore_brings_back_rows_and_files(app, tmp_path, login):
    before, files = _counts(), _files()
    assert files and before["evidence"] > 0
    archive = tmp_path / "kinerja.tar.gz"
    result = _run(app, "backup", str(archive))
    assert result.exit_code == 0, result.output
    assert "Backup written" in result.output

    manifest = json.loads(_members(archive)["manifest.json"])
    assert manifest["format"] == "kinerja-backup" and manifest["format_version"] == 1
    assert manifest["dialect"] == db.engine.dialect.name
    assert manifest["alembic_revision"] and manifest["created_at"][:10] in ("2026-11-22", "2026-11-23")  # UTC
    assert {k: v for k, v in manifest["counts"]["tables"].items() if k != "alembic_version"} == before
    assert manifest["counts"]["evidence_files"] == len(files) and manifest["warnings"] == []
    assert set(manifest["members"]) == {manifest["database"], *(f"evidence/{n}" for n in files)}

    # change rows, delete a realisation with its evidence (and its file), add a stray file
    fb = db.session.scalar(select(Feedback).order_by(Feedback.id).limit(1))
    fb_id, fb_body = fb.id, fb.body
    fb.body = "diubah setelah cadangan"
    emp = db.session.scalar(select(Employee).order_by(Employee.id).limit(1))
    emp_id, emp_name = emp.id, emp.name
    emp.name = "Nama Diubah"
    real = _realization_with_file()
    real_id, evidence = real.id, [(e.id, e.stored_name) for e in real.evidence if e.kind == "file"]
    db.session.delete(real)
    db.session.commit()
    for _, name in evidence:
        (storage_dir() / name).unlink()
    (storage_dir() / "stray.pdf").write_bytes(b"%PDF-1.4 not in the backup")
    assert _counts() != before

    result = _run(app, "restore", str(archive), "--yes")
    assert result.exit_code == 0, result.output
    assert f"Restored the backup of {manifest['created_at']}" in result.output

    assert _counts() == before
    assert db.session.get(Feedback, fb_id).body == fb_body
    assert db.session.get(Employee, emp_id).name == emp_name
    assert db.session.get(Realization, real_id) is not None
    assert _files() == files  # same names, same bytes; the stray file is gone
    admin = login("admin")  # the app serves the restored data without a restart
    for evidence_id, name in evidence:
        response = admin.get(f"/bukti/{evidence_id}")
        try:
            assert response.status_code == 200 and response.data == files[name]
        finally:
            response.close()
    assert login("kabid.dinkes").get("/beranda").status_code == 200


def test_backup_refuses_to_overwrite_unless_forced(app, archive):
    first = archive.read_bytes()
    again = _run(app, "backup", str(archive))
    assert again.exit_code != 0 and "already exists" in again.output and "--force" in again.output
    assert archive.read_bytes() == first
    forced = _run(app, "backup", str(archive), "--force")
    assert forced.exit_code == 0, forced.output
    assert "manifest.json" in _members(archive)
    assert [p.name for p in archive.parent.iterdir()] == [archive.name]  # no partial files left behind


def test_backup_lists_a_vanished_evidence_file_as_a_warning(app, tmp_path):
    gone = db.session.scalar(select(Evidence.stored_name).where(Evidence.kind == "file").order_by(Evidence.id))
    (storage_dir() / gone).unlink()  # as if deleted between the snapshot and the copy
    archive = tmp_path / "plain.tar"
    result = _run(app, "backup", str(archive))
    assert result.exit_code == 0, result.output
    assert f"warning: evidence file {gone}" in result.output
    manifest = json.loads(_members(archive)["manifest.json"])
    assert manifest["counts"]["evidence_missing"] == 1 and gone in manifest["warnings"][0]
    assert f"evidence/{gone}" not in manifest["members"]


def _change_something() -> int:
    emp = db.session.scalar(select(Employee).order_by(Employee.id).limit(1))
    emp.name = "Nama Sesudah Cadangan"
    db.session.commit()
    return emp.id


def _unchanged(emp_id, files) -> None:
    db.session.remove()
    assert db.session.get(Employee, emp_id).name == "Nama Sesudah Cadangan"
    assert _files() == files


def test_restore_refuses_a_tampered_archive_and_changes_nothing(app, archive):
    emp_id = _change_something()
    (storage_dir() / "new.pdf").write_bytes(b"%PDF-1.4 after the backup")
    files = _files()
    members = _members(archive)
    name = next(n for n in members if n.startswith("evidence/"))
    members[name] = members[name] + b"tampered"
    _write(archive, members)
    result = _run(app, "restore", str(archive), "--yes")
    assert result.exit_code != 0
    assert "not an intact kinerja backup" in result.output and "checksum" in result.output
    assert "Nothing was changed" in result.output
    _unchanged(emp_id, files)


def test_restore_refuses_a_manifest_naming_what_the_archive_lacks(app, archive):
    members = _members(archive)
    manifest = json.loads(members["manifest.json"])
    manifest["members"]["evidence/../../escape.pdf"] = None
    members["manifest.json"] = json.dumps(manifest).encode()
    _write(archive, members)
    emp_id = _change_something()
    files = _files()
    result = _run(app, "restore", str(archive), "--yes")
    assert result.exit_code != 0 and "missing member" in result.output
    _unchanged(emp_id, files)


@pytest.mark.parametrize("content", [b"just some text, not a tar", None])
def test_restore_refuses_a_foreign_archive(app, tmp_path, content):
    foreign = tmp_path / "foreign.tar.gz"
    if content:
        foreign.write_bytes(content)
    else:
        _write(foreign, {"notes.txt": b"hello"})
    emp_id = _change_something()
    files = _files()
    result = _run(app, "restore", str(foreign), "--yes")
    assert result.exit_code != 0 and "not an intact kinerja backup" in result.output
    _unchanged(emp_id, files)


def test_restore_refuses_a_backup_of_the_other_database_kind(app, archive):
    members = _members(archive)
    manifest = json.loads(members.pop("manifest.json"))
    other = {"sqlite": ("postgresql", "database.dump"), "postgresql": ("sqlite", "database.sqlite3")}
    manifest["dialect"], name = other[manifest["dialect"]]  # as the other kind's backup is laid out
    members[name] = members.pop(manifest["database"])
    manifest["members"][name] = manifest["members"].pop(manifest["database"])
    manifest["database"] = name
    members["manifest.json"] = json.dumps(manifest).encode()
    _write(archive, members)
    emp_id = _change_something()
    files = _files()
    result = _run(app, "restore", str(archive), "--yes")
    assert result.exit_code != 0 and f"backup of a {manifest['dialect']} database" in result.output
    _unchanged(emp_id, files)


def test_restore_asks_first_and_no_changes_nothing(app, archive):
    emp_id = _change_something()
    (storage_dir() / "new.pdf").write_bytes(b"%PDF-1.4 after the backup")
    files = _files()
    result = _run(app, "restore", str(archive), input="n\n")
    assert "Replace the current database and evidence files" in result.output
    assert result.exit_code == 1 and "nothing was changed" in result.output
    _unchanged(emp_id, files)


def test_libpq_url_drops_the_driver_and_moves_the_password_to_the_environment():
    url, env = libpq_url("postgresql+psycopg://kinerja:s%40cret@db-host:5433/kinerja?sslmode=require")
    assert url == "postgresql://kinerja@db-host:5433/kinerja?sslmode=require"
    assert env == {"PGPASSWORD": "s@cret"}
    assert libpq_url("postgresql+psycopg://postgres@127.0.0.1/test") == ("postgresql://postgres@127.0.0.1/test", {})
