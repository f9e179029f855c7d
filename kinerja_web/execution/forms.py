"""Forms of execution and monitoring."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, MultipleFileField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, Regexp, ValidationError

from ..forms import LocalDecimalField, Select, max_len, non_negative_bounded, required

URL = Regexp(r"^https?://[^\s<>\"']+$", message=_l("Enter a full link starting with http:// or https://."))


class RealizationForm(FlaskForm):
    value = LocalDecimalField(_l("Realisation"), validators=[non_negative_bounded])
    note = TextAreaField(_l("Note"), validators=[max_len(2000)])
    version = HiddenField()
    files = MultipleFileField(_l("Evidence files"))
    link = StringField(_l("Evidence link"), validators=[Optional(), max_len(1000), URL])

    qualitative = False
    derived = False  # computed from an agency plugin's two fields (a ratio), not typed

    def validate_value(self, field):
        if field.data is None and not field.errors and not self.qualitative and not self.derived:
            raise ValidationError(_l("Enter the realised value."))

    def validate_note(self, field):
        if self.qualitative and not (field.data or "").strip():
            raise ValidationError(_l("Describe what was achieved."))


class FeedbackForm(FlaskForm):
    body = TextAreaField(_l("Feedback"), validators=[required(), max_len(2000)])
    result_id = HiddenField()
    realization_id = HiddenField()


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Reply"), validators=[required(), max_len(2000)])


class DialogueForm(FlaskForm):
    held_on = DateField(_l("Date"), validators=[InputRequired(message=_l("This field is required."))],
                        invalid_value_message=_l("Enter a date such as 2026-04-10."))
    notes = TextAreaField(_l("What was discussed"), validators=[required(), max_len(4000)])
    follow_ups = TextAreaField(_l("Agreed follow-ups"), validators=[max_len(4000)])


class PeerRequestForm(FlaskForm):
    rater_id = Select(_l("Colleague"), coerce=int, validate_choice=True)
    review_id = Select(_l("Review period"), coerce=int, validate_choice=True)


class PeerAnswerForm(FlaskForm):
    strengths = TextAreaField(_l("What went well in their work"), validators=[max_len(2000)])
    improvements = TextAreaField(_l("What could be better"), validators=[max_len(2000)])
    collaboration = TextAreaField(_l("How they work with others"), validators=[max_len(2000)])

    def validate_strengths(self, field):
        if not any((f.data or "").strip() for f in (self.strengths, self.improvements, self.collaboration)):
            raise ValidationError(_l("Answer at least one question."))


class ReopenForm(FlaskForm):
    employee_id = Select(_l("Employee"), coerce=int, validate_choice=True)
    review_id = Select(_l("Review period"), coerce=int, validate_choice=True)
    until = DateField(_l("Open until"), validators=[InputRequired(message=_l("This field is required."))],
                      invalid_value_message=_l("Enter a date such as 2026-04-10."))
    reason = TextAreaField(_l("Reason"), validators=[required(), max_len(1000)])




class ReopenRequestForm(FlaskForm):
    reason = TextAreaField(_l("Why should the period be reopened?"), validators=[required(), max_len(1000)])
