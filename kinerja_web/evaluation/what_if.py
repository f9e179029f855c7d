"""The calibration page's what-if: a hypothetical organisation predikat and people moved between predikat on
paper, against the curve (RULES.md §5), and the fewest moves that would comply.

It reads and computes only. No rating and no calibration changes here: a rating changes in the evaluation of
one person, by their assessor, with a reason (workflow.evaluation).
"""
from __future__ import annotations

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, IntegerField
from wtforms.validators import Optional, ValidationError
from wtforms.widgets import TextInput

from ..forms import Select, options
from ..rules import what_if
from ..rules.types import Predicate
from . import calibration as cal
from .service import PREDICATE_LABELS

PREFIX = "andai"
MOVE_ROWS, MAX_MOVES = 3, 6  # rows shown empty; rows read (a suggestion tried adds its own to the user's)


def what_if_form(total: int, org_predicate: str | None):
    """The panel's form, read from the query string once it has been sent (``org_predicate`` is there)."""
    people = options([("", _l("— predikat —")), *((p.value, PREDICATE_LABELS[p.value]) for p in Predicate)])

    class MoveForm(Form):  # a row of the panel, not a form of its own: no CSRF field
        count = IntegerField(_l("People"), validators=[Optional(), _within(total)], widget=TextInput(),
                             invalid_value_message=_l("Enter a whole number, for example 3."))
        source = Select(_l("From"), choices=people, default="")  # an unused row sends nothing: not an error
        target = Select(_l("To"), choices=people, default="")

    class WhatIfForm(FlaskForm):
        class Meta:
            # A GET form that changes nothing: bookmarkable and shareable, with nothing to forge.
            csrf = False

        org_predicate = Select(_l("If the organisation predikat were"), choices=options(cal.ORG_LABELS.items()),
                               invalid_choice_message=_l("Unknown organisation predikat: pick one of the list."))
        moves = FieldList(FormField(MoveForm), min_entries=MOVE_ROWS, max_entries=MAX_MOVES)

    # prefixed: the calibration page has its own org_predicate field (ids must be unique on a page)
    sent = f"{PREFIX}-org_predicate" in request.args
    return WhatIfForm(formdata=request.args if sent else None, data={"org_predicate": org_predicate},
                      prefix=PREFIX), sent


def _within(total: int):
    """No more people than are counted here (a count that is not a number has its own message already)."""
    def check(form, field):
        if field.data is not None and not 0 <= field.data <= total:
            raise ValidationError(_l("Between 0 and %(max)d: the people counted here.", max=total))
    return check


def read_moves(form, found) -> list[what_if.Move] | None:
    """The form's moves, each checked against the people really there (after the rows above it); None with
    the messages on the rows when a row asks for what cannot be."""
    moves, now, ok = [], dict(found), True
    for row in form.moves:
        count, source, target = row.form.count.data, row.form.source.data, row.form.target.data
        if row.form.errors or not count:
            ok = ok and not row.form.errors
            continue
        if not source or not target:
            row.form.count.errors.append(_l("Choose the predikat to move from and to."))
        elif source == target:
            row.form.target.errors.append(_l("Choose two different predikat."))
        elif count > now.get(Predicate(source), 0):
            row.form.count.errors.append(_l(
                "Only %(count)d people are %(predikat)s here (after the moves above).",
                count=now.get(Predicate(source), 0), predikat=PREDICATE_LABELS[source]))
        else:
            move = what_if.Move(count, Predicate(source), Predicate(target))
            now = what_if.apply_moves(now, [move])
            moves.append(move)
            continue
        ok = False
    return moves if ok else None


def outcome(agency_code: str, org_predicate: str, found, moves) -> dict:
    """The hypothetical distribution judged against the pattern, the allowed count of each predikat and the
    fewest further moves that would comply (``suggested``: None when none can)."""
    after = what_if.apply_moves(found, moves)
    result = cal.judge(agency_code, org_predicate, after)
    pattern, _policy = cal.pattern_for(agency_code, org_predicate)
    allowed = what_if.allowed_counts(pattern, result["total"])
    rows = [(p, found.get(p, 0), after[p], allowed[p]) for p in Predicate]
    return {**result, "rows": rows, "suggested": what_if.smallest_moves(pattern, after), "moves": moves,
            "searchable": what_if.searchable(pattern, result["total"]), "limit": what_if.EXHAUSTIVE_LIMIT}


def try_args(scope: dict, org_predicate: str, found, moves, suggested) -> dict:
    """The query string of the what-if that makes the user's moves and the suggested ones at once, as the
    net moves from the real counts (at most four: five predikat)."""
    net = what_if.moves_between(found, what_if.apply_moves(what_if.apply_moves(found, moves), suggested))
    args = {**scope, f"{PREFIX}-org_predicate": org_predicate}
    for n, move in enumerate(net):
        args.update({f"{PREFIX}-moves-{n}-count": move.count, f"{PREFIX}-moves-{n}-source": move.source.value,
                     f"{PREFIX}-moves-{n}-target": move.target.value})
    return args
