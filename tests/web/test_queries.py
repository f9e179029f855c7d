"""The read path agrees with the engine's own reckoning, in a fixed number of statements."""
from __future__ import annotations

import pytest

from kinerja_web.clock import today
from kinerja_web.queries import progress as prog
from kinerja_web.queries.team import team_page
from tests.helpers import count_queries, employee


def _reference(supervisor):
    """What the Python progress of every report's plan says (the slow way)."""
    from sqlalchemy import select

    from kinerja_web.extensions import db
    from kinerja_web.models import Employee

    reports = db.session.scalars(select(Employee).where(Employee.supervisor_id == supervisor.id,
                                                        Employee.active.is_(True))).all()
    plans = prog.current_plans([e.id for e in reports])
    by_emp = {pp.plan.employee_id: pp for pp in prog.progress(plans)}
    return {e.id: ((by_emp[e.id].plan.id, by_emp[e.id].missing_values, by_emp[e.id].missing_evidence,
                    by_emp[e.id].unanswered) if e.id in by_emp else (None, 0, 0, 0)) for e in reports}


@pytest.mark.parametrize("boss", ["kabid.dinkes", "kabid.disdik", "kadis.dispar"])
def test_the_team_summary_in_sql_matches_the_engine(app, boss):
    supervisor = employee(boss)
    rows, total = team_page(supervisor.id, today())
    expected = _reference(supervisor)
    assert total == len(expected) and len(rows) == total
    assert {r.employee_id: (r.plan_id, r.missing_values, r.missing_evidence, r.unanswered) for r in rows} == expected
    assert any(r.missing_values for r in rows) or boss.startswith("kadis")
    attention = [r.attention for r in rows if r.plan_id]
    assert attention == sorted(attention, reverse=True)


def test_the_team_summary_costs_two_statements_and_pages(app):
    supervisor = employee("kabid.dinkes")
    with count_queries() as statements:
        rows, total = team_page(supervisor.id, today(), page=2, per_page=3)
    assert len(statements) == 2 and len(rows) == 3 and total > 6
