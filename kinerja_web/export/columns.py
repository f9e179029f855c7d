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
HEADER_IS_KEYS = {"realisasi"}  # the lists whose header row is the keys (imported back)
