"""Checking an uploaded progres harian sheet (``export.columns.PROGRESS``) of one's own SKP.

A row with an ``entry_id`` is an update of that entry of this SKP; a row with the entry's stored values is
unchanged (an exported sheet uploaded back as it is changes nothing). A row without an ``entry_id`` is a new
entry, so a row copied from another file becomes a second entry rather than overwriting the first. Rows
whose first cell starts with ``#`` are hints (the template has them) and are skipped. The indicator is found
by ``indicator_id``, else by ``indicator_code`` (the catalogue code), else by its exact name. Every row is
checked as the daily progress form checks it (``workflow.daily``: the date in an open review period and not
ahead of today, the end after the start, whole numbers for a summed indicator, http/https links).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..extensions import db
from ..forms import MAX_NUMBER
from ..models import Plan, ProgressEntry
from ..queries import action_plans as plans_q
from ..queries import daily as daily_q
from ..queries import progress as prog
from ..workflow import daily as flow
from .reading import Table, normalise
from .realizations import _number

MAX_ROWS = 3000  # a year of a busy person's entries is about 1,500
NEEDED = ("day", "activity")
LIMITS = {"activity": 500, "unit": 40, "link": 1000}
LINK = re.compile(r"^https?://[^\s<>\"']+$")
TIME = re.compile(r"(?:^|\s)(\d{1,2})[:.](\d{2})(?:[:.]\d{2}(?:\.\d+)?)?$")
# the sheet's keys, and the Indonesian headers of a sheet someone kept on their own
ALIASES = {"action_plan_id": ("id_rencana_aksi",),
           "entry_id": ("id_entri", "id"), "day": ("tanggal", "date"), "starts_at": ("mulai", "jam_mulai", "start"),
           "ends_at": ("selesai", "jam_selesai", "end"), "activity": ("kegiatan", "uraian_kegiatan", "aktivitas"),
           "indicator_id": ("id_iki",), "indicator_code": ("kode_iki", "kode_katalog"),
           "indicator": ("iki", "indikator"), "quantity": ("jumlah", "realisasi", "kuantitas"),
           "unit": ("satuan",), "link": ("tautan", "bukti_dukung", "tautan_bukti", "link_bukti")}
NAMES = {name: key for key, names in ALIASES.items() for name in (key, *names)}

MESSAGES = {
    "missing_columns": _l("Required columns are missing: %(columns)s. Download the template to see them."),
    "no_rows": _l("The file has no data rows."),
    "too_many_rows": _l("The file has more than %(max)d rows."),
    "unknown_entry": _l("Entry %(id)s is not an entry of this SKP: leave entry_id empty for a new entry."),
    "duplicate_entry": _l("Entry %(id)s is also in row %(row)d."),
    "entry_closed": _l("This entry's review period is closed for input: it can no longer be changed."),
    "date": _l("Enter a date such as 2026-04-10 (or 10-04-2026)."),
    "time": _l("Enter a time such as 08:30."),
    "activity": _l("Describe the activity."),
    "too_long": _l("At most %(max)d characters."),
    "unknown_indicator": _l("Unknown indicator \"%(value)s\": use the indicator_id of an indicator of this SKP "
                            "that takes progress (the template lists them)."),
    "number": _l("Enter a number, for example 12.5."),
    "negative": _l("The number cannot be negative."),
    "too_large": _l("The number is too large."),
    "link": _l("Enter a full link starting with http:// or https://."),
    "unknown_action_plan": _l("Action plan %(id)s is not an action plan of this SKP for this date's review period."),
}
FIELDS = ("day", "starts_at", "ends_at", "activity", "indicator_id", "quantity", "unit", "link", "action_plan_id")


@dataclass
class Sheet:
    rows: int = 0
    file_errors: list[tuple[str, dict]] = field(default_factory=list)
    errors: list[tuple[int, str, str, dict]] = field(default_factory=list)  # (row, column, code, params)
    added: list[tuple[int, flow.Row]] = field(default_factory=list)
    changed: list[tuple[int, ProgressEntry, flow.Row]] = field(default_factory=list)
    unchanged: int = 0
    names: dict[int, str] = field(default_factory=dict)  # indicator id -> name, for the preview

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    def summary(self) -> dict:
        """What the preview shows and the confirmation compares, as JSON."""
        def shown(number, row, entry=None):
            out = {"row": number, "entry_id": entry.id if entry else None, **_plain(row),
                   "indicator": self.names.get(row.indicator_id, "")}
            if entry is not None:  # what is stored now, so a confirmation after someone else's edit is refused
                out["was"] = _plain(_stored(entry))
                out["fields"] = [f for f in FIELDS if f in out and out[f] != out["was"][f]]
            return out

        return {"ok": self.ok, "rows": self.rows, "file_errors": self.file_errors,
                "errors": [list(e) for e in self.errors], "unchanged": self.unchanged,
                "added": [shown(n, row) for n, row in self.added],
                "changed": [shown(n, row, entry) for n, entry, row in self.changed]}


def shown(code: str, params: dict) -> str:
    """An error's text in the current language (codes of this module and of ``workflow.daily.PROBLEMS``)."""
    text = str(MESSAGES[code] if code in MESSAGES else flow.PROBLEMS[code])
    return text % params if params else text


