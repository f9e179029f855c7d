"""Streamed CSV and xlsx responses that never hold a whole list in memory.

Rows come from an iterator (a query run with ``yield_per``: one statement, read in batches); the CSV is
written and sent a batch of rows at a time; the xlsx is built by openpyxl's write-only workbook, which
keeps each sheet's rows in a temporary file rather than in memory, then sent from that file in chunks.
See ``export.columns`` for the CSV dialect (UTF-8 with BOM; ``;`` and decimal comma in Indonesian).
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

from flask import Response, stream_with_context

from ..clock import local_time, today
from ..ui import locale_name

BATCH = 500  # rows per read from the database and per CSV chunk
CHUNK = 64 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("xlsx", "csv")
# a cell starting with one of these is a formula to Excel and LibreOffice: user text must not become one
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """User text as inert text: ``=HYPERLINK(...)`` in a name would otherwise run when the file is opened."""
    return "'" + value if value.startswith(FORMULA_START) else value


def cell(value):
    """A value as an xlsx cell holds it: numbers stay numbers, timestamps in Jakarta time, text made inert."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal | int | float):
        return value
    if isinstance(value, datetime):
        return local_time(value).replace(tzinfo=None)  # Excel has no time zones: Jakarta time
    if isinstance(value, date):
        return value
    return safe_text(str(value))


def csv_dialect() -> tuple[str, str]:
    """(delimiter, decimal sign) for the user's language, as Excel with those regional settings reads them."""
    return (";", ",") if locale_name() == "id" else (",", ".")


def csv_text(value, point: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal | float):
        return format(Decimal(str(value)).normalize(), "f").replace(".", point)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        return local_time(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return safe_text(str(value))


def header(columns, keys: bool) -> list[str]:
    return [c.key if keys else str(c.label) for c in columns]


def csv_chunks(columns, rows: Iterable, keys: bool = False) -> Iterator[bytes]:
    """The CSV, a batch of rows at a time, UTF-8 with a byte order mark."""
    delimiter, point = csv_dialect()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header(columns, keys))
    yield b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    for n, row in enumerate(rows, 1):
        writer.writerow([csv_text(c.get(row), point) for c in columns])
        if n % BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def xlsx_chunks(sheets) -> Iterator[bytes]:
    """An xlsx of ``sheets`` [(title, columns, rows, header_is_keys)], written with openpyxl's write-only
    workbook into a temporary file, then read back in chunks; the file is removed when the download ends."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, columns, rows, keys in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        head = []
        for text in header(columns, keys):
            c = WriteOnlyCell(sheet, value=text)
            c.font = bold
            head.append(c)
        sheet.append(head)
        for row in rows:
            sheet.append([cell(c.get(row)) for c in columns])
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        book.save(path)
        with open(path, "rb") as f:
            while block := f.read(CHUNK):
                yield block
    finally:
        os.unlink(path)


def filename(*parts) -> str:
    """``realisasi-dinkes-2026-20261123``: the list, its agency/year/person, and the date of the export."""
    words = [str(p) for p in parts if p not in (None, "")] + [today().strftime("%Y%m%d")]
    return "-".join("".join(ch if ch.isalnum() or ch in "._" else "-" for ch in w) for w in words)


def response(fmt: str, name: str, sheets) -> Response:
    """A streamed download of ``sheets`` as ``fmt`` (a CSV holds the first sheet only)."""
    if fmt == "csv":
        _title, columns, rows, keys = sheets[0]
        body, mimetype = csv_chunks(columns, rows, keys), "text/csv; charset=utf-8"
    else:
        body, mimetype = xlsx_chunks(sheets), XLSX
    out = Response(stream_with_context(body), mimetype=mimetype)
    full = f"{name}.{fmt}"
    out.headers["Content-Disposition"] = f"attachment; filename=\"{full}\"; filename*=UTF-8''{quote(full)}"
    out.headers["Cache-Control"] = "no-store"
    return out
