"""Reading a number as people type it, in Indonesian or English notation.

Shared by the host's number fields (``forms.LocalDecimalField``) and the plugins'
form fields (``rules.fields``), so "1.234,5" and "24.000" mean the same everywhere.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

THOUSANDS = re.compile(r"-?\d{1,3}(\.\d{3})+")


def parse_decimal(raw: str) -> Decimal:
    """Read ``12,5``, ``1.234,5``, ``1234.5``, ``12.5`` or ``24.000`` (twenty-four thousand); raise
    ValueError otherwise."""
    text = raw.strip().replace(" ", "").replace("\u00a0", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif THOUSANDS.fullmatch(text):
        text = text.replace(".", "")  # 1.200 is twelve hundred in Indonesian
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(raw) from None
    if not value.is_finite():
        raise ValueError(raw)
    return value