def _plain(row: flow.Row) -> dict:
    """The row as JSON; ``action_plan_id`` is left out when the sheet has no such column (the link is kept)."""
    return {**({} if row.action_plan_id is flow.KEEP else {"action_plan_id": row.action_plan_id}),
            "day": row.day.isoformat(), "starts_at": row.starts_at.strftime("%H:%M") if row.starts_at else "",
            "ends_at": row.ends_at.strftime("%H:%M") if row.ends_at else "", "activity": row.activity,
            "indicator_id": row.indicator_id,
            "quantity": None if row.quantity is None else format(row.quantity.normalize(), "f"),
            "unit": row.unit, "link": row.link}


def _stored(entry: ProgressEntry) -> flow.Row:
    return flow.Row(day=entry.day, activity=entry.activity, indicator_id=entry.indicator_id, starts_at=entry.starts_at,
                    ends_at=entry.ends_at, quantity=entry.quantity, unit=entry.unit, link=entry.link,
                    action_plan_id=entry.action_plan_id)


def parse_day(text: str) -> date:
    text = text.strip().split(" ")[0].split("T")[0]
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_time(text: str) -> time:
    match = TIME.search(text.strip())
    if match is None:
        raise ValueError(text)
    return time(int(match[1]), int(match[2]))  # raises ValueError past 23:59


def _indicator(cell: dict, indicators: list) -> tuple[int | None, bool]:
    """(indicator id or None, found): by id, else catalogue code, else the exact name (case aside)."""
    if cell.get("indicator_id"):
        text = cell["indicator_id"]
        match = [i for i in indicators if text.isdigit() and i.id == int(text)]
    elif cell.get("indicator_code"):
        match = [i for i in indicators if (i.catalogue_code or "").lower() == cell["indicator_code"].lower()]
    elif cell.get("indicator"):
        match = [i for i in indicators if i.name.strip().lower() == cell["indicator"].lower()]
    else:
        return None, True
    return (match[0].id, True) if len(match) == 1 else (None, False)


def _action_plan(cell: dict, day: date | None, served: dict):
    """The action plan a row names: KEEP without the column, None when empty, else its id (or a ValueError when
    it is not one of this SKP's plans in the review period of ``day``)."""
    if "action_plan_id" not in cell:
        return flow.KEEP
    text = cell["action_plan_id"]
    if not text:
        return None
    chosen = served.get(int(text)) if text.isdigit() else None
    if chosen is None or (day is not None and not chosen.review.starts_on <= day <= chosen.review.ends_on):
        raise ValueError(text)
    return chosen.id


def _parse(number: int, cell: dict, indicators, point_decimal: bool, out: Sheet, served: dict) -> flow.Row | None:
    """The row as the workflow takes it, or None after adding its errors to ``out``."""
    errors = []
    values: dict = {}
    try:
        values["day"] = parse_day(cell["day"]) if cell["day"] else None
    except ValueError:
        values["day"] = None
    if values["day"] is None:
        errors.append(("day", "date", {}))
    for key in ("starts_at", "ends_at"):
        try:
            values[key] = parse_time(cell[key]) if cell.get(key) else None
        except ValueError:
            errors.append((key, "time", {}))
    if not cell["activity"]:
        errors.append(("activity", "activity", {}))
    for key, limit in LIMITS.items():
        if len(cell.get(key, "")) > limit:
            errors.append((key, "too_long", {"max": limit}))
    values["indicator_id"], found = _indicator(cell, indicators)
    if not found:
        shown_as = cell.get("indicator_id") or cell.get("indicator_code") or cell.get("indicator")
        errors.append(("indicator_id", "unknown_indicator", {"value": shown_as[:80]}))
    values["quantity"] = None
    if cell.get("quantity"):
        try:
            quantity = _number(cell["quantity"], point_decimal)
        except ValueError:
            errors.append(("quantity", "number", {}))
        else:
            if quantity < 0 or quantity > MAX_NUMBER:
                errors.append(("quantity", "negative" if quantity < 0 else "too_large", {}))
            values["quantity"] = quantity
    if cell.get("link") and not LINK.match(cell["link"]):
        errors.append(("link", "link", {}))
    try:
        values["action_plan_id"] = _action_plan(cell, values["day"], served)
    except ValueError:
        errors.append(("action_plan_id", "unknown_action_plan", {"id": cell["action_plan_id"][:20]}))
    out.errors.extend((number, column, code, params) for column, code, params in errors)
    if errors:
        return None
    return flow.Row(day=values["day"], activity=cell["activity"], indicator_id=values["indicator_id"],
                    starts_at=values["starts_at"], ends_at=values["ends_at"], quantity=values["quantity"],
                    unit=cell.get("unit", ""), link=cell.get("link", ""), action_plan_id=values["action_plan_id"])


