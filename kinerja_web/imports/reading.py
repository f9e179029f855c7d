"""Reading an uploaded table (xlsx or CSV) into rows of text, refusing what is not one.

Every failure is a :class:`FileProblem` with a message for the person who uploaded the file;
nothing here raises anything else on a malformed file (an empty file, a binary renamed .xlsx,
a CSV in another encoding, a sheet without a header row).
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l

XLSX_MAGIC = b"PK\x03\x04"
MAX_COLUMNS = 60
FORMULA_START = ("=", "+", "-", "@")


class FileProblem(ValueError):
    """The file as a whole cannot be read; ``message`` says why, in the user's language."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass
class Table:
    """The header (as written in the file) and the data rows, each with its row number in the file."""

    header: list[str]
    rows: list[tuple[int, list[str]]]
    kind: str  # "xlsx" or "csv"
    delimiter: str = ""  # of a CSV

    @property
    def point_decimal(self) -> bool:
        """Numbers are written 1234.5 (xlsx cells, an English CSV); else 1234,5 (an Indonesian CSV, ``;``)."""
        return self.kind == "xlsx" or self.delimiter == ","


def cell_text(value) -> str:
    """A cell as text: numbers without a trailing .0, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if abs(value) >= 1e15:  # past a float's exact digits (an 18-digit NIP typed as a number): say so, not 000
            return repr(value)
        return format(Decimal(repr(value)).normalize(), "f") if value == value else ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    # an export makes text that Excel would run as a formula inert with a leading apostrophe; read it back
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_START else text


def read_table(data: bytes, filename: str = "") -> Table:
    """The first sheet of an xlsx, or a CSV (comma or semicolon, UTF-8 with or without BOM)."""
    if not data or not data.strip():
        raise FileProblem(_l("The file is empty."))
    if data.startswith(XLSX_MAGIC):
        return _read_xlsx(data)
    if filename.lower().endswith((".xlsx", ".xlsm")) or b"\x00" in data[:4096]:
        raise FileProblem(_l("This is not an Excel workbook (.xlsx) or a CSV file. Save it as .xlsx or CSV "
                             "(UTF-8) and upload it again."))
    return _read_csv(data)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, IndexError, AttributeError):
        raise FileProblem(_l("The Excel file cannot be opened: it is damaged or not an .xlsx workbook.")) from None
    except Exception:  # openpyxl raises many kinds on a crafted file; none of them is ours to show
        raise FileProblem(_l("The Excel file cannot be opened: it is damaged or not an .xlsx workbook.")) from None
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise FileProblem(_l("The workbook has no sheet."))
        lines = ((n, [cell_text(v) for v in values[:MAX_COLUMNS]])
                 for n, values in enumerate(sheet.iter_rows(values_only=True), start=1))
        return _table(lines, "xlsx")
    except FileProblem:
        raise
    except Exception:
        raise FileProblem(_l("The Excel file cannot be opened: it is damaged or not an .xlsx workbook.")) from None
    finally:
        book.close()


def _read_csv(data: bytes) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(_l("The CSV file is not in UTF-8. In Excel choose \"CSV UTF-8\" when saving.")) from None
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        lines = ((n, [cell_text(c) for c in values[:MAX_COLUMNS]]) for n, values in enumerate(reader, start=1))
        table = _table(lines, "csv")
        table.delimiter = delimiter
        return table
    except csv.Error:
        raise FileProblem(_l("The CSV file cannot be read: check its quotes and separators.")) from None


def _table(lines: Iterator[tuple[int, list[str]]], kind: str) -> Table:
    header = None
    rows = []
    for number, values in lines:
        if not any(values):
            continue
        if header is None:
            header = values
            continue
        rows.append((number, values))
    if header is None:
        raise FileProblem(_l("The file is empty."))
    return Table(header=header, rows=rows, kind=kind)


def normalise(name: str) -> str:
    """A header as a key: lower case, words joined by underscores ("NIP Atasan" -> "nip_atasan")."""
    return "_".join("".join(c if c.isalnum() else " " for c in (name or "").lower()).split())
