"""Calibration: the organisation's predikat and the distribution of employee
predikat against the pattern the agency's distribution policy allows (RULES.md §5).

The curve is a guideline: out of pattern, finalising asks for a justification;
units of fewer than five people always ask for a note. Counts come from SQL.
"""
from __future__ import annotations

import math
from collections import Counter

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..models import Employee, Evaluation, Period, Plan
from ..rules.distribution import check
from ..rules.types import OrgPredicate, Predicate
from .service import PREDICATE_LABELS

ORG_LABELS = {"istimewa": "Istimewa", "baik": "Baik", "butuh_perbaikan": "Butuh Perbaikan",
              "kurang": "Kurang", "sangat_kurang": "Sangat Kurang"}
SMALL_UNIT = 5


def final_predicates(agency_id: int, review_id: int | None, year: int | None = None):
    """The employees' final predikat in the agency for one review period, or for the annual evaluations of
    ``year`` when ``review_id`` is None: what every distribution count (the page, the PDF per unit) counts."""
    query = (select(Evaluation.predicate)
             .join(Plan, Evaluation.plan_id == Plan.id).join(Employee, Plan.employee_id == Employee.id)
             .where(Employee.agency_id == agency_id, Evaluation.status == "final", Evaluation.predicate.is_not(None),
                    Evaluation.review_id == review_id if review_id else Evaluation.review_id.is_(None)))
    if not review_id and year is not None:  # annual evaluations of every year share review_id NULL
        query = query.where(Plan.period_id == select(Period.id).where(
            Period.agency_id == agency_id, Period.year == year).scalar_subquery())
    return query


def counts(agency_id: int, review_id: int | None, unit_id: int | None = None, year: int | None = None) -> Counter:
    """Final employee predikat in the agency (or unit) for one review period, or for the annual
    evaluations of ``year`` when ``review_id`` is None, counted in SQL."""
    query = (final_predicates(agency_id, review_id, year).add_columns(func.count(Evaluation.id))
             .group_by(Evaluation.predicate))
    if unit_id:
        query = query.where(Employee.unit_id == unit_id)
    return Counter({Predicate(p): n for p, n in db.session.execute(query).all() if p})


def counts_by_unit(agency_id: int, review_id: int | None, year: int | None = None) -> dict[int, Counter]:
    """:func:`counts` of every unit of the agency at once (one statement): {unit id: Counter}."""
    query = (final_predicates(agency_id, review_id, year).add_columns(Employee.unit_id, func.count(Evaluation.id))
             .group_by(Employee.unit_id, Evaluation.predicate))
    found: dict[int, Counter] = {}
    for predicate, unit_id, n in db.session.execute(query).all():
        found.setdefault(unit_id, Counter())[Predicate(predicate)] = n
    return found


def pattern_for(agency_code: str, org_predicate: str):
    registry = current_app.extensions["kinerja_registry"]
    agency = registry.agencies.get(agency_code)
    code = agency.record.distribution_policy if agency else "national"
    declared = registry.distribution_policies[code]
    pattern = declared.record.pattern(OrgPredicate(org_predicate))
    return pattern, {"code": code, "version": declared.record.version, "plugin": declared.plugin,
                     "plugin_version": declared.plugin_version}


def describe(constraint) -> str:
    names = " / ".join(PREDICATE_LABELS[p.value] for p in sorted(constraint.predicates))
    pct = None if constraint.percent is None else f"{constraint.percent:g}"
    return str({
        "largest": _l("Most employees are %(names)s", names=names),
        "max_share": _l("%(names)s at most %(pct)s%%", names=names, pct=pct),
        "min_share": _l("%(names)s at least %(pct)s%%", names=names, pct=pct),
        "at_least_one": _l("There must be %(names)s", names=names),
        "none": _l("No %(names)s", names=names),
    }[constraint.kind])


def needed(result, total: int) -> str:
    """What would comply, in people rather than percentages."""
    c = result.constraint
    n = round(result.actual_percent * total / 100) if total else 0
    if c.kind == "max_share":
        return str(_l("at most %(limit)d of %(total)d (now %(now)d)", limit=math.floor(c.percent * total / 100),
                      total=total, now=n))
    if c.kind == "min_share":
        return str(_l("at least %(limit)d of %(total)d (now %(now)d)", limit=math.ceil(c.percent * total / 100),
                      total=total, now=n))
    if c.kind == "at_least_one":
        return str(_l("at least 1 (now %(now)d)", now=n))
    if c.kind == "none":
        return str(_l("none (now %(now)d)", now=n))
    return str(_l("the largest group (now %(now)d)", now=n))


def evaluate(agency, org_predicate: str | None, review_id, unit_id=None, year: int | None = None) -> dict:
    """Counts, percentages and each constraint of the pattern, met or not."""
    return judge(agency.code, org_predicate, counts(agency.id, review_id, unit_id, year))


def judge(agency_code: str, org_predicate: str | None, found: Counter) -> dict:
    """:func:`evaluate` of counts already made (the distribution PDF counts every unit in one statement)."""
    total = sum(found.values())
    rows = [(p, found.get(p, 0), (found.get(p, 0) * 100 / total) if total else 0) for p in Predicate]
    out = {"rows": rows, "total": total, "small": total < SMALL_UNIT, "results": [], "compliant": None}
    if org_predicate:
        pattern, policy = pattern_for(agency_code, org_predicate)
        results = check(pattern, found)
        out.update(results=[(describe(r.constraint), r.met, needed(r, total)) for r in results],
                   compliant=all(r.met for r in results), pattern=pattern.description, policy=policy)
    return out
