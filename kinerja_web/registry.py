"""The frozen registry: every declared record paired with its provenance.

Collected once in ``create_app``; evaluation then reads records and calls rule
objects directly, with no hook dispatch in the scoring loop.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Any, Generic, TypeVar

from .plugins import PluginError
from .rules.aggregation import DueRule
from .rules.candidates import CandidateRuleSet
from .rules.distribution import DistributionPattern, DistributionPolicy
from .rules.predicate import PredicateMatrix
from .rules.rating import RatingPolicy
from .rules.scoring import GrowthOverBaseline, ScoringRule
from .rules.types import Agency, Aggregation, Indicator, OrgPredicate, Predicate, RuleRef, TargetKind

T = TypeVar("T")

# Where a realisation may come from besides being typed ("": typed, "ikm": the unit's satisfaction index).
FEEDS = ("", "ikm")

# What each roll-up is for, as a plugin author reads it in an error message.
ROLL_UPS = {
    Aggregation.SUM: "counts of events, summed; due pro rata",
    Aggregation.LAST: "stocks and cumulative levels, the latest period counts",
    Aggregation.AVERAGE: "rates and averages, the mean of the periods",
    Aggregation.MAX: "the best period counts",
}


@dataclass(frozen=True)
class Declared(Generic[T]):
    """A record with the plugin name and version that declared it."""

    record: T
    plugin: str
    plugin_version: str


@dataclass(frozen=True)
class PluginInfo:
    name: str
    version: str
    hooks: tuple[str, ...]
    contributions: MappingProxyType


def _call_each(pm, hook_name: str):
    """Yield (plugin name, version, returned records) per implementation.

    pluggy lists ``trylast`` implementations (the built-in defaults) first and
    the rest in registration order: so a duplicate blames the later plugin.
    """
    hook = getattr(pm.hook, hook_name)
    for impl in hook.get_hookimpls():
        try:
            records = impl.function()
        except Exception as exc:
            raise PluginError(f"Plugin {impl.plugin_name!r} failed in {hook_name}(): {exc!r}") from exc
        if records is not None and not isinstance(records, (list, tuple, set, frozenset)):
            raise PluginError(f"Plugin {impl.plugin_name!r}: {hook_name}() must return a list, "
                              f"got {type(records).__name__}")
        yield impl.plugin_name, pm.versions.get(impl.plugin_name, "0"), list(records or ())


class Registry:
    """Validated, read-only view of everything the plugins declared."""

    def __init__(self):
        self.agencies: dict[str, Declared[Agency]] = {}
        self.indicators: dict[tuple[str, str], Declared[Indicator]] = {}
        self.scoring_rules: dict[str, Declared[type[ScoringRule]]] = {}
        self.due_rules: dict[str, Declared[type[DueRule]]] = {}
        self.rating_policies: dict[str, Declared[RatingPolicy]] = {}
        self.predicate_policies: dict[str, Declared[PredicateMatrix]] = {}
        self.distribution_policies: dict[str, Declared[DistributionPolicy]] = {}
        self.candidates: dict[tuple[str, str], Declared[CandidateRuleSet]] = {}  # (agency, code)
        self.plugins: tuple[PluginInfo, ...] = ()

    @classmethod
    def collect(cls, pm) -> Registry:
        """Call every declaration hook once, validate, and freeze the result."""
        reg = cls()
        contributions: dict[str, dict[str, int]] = {}
        collectors = (
            ("kinerja_scoring_rules", reg._add_scoring_rule),
            ("kinerja_due_rules", reg._add_due_rule),
            ("kinerja_rating_policies", reg._add_rating_policy),
            ("kinerja_predicate_policies", reg._add_predicate_policy),
            ("kinerja_distribution_policies", reg._add_distribution_policy),
            ("kinerja_agencies", reg._add_agency),
            ("kinerja_indicators", reg._add_indicator),
            ("kinerja_candidate_rules", reg._add_candidate),
        )
        for hook_name, add in collectors:
            for plugin, version, records in _call_each(pm, hook_name):
                for record in records:
                    add(Declared(record, plugin, version))
                contributions.setdefault(plugin, {})[hook_name] = len(records)
        reg._check_agency_policies()
        reg.plugins = tuple(
            PluginInfo(name, pm.versions.get(name, "0"),
                       tuple(sorted(h.name for h in pm.get_hookcallers(plugin) or ())),
                       MappingProxyType(contributions.get(name, {})))
            for name, plugin in sorted(pm.list_name_plugin()) if plugin is not None
        )
        for name in ("agencies", "indicators", "scoring_rules", "due_rules", "rating_policies",
                     "predicate_policies", "distribution_policies", "candidates"):
            setattr(reg, name, MappingProxyType(getattr(reg, name)))
        return reg

    # -- validation, one method per record kind ---------------------------

    @staticmethod
    def _fail(d: Declared, message: str):
        raise PluginError(f"Plugin {d.plugin!r} {d.plugin_version}: {message}")

    def _unique(self, table: dict, key: Any, d: Declared, what: str):
        if key in table:
            other = table[key]
            self._fail(d, f"{what} {key!r} is already declared by plugin {other.plugin!r}")
        table[key] = d

    def _expect(self, d: Declared, kind, what: str):
        if not isinstance(d.record, kind):
            self._fail(d, f"declared {d.record!r}, expected {what}")

    def _add_scoring_rule(self, d):
        rule = d.record
        if not (isinstance(rule, type) and issubclass(rule, ScoringRule)):
            self._fail(d, f"declared {rule!r}, expected a ScoringRule subclass")
        if not rule.code or not isinstance(rule.version, int):
            self._fail(d, f"scoring rule {rule.__name__} needs a code and an integer version")
        self._unique(self.scoring_rules, rule.code, d, "scoring rule")

    def _add_due_rule(self, d):
        rule = d.record
        if not (isinstance(rule, type) and issubclass(rule, DueRule)):
            self._fail(d, f"declared {rule!r}, expected a DueRule subclass")
        if not rule.code or not isinstance(rule.version, int):
            self._fail(d, f"due rule {rule.__name__} needs a code and an integer version")
        self._unique(self.due_rules, rule.code, d, "due rule")

    def _add_rating_policy(self, d):
        self._expect(d, RatingPolicy, "a RatingPolicy instance")
        if not d.record.code or not isinstance(d.record.version, int):
            self._fail(d, f"rating policy {type(d.record).__name__} needs a code and an integer version")
        self._unique(self.rating_policies, d.record.code, d, "rating policy")

    def _add_predicate_policy_version(self, d):
        if not d.record.code or not isinstance(d.record.version, int):
            self._fail(d, f"predicate matrix {d.record.title!r} needs a code and an integer version")

    def _add_predicate_policy(self, d):
        self._expect(d, PredicateMatrix, "a PredicateMatrix")
        self._add_predicate_policy_version(d)
        missing = d.record.missing_cells()
        if missing:
            cells = ", ".join(f"{r.value}×{b.value}" for r, b in missing)
            self._fail(d, f"predicate matrix {d.record.code!r} is not total; missing {cells}")
        self._unique(self.predicate_policies, d.record.code, d, "predicate matrix")

    def _add_distribution_policy(self, d):
        if not isinstance(d.record, DistributionPolicy):
            self._fail(d, f"declared {d.record!r}, expected a DistributionPolicy (code, version, title, patterns)")
        policy = d.record
        if not policy.code or not isinstance(policy.version, int):
            self._fail(d, f"distribution policy {policy.title!r} needs a code and an integer version")
        covered = {p.org_predicate for p in policy.patterns if isinstance(p, DistributionPattern)}
        missing = [o.value for o in OrgPredicate if o not in covered]
        if missing:
            self._fail(d, f"distribution policy {policy.code!r} has no pattern for {', '.join(missing)}")
        self._unique(self.distribution_policies, policy.code, d, "distribution policy")

    def _add_agency(self, d):
        self._expect(d, Agency, "an Agency record")
        known = {p.value for p in Predicate}
        for predicate, percent in d.record.allowances:
            if predicate not in known or not 0 <= Decimal(percent) <= 200:
                self._fail(d, f"agency {d.record.code!r} maps allowance {predicate!r} → {percent!r}; "
                              f"use a predikat code ({', '.join(sorted(known))}) and 0–200 %")
        hours = d.record.development_hours
        if not isinstance(hours, int) or isinstance(hours, bool) or not 1 <= hours <= 1000:
            self._fail(d, f"agency {d.record.code!r} declares development_hours={hours!r}; "
                          "use a whole number of JP per year, 1–1000 (the national minimum is 20)")
        self._unique(self.agencies, d.record.code, d, "agency")

    def _add_indicator(self, d):
        self._expect(d, Indicator, "an Indicator record")
        ind = d.record
        if ind.agency not in self.agencies:
            self._fail(d, f"indicator {ind.code!r} names unknown agency {ind.agency!r}")
        if ind.scoring not in self.scoring_rules:
            known = ", ".join(sorted(self.scoring_rules))
            self._fail(d, f"indicator {ind.code!r} names unknown scoring rule {ind.scoring!r} (known: {known})")
        if not (isinstance(ind.aggregation, str) and ind.aggregation in ROLL_UPS):
            kinds = "; ".join(f"{code} ({what})" for code, what in ROLL_UPS.items())
            what = "declares no roll-up" if not ind.aggregation else f"names unknown roll-up {ind.aggregation!r}"
            self._fail(d, f"indicator {ind.code!r} {what} over review periods (aggregation=); use one of: {kinds}")
        if ind.due_rule and ind.due_rule not in self.due_rules:
            known = ", ".join(sorted(self.due_rules)) or "none declared"
            self._fail(d, f"indicator {ind.code!r} names unknown due rule {ind.due_rule!r} (known: {known})")
        if ind.due_rule and ind.aggregation != Aggregation.SUM:
            self._fail(d, f"indicator {ind.code!r} names due rule {ind.due_rule!r}, but only a summed "
                          f"target (aggregation=sum) is due in shares")
        if ind.feed not in FEEDS:
            self._fail(d, f"indicator {ind.code!r} names unknown feed {ind.feed!r} (known: {', '.join(FEEDS[1:])})")
        if ind.target_kind is TargetKind.GROWTH and not issubclass(self.scoring_rules[ind.scoring].record,
                                                                   GrowthOverBaseline):
            self._fail(d, f"indicator {ind.code!r} states a growth target; score it with a growth rule "
                          f"(growth_over_baseline or a subclass)")
        self._unique(self.indicators, (ind.agency, ind.code), d, "indicator")

    def _add_candidate(self, d):
        if not isinstance(d.record, CandidateRuleSet):
            self._fail(d, f"declared {d.record!r}, expected a CandidateRuleSet")
        c = d.record
        if c.agency not in self.agencies:
            self._fail(d, f"candidate {c.code!r} names unknown agency {c.agency!r}")
        if not c.code or not isinstance(c.version, int) or isinstance(c.version, bool):
            self._fail(d, f"candidate {c.label!r} needs a code and an integer version")
        if not c.scoring and c.rating_policy is None:
            self._fail(d, f"candidate {c.code!r} changes nothing: name scoring rules or a rating_policy")
        for replaced, rule in c.scoring.items():
            if replaced not in self.scoring_rules:
                self._fail(d, f"candidate {c.code!r} replaces unknown scoring rule {replaced!r}")
            if not (isinstance(rule, type) and issubclass(rule, ScoringRule)) or not rule.code \
                    or not isinstance(rule.version, int):
                self._fail(d, f"candidate {c.code!r} replaces {replaced!r} with {rule!r}, "
                              f"expected a ScoringRule subclass with a code and an integer version")
        if c.rating_policy is not None and not (isinstance(c.rating_policy, RatingPolicy) and c.rating_policy.code):
            self._fail(d, f"candidate {c.code!r} names {c.rating_policy!r}, expected a RatingPolicy with a code")
        self._unique(self.candidates, (c.agency, c.code), d, "candidate")

    def _check_agency_policies(self):
        for d in self.agencies.values():
            for attr, table in (("results_policy", self.rating_policies),
                                ("predicate_policy", self.predicate_policies),
                                ("distribution_policy", self.distribution_policies)):
                if getattr(d.record, attr) not in table:
                    self._fail(d, f"agency {d.record.code!r} names unknown {attr} {getattr(d.record, attr)!r}")

    # -- lookups ------------------------------------------------------------

    def catalogue(self, agency: str) -> list[Declared[Indicator]]:
        """The indicator catalogue of one agency, in declaration order."""
        return [d for (a, _), d in self.indicators.items() if a == agency]

    def due_rule(self, code: str) -> tuple[DueRule, RuleRef]:
        """An instance of the named due rule and its provenance."""
        d = self.due_rules[code]
        return d.record(), RuleRef(d.plugin, d.plugin_version, "due", code, d.record.version)

    def scoring_rule(self, code: str) -> tuple[ScoringRule, RuleRef]:
        """An instance of the named scoring rule and its provenance."""
        d = self.scoring_rules[code]
        return d.record(), RuleRef(d.plugin, d.plugin_version, "scoring", code, d.record.version)
