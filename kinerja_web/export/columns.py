"""The columns of every export, in one place: key, header label and how a row gives its value.

The realisation sheet (:data:`REALIZATION`) is the file staff fill in and import back
("no double input"); its header row is the column *keys*, the same in both languages, so an
import reads it by name whatever language the export was made in::

    plan_id  indicator_id  review_id  indicator_code  rhk  indicator  review  target  unit  value  note

``plan_id``, ``indicator_id`` and ``review_id`` identify the cell to write; ``value`` is the
current realisation (empty when none was entered) and the only column an import needs besides the
ids (``note`` is optional); the other columns are there to read. Every other export writes
translated labels in its header row (it is read by people, not imported).

CSV files are UTF-8 with a byte order mark (Excel then reads the accents right). Their delimiter and
decimal sign follow the export's language, because Excel reads a CSV with the list separator of the
computer's regional settings: Indonesian (``id-ID``) uses ``,`` as the decimal sign and so ``;`` between
fields (``1234,5;...``); English uses ``.`` and ``,``. Numbers have no thousands grouping. An import
should sniff the delimiter from the header row (``;`` or ``,``) and read both decimal signs.
xlsx cells hold real numbers, so they are the same in both languages.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # a lazy string: translated when the header is written
    get: Callable[[Any], Any]


def col(key: str, label, get=None) -> Column:
    """A column; by default the row's attribute (or mapping item) named ``key``."""
    if get is None:
        def get(row, _key=key):
            return row[_key] if isinstance(row, dict) else getattr(row, _key)
    return Column(key, label, get)


# --- the realisation sheet of one plan: exported to staff, imported back -----------------------------------------
# Rows are dicts built by export.lists.realization_rows (one per indicator and review period).
REALIZATION_KEYS = ("plan_id", "indicator_id", "review_id", "indicator_code", "rhk", "indicator", "review",
                    "target", "unit", "value", "note")
REALIZATION = tuple(col(key, key) for key in REALIZATION_KEYS)
HEADER_IS_KEYS = {"realisasi", "progres-harian"}  # the lists whose header row is the keys (imported back)


# --- the progres harian sheet of one plan: exported to staff, imported back (imports.progress) -------------------
# Rows of queries.daily.year_query; a row with an entry_id updates that entry, one without adds an entry.
def _clock(key: str):
    def get(row):
        value = row[key] if isinstance(row, dict) else getattr(row, key)
        return value.strftime("%H:%M") if hasattr(value, "strftime") else value  # a template's hint is text
    return get


PROGRESS_KEYS = ("entry_id", "day", "starts_at", "ends_at", "activity", "indicator_id", "indicator_code",
                 "indicator", "quantity", "unit", "link", "action_plan_id", "action_plan")
PROGRESS = tuple(col(key, key, _clock(key) if key in ("starts_at", "ends_at") else None) for key in PROGRESS_KEYS)


# --- the lists of the pages --------------------------------------------------------------------------------------
def _label(group: str):
    from ..ui import label

    return lambda code: str(label(group, code)) if code else ""


def _rating(code) -> str:
    from ..evaluation.service import RATING_LABELS

    return str(RATING_LABELS[code]) if code in RATING_LABELS else ""


def _predicate(code) -> str:
    from ..evaluation.service import PREDICATE_LABELS

    return str(PREDICATE_LABELS[code]) if code in PREDICATE_LABELS else ""


def _yes(flag) -> str:
    return str(_l("Yes") if flag else _l("No"))


_status, _approach, _ev_status = _label("status"), _label("approach"), _label("ev_status")

# Plan objects (queries.plans.my_plans, queries.queue.submitted_query)
PLANS = (
    col("plan_id", _l("SKP id"), lambda p: p.id),
    col("year", _l("Year"), lambda p: p.period.year),
    col("version", _l("Version")),
    col("nip", "NIP", lambda p: p.employee.nip),
    col("name", _l("Name"), lambda p: p.employee.name),
    col("position", _l("Position"), lambda p: p.employee.position.name if p.employee.position else ""),
    col("unit", _l("Unit"), lambda p: p.employee.unit.name if p.employee.unit else ""),
    col("approach", _l("Approach"), lambda p: _approach(p.approach)),
    col("status", _l("Status"), lambda p: _status(p.status)),
    col("submitted_at", _l("Submitted"), lambda p: p.submitted_at),
    col("decided_at", _l("Decided"), lambda p: p.decided_at),
)

# rows of queries.evaluations.team_rating_query
EVALUATIONS = (
    col("name", _l("Employee")),
    col("plan_id", _l("SKP id")),
    col("ready", _l("Ready"), lambda r: _yes(r.ready)),
    col("missing_values", _l("Realisations not entered")),
    col("missing_evidence", _l("Evidence missing")),
    col("self_assessed", _l("Self-assessed"), lambda r: _yes(r.self_assessed)),
    col("status", _l("Status"), lambda r: _ev_status(r.status) if r.status else str(_l("Not started"))),
    col("results_final", _l("Rating of results"), lambda r: _rating(r.results_final)),
    col("behaviour_final", _l("Rating of behaviour"), lambda r: _rating(r.behaviour_final)),
    col("predicate", _l("Predikat"), lambda r: _predicate(r.predicate)),
)

# (predicate code, count, percent) of evaluation.calibration.evaluate()["rows"]
DISTRIBUTION = (
    col("predicate", _l("Predikat"), lambda r: _predicate(r[0].value if hasattr(r[0], "value") else r[0])),
    col("count", _l("Employees"), lambda r: r[1]),
    col("percent", _l("Percent"), lambda r: round(r[2], 1)),
)
# (constraint in words, met, what would comply) of the same
CONSTRAINTS = (
    col("constraint", _l("Pattern"), lambda r: r[0]),
    col("met", _l("Met"), lambda r: _yes(r[1])),
    col("needed", _l("What complies"), lambda r: r[2]),
)


def recognition(allowances: dict) -> tuple:
    """Rows of queries.follow_up.results_query, with the allowance the agency's plugin maps to a predikat."""
    return (
        col("name", _l("Employee")),
        col("position", _l("Position")),
        col("predicate", _l("Predikat"), lambda r: _predicate(r.predicate)),
        *((col("allowance", _l("Allowance (%)"), lambda r: allowances.get(r.predicate)),) if allowances else ()),
    )


ACTION_TYPES = {"pelatihan": _l("Training"), "mentoring": _l("Mentoring"), "coaching": _l("Coaching")}

# dicts flattened from queries.follow_up.development_plans: one row per development action
DEVELOPMENT = (
    col("nip", "NIP"),
    col("name", _l("Employee")),
    col("position", _l("Position")),
    col("predicate", _l("Predikat"), lambda r: _predicate(r["predicate"])),
    col("area", _l("Area")),
    col("gap", _l("Gap")),
    col("action_type", _l("Kind of action"), lambda r: str(ACTION_TYPES.get(r["action_type"], r["action_type"]))),
    col("action", _l("Action")),
)


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str) if value else ""


# AuditEntry objects of queries.audit.audit_trail
AUDIT = (
    col("at", _l("When")),
    col("actor", _l("Who"), lambda e: e.actor.username if e.actor else ""),
    col("action", _l("Action")),
    col("object_type", _l("Object")),
    col("object_id", _l("Object id")),
    col("before", _l("Before"), lambda e: _json(e.before)),
    col("after", _l("After"), lambda e: _json(e.after)),
    col("note", _l("Note")),
)
