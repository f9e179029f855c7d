"""State machine of an evaluation: open → self_assessed → rated → final, then
an objection within 14 days that the Atasan Pejabat Penilai decides, finally.
Every step asks the access policy and is audited in the same transaction."""
from __future__ import annotations

from flask import url_for

from .. import access
from ..extensions import db
from ..models import SelfAssessment
from ..models.audit import record, utcnow
from ..notify import notify
from ..workflow import upsert_texts
from . import service


def _audit(actor, action, ev, before, note=""):
    record(actor, action, ev, before=before,
           after={"status": ev.status, "predicate": ev.predicate, "hash": ev.content_hash},
           note=note, agency_id=ev.plan.employee.agency_id)


def _state(ev) -> dict:
    return {"status": ev.status, "predicate": ev.predicate}


def _link(ev) -> str:
    if ev.review_id is None:
        return url_for("evaluation.annual", plan_id=ev.plan_id)
    return url_for("evaluation.periodic", plan_id=ev.plan_id, review_id=ev.review_id)


def self_assess(ev, actor, texts: dict[int, str]) -> None:
    access.require(actor, "evaluation.self_assess", ev)
    before = _state(ev)
    upsert_texts(ev.self_assessments, "result_id", texts,
                 lambda result_id, text: SelfAssessment(result_id=result_id, text=text))
    ev.status = "self_assessed"
    service.compute(ev)
    _audit(actor, "evaluation.self_assess", ev, before)
    db.session.commit()


def judge(ev, actor, ratings: dict[int, str]) -> None:
    """Record the assessor's judgement of each qualitative indicator (di_bawah / sesuai / di_atas).

    A judgement is the assessor's, so it is stored with who and when. A changed
    judgement after rating changes the suggestion: the ratings must be saved again.
    """
    access.require(actor, "evaluation.rate", ev)
    before = _state(ev)
    stored = service.judgements_of(ev)
    by = actor.employee.name if actor.employee else actor.username
    at = utcnow().isoformat(timespec="seconds")
    judgements = {}
    for indicator_id, rating in ratings.items():
        old = stored.get(indicator_id)
        same = old is not None and old["rating"] == rating
        judgements[indicator_id] = old if same else {"rating": rating, "by_id": actor.id, "by": by, "at": at}
    changed = judgements != {k: v for k, v in stored.items() if k in judgements}
    service.compute(ev, judgements)
    if changed and ev.status == "rated":
        ev.status = "self_assessed" if ev.self_assessments else "open"
        ev.predicate = None
    _audit(actor, "evaluation.judge", ev, before,
           note="; ".join(f"{i}: {r}" for i, r in sorted(ratings.items())))
    db.session.commit()


def rate(ev, actor, behaviour: dict, results_final: str, results_reason: str, behaviour_final: str,
         behaviour_reason: str, notes: str) -> None:
    """Store the assessor's ratings; the predikat is the matrix of the two final ratings."""
    access.require(actor, "evaluation.rate", ev)
    if service.unjudged(ev):
        raise ValueError("every qualitative indicator needs the assessor's judgement before rating")
    before = _state(ev)
    ev.behaviour = behaviour
    service.compute(ev)
    ev.results_final, ev.behaviour_final = results_final, behaviour_final
    ev.results_reason = results_reason.strip() if results_final != ev.results_suggested else ""
    ev.behaviour_reason = behaviour_reason.strip() if behaviour_final != ev.behaviour_suggested else ""
    ev.predicate = service.predicate_of(ev.plan, results_final, behaviour_final)
    ev.notes = notes.strip()
    ev.status, ev.rated_at = "rated", utcnow()
    _audit(actor, "evaluation.rate", ev, before,
           note="; ".join(r for r in (ev.results_reason, ev.behaviour_reason) if r))
    db.session.commit()


def finalize(ev, actor) -> None:
    access.require(actor, "evaluation.finalize", ev)
    before = _state(ev)
    ev.status, ev.finalized_at, ev.finalized_by_id = "final", utcnow(), actor.id
    ev.content_hash = service.digest(ev)
    _audit(actor, "evaluation.finalize", ev, before)
    notify([ev.plan.employee_id], "evaluation_final", link=_link(ev),
           period=ev.review.name if ev.review else str(ev.plan.period.year),
           predicate=service.PREDICATE_LABELS.get(ev.predicate, ev.predicate))
    db.session.commit()
    _announce(ev)


def _announce(ev) -> None:
    """Tell plugins (kinerja_evaluation_finalized); their failures never undo the result."""
    import logging

    from flask import current_app

    from ..rules.types import FinalizedEvaluation

    event = FinalizedEvaluation(ev.id, ev.plan.employee.nip, ev.plan.employee.agency.code, ev.plan.period.year,
                                ev.review.name if ev.review else "tahunan", ev.results_final, ev.behaviour_final,
                                ev.predicate, ev.content_hash)
    hook = current_app.extensions["kinerja"].hook.kinerja_evaluation_finalized
    for impl in hook.get_hookimpls():
        try:
            impl.function(evaluation=event)
        except Exception:  # a plugin's export must not break the assessor's work
            logging.getLogger(__name__).exception("plugin %s failed in kinerja_evaluation_finalized",
                                                  impl.plugin_name)


def object_(ev, actor, text: str) -> None:
    access.require(actor, "evaluation.object", ev)
    before = _state(ev)
    ev.objection, ev.objection_at = text.strip(), utcnow()
    _audit(actor, "evaluation.object", ev, before, note=ev.objection)
    boss = ev.plan.employee.supervisor
    notify([boss.supervisor_id] if boss and boss.supervisor_id else [], "objection", link=_link(ev),
           name=ev.plan.employee.name)
    db.session.commit()


def decide(ev, actor, outcome: str, text: str, results_final: str | None, behaviour_final: str | None) -> None:
    """The Atasan Pejabat Penilai decides; an upheld objection may change the ratings."""
    access.require(actor, "evaluation.decide", ev)
    before = _state(ev)
    ev.decision, ev.decision_outcome = text.strip(), outcome
    ev.decided_at, ev.decided_by_id = utcnow(), actor.id
    if outcome == "upheld":
        ev.results_final = results_final or ev.results_final
        ev.behaviour_final = behaviour_final or ev.behaviour_final
        ev.predicate = service.predicate_of(ev.plan, ev.results_final, ev.behaviour_final)
    ev.content_hash = service.digest(ev)
    _audit(actor, "evaluation.decide", ev, before, note=f"{outcome}: {ev.decision}")
    notify([ev.plan.employee_id], "objection_decided", link=_link(ev),
           predicate=service.PREDICATE_LABELS.get(ev.predicate, ev.predicate))
    db.session.commit()
