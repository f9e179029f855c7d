"""The predikat matrix: rating of results × rating of behaviour → predikat."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from types import MappingProxyType

from .types import Predicate, Rating


@dataclass(frozen=True)
class PredicateMatrix:
    """A named 3×3 matrix; ``cells`` maps (results, behaviour) to a predikat."""

    code: str
    version: int
    title: str
    cells: MappingProxyType

    def missing_cells(self) -> list[tuple[Rating, Rating]]:
        """Every (results, behaviour) pair the matrix does not answer."""
        return [pair for pair in product(Rating, Rating) if pair not in self.cells]

    def predicate(self, results: Rating, behaviour: Rating) -> Predicate:
        """The predikat for two final ratings."""
        return self.cells[(results, behaviour)]


def matrix(code: str, version: int, title: str, rows: dict) -> PredicateMatrix:
    """Build a matrix from ``{results: {behaviour: predikat}}`` rows."""
    cells = {(r, b): p for r, row in rows.items() for b, p in row.items()}
    return PredicateMatrix(code, version, title, MappingProxyType(cells))


def annual_proposal(periodic: list[Predicate]) -> Predicate | None:
    """The mode of the periodic predikat, ties broken toward the latest period (RULES.md §3.5)."""
    if not periodic:
        return None
    counts: dict[Predicate, int] = {}
    for p in periodic:
        counts[p] = counts.get(p, 0) + 1
    best = max(counts.values())
    return next(p for p in reversed(periodic) if counts[p] == best)


def weighted_annual_proposal(periodic: list[tuple[Predicate, float]]) -> Predicate | None:
    """:func:`annual_proposal` for a year whose SKP came in parts (a move mid-year, RULES.md §1.2): each
    periodic predikat, oldest first, counts with the share of its review period its part covered (1 for a
    whole period, so a year in one part gets exactly the mode); the largest total wins, ties toward the
    latest."""
    if not periodic:
        return None
    totals: dict[Predicate, float] = {}
    for p, weight in periodic:
        totals[p] = totals.get(p, 0.0) + weight
    best = max(totals.values())
    return next(p for p, _w in reversed(periodic) if abs(totals[p] - best) < 1e-9)
