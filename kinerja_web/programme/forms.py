"""Forms of the programme pages; choices (years, agencies) are filled per request by the views."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField

from ..forms import LocalDecimalField, Select, max_len, non_negative_bounded, required


class AgencyChecks(Field):
    """Agencies ticked in a list of checkboxes: ids posted as repeated values; a bad one is a field error.
    An id that is not among ``choices`` (id, name) is dropped: the page only ever offered those."""

    choices: list = []  # noqa: RUF012 - replaced per form by the view

    def process_formdata(self, valuelist):
        from ..params import to_id

        ids = [to_id(v) for v in valuelist]
        if None in ids:
            self.data = []
            raise ValueError(_l("The list of agencies was not understood; tick them again."))
        self.data = list(dict.fromkeys(ids))

    def pre_validate(self, form):
        offered = {i for i, _name in self.choices}
        self.data = [i for i in self.data or [] if i in offered]

    def _value(self):
        return ""


class ProgrammeForm(FlaskForm):
    name = StringField(_l("Programme name"), validators=[required(), max_len(200)])
    year = Select(_l("Year"), coerce=int, validate_choice=True)
    lead_agency_id = Select(_l("Lead agency"), coerce=int, validate_choice=True)
    members = AgencyChecks(_l("Member agencies"))
    goals = TextAreaField(_l("Shared goals (one per line)"), validators=[max_len(4000)])


class SettingsForm(FlaskForm):
    name = StringField(_l("Programme name"), validators=[required(), max_len(200)])
    goals = TextAreaField(_l("Shared goals (one per line)"), validators=[max_len(4000)])


class MembersForm(FlaskForm):
    members = AgencyChecks(_l("Member agencies"))


class ResultForm(FlaskForm):
    """A programme RHK with its indicator and target."""

    text = TextAreaField(_l("Programme RHK"), validators=[required(), max_len(1000)])
    indicator = StringField(_l("Indicator"), validators=[required(), max_len(500)])
    target_value = LocalDecimalField(_l("Target"), validators=[non_negative_bounded])
    unit = StringField(_l("Unit of measure"), validators=[max_len(40)])


def programme_form(years: list[int], leads: list, agencies: list, **kwargs) -> ProgrammeForm:
    form = ProgrammeForm(**kwargs)
    form.year.choices = [(y, str(y)) for y in years]
    form.lead_agency_id.choices = [(a.id, a.name) for a in leads]
    form.members.choices = [(a.id, a.name) for a in agencies]
    return form


def members_form(agencies: list, **kwargs) -> MembersForm:
    form = MembersForm(**kwargs)
    form.members.choices = [(a.id, a.name) for a in agencies]
    return form
