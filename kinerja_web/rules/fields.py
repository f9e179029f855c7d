"""Plugin form fields: converting what a person typed, and deriving a value from a ratio.

Plain functions: the realisation form, the import and the plugin test runner
(``kinerja_web.testing``) all convert and derive the same way. Messages are
marked for translation; outside a request they read in English.
"""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l

from .notation import parse_decimal
from .types import FormField, Ratio

KINDS = ("integer", "decimal", "text", "choice")


class FieldError(ValueError):
    """A field value the host refuses, with a message for the person typing."""


def convert(spec: FormField, raw) -> Decimal | str | None:
    """The value of one field by its kind; None when left empty. Raises :class:`FieldError`."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        if spec.required:
            raise FieldError(_l("%(field)s is required.", field=spec.label))
        return None
    if spec.kind in ("integer", "decimal"):
        try:  # Indonesian notation as people type it: 1.234,5 and 24.000 (twenty-four thousand)
            value = parse_decimal(text)
        except ValueError:
            raise FieldError(_l("%(field)s must be a number.", field=spec.label)) from None
        if spec.kind == "integer" and value != value.to_integral_value():
            raise FieldError(_l("%(field)s must be a whole number.", field=spec.label))
        if spec.minimum is not None and value < spec.minimum:
            raise FieldError(_l("%(field)s must be at least %(limit)s.", field=spec.label, limit=spec.minimum))
        if spec.maximum is not None and value > spec.maximum:
            raise FieldError(_l("%(field)s must be at most %(limit)s.", field=spec.label, limit=spec.maximum))
        return value
    if len(text) > spec.max_length:
        raise FieldError(_l("%(field)s takes at most %(limit)s characters.", field=spec.label, limit=spec.max_length))
    if spec.kind == "choice" and text not in {v for v, _ in spec.choices}:
        raise FieldError(_l("Choose %(field)s from the list.", field=spec.label))
    return text


def derive(ratio: Ratio, values: dict) -> Decimal:
    """``numerator / denominator × per`` from converted field values. Raises :class:`FieldError`."""
    numerator, denominator = values.get(ratio.numerator), values.get(ratio.denominator)
    if numerator is None or denominator is None:
        raise FieldError(_l("Fill in both numbers: this value is computed from them."))
    if denominator == 0:
        raise FieldError(_l("The denominator cannot be 0."))
    return Decimal(numerator) / Decimal(denominator) * ratio.per


def stored(values: dict) -> dict:
    """Field values as stored in JSON: numbers as strings, exact."""
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items() if v is not None}
