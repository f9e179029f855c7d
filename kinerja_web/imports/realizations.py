"""Checking a filled-in realisation sheet (``export.columns.REALIZATION``) of one's own plan.

Each row names its cell by ``plan_id``, ``indicator_id`` and ``review_id``; only ``value`` (and ``note``)
is read. A row is checked as the realisation form checks a value: a number, not negative, not too large,
the period open, the agency plugins' own checks, evidence where the indicator requires it. Rows with an
empty value, or the value and note already stored, change nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..export.columns import REALIZATION_KEYS
from ..extensions import db
from ..forms import MAX_NUMBER
from ..models import Plan, PlanIndicator, Realization, ReviewPeriod, WorkResult
from ..rules.notation import parse_decimal
from ..workflow.base import TransitionError
from .reading import Table, normalise

NEEDED = ("plan_id", "indicator_id", "review_id", "value")
PLAIN = re.compile(r"^-?\d+(\.\d+)?$")

MESSAGES = {
    "missing_columns": _l("Required columns are missing: %(columns)s. Use the realisation sheet exported from "
                          "this SKP."),
    "no_rows": _l("The file has no data rows."),
    "other_plan": _l("This row belongs to another SKP (plan_id %(plan)s)."),
    "unknown_cell": _l("This indicator or review period is not in this SKP."),
    "duplicate": _l("The same indicator and period are also in row %(row)d."),
    "number": _l("Enter a number, for example 12.5."),
    "negative": _l("The number cannot be negative."),
    "too_large": _l("The number is too large."),
    "derived": _l("This indicator's value comes from its own fields or from the survey: enter it on its "
                  "realisation page."),
    "evidence": _l("This indicator requires evidence: add it on the realisation page first."),
    "note_long": _l("Note: at most %(max)d characters."),
}


@dataclass
class Sheet:
    rows: int = 0
    file_errors: list[tuple[str, dict]] = field(default_factory=list)
    errors: list[tuple[int, str, str, dict]] = field(default_factory=list)  # (row, column, code or "text", params)
    changes: list[dict] = field(default_factory=list)  # {row, indicator_id, review_id, value, note, old, version}

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors


def shown(code: str, params: dict) -> str:
    """An error's text in the current language; plugin and period messages are stored as text."""
    if code == "text":
        return params["text"]
    text = str(MESSAGES[code])
    return text % params if params else text


def _number(text: str, point_decimal: bool) -> Decimal:
    if point_decimal and PLAIN.match(text):
        return Decimal(text)
    try:
        return parse_decimal(text)
    except (ValueError, InvalidOperation):
        raise ValueError(text) from None


def check(table: Table, plan: Plan) -> Sheet:
    """The sheet against the plan as stored now (the same check runs again at the confirmation)."""
    from ..execution.plugin_fields import for_indicator
    from ..workflow.realization import _require_open, plugin_messages

    out = Sheet(rows=len(table.rows))
    keys = [normalise(h) for h in table.header]
    missing = [k for k in NEEDED if k not in keys]
    if missing:
        out.file_errors.append(("missing_columns", {"columns": ", ".join(missing)}))
        return out
    if not table.rows:
        out.file_errors.append(("no_rows", {}))
        return out
    at = {k: keys.index(k) for k in REALIZATION_KEYS if k in keys}
    indicators = {i.id: i for i in db.session.scalars(
        select(PlanIndicator).join(WorkResult).where(WorkResult.plan_id == plan.id))}
    reviews = {r.id: r for r in db.session.scalars(
        select(ReviewPeriod).where(ReviewPeriod.period_id == plan.period_id))}
    stored = {(r.indicator_id, r.review_id): r for r in db.session.scalars(
        select(Realization).where(Realization.indicator_id.in_(list(indicators) or [0]))
        .options(selectinload(Realization.evidence)))}
    parts, seen = {}, {}
    for number, values in table.rows:
        cell = {k: (values[i] if i < len(values) else "").strip() for k, i in at.items()}
        if not cell["value"]:
            continue
        if cell["plan_id"] != str(plan.id):
            out.errors.append((number, "plan_id", "other_plan", {"plan": cell["plan_id"][:20]}))
            continue
        ind = indicators.get(int(cell["indicator_id"])) if cell["indicator_id"].isdigit() else None
        review = reviews.get(int(cell["review_id"])) if cell["review_id"].isdigit() else None
        if ind is None or review is None:
            out.errors.append((number, "indicator_id", "unknown_cell", {}))
            continue
        if (ind.id, review.id) in seen:
            out.errors.append((number, "indicator_id", "duplicate", {"row": seen[ind.id, review.id]}))
            continue
        seen[ind.id, review.id] = number
        try:
            value = _number(cell["value"], table.point_decimal)
        except ValueError:
            out.errors.append((number, "value", "number", {}))
            continue
        if value < 0 or value > MAX_NUMBER:
            out.errors.append((number, "value", "negative" if value < 0 else "too_large", {}))
            continue
        note = cell.get("note", "")
        if len(note) > 2000:
            out.errors.append((number, "note", "note_long", {"max": 2000}))
            continue
        real = stored.get((ind.id, review.id))
        if real is not None and real.value == value and (not note or note == real.note):
            continue  # already stored
        if ind.id not in parts:
            parts[ind.id] = for_indicator(plan, ind, real)
        if parts[ind.id].fields or parts[ind.id].feed:
            out.errors.append((number, "value", "derived", {}))
            continue
        try:
            _require_open(plan, review)
        except TransitionError as exc:
            out.errors.append((number, "review_id", "text", {"text": " ".join(str(m) for m in exc.messages)}))
            continue
        problems = plugin_messages(plan, ind, value)
        if problems:
            out.errors.append((number, "value", "text", {"text": " ".join(problems)}))
            continue
        if ind.evidence_required and not (real and real.evidence):
            out.errors.append((number, "value", "evidence", {}))
            continue
        out.changes.append({"row": number, "indicator_id": ind.id, "review_id": review.id, "value": str(value),
                            "note": note if note else (real.note if real else ""), "indicator": ind.name,
                            "review": review.name, "old": None if real is None or real.value is None
                            else str(real.value), "version": real.version if real else 0})
    return out
