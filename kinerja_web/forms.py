"""Shared form pieces: a decimal field that reads Indonesian numbers, messages."""
from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from wtforms import Field, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, ValidationError

from .rules.notation import parse_decimal

MAX_NUMBER = Decimal("1000000000000")  # 10^12: anything above is a typo, not a target


def required():
    return DataRequired(message=_l("This field is required."))


def max_len(n: int):
    return Length(max=n, message=_l("At most %(max)d characters.", max=n))


class LocalDecimalField(StringField):
    """A number field that accepts Indonesian and English notation.

    ``data`` is a Decimal or None; bad text keeps what the user typed and gets a
    clear message instead of a 500.
    """

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        self.data = None
        if self.raw.strip():
            try:
                self.data = parse_decimal(self.raw)
            except ValueError:
                self.data = None
                raise ValueError(_l("Enter a number, for example 12.5.")) from None

    def _value(self):
        if getattr(self, "raw", None) is not None:
            return self.raw
        return "" if self.data is None else format(Decimal(self.data).normalize(), "f")


def non_negative_bounded(form, field):
    if field.data is None:
        return
    if field.data < 0:
        raise ValidationError(_l("The number cannot be negative."))
    if field.data > MAX_NUMBER:
        raise ValidationError(_l("The number is too large."))


def options(pairs) -> list[SelectChoice]:
    """Select choices from (value, label) pairs; labels may be lazy strings."""
    return [SelectChoice(value, label) for value, label in pairs]


def Select(label=None, validators=None, **kwargs):  # noqa: N802 (a field factory, used like a class)
    """A SelectField whose bad-value messages are translated."""
    kwargs.setdefault("invalid_choice_message", _l("Pick one of the options."))
    kwargs.setdefault("invalid_value_message", _l("Pick one of the options."))
    return SelectField(label, validators, **kwargs)


class IdListField(Field):
    """Checked people of a team list: ids posted as repeated values; anything else is a field error."""

    def process_formdata(self, valuelist):
        from .params import to_id

        ids = [to_id(v) for v in valuelist]
        self.data = [i for i in ids if i is not None]
        if len(self.data) != len(ids):
            self.data = []
            raise ValueError(_l("The list of people was not understood; choose them again."))

    def _value(self):
        return ""



def optional_nip(form, field):
    """A NIP that may be left empty: spaces are dropped; when given it has 18 digits.
    Who it belongs to (active, same agency) is the workflow's to check."""
    field.data = (field.data or "").replace(" ", "")
    if field.data and not (len(field.data) == 18 and field.data.isdigit()):
        raise ValidationError(_l("A NIP has exactly 18 digits."))
