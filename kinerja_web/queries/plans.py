"""A person's own SKP, every year and version: the SKP list and its export read the same statement."""
from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from ..models import Employee, Plan


def my_plans(employee_id: int) -> Select:
    """The employee's plans with their year, newest year and version first (one statement)."""
    return (select(Plan).where(Plan.employee_id == employee_id)
            .options(joinedload(Plan.period), joinedload(Plan.employee).joinedload(Employee.position),
                     joinedload(Plan.employee).joinedload(Employee.unit))
            .order_by(Plan.period_id.desc(), Plan.version.desc()))
