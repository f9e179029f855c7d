"""Which rules evaluate a review period: the ones in force, or an adopted candidate from its start period on.

Every path that evaluates asks here (``service.compute``, the team page's suggestions, ``flask kinerja
recompute``), so a result from the start period on is computed, shown and proved with the candidate, and
a result before it with the rules it was computed with, for ever. A simulation asks for the candidate
directly (:class:`CandidateRules`).
"""
from __future__ import annotations

from dataclasses import asdict
from typing import NamedTuple

from ..rules.types import RuleRef
from .service import Rules


class MissingCandidate(RuntimeError):
    """An adopted candidate is no longer declared as adopted: its results could not be computed or proved."""


class CandidateRules(Rules):
    """The agency's rules with a candidate's replacements; every replaced rule names the candidate's plugin."""

    def __init__(self, declared, reg=None):
        super().__init__(reg)
        self.declared = declared
        self._replaced: dict[str, tuple] = {}

    @property
    def candidate(self):
        return self.declared.record

    def scoring(self, code: str) -> tuple:
        found = self._scoring.get(code)
        if found is None:
            rule = self.candidate.scoring.get(code)
            found = self._scoring[code] = (self.reg.scoring_rule(code) if rule is None else (
                rule(), RuleRef(self.declared.plugin, self.declared.plugin_version, "scoring", rule.code,
                                rule.version)))
        return found

    def policies(self, agency_code: str) -> tuple:
        found = self._replaced.get(agency_code)
        if found is None:
            policy, ref, matrix, matrix_ref = super().policies(agency_code)
            new = self.candidate.rating_policy
            if new is not None and agency_code == self.candidate.agency:
                policy, ref = new, asdict(RuleRef(self.declared.plugin, self.declared.plugin_version, "rating",
                                                  new.code, new.version))
            found = self._replaced[agency_code] = (policy, ref, matrix, matrix_ref)
        return found


class Adopted(NamedTuple):
    code: str
    version: int
    start_year: int
    start_seq: int


def period_key(year: int, seq: int | None) -> tuple[int, int]:
    """The order of an evaluation's period; an annual one (``seq`` None) is under a candidate only when its
    whole year is, i.e. when the candidate starts at the year's first review period or earlier."""
    return year, 1 if seq is None else seq


def adoption(adopted: list | None, year: int, seq: int | None) -> Adopted | None:
    """The latest of an agency's adoptions (``Agency.rules_adopted``) whose start is not after the period."""
    key, chosen = period_key(year, seq), None
    for row in adopted or ():
        row = Adopted(*row)
        if (row.start_year, row.start_seq) <= key and (chosen is None or (row.start_year, row.start_seq) > (
                chosen.start_year, chosen.start_seq)):
            chosen = row
    return chosen


class RuleBook:
    """The rules in force per agency and period, from the agency's adoptions; each candidate's rules once."""

    def __init__(self, rules: Rules | None = None):
        self.base = Rules() if rules is None else rules
        self._candidates: dict[tuple, CandidateRules] = {}

    def rules(self, agency_code: str, year: int, seq: int | None, adopted: list | None) -> Rules:
        """The :class:`Rules` an evaluation of the agency for that year and review period (None: annual) uses;
        ``adopted`` is the agency's ``rules_adopted``."""
        found = adoption(adopted, year, seq)
        if found is None:
            return self.base
        key = (agency_code, found.code, found.version)
        rules = self._candidates.get(key)
        if rules is None:
            declared = self.base.reg.candidates.get((agency_code, found.code))
            if declared is None or declared.record.version != found.version:
                raise MissingCandidate(
                    f"agency {agency_code!r} adopted candidate {found.code!r} v{found.version} from "
                    f"{found.start_year} period {found.start_seq}, but no plugin declares that version now")
            rules = self._candidates[key] = CandidateRules(declared, self.base.reg)
        return rules
