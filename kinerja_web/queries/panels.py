"""What agency plugins' dashboard panels may read: their indicators' latest realisation per unit.

A plugin never runs SQL of its own: ``kinerja_dashboard_panels`` receives a
:class:`PanelData` for one agency and year, whose methods answer in one statement
whatever the agency's size.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import Numeric, and_, case, cast, distinct, func, literal, null, select, union_all

from ..extensions import db
from ..models import Employee, Period, Plan, PlanIndicator, Realization, ReviewPeriod, Unit, WorkResult
from ..rules.types import Aggregation
from .cache import cached

NUMBER = Numeric(24, 6)  # a ratio indicator's numerator or denominator, read from a realisation's fields


class UnitValue(NamedTuple):
    """One unit's realisation of one catalogue indicator in the year, to its latest review period."""

    unit: str
    unit_id: int
    code: str
    indicator: str
    review: str  # the latest review period with a realisation
    # summed indicators (counts of events): the unit's total to date; a ratio indicator (a coverage): the
    # unit's two numbers added up, then divided; otherwise the mean over the unit's people who realised it
    # in the latest review period
    value: Decimal | None
    target: Decimal | None  # summed indicators: the unit's annual targets added up; otherwise their mean
    people: int
    fields: dict  # a ratio indicator's two numbers, added up over the unit ({} otherwise)
    baseline: Decimal | None = None  # growth targets: the unit's baselines added up (or their mean)


