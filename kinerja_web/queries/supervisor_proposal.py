"""The most likely supervisor of a person whose supervisor is missing or wrong, for the one-click fix
of the guardrails page (queries.hierarchy)."""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from ..extensions import db
from ..models import Employee, Position, Unit

SUPERVISORY = {"jpt": 3, "administrator": 2, "pengawas": 1}  # position kinds that lead a unit, by level


def suggester(agency_id: int, pairs):
    """A function giving a row its most likely supervisor (two statements, whatever the agency's size).

    The most likely supervisor is the active holder of a leading position (JPT, Administrator,
    Pengawas) above the person's own level, in the person's unit, else in the nearest unit up the
    tree; the lowest such level first, then by name. Someone the person already leads is never
    proposed (that would make a loop).
    """
    up = dict(pairs)
    parent = dict(db.session.execute(select(Unit.id, Unit.parent_id).where(Unit.agency_id == agency_id)).all())
    leaders: dict[int, list] = {}
    holders = (select(Employee.id, Employee.name, Employee.nip, Position.name.label("position"), Position.kind,
                      Employee.unit_id).join(Position)
               .where(Employee.agency_id == agency_id, Employee.active.is_(True), Position.kind.in_(SUPERVISORY))
               .order_by(Employee.name, Employee.id))
    for row in db.session.execute(holders):
        leaders.setdefault(row.unit_id, []).append(row)

    def above(emp_id) -> set[int]:
        seen, node = set(), up.get(emp_id)
        while node is not None and node not in seen:
            seen.add(node)
            node = up.get(node)
        return seen

    def propose(row):  # a queries.hierarchy.Row; returned with its suggestion filled in
        level, unit, seen = SUPERVISORY.get(row.kind, 0), row.unit_id, set()
        while unit is not None and unit not in seen:
            seen.add(unit)
            fits = [c for c in leaders.get(unit, ()) if SUPERVISORY[c.kind] > level and c.id != row.id
                    and c.id != row.boss_id and row.id not in above(c.id)]
            if fits:
                best = min(fits, key=lambda c: SUPERVISORY[c.kind])
                return replace(row, suggestion=(best.id, best.name, best.nip, best.position))
            unit = parent.get(unit)
        return row

    return propose
