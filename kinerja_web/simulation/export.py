"""The simulation as an xlsx: per unit, the distribution before and after, and each person who moves
with every indicator that moved them (one row per indicator, its inputs and both rules)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..evaluation.service import PREDICATE_LABELS, RATING_LABELS
from ..export.columns import col
from ..rules.types import Predicate


def rule_text(ref: dict | None) -> str:
    """``cakupan_spm v1 (kesehatan 2.1.0)``: a RuleRef as the page and the file name it."""
    return f"{ref['code']} v{ref['version']} ({ref['plugin']} {ref['plugin_version']})" if ref else "–"


def _label(labels, code) -> str:
    return str(labels[code]) if code in labels else "–"


UNITS = [col("unit", _l("Unit"), lambda u: u.name), col("people", _l("Evaluations")),
         col("capaian", _l("Capaian that change")), col("suggested", _l("Suggested ratings that change")),
         col("predicate", _l("Predikat that change"))]

DISTRIBUTION = [col("predicate", _l("Predikat"), lambda r: _label(PREDICATE_LABELS, r[0])),
                col("before", _l("Before"), lambda r: r[1]), col("after", _l("After"), lambda r: r[2])]

PEOPLE = [
    col("name", _l("Name"), lambda r: r[0].name), col("nip", _l("NIP"), lambda r: r[0].nip),
    col("unit", _l("Unit"), lambda r: r[0].unit),
    col("suggested_before", _l("Suggested rating before"), lambda r: _label(RATING_LABELS, r[0].suggested_before)),
    col("suggested_after", _l("Suggested rating after"), lambda r: _label(RATING_LABELS, r[0].suggested_after)),
    col("predicate_before", _l("Predikat before"), lambda r: _label(PREDICATE_LABELS, r[0].predicate_before)),
    col("predicate_after", _l("Predikat after"), lambda r: _label(PREDICATE_LABELS, r[0].predicate_after)),
    col("overridden", _l("Assessor's own rating stands"), lambda r: r[0].overridden),
    col("indicator", _l("Indicator"), lambda r: r[1].indicator if r[1] else ""),
    col("target", _l("Target"), lambda r: r[1].target if r[1] else None),
    col("realization", _l("Realisation"), lambda r: r[1].realization if r[1] else None),
    col("percent_before", _l("Capaian before"), lambda r: r[1].percent_before if r[1] else None),
    col("percent_after", _l("Capaian after"), lambda r: r[1].percent_after if r[1] else None),
    col("rule_before", _l("Rule before"), lambda r: rule_text(r[1].rule_before if r[1] else r[0].policy_before)),
    col("rule_after", _l("Rule after"), lambda r: rule_text(r[1].rule_after if r[1] else r[0].policy_after)),
]


def _people(movers):
    for m in movers:
        if not m.changes:  # moved by the rating policy alone
            yield m, None
        for change in m.changes:
            yield m, change


def sheets(s, result) -> list:
    distribution = [(p.value, result.before.get(p.value, 0), result.after.get(p.value, 0)) for p in Predicate]
    return [(str(_l("Units")), UNITS, result.units, False),
            (str(_l("Distribution")), DISTRIBUTION, distribution, False),
            (str(_l("People who move")), PEOPLE, _people(result.movers), False)]
