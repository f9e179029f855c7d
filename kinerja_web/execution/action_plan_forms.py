"""The action plan form: one list of rows per RHK (one spare row each; "add a row" works without JavaScript)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, FieldList, Form, FormField, HiddenField, SubmitField, TextAreaField

from ..forms import LocalDecimalField, Select, max_len, non_negative_bounded, options
from ..queries.action_plans import MAX_PER_RESULT
from ..workflow.action_plans import MAX_DESCRIPTION


def _row_class(indicators):
    class Row(Form):  # a repeated row carries no CSRF token of its own: the outer form has one
        id = HiddenField()
        description = TextAreaField(_l("Description of the action"), validators=[max_len(MAX_DESCRIPTION)])
        indicator_id = Select(_l("Indicator"), default="", choices=options(
            [("", _l("— no indicator —"))] + [(str(i.id), i.name) for i in indicators]))
        quantity = LocalDecimalField(_l("Planned quantity"), validators=[non_negative_bounded])
        remove = BooleanField(_l("Remove this action plan"))

        def blank(self) -> bool:
            """The spare row nobody filled in."""
            return not self.id.data and not any((getattr(self, name).raw_data or [""])[0].strip()
                                                for name in ("description", "quantity"))

        def validate(self, extra_validators=None):
            if self.blank() or self.remove.data:
                return True
            ok = super().validate(extra_validators)
            if not (self.description.data or "").strip() and not self.description.errors:
                self.description.errors = [_l("Describe the action.")]
                ok = False
            return ok

    return Row


def action_plan_form(results, data=None):
    """Build the form for one SKP's period: ``results`` are the RHK (with their indicators); ``data`` maps
    ``rhk_<id>`` to the stored rows (the page's first view); a posted form takes precedence."""

    class ActionPlanForm(FlaskForm):
        save = SubmitField(_l("Save action plans"))

        def lists(self):
            return [(result, getattr(self, f"rhk_{result.id}"), getattr(self, f"add_{result.id}"))
                    for result in results]

        def filled(self):
            """(RHK, row form) of every row that is not the untouched spare, in the page's order."""
            return [(result, entry.form) for result, rows, _ in self.lists() for entry in rows
                    if not entry.form.blank()]

        def added_to(self):
            """The RHK whose "add a row" was pressed, if any."""
            return next(((result, rows) for result, rows, add in self.lists() if add.data), None)

    for result in results:
        setattr(ActionPlanForm, f"rhk_{result.id}",
                FieldList(FormField(_row_class(result.indicators)), min_entries=1, max_entries=MAX_PER_RESULT))
        setattr(ActionPlanForm, f"add_{result.id}", SubmitField(_l("Add a row")))
    return ActionPlanForm(data=data) if data is not None else ActionPlanForm()
