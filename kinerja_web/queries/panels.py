"""What agency plugins' dashboard panels may read: their indicators' latest realisation per unit.

A plugin never runs SQL of its own: ``kinerja_dashboard_panels`` receives a
:class:`PanelData` for one agency and year, whose methods answer in one statement
whatever the agency's size.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import distinct, func, select

from ..extensions import db
from ..models import Employee, Period, Plan, PlanIndicator, Realization, ReviewPeriod, Unit, WorkResult


class UnitValue(NamedTuple):
    """One unit's latest realisation of one catalogue indicator in the year."""

    unit: str
    unit_id: int
    code: str
    indicator: str
    review: str
    value: Decimal | None  # the mean over the unit's people who realised it in that review period
    target: Decimal | None  # their mean annual target
    people: int
    fields: dict  # per-unit fields are not aggregated: always empty here


class PanelData:
    """Read-only access for one agency's panels (``kinerja_dashboard_panels``)."""

    def __init__(self, agency_id: int, year: int, unit_ids: Iterable[int] | None = None):
        self.agency_id, self.year = agency_id, year
        self.unit_ids = None if unit_ids is None else list(unit_ids)

    def realizations(self, codes: Iterable[str]) -> list[UnitValue]:
        """Per unit and catalogue indicator, the latest review period's realisation of the year (one statement).

        Only approved plans count; a unit's value is the mean over its people who realised the
        indicator in that review period, its target their mean annual target.
        """
        codes = [c for c in codes][:200]
        if not codes:
            return []
        query = (
            select(Unit.id, Unit.name, PlanIndicator.catalogue_code, func.min(PlanIndicator.name),
                   ReviewPeriod.seq, ReviewPeriod.name, func.avg(Realization.value),
                   func.avg(PlanIndicator.target_value), func.count(distinct(Plan.id)))
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
            .group_by(Unit.id, Unit.name, PlanIndicator.catalogue_code, ReviewPeriod.seq, ReviewPeriod.name)
            .order_by(Unit.name, Unit.id, PlanIndicator.catalogue_code, ReviewPeriod.seq))
        if self.unit_ids is not None:
            query = query.where(Unit.id.in_(self.unit_ids))
        latest: dict[tuple[int, str], UnitValue] = {}
        for unit_id, unit, code, name, _seq, review, value, target, people in db.session.execute(query):
            latest[(unit_id, code)] = UnitValue(unit, unit_id, code, name, review, _decimal(value),
                                                _decimal(target), people, {})
        return list(latest.values())


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))
