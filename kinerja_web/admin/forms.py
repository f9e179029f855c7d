"""Admin forms; select choices are filled per request by the views."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, PasswordField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional, Regexp, ValidationError

from ..clock import today
from ..forms import Select, max_len, options, required
from ..nip import NipError, parse_nip
from ..ui import LABELS


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


NIP_MESSAGES = {
    "length": _l("A NIP has exactly 18 digits."),
    "birth_date": _l("The first 8 digits must be a real birth date (YYYYMMDD)."),
    "recruitment": _l("Digits 9-14 must be a real recruitment year and month (YYYYMM), not in the future."),
    "too_young": _l("The recruitment date must be at least 18 years after the birth date."),
    "gender": _l("Digit 15 is the gender code: 1 or 2."),
    "sequence": _l("The last 3 digits (sequence number) cannot be 000."),
}


class UnitForm(FlaskForm):
    name = StringField(_l("Name"), validators=[required(), max_len(200)])
    parent_id = Select(_l("Parent unit"), coerce=_int_or_none, validate_choice=True)


class PositionForm(FlaskForm):
    name = StringField(_l("Name"), validators=[required(), max_len(200)])
    kind = Select(_l("Type of position"), choices=options(LABELS["position_kind"].items()))


class EmployeeForm(FlaskForm):
    nip = StringField("NIP", validators=[required(), max_len(30)])
    name = StringField(_l("Full name with titles"), validators=[required(), max_len(200)])
    rank = StringField(_l("Rank / grade"), validators=[max_len(80)])
    unit_id = Select(_l("Unit"), coerce=int, validate_choice=True)
    position_id = Select(_l("Position"), coerce=int, validate_choice=True)
    supervisor_id = Select(_l("Appraising official (supervisor)"), coerce=_int_or_none, validate_choice=True)
    username = StringField(_l("Login name (optional)"), validators=[
        Optional(), max_len(64),
        Regexp(r"^[a-z0-9._-]+$", message=_l("Use lowercase letters, digits, dot, dash or underscore."))])
    password = PasswordField(_l("Initial password"), validators=[max_len(200)])

    def validate_nip(self, field):
        field.data = (field.data or "").replace(" ", "")
        try:
            parse_nip(field.data, today())
        except NipError as exc:
            raise ValidationError(NIP_MESSAGES[exc.code]) from None

    def validate_password(self, field):
        new_login = self.username.data and not self.has_account
        if (new_login or field.data) and len(field.data or "") < 8:
            raise ValidationError(_l("Give an initial password of at least 8 characters."))

    has_account = False


class PeriodForm(FlaskForm):
    year = IntegerField(_l("Year"), invalid_value_message=_l("Enter a whole number, for example 2027."),
                        validators=[InputRequired(message=_l("This field is required.")),
                                    NumberRange(2000, 2100, message=_l("Enter a year between 2000 and 2100."))])
    cadence = Select(_l("Review cadence"), choices=options(LABELS["cadence"].items()), default="quarterly")


class DeadlineForm(FlaskForm):
    """An input deadline; the view checks it is not before the period's end."""

    input_deadline = DateField(_l("Input deadline"), format="%Y-%m-%d",
                               validators=[InputRequired(message=_l("This field is required."))],
                               invalid_value_message=_l("Enter a date such as 2026-04-10."))

    def validate_input_deadline(self, field):
        if field.data and not 2000 <= field.data.year <= 2100:
            raise ValidationError(_l("Enter a date between 2000 and 2100."))


class GoalForm(FlaskForm):
    year = IntegerField(_l("Year"), invalid_value_message=_l("Enter a whole number, for example 2027."),
                        validators=[InputRequired(message=_l("This field is required.")),
                                    NumberRange(2000, 2100, message=_l("Enter a year between 2000 and 2100."))])
    text = StringField(_l("Agency goal"), validators=[required(), max_len(500)])


class AgencyForm(FlaskForm):
    code = Select(_l("Agency (from its plugin)"), validate_choice=True)
    name = StringField(_l("Name"), validators=[required(), max_len(200)])


def check_unique(exists: bool, message):
    if exists:
        raise ValidationError(message)


class RefuseForm(FlaskForm):
    """Refusing a request to the admin: the person reads why."""

    note = TextAreaField(_l("Why is it refused?"), validators=[required(), max_len(1000)])


class PluginSwitchForm(FlaskForm):
    """The province admin switches an agency's use of a plugin off (with a reason) or on."""

    agency = StringField(_l("Agency"), validators=[required(), max_len(32)])
    plugin = StringField(_l("Plugin"), validators=[required(), max_len(100)])
    enabled = StringField(validators=[Regexp(r"^[01]$", message=_l("Choose on or off."))])
    reason = TextAreaField(_l("Reason"), validators=[max_len(1000)])
