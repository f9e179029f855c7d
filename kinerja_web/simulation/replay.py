"""Replay an agency's final evaluations of one period under a candidate rule set, writing nothing.

The stored result is the "before" side, with the rule refs it was computed with; the candidate's rules
(``evaluation.rule_sets.CandidateRules``) give the "after" side. Evaluations are read in keyset batches
and each batch's plans and realisations as plain rows in a few statements (``queries.evaluation_inputs``),
as ``flask kinerja recompute`` reads them: the statements grow with the number of batches, never with
the number of people, and memory holds only the counts and the people who move.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import Text, cast, func, select

from ..evaluation import service
from ..evaluation.rule_sets import CandidateRules
from ..extensions import db
from ..models import Employee, Evaluation, Period, Plan, Unit
from ..queries import evaluation_inputs as inputs
from ..rules.candidates import simulated_final, simulated_predicate

BATCH = 2000


class Change(NamedTuple):
    """One indicator whose capaian (or its band) changes: its inputs and both rules."""

    indicator: str
    unit: str
    target: Decimal | None
    realization: Decimal | None
    percent_before: Decimal | None
    percent_after: Decimal | None
    top_before: bool  # whether it counted as a maximum attainable target met
    top_after: bool
    rule_before: dict | None  # the stored RuleRef
    rule_after: dict


class Mover(NamedTuple):
    """A person whose suggested rating or predikat changes."""

    evaluation_id: int
    name: str
    nip: str
    unit: str
    suggested_before: str | None
    suggested_after: str | None
    final_before: str | None
    final_after: str | None
    behaviour: str | None
    predicate_before: str | None
    predicate_after: str | None
    overridden: bool  # the assessor had overridden the suggestion: their rating stands
    changes: tuple[Change, ...]
    policy_before: dict | None  # the rating policy's RuleRef, stored and candidate
    policy_after: dict


class UnitRow(NamedTuple):
    unit_id: int | None
    name: str
    people: int
    capaian: int  # indicators whose capaian changes
    suggested: int  # people whose suggested rating changes
    predicate: int  # people whose predikat changes


class Simulation(NamedTuple):
    total: int
    units: list[UnitRow]
    before: Counter  # predikat code → people, stored
    after: Counter  # predikat code → people, under the candidate
    movers: list[Mover]

    @property
    def changed(self) -> dict[str, int]:
        return {"capaian": sum(u.capaian for u in self.units), "suggested": sum(u.suggested for u in self.units),
                "predicate": sum(u.predicate for u in self.units)}


def scope_query(agency_id: int, review_id: int | None, year: int):
    """The ids of the agency's final evaluations of the review period (None: the annual ones of ``year``)."""
    query = (select(Evaluation.id).join(Plan, Plan.id == Evaluation.plan_id)
             .join(Employee, Employee.id == Plan.employee_id)
             .where(Employee.agency_id == agency_id, Evaluation.status == "final"))
    if review_id is not None:
        return query.where(Evaluation.review_id == review_id)
    return query.join(Period, Period.id == Plan.period_id).where(Evaluation.review_id.is_(None), Period.year == year)


def count(agency_id: int, review_id: int | None, year: int) -> int:
    """Final evaluations the replay reads (one statement), for a progress bar's length."""
    return db.session.scalar(select(func.count()).select_from(scope_query(agency_id, review_id, year).subquery())) or 0


def _batches(agency_id: int, review_id: int | None, year: int, size: int) -> Iterator[list]:
    last = 0
    base = scope_query(agency_id, review_id, year).with_only_columns(
        Evaluation.id, Evaluation.plan_id, cast(Evaluation.scores, Text), cast(Evaluation.provenance, Text),
        Evaluation.results_suggested, Evaluation.results_final, Evaluation.behaviour_final, Evaluation.predicate,
        Employee.name, Employee.nip, Employee.unit_id, Unit.name).outerjoin(Unit, Unit.id == Employee.unit_id)
    while True:
        rows = db.session.execute(base.where(Evaluation.id > last).order_by(Evaluation.id).limit(size)).all()
        if not rows:
            return
        yield rows
        last = rows[-1][0]


def replay(agency, candidate: CandidateRules, review_id: int | None, year: int, batch_size: int = BATCH,
           progress: Callable[[int], None] = lambda n: None) -> Simulation:
    """The agency's final evaluations of the review period (None: the annual ones of ``year``) under the
    candidate: per unit what changes, the distribution before and after, and the people who move."""
    units: dict[int | None, list] = {}
    before, after, movers, year_reviews = Counter(), Counter(), [], None
    _, policy_after, matrix, _ = candidate.policies(agency.code)
    for rows in _batches(agency.id, review_id, year, batch_size):
        plans = inputs.plans({r[1] for r in rows})
        if year_reviews is None and plans:
            found = inputs.reviews({next(iter(plans.values())).period_id})
            year_reviews = [(rid, seq) for rid, seq, _ in next(iter(found.values()))]
        seqs = dict(year_reviews or ())
        upto = seqs.get(review_id, len(seqs))
        reals = inputs.realisations(plans)
        for ev_id, plan_id, text, prov, sug, final, behaviour, predicate, name, nip, unit_id, unit in rows:
            plan, stored = plans[plan_id], json.loads(text) if text else []
            prepared = candidate.prepare(plan.results, reals, year_reviews)
            judgements = service.judgements_in(stored) if prepared.qualitative else {}
            out = candidate.evaluate(agency.code, prepared, upto, judgements, None, each_result=False)
            changes = _changes(stored, out, candidate)
            sug_after = out.results_suggested.value if out.results_suggested else None
            final_after = simulated_final(sug, final, sug_after)
            pred_after = simulated_predicate(matrix, final_after, behaviour) or predicate
            row = units.setdefault(unit_id, [unit or "", 0, 0, 0, 0])
            row[1] += 1
            row[2] += sum(c.percent_before != c.percent_after or c.top_before != c.top_after for c in changes)
            row[3] += sug_after != sug
            row[4] += pred_after != predicate
            before[predicate] += 1
            after[pred_after] += 1
            if sug_after != sug or pred_after != predicate:
                policy_before = (json.loads(prov) if prov else {}).get("rating_policy")
                movers.append(Mover(ev_id, name, nip, unit or "", sug, sug_after, final, final_after, behaviour,
                                    predicate, pred_after, final != sug, tuple(changes), policy_before,
                                    policy_after))
        progress(len(rows))
    table = sorted((UnitRow(uid, *row) for uid, row in units.items()), key=lambda u: u.name)
    movers.sort(key=lambda m: (m.unit, m.name))
    return Simulation(sum(u.people for u in table), table, before, after, movers)


def _changes(stored: list, out, candidate) -> list[Change]:
    """The indicators whose capaian, band or rule differs from the stored score."""
    old_by_id, changes = {s["indicator_id"]: s for s in stored}, []
    for s in out.scores:
        old = old_by_id.get(s.indicator.id, {})
        percent, rule = service.number(s.percent), candidate.stored_ref(s.indicator.scoring)
        top_before = bool(old.get("max_attainable"))
        if old.get("percent") != percent or top_before != bool(s.max_attainable) or old.get("rule") != rule:
            changes.append(Change(s.indicator.name, s.indicator.unit, _decimal(old.get("target")),
                                  _decimal(old.get("realization")),
                                  _decimal(old.get("percent")), _decimal(percent), top_before,
                                  bool(s.max_attainable), old.get("rule"), rule))
    return changes


def _decimal(text) -> Decimal | None:
    return None if text is None else Decimal(text)
