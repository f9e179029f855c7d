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


class UnitValue(NamedTuple):
    """One unit's latest realisation of one catalogue indicator in the year."""

    unit: str
    unit_id: int
    code: str
    indicator: str
    review: str
    # a ratio indicator (a coverage): the unit's two numbers added up, then divided; otherwise the mean over
    # the unit's people who realised it in that review period
    value: Decimal | None
    target: Decimal | None  # their mean annual target
    people: int
    fields: dict  # a ratio indicator's two numbers, added up over the unit ({} otherwise)


class PanelData:
    """Read-only access for one agency's panels (``kinerja_dashboard_panels``)."""

    def __init__(self, agency_id: int, year: int, ratios: dict | None = None, unit_ids: Iterable[int] | None = None):
        """``ratios`` maps a catalogue code to (plugin, :class:`~kinerja_web.rules.types.Ratio`) for the
        indicators whose value is derived from two numbers."""
        self.agency_id, self.year, self.ratios = agency_id, year, ratios or {}
        self.unit_ids = None if unit_ids is None else list(unit_ids)

    def realizations(self, codes: Iterable[str]) -> list[UnitValue]:
        """Per unit and catalogue indicator, the latest review period's realisation of the year (one statement).

        Only approved plans count. For a ratio indicator the unit's value is its people's numerators
        added up over their denominators added up (a coverage of the unit's whole population); for any
        other indicator the mean over its people who realised it in that review period. The target is
        their mean annual target.
        """
        codes = list(codes)[:200]
        if not codes:
            return []
        query = (
            select(Unit.id, Unit.name, PlanIndicator.catalogue_code, PlanIndicator.name, ReviewPeriod.seq,
                   ReviewPeriod.name, Realization.value, PlanIndicator.target_value, Realization.fields)
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
        latest: dict[tuple[int, str], list] = {}
        for row in db.session.execute(query):
            key = (row[0], row[2])
            rows = latest.get(key)
            if rows is None or rows[0][4] < row[4]:  # a later review period replaces what was kept
                latest[key] = [row]
            elif rows[0][4] == row[4]:
                rows.append(row)
        return [self._unit_value(rows) for rows in latest.values()]

    def _unit_value(self, rows) -> UnitValue:
        unit_id, unit, code, name, _seq, review = rows[0][:6]
        targets = [r[7] for r in rows if r[7] is not None]
        target = sum(targets, Decimal(0)) / len(targets) if targets else None
        value, fields = sum((r[6] for r in rows), Decimal(0)) / len(rows), {}
        found = self.ratios.get(code)
        if found is not None:
            plugin, ratio = found
            numbers = [((r[8] or {}).get(plugin) or {}) for r in rows]
            if all(ratio.numerator in n and ratio.denominator in n for n in numbers):
                top = sum((Decimal(n[ratio.numerator]) for n in numbers), Decimal(0))
                bottom = sum((Decimal(n[ratio.denominator]) for n in numbers), Decimal(0))
                if bottom:
                    value = top / bottom * ratio.per
                    fields = {ratio.numerator: top, ratio.denominator: bottom}
        return UnitValue(unit, unit_id, code, name, review, value, target, len(rows), fields)
