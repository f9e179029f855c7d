"""Who gets into the public survey, and what a visitor who does not is shown.

A web worker has a few threads for everyone. Without a bound, a flood of survey requests fills them
all and the staff wait behind it; so each worker process lets at most ``IKM_MAX_CONCURRENT`` public
survey requests in at once (default 1), and one more is answered at once with 503 and
``Retry-After``. The staff pages, the survey's results among them, never take a slot.

A refusal (this 503, or the per-address rate limit's 429) costs as little as possible: the page is
built once per worker in both languages, so no session, form or database is read to answer it.

Worker pools (``POOL``). One pool serves everything by default (``all``). ``make run`` (and
``python -m kinerja_web.serve``) serves two: the staff pool (``staff``) and, at a lower CPU priority, the
public pool (``public``) at ``PUBLIC_URL``, so a flood of survey answers competes for the machine at
that priority and never for the staff's worker threads. The staff pool sends a visitor who reaches a survey
page there to the public pool (308); the public pool answers only the survey, its static files, the
language choice and the health check, and 404 to everything else, without a session or the database.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import current_app, g, redirect, request, url_for
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

# The endpoints anyone may open without logging in; results.py's staff pages are not among them.
PUBLIC = frozenset({"survey.answer", "survey.thanks", "survey.short"})
# What else the public pool serves: the survey page's own needs and the health check.
PUBLIC_POOL_ALSO = frozenset({"static", "auth.language", "healthz"})
POOLS = ("all", "staff", "public")
SLOTS = "kinerja_survey_slots"  # app.extensions: this worker's semaphore
PAGES = "kinerja_survey_refusals"  # app.extensions: the refusal pages rendered so far


@dataclass(frozen=True)
class Refusal:
    code: str
    status: int
    heading: LazyString
    message: LazyString
    retry_after: int | None = None  # seconds; the rate limit's 429 gets its own from Flask-Limiter


BUSY = Refusal("busy", 503, _l("Please wait a moment"),
               _l("Many people are filling in the survey; try again in a moment."), retry_after=2)
TOO_MANY = Refusal("too-many", 429, _l("Please wait a moment"),
                   _l("Too many answers were sent from this connection just now. Wait a few minutes and try "
                      "again."))
NOT_SENT = _l("Your answers have not been sent yet: go back and send them again.")
LANGUAGES = ("id", "en")  # the page shows both: the visitor's choice lives in the session, which it never reads


def install(app) -> None:
    """The slots and their hooks. Call before the other extensions' hooks: a refused request then runs
    none of them (Flask-Limiter's own check alone costs a quarter of a refusal)."""
    pool = app.config.setdefault("POOL", "all")
    if pool not in POOLS:
        raise ValueError(f"POOL must be one of {', '.join(POOLS)}, not {pool!r}")
    if pool == "staff" and not app.config.get("PUBLIC_URL"):
        raise ValueError("POOL 'staff' needs PUBLIC_URL, the address of the public pool")
    app.extensions[SLOTS] = threading.BoundedSemaphore(int(app.config.get("IKM_MAX_CONCURRENT", 1)))
    app.extensions[PAGES] = {}
    app.before_request(_admit)
    app.teardown_request(_leave)
    app.jinja_env.globals["public_url"] = public_url


def public_url(endpoint: str, **values) -> str:
    """The full address of a public survey page, as a visitor's phone reaches it: at ``PUBLIC_URL`` when
    the survey has its own pool (or host), else at this app's own address."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base.rstrip("/") + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def _admit():
    """Take one of the worker's survey slots without waiting, or refuse at once; in a pool of its own,
    keep each kind of request to its pool."""
    pool = current_app.config["POOL"]
    if request.endpoint not in PUBLIC:
        if pool == "public" and request.endpoint not in PUBLIC_POOL_ALSO:
            return _not_here()
        return None
    if pool == "staff":
        path = request.full_path if request.query_string else request.path
        return redirect(current_app.config["PUBLIC_URL"].rstrip("/") + path, 308)
    slots = current_app.extensions[SLOTS]
    if not slots.acquire(blocking=False):
        return refused(BUSY)
    g.survey_slot = slots
    return None


def _leave(exc) -> None:
    """Runs after every request, an exception in the view included."""
    slots = g.pop("survey_slot", None)
    if slots is not None:
        slots.release()


def refused(refusal: Refusal):
    """The refusal page in Indonesian and English, rendered once per worker, mount point and method."""
    posted = request.method == "POST"
    key = (refusal.code, posted, request.script_root)
    pages = current_app.extensions[PAGES]
    page = pages.get(key)
    if page is None:
        texts = []
        for language in LANGUAGES:
            with force_locale(language):
                texts.append((language, str(refusal.heading), str(refusal.message), str(NOT_SENT) if posted else ""))
        # Not render_template: its context processors would read the session and the logged-in user.
        page = pages[key] = current_app.jinja_env.get_template("survey/refused.html").render(texts=texts)
    headers = {"Cache-Control": "no-store"}
    if refusal.retry_after:
        headers["Retry-After"] = str(refusal.retry_after)
    return current_app.response_class(page, refusal.status, headers, mimetype="text/html")


NOT_HERE = ("Halaman tidak ditemukan di alamat survei ini.\n"
            "Page not found at this survey address.\n")


def _not_here():
    """The public pool's answer to anything but the survey: no template, session or database."""
    return current_app.response_class(NOT_HERE, 404, {"Cache-Control": "no-store"}, mimetype="text/plain")
