"""What agency plugins' dashboard panels may read: their indicators' latest realisation per unit.

A plugin never runs SQL of its own: ``kinerja_dashboard_panels`` receives a
:class:`PanelData` for one agency and year, whose methods answer in one statement
whatever the agency's size.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import select

from ..extensions import db
from ..models import Employee, Period, Plan, PlanIndicator, Realization, ReviewPeriod, Unit, WorkResult
from ..rules.types import Aggregation
from .cache import cached


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
        query = (
            select(Unit.id, Unit.name, PlanIndicator.catalogue_code, PlanIndicator.name, ReviewPeriod.seq,
                   ReviewPeriod.name, Realization.value, PlanIndicator.target_value, Realization.fields, Plan.id,
                   PlanIndicator.baseline_value)
            .select_from(Realization)
            .join(PlanIndicator, PlanIndicator.id == Realization.indicator_id)
            .join(WorkResult, WorkResult.id == PlanIndicator.result_id)
            .join(Plan, Plan.id == WorkResult.plan_id)
            .join(Period, Period.id == Plan.period_id)
            .join(Employee, Employee.id == Plan.employee_id)
            .join(Unit, Unit.id == Employee.unit_id)
            .join(ReviewPeriod, ReviewPeriod.id == Realization.review_id)
            .where(Employee.agency_id == self.agency_id, Period.year == self.year, Plan.status == "approved",
                   PlanIndicator.catalogue_code.in_(codes), Realization.value.is_not(None))
            .order_by(Unit.name, Unit.id, PlanIndicator.catalogue_code, ReviewPeriod.seq))
        if self.unit_ids is not None:
            query = query.where(Unit.id.in_(self.unit_ids))
        grouped: dict[tuple[int, str], list] = {}
        for row in db.session.execute(query):
            if self.groups is not None:
                group = self.groups.get(row[0])
                if group is None:
                    continue
                row = (*group, *row[2:])
            grouped.setdefault((row[0], row[2]), []).append(row)
        out = [self._unit_value(rows) for rows in grouped.values()]
        return out if self.groups is None else sorted(out, key=lambda v: (v.unit, v.unit_id, v.code))

    def _unit_value(self, rows) -> UnitValue:
        plugin, record = self.catalogue.get(rows[0][2], (None, None))
        summed = record is not None and record.aggregation == Aggregation.SUM
        latest = max(r[4] for r in rows)
        last = [r for r in rows if r[4] == latest]
        unit_id, unit, code, name, _seq, review = last[0][:6]
        plans = {r[9]: r for r in (rows if summed else last)}  # one target and baseline per person
        targets = [r[7] for r in plans.values() if r[7] is not None]
        baselines = [r[10] for r in plans.values() if r[10] is not None]
        if summed:
            value = sum((r[6] for r in rows), Decimal(0))
            target = sum(targets, Decimal(0)) if targets else None
            baseline = sum(baselines, Decimal(0)) if baselines else None
        else:
            value = sum((r[6] for r in last), Decimal(0)) / len(last)
            target = sum(targets, Decimal(0)) / len(targets) if targets else None
            baseline = sum(baselines, Decimal(0)) / len(baselines) if baselines else None
        fields = {}
        ratio = record.ratio if record is not None else None
        if ratio is not None:
            numbers = [((r[8] or {}).get(plugin) or {}) for r in last]
            if all(ratio.numerator in n and ratio.denominator in n for n in numbers):
                top = sum((Decimal(n[ratio.numerator]) for n in numbers), Decimal(0))
                bottom = sum((Decimal(n[ratio.denominator]) for n in numbers), Decimal(0))
                if bottom:
                    value = top / bottom * ratio.per
                    fields = {ratio.numerator: top, ratio.denominator: bottom}
        return UnitValue(unit, unit_id, code, name, review, value, target, len(plans), fields, baseline)
