"""The form a person records completed development with, built per call (its item choices are theirs)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateField, StringField
from wtforms.validators import InputRequired, Optional, Regexp, ValidationError

from ..forms import LocalDecimalField, Select, max_len, options, required
from ..workflow.development import MAX_HOURS
from .common import RECORD_KINDS

URL = Regexp(r"^https?://[^\s<>\"']+$", message=_l("Enter a full link starting with http:// or https://."))
DATE = _l("Enter a date such as 2026-04-10.")


def _date(label):
    return DateField(label, format="%Y-%m-%d", invalid_value_message=DATE,
                     validators=[InputRequired(message=_l("This field is required."))])


def _whole_hours(form, field):
    if field.data is None:
        if not field.errors:
            raise ValidationError(_l("This field is required."))
        return
    if field.data != int(field.data) or not 1 <= field.data <= MAX_HOURS:
        raise ValidationError(_l("Give the hours in JP, from 1 to %(most)s.", most=MAX_HOURS))


def record_form(items, **kwargs) -> FlaskForm:
    """Completed development; ``items`` are the person's open development items it may close."""
    class F(FlaskForm):
        pass

    F.kind = Select(_l("Kind of development"), choices=options(RECORD_KINDS.items()), default="pelatihan")
    F.title = StringField(_l("Title"), validators=[required(), max_len(300)])
    F.started_on = _date(_l("Started on"))
    F.ended_on = _date(_l("Ended on"))
    F.hours = LocalDecimalField(_l("Hours (JP)"), validators=[_whole_hours])
    F.link = StringField(_l("Evidence link (optional)"), validators=[Optional(), max_len(500), URL])
    F.evidence = FileField(_l("Evidence file (optional)"))
    F.item_id = Select(_l("Closes the development item (optional)"),
                       choices=options([("", _l("None"))] + [(str(i.id), f"{i.year} · {i.label}"[:120])
                                                              for i in items]), default="")
    return F(**kwargs)
