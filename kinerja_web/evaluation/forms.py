"""Evaluation forms, built per request (one field per RHK or BerAKHLAK value)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, ValidationError

from ..forms import IdListField, Select, max_len, options, required
from ..rules.berakhlak import BERAKHLAK
from .service import RATING_LABELS

RATINGS = list(RATING_LABELS.items())


def self_assessment_form(results, data=None):
    class SelfAssessmentForm(FlaskForm):
        pass

    for result in results:
        setattr(SelfAssessmentForm, f"sa_{result.id}", TextAreaField(result.text[:200], validators=[max_len(3000)]))
    return SelfAssessmentForm(data=data)


def judgement_form(indicators, data=None):
    """One judgement per qualitative indicator: below, meets or above expectation (RULES.md §2.3)."""

    class JudgementForm(FlaskForm):
        pass

    pick = [("", _l("— choose —")), *RATINGS]
    for ind in indicators:
        setattr(JudgementForm, f"j_{ind.id}", Select(ind.name[:200], choices=options(pick), validators=[
            InputRequired(_l("Choose below, meets or above expectation for this qualitative indicator."))]))
    return JudgementForm(data=data)


def rating_form(data=None):
    """Seven behaviour ratings with feedback, the two final ratings with reasons, notes."""

    class RatingForm(FlaskForm):
        results_final = Select(_l("Final rating of results"), choices=options(RATINGS))
        results_reason = TextAreaField(_l("Reason for differing from the suggestion"), validators=[max_len(2000)])
        behaviour_final = Select(_l("Final rating of behaviour"), choices=options(RATINGS))
        behaviour_reason = TextAreaField(_l("Reason for differing from the suggestion"), validators=[max_len(2000)])
        notes = TextAreaField(_l("Notes / recommendation"), validators=[max_len(3000)])

        suggested_results = None
        suggested_behaviour = None

        def validate_results_reason(self, field):
            _needs_reason(self.results_final.data, self.suggested_results, field)

        def validate_behaviour_reason(self, field):
            # the agency's policy, as the view asked it; when it gives none there is nothing to differ from
            _needs_reason(self.behaviour_final.data, self.suggested_behaviour, field)

    for value in BERAKHLAK:
        setattr(RatingForm, f"b_{value.code}", Select(value.name, choices=options(RATINGS), default="sesuai"))
        setattr(RatingForm, f"f_{value.code}", TextAreaField(_l("Feedback"), validators=[max_len(2000)]))
    return RatingForm(data=data)


def _needs_reason(final, suggested, field):
    if suggested and final != suggested and not (field.data or "").strip():
        raise ValidationError(_l("You differ from the suggested rating: write the reason."))


class ObjectionForm(FlaskForm):
    text = TextAreaField(_l("Objection"), validators=[required(), max_len(4000)])


class DecisionForm(FlaskForm):
    outcome = Select(_l("Decision"), choices=options([("rejected", _l("Objection rejected: the evaluation stands")),
                                                       ("upheld", _l("Objection upheld: ratings change"))]))
    text = TextAreaField(_l("Reasoning"), validators=[required(), max_len(4000)])
    results_final = Select(_l("Final rating of results"), choices=options(RATINGS))
    behaviour_final = Select(_l("Final rating of behaviour"), choices=options(RATINGS))


def batch_form():
    """The people chosen on the team rating page (CSRF-protected; ids are checked one by one later)."""

    class BatchForm(FlaskForm):
        plans = IdListField(_l("People"), validators=[InputRequired(_l("Choose at least one person."))],
                            default=list)
        # people finalised although an indicator has no realisation for the period, each ticked on purpose
        confirm_missing = IdListField(_l("Finalise without a realisation"), default=list)

    return BatchForm()


def finalize_form(gaps=()):
    """Finalising; with indicators that have no realisation for the period, an explicit confirmation."""

    class FinalizeForm(FlaskForm):
        pass

    if gaps:
        FinalizeForm.confirm_missing = BooleanField(
            _l("I finalise although these indicators have no realisation for this period"),
            validators=[DataRequired(_l("Tick this to finalise without a realisation for the period."))])
    return FinalizeForm()
