"""The daily progress form: repeating rows (one spare row; "add a row" works without JavaScript)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, FieldList, Form, FormField, StringField, SubmitField, TimeField
from wtforms.validators import Optional

from ..forms import LocalDecimalField, Select, max_len, non_negative_bounded, options
from .forms import URL

MAX_ROWS = 20


def progress_form(indicators, default_day, data=None, action_plans=()):
    """Build the form for one SKP: ``indicators`` are (id, name) pairs the entries may serve, and
    ``action_plans`` the (id, label) pairs of its rencana aksi; ``data`` fills it from a stored entry
    (the edit page), a posted form takes precedence."""

    class Row(Form):  # a repeated row carries no CSRF token of its own: the outer form has one
        day = DateField(_l("Date"), default=default_day, validators=[Optional()],
                        invalid_value_message=_l("Enter a date such as 2026-04-10."))
        starts_at = TimeField(_l("Start"), validators=[Optional()],
                              invalid_value_message=_l("Enter a time such as 08:30."))
        ends_at = TimeField(_l("End"), validators=[Optional()],
                            invalid_value_message=_l("Enter a time such as 08:30."))
        activity = StringField(_l("Activity"), validators=[max_len(500)])
        indicator_id = Select(_l("Counts towards"), choices=options(
            [("", _l("— no indicator —"))] + [(str(i), name) for i, name in indicators]))
        # absent from a post (no action plan offered): no action plan, not a refusal
        action_plan_id = Select(_l("Serves the action plan"), default="", choices=options(
            [("", _l("— no action plan —"))] + [(str(i), label) for i, label in action_plans]))
        quantity = LocalDecimalField(_l("Quantity"), validators=[non_negative_bounded])
        unit = StringField(_l("Unit of measure"), validators=[max_len(40)])
        link = StringField(_l("Evidence link"), validators=[Optional(), max_len(1000), URL])

        def blank(self) -> bool:
            """The spare row nobody filled in (its date is pre-filled, so the date does not count)."""
            return not any((getattr(self, name).raw_data or [""])[0].strip()
                           for name in ("activity", "quantity", "link", "starts_at", "ends_at"))

        def validate(self, extra_validators=None):
            if self.blank():
                return True
            ok = super().validate(extra_validators)
            if not (self.activity.data or "").strip():
                self.activity.errors = [*self.activity.errors, _l("Describe the activity.")]
                ok = False
            if self.day.data is None and not self.day.errors:
                self.day.errors = [_l("Enter a date such as 2026-04-10.")]
                ok = False
            return ok

    class ProgressForm(FlaskForm):
        entries = FieldList(FormField(Row), min_entries=1, max_entries=MAX_ROWS)
        add_row = SubmitField(_l("Add a row"))
        save = SubmitField(_l("Save progress"))

        def filled(self):
            return [(n, entry.form) for n, entry in enumerate(self.entries) if not entry.form.blank()]

    return ProgressForm(data=data) if data is not None else ProgressForm()
