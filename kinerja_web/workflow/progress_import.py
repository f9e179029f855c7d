"""Importing progres harian from a sheet: the rows the preview showed, added and changed in one transaction."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .. import access
from ..extensions import db
from ..imports.progress import check
from ..imports.reading import Table
from ..models import Plan, ProgressEntry
from ..models.audit import record
from .base import TransitionError, transaction
from .daily import _fill, _place, _snapshot


def _cells(summary: dict) -> list:
    return [summary["added"], summary["changed"]]


def import_progress(plan: Plan, actor, table: Table, *, expected: dict, filename: str = "") -> tuple[int, int]:
    """Add the sheet's new entries and change the updated ones, each as the progress form would, all or none;
    ``expected`` is the preview's summary: if the sheet now gives anything else (an entry changed or a period
    closed meanwhile), nothing is stored. Returns (added, changed)."""
    access.require(actor, "progress.write", plan)
    sheet = check(table, plan)
    if not sheet.ok or _cells(sheet.summary()) != _cells(expected):
        raise TransitionError([_l("Your progress changed since the preview (an entry was saved or a period "
                                  "closed): nothing was imported. Upload the file again to check it.")])
    rows = [row for _, row in sheet.added] + [row for _, _, row in sheet.changed]
    placed, indicators = _place(plan, rows)  # the form's own checks, once more, inside the write path
    with transaction():
        for (_, row), review in zip(sheet.added, placed, strict=False):
            entry = ProgressEntry(plan_id=plan.id, created_by_id=actor.id)
            _fill(entry, row, review, indicators.get(row.indicator_id))
            db.session.add(entry)
            record(actor, "progress.add", entry, after=_snapshot(entry), agency_id=plan.agency_id, note="import")
        for (_, entry, row), review in zip(sheet.changed, placed[len(sheet.added):], strict=True):
            before = _snapshot(entry)
            _fill(entry, row, review, indicators.get(row.indicator_id))
            record(actor, "progress.edit", entry, before=before, after=_snapshot(entry), agency_id=plan.agency_id,
                   note="import")
        record(actor, "progress.import", plan, after={"file": filename[:200], "added": len(sheet.added),
                                                      "changed": len(sheet.changed), "unchanged": sheet.unchanged},
               agency_id=plan.agency_id)
    return len(sheet.added), len(sheet.changed)
