"""The write path: every state change, one function each.

The convention, for every public function of this package:

- **One call, one transaction, committed by the function.** It asks the access
  policy (``access.require``: 404 where the user may not see the object, else
  403), changes the rows, writes the audit entry (``models.audit.record``) and
  queues the notifications (``notify.notify``; mail goes out only after the
  commit), then commits. When it raises (a refusal, an access abort, a database
  error) it has rolled back: nothing of it is written and no mail is sent.
  Callers (views, the CLI, tests) never commit or roll back around it, and one
  workflow function never calls another (modules share private helpers instead).
- **Arguments:** the row acted on first (the plan, the evaluation, the employee,
  the review period …), then the acting user, then plain parsed values. Views
  parse forms and load rows by id; workflow functions never see a form or the
  request, and check again that the rows they are given belong together.
- **Refusals speak to the user:** :class:`TransitionError` carries translated
  messages for the page (``messages``), for form fields (``fields``; the view
  calls ``exc.on(form)``) and values the form must show again (``data``).
  :class:`AlreadyDone` is the same change arriving twice (a form sent twice, a
  race with another tab); views show it as information, not as an error.
- Notification links come from ``url_for``, so a function that notifies runs in
  a request context (tests use ``app.test_request_context()``); ``remind``, which
  runs from cron, builds its links itself.

Modules: ``plan`` (create, submit, approve, return, revise), ``plan_content``
(settings, RHK, indicators), ``realization`` (a realisation with its evidence),
``feedback`` (feedback, replies, dialogues, peer input), ``notifications``,
``evaluation`` (self-assessment, rating, finalisation, objection, development
plan), ``calibration``, ``development`` (development items as rows, completed development in JP, an item
taken into next year's SKP), ``deadlines`` (input deadlines, reopening, reminders), ``requests``
(asking the agency admin to reopen a closed period, and the decision),
``admin`` (agencies, units, positions, employees, accounts, goals, periods; what a supervisor may be),
``plugins`` (the province admin switching an agency's use of a plugin),
``hierarchy`` (the guardrails' one-click fixes and reminders, "this is not my supervisor" and its decision),
``ikm`` (the public satisfaction survey: a unit's survey opened and closed, anonymous answers),
``api_tokens`` (the JSON API's tokens made and revoked, and its refusals audited),
``imports`` (an agency's employees from a file, all or nothing; one's own realisations from the export),
``programme`` (programmes across agencies: created, their members and shared RHK),
``standing`` (the attainment read model, kept by every commit that touches what it is computed from: not a
function to call, but session hooks and ``refresh``) and ``sessions`` (logins, logouts, the interface language).
"""
from . import (
    admin,
    api_tokens,
    calibration,
    deadlines,
    development,
    evaluation,
    feedback,
    hierarchy,
    ikm,
    imports,
    late_reminders,
    notifications,
    plan,
    plan_content,
    plugins,
    programme,
    realization,
    requests,
    sessions,
    status,
)
from .base import AlreadyDone, TransitionError, transaction, transition
from .plan import approve, create, return_, revise, submission_problems, submit, upsert_texts

__all__ = ["AlreadyDone", "TransitionError", "admin", "api_tokens", "approve", "calibration", "create", "deadlines",
           "development", "evaluation",
           "feedback", "hierarchy", "ikm", "imports", "late_reminders", "notifications", "plan", "plan_content",
           "plugins", "realization",
           "programme",
           "requests", "return_", "revise", "sessions", "status",
           "submission_problems", "submit", "transaction", "transition",
           "upsert_texts"]