def _same(entry: ProgressEntry, row: flow.Row, units: dict) -> bool:
    unit = row.unit or (units.get(row.indicator_id, "") if row.quantity is not None else "")
    stored = _plain(_stored(entry) if row.action_plan_id is not flow.KEEP
                    else replace(_stored(entry), action_plan_id=flow.KEEP))
    return stored == {**_plain(row), "unit": unit}


def check(table: Table, plan: Plan) -> Sheet:
    """The sheet against the SKP as stored now (the same check runs again at the confirmation); a fixed
    number of statements whatever the number of rows."""
    out = Sheet(rows=len(table.rows))
    keys = [NAMES.get(normalise(h), "") for h in table.header]
    missing = [k for k in NEEDED if k not in keys]
    if missing:
        out.file_errors.append(("missing_columns", {"columns": ", ".join(missing)}))
        return out
    rows = [(n, values) for n, values in table.rows if not (values and values[0].strip().startswith("#"))]
    if not rows:
        out.file_errors.append(("no_rows", {}))
        return out
    if len(rows) > MAX_ROWS:
        out.file_errors.append(("too_many_rows", {"max": MAX_ROWS}))
        return out
    at = {k: keys.index(k) for k in NAMES.values() if k in keys}
    indicators = daily_q.countable(plan, [i for r in plan.results for i in r.indicators])
    out.names = {i.id: i.name for i in indicators}
    units = {i.id: i.unit for i in indicators}
    cells = [(n, {k: (values[i] if i < len(values) else "").strip() for k, i in at.items()}) for n, values in rows]
    ids = {int(c["entry_id"]) for _, c in cells if c.get("entry_id", "").isdigit()}
    entries = {e.id: e for e in db.session.scalars(
        select(ProgressEntry).where(ProgressEntry.plan_id == plan.id, ProgressEntry.id.in_(ids)))} if ids else {}
    reviews = prog.reviews_by_period([plan.period_id]).get(plan.period_id, [])
    by_id = {r.id: r for r in reviews}
    served = ({p.id: p for p in plans_q.choices(plan.id, list(by_id))} if "action_plan_id" in at else {})
    closed: dict[int, bool] = {}

    def is_closed(review) -> bool:
        if review.id not in closed:
            closed[review.id] = flow.is_closed(plan, review)
        return closed[review.id]

    seen: dict[int, int] = {}
    for number, cell in cells:
        entry = None
        if cell.get("entry_id"):
            text = cell["entry_id"]
            entry = entries.get(int(text)) if text.isdigit() else None
            if entry is None:
                out.errors.append((number, "entry_id", "unknown_entry", {"id": text[:20]}))
                continue
            if entry.id in seen:
                out.errors.append((number, "entry_id", "duplicate_entry", {"id": entry.id, "row": seen[entry.id]}))
                continue
            seen[entry.id] = number
        row = _parse(number, cell, indicators, table.point_decimal, out, served)
        if row is None:
            continue
        if entry is not None and _same(entry, row, units):
            out.unchanged += 1
            continue
        if entry is not None and is_closed(by_id[entry.review_id]):
            out.errors.append((number, "entry_id", "entry_closed", {}))
            continue
        review = next((r for r in reviews if r.starts_on <= row.day <= r.ends_on), None)
        ind = next((i for i in indicators if i.id == row.indicator_id), None)
        problems = flow.problem_codes(row, review, review is not None and is_closed(review), ind)
        if problems:
            out.errors.extend((number, name, code, {}) for name, code in problems.items())
            continue
        if entry is None:
            out.added.append((number, row))
        else:
            out.changed.append((number, entry, row))
    return out
