"""Configuration defaults; instance/config.py and KINERJA_* variables override.

``KINERJA_DATABASE_URL`` sets the database (SQLite in ``instance/`` by default);
any other ``KINERJA_<KEY>`` sets ``<KEY>`` (values parsed as JSON when they can be).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

DEFAULTS = {
    "BABEL_DEFAULT_LOCALE": "id",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Jakarta",
    "LANGUAGES": {"id": "Bahasa Indonesia", "en": "English"},
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "WTF_CSRF_TIME_LIMIT": None,  # a token lives as long as the session: long forms on slow links
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "PLUGINS_BLOCKED": (),
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    "LOGIN_RATE_LIMIT": "30 per minute",  # per address, all login posts; Redis storage shares it between servers
    "LOGIN_MAX_FAILURES_PER_ACCOUNT": 10,  # failed logins of one account in the window, from anywhere
    "LOGIN_MAX_FAILURES_PER_ADDRESS": 100,  # from one address (a whole office behind one NAT)
    "LOGIN_FAILURE_WINDOW": 15 * 60,  # seconds
    "PERMANENT_SESSION_LIFETIME": 10 * 3600,  # a working day; "remember me" keeps a login for REMEMBER_DAYS
    "REMEMBER_DAYS": 14,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "PROXY_HOPS": 0,  # 1 behind one trusted TLS proxy: X-Forwarded-*, secure cookies, HSTS
    "EVIDENCE_MAX_BYTES": 10 * 1024 * 1024,  # per file; a request may carry a few files
    "EVIDENCE_DIR": None,  # default: instance/evidence
    # Imports (employees, realisations): uploads kept between preview and confirmation, on storage every
    # app server shares; a file of more than IMPORT_BACKGROUND_ROWS rows is imported in a background thread
    "IMPORT_DIR": None,  # default: instance/imports
    "IMPORT_MAX_BYTES": 20 * 1024 * 1024,
    "IMPORT_TTL": 3600,  # seconds an uploaded file waits for its confirmation
    "IMPORT_BACKGROUND_ROWS": 2000,
    # a rule change simulation of more final evaluations than this runs in the background (its result is kept
    # beside the imports until a final evaluation of the period changes)
    "SIMULATION_BACKGROUND_EVALUATIONS": 2000,
    # megabytes of dashboard aggregates each worker keeps, keyed by the data generation (queries/cache.py);
    # 0 computes every view afresh
    "DASHBOARD_CACHE_MB": 64,
    "PEER_MIN_ANSWERS": 3,  # the employee sees peer input only aggregated, from this many answers
    "REMINDER_DAYS": 7,  # remind about missing evidence this many days before the input deadline
    # Mail (Flask-Mailman): notifications are mailed as well once MAIL_SERVER (or MAIL_BACKEND) is set.
    # MAIL_DEFAULT_SENDER falls back to MAIL_FROM; links in mail start with BASE_URL (see notify.base_url).
    "MAIL_SERVER": None,
    "MAIL_BACKEND": None,  # "smtp" when MAIL_SERVER is set; "locmem" or "console" for tests and trials
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_TIMEOUT": 10,  # seconds; mail is sent after the commit, inside the request
    "BASE_URL": None,  # e.g. https://kinerja.example.go.id; else SERVER_NAME + PREFERRED_URL_SCHEME
    "TODAY": None,  # fixed date for demos and tests
    "PAGE_SIZE": 50,
    # The public satisfaction survey (IKM): answers per device and day, per address (Flask-Limiter), body size
    "IKM_MAX_PER_DEVICE_PER_DAY": 3,
    "IKM_RATE_LIMIT": "10 per minute; 100 per day",
    "IKM_MAX_BODY": 32 * 1024,
    "IKM_MAX_CONCURRENT": 1,  # public survey requests at once per worker process; one more is answered 503
    # The JSON API: requests per token, and per address whatever the token (unknown tokens included)
    "API_RATE_LIMIT": "120 per minute",
    "API_RATE_LIMIT_PER_ADDRESS": "600 per minute",
}


def normalise_database_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def load(app, overrides=None) -> None:
    """Fill ``app.config`` from defaults, the instance folder, env and ``overrides``."""
    app.config.update(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("KINERJA")
    if overrides:
        app.config.update(overrides)
    url = app.config.get("DATABASE_URL") or app.config.get("SQLALCHEMY_DATABASE_URI")
    if not url:
        url = "sqlite:///" + str(Path(app.instance_path) / "kinerja.sqlite3")
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(url)
    from datetime import timedelta

    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(days=int(app.config["REMEMBER_DAYS"]))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))


def _instance_secret(folder: Path) -> str:
    """A per-deployment secret kept in instance/secret_key (never committed)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "secret_key"
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()
