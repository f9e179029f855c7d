"""Fixtures: a real database (SQLite, or PostgreSQL when
KINERJA_TEST_DATABASE_URL is set), migrated once per session with Alembic and
reseeded with the demo province for every test."""
from __future__ import annotations

import os
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import text
from werkzeug.security import generate_password_hash

from kinerja_web import create_app
from kinerja_web.demo import DEMO_PASSWORD, seed
from kinerja_web.demo_activity import seed_activity, seed_evaluations
from kinerja_web.extensions import db
from tests.helpers import Client


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("KINERJA_TEST_DATABASE_URL")
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # make test runs the suite in parallel (pytest-xdist)
    if url and worker:
        return _worker_database(url, worker)
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.sqlite3")


def _worker_database(url: str, worker: str) -> str:
    """A PostgreSQL database of this xdist worker's own beside the one configured (``test`` → ``test_gw0``):
    every test empties and reseeds its tables, so two workers cannot share one."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
            if not exists:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


TODAY = date(2026, 11, 23)  # Q1–Q3 of the demo year are over, Q4 is open


def base_config(url: str, evidence_dir=None) -> dict:
    return {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "test-secret", "RATELIMIT_ENABLED": False,
            "TODAY": TODAY, "EVIDENCE_DIR": str(evidence_dir) if evidence_dir else None,
            "IMPORT_DIR": str(evidence_dir.parent / "imports") if evidence_dir else None}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """Migrate an empty database to head once; every test then reuses the schema."""
    from flask_migrate import upgrade

    url = _database_url(tmp_path_factory)
    app = create_app(base_config(url))
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        upgrade()
        db.engine.dispose()
    return url


@pytest.fixture(scope="session")
def demo_hash():
    return generate_password_hash(DEMO_PASSWORD)


def reset(app, demo_hash, today=TODAY) -> None:
    """Empty every table and load the demo province as it would be loaded on ``today``."""
    tables = [t for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            db.session.execute(table.delete())
    db.session.commit()
    seed(app.extensions["kinerja_registry"], today, password_hash=demo_hash)
    seed_activity(today)
    seed_evaluations(today)


@contextmanager
def demo_app(database_url, demo_hash, tmp_path, plugins=None):
    """An app on the demo province, in its context; ``plugins`` replaces the installed ones (the three
    agency plugins and a test's fake ones, say), None loads the entry points."""
    app = create_app(base_config(database_url, tmp_path / "evidence"), plugins=plugins)
    with app.app_context():
        reset(app, demo_hash)
        yield app
        db.session.remove()
        db.engine.dispose()


def with_agency_plugins(*extra) -> list:
    """The three agency plugins of this repository and ``extra`` fake ones."""
    import kinerja_kesehatan
    import kinerja_pariwisata
    import kinerja_pendidikan

    return [kinerja_pendidikan, kinerja_kesehatan, kinerja_pariwisata, *extra]


@pytest.fixture
def app(database_url, demo_hash, tmp_path):
    with demo_app(database_url, demo_hash, tmp_path) as app:
        yield app


@pytest.fixture
def client(app):
    return Client(app.test_client())


@pytest.fixture
def login(app):
    """``login("staf.disdik")`` returns a logged-in :class:`Client`."""
    def _login(username):
        c = Client(app.test_client())
        c.login(username)
        return c
    return _login


def pytest_unconfigure(config):
    """Cancel the timer threads a library left behind (the rate limiter's in-memory storage starts a
    non-daemon ``threading.Timer`` to expire its counters). Under libfaketime (CI's shifted-clock run) a
    timed wait never ends, so such a thread would keep a pytest-xdist worker alive after its last test;
    cancelling wakes it at once. Harmless on a normal clock."""
    import threading

    for thread in threading.enumerate():
        if isinstance(thread, threading.Timer) and thread.is_alive():
            thread.cancel()
