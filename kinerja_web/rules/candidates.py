"""Candidate rule sets: a rule change an agency can simulate on past results before adopting it.

A plugin declares a candidate beside the rules in force (``kinerja_candidate_rules``), in the same
distribution version. Both sides of a simulation then carry an exact :class:`~.types.RuleRef`: the
stored result names the rule that produced it, the simulated one names the candidate's rule with
the plugin and version that declared it. Loading a second installed version of a plugin as the
candidate would not: two versions of one distribution cannot be installed side by side, and a
result computed by a version that is no longer installed could never be recomputed to prove it.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from .types import Predicate, Rating


@dataclass(frozen=True)
class CandidateRuleSet:
    """A named, versioned change of an agency's rules.

    ``scoring`` maps the code of a scoring rule in force (as plan indicators name it) to the rule
    class that replaces it; ``rating_policy`` replaces the agency's rating policy when given. What the
    candidate does not name stays as it is.
    """

    agency: str  # the code of the agency whose rules change
    code: str  # stable, unique per agency
    version: int  # a change to the candidate is a new version
    label: str  # a short name, in Bahasa Indonesia
    label_en: str = ""  # the short name in English
    description: str = ""  # what changes and why, in Bahasa Indonesia
    description_en: str = ""  # what changes and why, in English
    # scoring rule code in force → the ScoringRule subclass that replaces it
    scoring: Mapping[str, type] = field(default_factory=dict)
    rating_policy: object | None = None  # a RatingPolicy replacing the agency's, or None to keep it

    def __post_init__(self):
        object.__setattr__(self, "scoring", MappingProxyType(dict(self.scoring)))


def simulated_final(suggested_before: str | None, final_before: str | None, suggested_after: str | None) -> str | None:
    """The rating of results the assessor would give under the candidate.

    The regulation leaves the rating to the assessor (RULES.md §3.5). Where the assessor followed
    the engine's suggestion, the simulation assumes they would follow the new suggestion too; where
    they overrode it with a written reason, their rating stands: a rule change does not undo a
    judgement about the person.
    """
    if final_before is None:
        return None
    if final_before == suggested_before and suggested_after is not None:
        return suggested_after
    return final_before


def simulated_predicate(matrix, results: str | None, behaviour: str | None) -> str | None:
    """The predikat of the matrix for two ratings (None when one is missing)."""
    if results is None or behaviour is None:
        return None
    value = matrix.predicate(Rating(results), Rating(behaviour))
    return value.value if isinstance(value, Predicate) else str(value)