class PanelData:
    """Read-only access for one agency's panels (``kinerja_dashboard_panels``)."""

    def __init__(self, agency_id: int, year: int, catalogue: dict | None = None,
                 unit_ids: Iterable[int] | None = None, groups: dict[int, tuple[int, str]] | None = None):
        """``catalogue`` maps a catalogue code to (plugin, :class:`~kinerja_web.rules.types.Indicator`): its
        roll-up says how a unit's people add up, its ratio which two numbers to add. ``groups`` (unit id →
        (id, name) of the row it counts in) adds units up as the dashboard's unit table does: a unit directly
        below the scope with everything under it, so a panel has a row per shown unit, not per unit of the
        agency; units in no group are left out."""
        self.agency_id, self.year, self.catalogue = agency_id, year, catalogue or {}
        self.unit_ids = None if unit_ids is None else list(unit_ids)
        self.groups = groups

    def realizations(self, codes: Iterable[str]) -> list[UnitValue]:
        """Per unit and catalogue indicator, the realisation of the year to its latest review period.

        One statement, whatever the agency's size. Only approved plans count.
        """
        codes = list(codes)[:200]
        if not codes:
            return []
        return cached("panel_realizations", (self.agency_id, self.year, tuple(codes),
                                             None if self.unit_ids is None else tuple(self.unit_ids),
                                             None if self.groups is None else tuple(sorted(self.groups.items()))),
                      lambda: self._realizations(codes), stamped_only=True)

    def _realizations(self, codes: list[str]) -> list[UnitValue]:
        """Added up in SQL per unit, indicator and review period (and, for a summed indicator's targets, per
        unit and indicator over its people's indicator rows), so the rows fetched grow with units × indicators
        × periods, never with people; Python only picks each row's latest period and adds up the groups."""
        numerator, denominator = self._ratio_numbers()
        base = (select(Unit.id.label("unit_id"), Unit.name.label("unit"),
                       PlanIndicator.catalogue_code.label("code"), PlanIndicator.name.label("name"),
                       ReviewPeriod.seq.label("seq"), ReviewPeriod.name.label("review"),
                       Realization.value.label("value"), PlanIndicator.target_value.label("target"),
                       PlanIndicator.baseline_value.label("baseline"), Plan.id.label("plan_id"),
                       PlanIndicator.id.label("indicator_id"), numerator.label("num"), denominator.label("den"))
                .select_from(Realization)
                .join(PlanIndicator, PlanIndicator.id == Realization.indicator_id)
                .join(WorkResult, WorkResult.id == PlanIndicator.result_id)
                .join(Plan, Plan.id == WorkResult.plan_id)
                .join(Period, Period.id == Plan.period_id)
                .join(Employee, Employee.id == Plan.employee_id)
                .join(Unit, Unit.id == Employee.unit_id)
                .join(ReviewPeriod, ReviewPeriod.id == Realization.review_id)
                .where(Employee.agency_id == self.agency_id, Period.year == self.year, Plan.status == "approved",
                       PlanIndicator.catalogue_code.in_(codes), Realization.value.is_not(None)))
        if self.unit_ids is not None:
            base = base.where(Unit.id.in_(self.unit_ids))
        b = base.cte("panel_base")
        both = case((and_(b.c.num.is_not(None), b.c.den.is_not(None)), 1))
        per_period = (select(literal("seq").label("kind"), b.c.unit_id, func.min(b.c.unit), b.c.code,
                             func.min(b.c.name), b.c.seq, func.min(b.c.review), func.sum(b.c.value),
                             func.count(b.c.value), func.count(distinct(b.c.plan_id)), func.sum(b.c.target),
                             func.count(b.c.target), func.sum(b.c.baseline), func.count(b.c.baseline),
                             func.sum(b.c.num), func.sum(b.c.den), func.count(both))
                      .group_by(b.c.unit_id, b.c.code, b.c.seq))
        rows = (select(b.c.unit_id, b.c.unit, b.c.code, b.c.indicator_id, b.c.plan_id, b.c.target, b.c.baseline)
                .distinct().subquery("panel_rows"))
        none = null()
        per_year = (select(literal("year"), rows.c.unit_id, func.min(rows.c.unit), rows.c.code, none, none, none,
                           none, none, func.count(distinct(rows.c.plan_id)), func.sum(rows.c.target),
                           func.count(rows.c.target), func.sum(rows.c.baseline), func.count(rows.c.baseline),
                           none, none, none)
                    .group_by(rows.c.unit_id, rows.c.code))
        periods: dict[tuple[int, str], list] = {}
        years: dict[tuple[int, str], list] = {}
        for row in db.session.execute(union_all(per_period, per_year)):
            unit_id, unit = row[1], row[2]
            if self.groups is not None:
                group = self.groups.get(unit_id)
                if group is None:
                    continue
                unit_id, unit = group
            (periods if row[0] == "seq" else years).setdefault((unit_id, row[3]), []).append((unit, row))
        out = [self._unit_value(key, rows, years.get(key, [])) for key, rows in periods.items()]
        return sorted(out, key=lambda v: (v.unit, v.unit_id, v.code))

    def _ratio_numbers(self):
        """(numerator, denominator): SQL expressions of a ratio indicator's two numbers in a realisation's
        fields (NULL for other indicators)."""
        nums, dens = [], []
        for code, (plugin, record) in self.catalogue.items():
            ratio = getattr(record, "ratio", None)
            if ratio is None or plugin is None:
                continue
            for found, key in ((nums, ratio.numerator), (dens, ratio.denominator)):
                text = func.nullif(Realization.fields[(plugin, key)].as_string(), "")
                found.append((PlanIndicator.catalogue_code == code, cast(text, NUMBER)))
        return tuple(case(*whens, else_=null()) if whens else cast(null(), NUMBER) for whens in (nums, dens))

    def _unit_value(self, key: tuple[int, str], periods: list, year: list) -> UnitValue:
        """One row of the panel from its (unit name, row) pairs per period and, for a summed indicator, the
        per-unit sums of its people's targets."""
        unit_id, code = key
        plugin, record = self.catalogue.get(code, (None, None))
        summed = record is not None and record.aggregation == Aggregation.SUM
        latest = max(r[5] for _, r in periods)
        last = sorted(((u, r) for u, r in periods if r[5] == latest), key=lambda p: (p[0], p[1][1]))
        unit, name, review = last[0][0], last[0][1][4], last[0][1][6]

        def mean(rows, total: int, n: int):
            count = sum(r[n] for r in rows)
            return sum((r[total] for r in rows if r[total] is not None), Decimal(0)) / count if count else None

        last_rows = [r for _, r in last]
        if summed:
            year_rows = [r for _, r in year]
            value = sum((r[7] for _, r in periods), Decimal(0))
            target = sum((r[10] for r in year_rows if r[10] is not None), Decimal(0)) if any(
                r[11] for r in year_rows) else None
            baseline = sum((r[12] for r in year_rows if r[12] is not None), Decimal(0)) if any(
                r[13] for r in year_rows) else None
            people = sum(r[9] for r in year_rows)
        else:
            value = mean(last_rows, 7, 8)
            target, baseline = mean(last_rows, 10, 11), mean(last_rows, 12, 13)
            people = sum(r[9] for r in last_rows)
        fields = {}
        ratio = record.ratio if record is not None else None
        if ratio is not None and sum(r[16] for r in last_rows) == sum(r[8] for r in last_rows):
            top = sum((r[14] for r in last_rows), Decimal(0))
            bottom = sum((r[15] for r in last_rows), Decimal(0))
            if bottom:
                value = top / bottom * ratio.per
                fields = {ratio.numerator: top, ratio.denominator: bottom}
        return UnitValue(unit, unit_id, code, name, review, value, target, people, fields, baseline)
