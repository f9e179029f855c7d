"""Request parameters that come from outside: ids, page numbers, redirect targets.

Whatever a person or a script sends must give a 400/404 or a message, never a
500: ids are bounded to what the database columns hold, and a redirect target
is accepted only as a local path.
"""
from __future__ import annotations

from urllib.parse import unquote, urlsplit

from flask import request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL INTEGER; larger ids cannot exist
MAX_PAGE = 100_000


def to_id(value) -> int | None:
    """A database id from text, or None when it is not one (never raises)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def arg_id(name: str) -> int | None:
    return to_id(request.args.get(name))


def arg_int(name: str, default: int | None = None, lowest: int = 1, highest: int = MAX_PAGE) -> int | None:
    """An integer query argument within bounds; ``default`` when absent or out of range."""
    try:
        number = int(request.args.get(name, ""))
    except ValueError:
        return default
    return number if lowest <= number <= highest else default


def safe_next(target: str | None) -> str | None:
    """``target`` when it is a path on this site, else None.

    Browsers drop tabs and newlines and read ``\\`` as ``/``, so ``/\\t/evil.example``
    is ``//evil.example`` to them: anything with a control character, a space or a
    backslash is refused before the path is checked.
    """
    if not target or len(target) > 2000:
        return None
    for form in (target, unquote(target)):  # an encoded tab is still a tab to some clients
        if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 or ch == "\\" for ch in form):
            return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or target.startswith("//"):
        return None
    return target


class BoundedIntConverter(IntegerConverter):
    """``<int:…>`` in routes, refusing (404) numbers no id column can hold."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(url_map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)
