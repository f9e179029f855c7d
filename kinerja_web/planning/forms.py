"""Forms of the planning area. Choices are filled per request by the views."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, ValidationError
from wtforms.widgets import HiddenInput

from ..forms import IdListField, LocalDecimalField, Select, max_len, non_negative_bounded, options, required
from ..ui import LABELS


def _choices(group):
    return options(LABELS[group].items())


def _int_or_none(value):
    return int(value) if value not in (None, "", "None") else None


# How a hand-written indicator's review periods add up, in the words a civil servant uses.
ROLL_UP_CHOICES = (
    ("", _l("Suggest from the target type and unit")),
    ("sum", _l("Added up: counts of things done (documents, visits, cases)")),
    ("last", _l("The latest period: a stock or a level to date (participation, villages)")),
    ("average", _l("The mean of the periods: a percentage, a rate or an average (per 1,000, per visit)")),
    ("max", _l("The best period")),
)
RATE_UNITS = {"%", "persen", "indeks", "index", "nilai", "skor", "poin", "rasio"}
TIME_UNITS = {"hari", "jam", "menit", "minggu", "bulan"}


def suggested_roll_up(target_kind: str, unit: str, lower_is_better: bool = False) -> str:
    """The roll-up a hand-written indicator starts with; the person writing it may change it.

    Percentages, rates, indices, ranges and maximum-attainable targets are levels
    reported each period: their mean counts. A time that should be short
    ("3 hari") is a level too. Anything else counts things done, which add up.
    The same rule runs in ``static/skp.js`` while the form is filled in.
    """
    unit = " ".join((unit or "").lower().split())
    if target_kind == "qualitative":
        return "last"
    if target_kind in ("range", "max_attainable") or unit in RATE_UNITS or "%" in unit:
        return "average"
    if unit.startswith(("per ", "rata")) or " per " in f" {unit} " or "/" in unit:
        return "average"
    if lower_is_better and unit in TIME_UNITS:
        return "average"
    return "sum"


class PlanCreateForm(FlaskForm):
    period_id = Select(_l("Year"), coerce=int, validate_choice=True)
    approach = Select(_l("Approach"), choices=_choices("approach"))


class StartForm(FlaskForm):
    """One click to start an SKP: the year (and, for a copy, the SKP copied) ride along hidden."""

    period_id = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    source_id = IntegerField(widget=HiddenInput(), validators=[Optional()])


class PlanSettingsForm(FlaskForm):
    approach = Select(_l("Approach"), choices=_choices("approach"))
    resources = TextAreaField(_l("Resource support"), validators=[max_len(2000)])
    accountability = TextAreaField(_l("Accountability scheme"), validators=[max_len(2000)])
    consequences = TextAreaField(_l("Consequences"), validators=[max_len(2000)])


class WorkResultForm(FlaskForm):
    kind = Select(_l("Type"), choices=_choices("kind"))
    text = TextAreaField(_l("Work result plan (RHK)"), validators=[required(), max_len(1000)])
    parent_id = Select(_l("Supervisor's RHK it supports"), coerce=_int_or_none, validate_choice=True)
    goal_id = Select(_l("Agency goal it supports"), coerce=_int_or_none, validate_choice=True)
    cascading = Select(_l("Cascading"), choices=options([("", "—")]) + _choices("cascading"))
    # checked by the write path, which tells a person of an agency outside the programme why (not "pick one")
    programme_result_id = Select(_l("Programme RHK across agencies it supports"), coerce=_int_or_none,
                                 validate_choice=False)


class IndicatorForm(FlaskForm):
    """IKI with target. ``approach`` (set by the view) decides what is required."""

    catalogue_code = Select(_l("From the agency catalogue"), validate_choice=True)
    name = TextAreaField(_l("Indicator (IKI)"), validators=[max_len(500)])
    aspect = Select(_l("Aspect"), choices=_choices("aspect"))
    target_kind = Select(_l("Target type"), choices=_choices("target_kind"))
    target_value = LocalDecimalField(_l("Target"), validators=[non_negative_bounded])
    target_upper = LocalDecimalField(_l("Upper bound"), validators=[non_negative_bounded])
    baseline_value = LocalDecimalField(_l("Baseline value"), validators=[non_negative_bounded])
    baseline_source = StringField(_l("Source of the baseline"), validators=[max_len(300)])
    unit = StringField(_l("Unit of measure"), validators=[max_len(40)])
    target_text = TextAreaField(_l("Measure of success (qualitative)"), validators=[max_len(1000)])
    lower_is_better = BooleanField(_l("Lower is better (e.g. time, cost, errors)"))
    evidence_required = BooleanField(_l("Evidence (bukti dukung) required with each realisation"))
    aggregation = Select(_l("How the review periods add up"), choices=options(ROLL_UP_CHOICES), default="")

    approach = "kuantitatif"
    catalogue_defaults: dict = {}  # noqa: RUF012 - replaced per form by the view

    GROWTH_FIELDS = ("baseline_value", "baseline_source")

    def validate(self, extra_validators=None):
        """As WTForms validates; the baseline fields only count for a growth target (a page without the
        script shows them for every kind, and what was typed there stays, unjudged, for another kind)."""
        valid = super().validate(extra_validators)
        if self.target_kind.data != "growth":
            for name in self.GROWTH_FIELDS:
                self[name].errors = []
            valid = not self.errors
        return valid

    def validate_name(self, field):
        if not (field.data or "").strip() and not self.catalogue_code.data:
            raise ValidationError(_l("Write the indicator or pick one from the catalogue."))

    def validate_target_value(self, field):
        kind = self.target_kind.data
        if kind == "qualitative":
            return
        if field.data is None and self.catalogue_defaults.get(self.catalogue_code.data) is not None:
            return  # the catalogue entry's default target is taken
        if kind == "growth":
            if field.data is None and not field.errors:
                raise ValidationError(_l("Enter the growth in percent, e.g. 5 for +5 %."))
            return  # a growth may exceed 100 % whatever the unit of its baseline
        if field.data is None and not field.errors and self.approach == "kuantitatif":
            raise ValidationError(_l("Enter a target number."))
        if field.data is not None and (self.unit.data or "").strip() == "%" and field.data > 100:
            raise ValidationError(_l("A percentage target cannot exceed 100."))

    def validate_target_upper(self, field):
        if self.target_kind.data != "range":
            return
        if field.data is None:
            raise ValidationError(_l("A range needs an upper bound."))
        low = self.target_value.data
        if low is not None and field.data <= low:
            raise ValidationError(_l("The upper bound must be larger than the target."))
        if (self.unit.data or "").strip() == "%" and field.data > 100:
            raise ValidationError(_l("A percentage target cannot exceed 100."))

    def validate_baseline_value(self, field):
        if self.target_kind.data != "growth" or field.errors:
            return
        if field.data is None:
            raise ValidationError(_l("A growth target needs its baseline: the figure it grows from, "
                                     "e.g. last year's visitors."))
        if field.data <= 0:
            raise ValidationError(_l("The baseline must be larger than 0."))

    def validate_baseline_source(self, field):
        if self.target_kind.data == "growth" and not (field.data or "").strip():
            raise ValidationError(_l("Say where the baseline comes from, e.g. BPS 2025 or LKjIP 2025."))

    def validate_target_text(self, field):
        needs_text = self.approach == "kualitatif" or self.target_kind.data == "qualitative"
        if needs_text and not (field.data or "").strip():
            raise ValidationError(_l("Describe what success looks like."))


class ReviewForm(FlaskForm):
    """Approve (with ekspektasi khusus per BerAKHLAK value) or return with a reason."""

    decision = Select(choices=options([("approve", ""), ("return", "")]))
    reason = TextAreaField(_l("Reason for returning"), validators=[max_len(2000)])

    def validate_reason(self, field):
        if self.decision.data == "return" and not (field.data or "").strip():
            raise ValidationError(_l("Give a reason so the employee knows what to change."))


class ReviseForm(FlaskForm):
    reason = TextAreaField(_l("Why the plan changes"), validators=[required(), max_len(2000)])


class ConfirmForm(FlaskForm):
    """An empty form: a POST button with its CSRF token."""


class BatchApproveForm(FlaskForm):
    """The plans ticked in the approval queue."""

    plans = IdListField(_l("Plans"), validators=[InputRequired(_l("Tick at least one SKP to approve."))])


def _add_expectation_fields():
    """One text area per BerAKHLAK value (a national constant, so built once)."""
    from ..rules.berakhlak import BERAKHLAK

    for value in BERAKHLAK:
        setattr(ReviewForm, f"exp_{value.code}", TextAreaField(value.name, validators=[max_len(1000)]))


_add_expectation_fields()
