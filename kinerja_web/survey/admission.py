"""Who gets into the public survey, and what a visitor who does not is shown.

A web worker has a few threads for everyone. Without a bound, a flood of survey requests fills them
all and the staff wait behind it; so each worker process lets at most ``IKM_MAX_CONCURRENT`` public
survey requests in at once (default 1), and one more is answered at once with 503 and
``Retry-After``. The staff pages, the survey's results among them, never take a slot.

A refusal (this 503, or the per-address rate limit's 429) costs as little as possible: the page is
built once per worker in both languages, so no session, form or database is read to answer it.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass

from flask import current_app, g, request
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString

# The endpoints anyone may open without logging in; results.py's staff pages are not among them.
PUBLIC = frozenset({"survey.answer", "survey.thanks", "survey.short"})
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
    app.extensions[SLOTS] = threading.BoundedSemaphore(int(app.config.get("IKM_MAX_CONCURRENT", 1)))
    app.extensions[PAGES] = {}
    app.before_request(_admit)
    app.teardown_request(_leave)


def _admit():
    """Take one of the worker's survey slots without waiting, or refuse at once."""
    if request.endpoint not in PUBLIC:
        return None
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
