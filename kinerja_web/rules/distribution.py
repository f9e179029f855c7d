"""Distribution patterns of employee predikat per organisation predikat (§5).

The curve is a guideline (pedoman): the engine reports which constraints a
distribution meets; the host warns and asks for a justification, never blocks.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .types import OrgPredicate, Predicate


@dataclass(frozen=True)
class Constraint:
    """``kind`` is one of: min_share, max_share, largest, at_least_one, none."""

    kind: str
    predicates: frozenset[Predicate]
    percent: Decimal | None = None


@dataclass(frozen=True)
class DistributionPattern:
    org_predicate: OrgPredicate
    constraints: tuple[Constraint, ...]
    description: str


@dataclass(frozen=True)
class DistributionPolicy:
    """A named, versioned set of patterns: one for every organisation predikat.

    A change of the curve is a new version, so a calibration names the curve it
    was checked against exactly as a score names its scoring rule.
    """

    code: str
    version: int
    title: str
    patterns: tuple[DistributionPattern, ...]
    source: str = ""

    def pattern(self, org_predicate: OrgPredicate) -> DistributionPattern:
        return next(p for p in self.patterns if p.org_predicate is OrgPredicate(org_predicate))


@dataclass(frozen=True)
class ConstraintResult:
    constraint: Constraint
    met: bool
    actual_percent: Decimal


def share(kind, predicates, percent=None) -> Constraint:
    """Shorthand used by the pattern tables."""
    pct = None if percent is None else Decimal(percent)
    return Constraint(kind, frozenset(predicates), pct)


def check(pattern: DistributionPattern, counts: dict[Predicate, int]) -> list[ConstraintResult]:
    """Evaluate every constraint of ``pattern`` against predikat counts."""
    total = sum(counts.values())
    results = []
    for c in pattern.constraints:
        n = sum(counts.get(p, 0) for p in c.predicates)
        pct = Decimal(n) * 100 / total if total else Decimal(0)
        if c.kind == "min_share":
            met = pct >= c.percent
        elif c.kind == "max_share":
            met = pct <= c.percent
        elif c.kind == "at_least_one":
            met = n > 0
        elif c.kind == "none":
            met = n == 0
        elif c.kind == "largest":
            met = all(n >= cnt for p, cnt in counts.items() if p not in c.predicates)
        else:
            raise ValueError(f"unknown constraint kind {c.kind!r}")
        results.append(ConstraintResult(c, met, pct))
    return results
