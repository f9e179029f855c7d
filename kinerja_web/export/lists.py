"""Rows of the exports that are not a single query: one plan's realisation sheet."""
from __future__ import annotations

from flask import abort
from flask_login import current_user

from .. import access
from ..queries import progress as prog
from ..ui import target_text


def realization_rows(plan_id: int):
    """(plan, rows): one row per indicator and review period of the plan, in the monitoring page's order,
    read with the monitoring page's own queries (``queries.progress``: a fixed number of statements)."""
    plan = prog.load_plan(plan_id)
    if plan is None:
        abort(404)
    access.require(current_user, "plan.view", plan)
    (pp,) = prog.progress([plan], feedback=False)
    rows = []
    for result, items in pp.results:
        for ip in items:
            ind = ip.indicator
            for review in pp.reviews:
                real = ip.realizations.get(review.id)
                rows.append({"plan_id": plan.id, "indicator_id": ind.id, "review_id": review.id,
                             "indicator_code": ind.catalogue_code or "", "rhk": result.text,
                             "indicator": ind.name, "review": review.name, "target": target_text(ind),
                             "unit": ind.unit, "value": real.value if real else None,
                             "note": real.note if real else ""})
    return plan, rows


def progress_template_rows(plan) -> list[dict]:
    """The template's hint rows: how to fill in a row, then the indicators (with their ids) entries may count
    towards. Each starts with ``#``, so the import skips them."""
    from flask_babel import gettext as _

    from ..clock import today
    from ..queries import progress as prog
    from ..queries.action_plans import choices
    from ..queries.daily import countable

    hint = {"entry_id": "# " + _("Example"), "day": today(), "starts_at": "08:00", "ends_at": "10:30",
            "activity": _("What you did (required). Leave entry_id empty for a new entry; rows starting with # "
                          "are skipped."),
            "indicator_id": "", "indicator_code": "", "indicator": _("Optional: an indicator_id from the rows below."),
            "quantity": 1, "unit": "", "link": "https://", "action_plan_id": "",
            "action_plan": _("Optional: an action_plan_id from the rows below, of the date's review period.")}
    blank = dict.fromkeys(hint, "")
    reviews = [r.id for r in prog.reviews_by_period([plan.period_id]).get(plan.period_id, [])]
    return ([hint] + [{**blank, "entry_id": "# IKI", "indicator_id": ind.id, "indicator_code": ind.catalogue_code or "",
                       "indicator": ind.name, "unit": ind.unit}
                      for ind in countable(plan, [i for r in plan.results for i in r.indicators])]
            + [{**blank, "entry_id": f"# Rencana aksi · {p.review.name}", "action_plan_id": p.id,
                "action_plan": p.description} for p in choices(plan.id, reviews)])
