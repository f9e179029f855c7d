"""Rows as the API's JSON: the shapes :mod:`kinerja_web.api.schema` documents, field for field.

Numbers that the regulation rounds or compares (targets, realisations, capaian) are decimal strings
("97.5"), never floats; timestamps are UTC ISO 8601 with ``Z``; dates are ``YYYY-MM-DD``.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

REF_FIELDS = ("plugin", "plugin_version", "kind", "code", "version")


def number(value) -> str | None:
    """A stored number as a plain decimal string without trailing zeros (``100.0000`` → ``"100"``)."""
    if value is None or value == "":
        return None
    try:
        d = Decimal(str(value))
    except InvalidOperation:
        return None
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "") else text


def stamp(value: datetime | None) -> str | None:
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def ref(value) -> dict | None:
    """A stored rule reference (which rule of which plugin at which version), or None."""
    if not isinstance(value, dict):
        return None
    return {name: value.get(name) for name in REF_FIELDS}


def person(emp) -> dict:
    return {"id": emp.id, "nip": emp.nip, "name": emp.name}


def review(rp) -> dict | None:
    if rp is None:
        return None
    return {"id": rp.id, "seq": rp.seq, "name": rp.name, "starts_on": day(rp.starts_on), "ends_on": day(rp.ends_on)}


def employee(emp) -> dict:
    boss = emp.supervisor
    return {"id": emp.id, "nip": emp.nip, "name": emp.name, "rank": emp.rank, "active": emp.active,
            "agency": {"id": emp.agency.id, "code": emp.agency.code, "name": emp.agency.name},
            "unit": {"id": emp.unit.id, "name": emp.unit.name},
            "position": {"id": emp.position.id, "name": emp.position.name, "kind": emp.position.kind},
            "supervisor": person(boss) if boss is not None else None}


def indicator(ind) -> dict:
    return {"id": ind.id, "name": ind.name, "aspect": ind.aspect, "unit": ind.unit,
            "catalogue_code": ind.catalogue_code, "target_kind": ind.target_kind,
            "target_value": number(ind.target_value), "target_upper": number(ind.target_upper),
            "target_text": ind.target_text, "baseline_value": number(ind.baseline_value),
            "scoring": ind.scoring, "aggregation": ind.aggregation}


def plan(p) -> dict:
    return {"id": p.id, "employee": person(p.employee), "agency_id": p.employee.agency_id, "year": p.period.year,
            "version": p.version, "previous_id": p.previous_id, "status": p.status, "approach": p.approach,
            "supervisor_id": p.supervisor_id, "created_at": stamp(p.created_at),
            "submitted_at": stamp(p.submitted_at), "decided_at": stamp(p.decided_at),
            "results": [{"id": r.id, "kind": r.kind, "text": r.text, "parent_id": r.parent_id, "goal_id": r.goal_id,
                         "indicators": [indicator(i) for i in r.indicators]} for r in p.results]}


def realisation(row) -> dict:
    real, ind, plan_id, emp, year, evidence = row
    return {"id": real.id, "plan_id": plan_id, "employee": person(emp), "agency_id": emp.agency_id, "year": year,
            "indicator": {"id": ind.id, "name": ind.name, "unit": ind.unit, "result_id": ind.result_id},
            "review": review(real.review), "value": number(real.value), "note": real.note,
            "fields": real.fields or {}, "provenance": real.provenance, "evidence_count": evidence or 0,
            "updated_at": stamp(real.updated_at)}


def score(s: dict) -> dict:
    """One indicator's stored capaian, with the rule (and due rule) of the plugin that computed it."""
    return {"indicator_id": s.get("indicator_id"), "result_id": s.get("result_id"), "name": s.get("name"),
            "unit": s.get("unit"), "target": number(s.get("target")), "upper": number(s.get("upper")),
            "annual_target": number(s.get("annual_target")), "realization": number(s.get("realization")),
            "percent": number(s.get("percent")), "formula": s.get("formula"),
            "qualitative": bool(s.get("qualitative")), "judgement": s.get("judgement"),
            "rule": ref(s.get("rule")), "due_rule": ref(s.get("due_rule")), "rule_error": s.get("rule_error")}


def evaluation(ev, intact: bool | None) -> dict:
    prov = ev.provenance or {}
    return {"id": ev.id, "plan_id": ev.plan_id, "employee": person(ev.plan.employee),
            "agency_id": ev.plan.employee.agency_id, "year": ev.plan.period.year, "review": review(ev.review),
            "kind": "annual" if ev.review_id is None else "periodic", "status": ev.status,
            "results_rating": {"suggested": ev.results_suggested, "final": ev.results_final,
                               "reason": ev.results_reason},
            "behaviour_rating": {"suggested": ev.behaviour_suggested, "final": ev.behaviour_final,
                                 "reason": ev.behaviour_reason},
            "predicate": ev.predicate, "scores": [score(s) for s in ev.scores or ()],
            "result_ratings": dict(ev.result_ratings or {}),
            "behaviour": {code: {"rating": v.get("rating"), "feedback": v.get("feedback") or ""}
                          for code, v in (ev.behaviour or {}).items() if isinstance(v, dict)},
            "provenance": {"rating_policy": ref(prov.get("rating_policy")), "matrix": ref(prov.get("matrix")),
                           "reviews_counted": prov.get("reviews_counted")},
            "appraisal": ev.snapshot, "rated_at": stamp(ev.rated_at), "finalized_at": stamp(ev.finalized_at),
            "content_hash": ev.content_hash, "sealed_intact": intact}
