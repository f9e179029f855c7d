"""State machine of an evaluation: open → self_assessed → rated → final, then
an objection within 14 days that the Atasan Pejabat Penilai decides, finally;
and the development plan that follows a final evaluation."""
from __future__ import annotations

from flask import abort, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import access
from ..evaluation import service
from ..extensions import db
from ..models import DevelopmentPlan, Evaluation, SelfAssessment
from ..models.audit import record, utcnow
from ..notify import notify
from ..queries.missing import without_realisation
from . import development
from .base import AlreadyDone, TransitionError, transaction, transition
from .plan import upsert_texts


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


UNJUDGED = _l("Judge every qualitative indicator (below, meets or above expectation) before confirming the rating.")


def too_early(ev, step: str):
    """Why ``step`` (self_assess, judge, rate) cannot be taken yet, or None (see service.timing_problem)."""
    return service.timing_problem(ev, "rate" if step == "judge" else step)


def _on_time(ev, step: str) -> None:
    problem = too_early(ev, step)
    if problem:
        raise TransitionError([problem])


@transition
def open_(plan, actor, review=None) -> Evaluation:
    """The evaluation of a plan for a review period (None: the year), opened by its first visitor allowed to see it."""
    ev = Evaluation(plan=plan, review=review, status="open")
    access.require(actor, "evaluation.view", ev)
    service.compute(ev)
    db.session.add(ev)
    try:
        db.session.flush()
    except IntegrityError:  # two first visits at once: the other one opened it
        raise AlreadyDone([]) from None
    return ev


@transition
def self_assess(ev, actor, texts: dict[int, str]) -> None:
    access.require(actor, "evaluation.self_assess", ev)
    _on_time(ev, "self_assess")
    before = _state(ev)
    upsert_texts(ev.self_assessments, "result_id", texts,
                 lambda result_id, text: SelfAssessment(result_id=result_id, text=text))
    ev.status = "self_assessed"
    service.compute(ev)
    _audit(actor, "evaluation.self_assess", ev, before)


@transition
def judge(ev, actor, ratings: dict[int, str]) -> None:
    """Record the assessor's judgement of each qualitative indicator (di_bawah / sesuai / di_atas).

    A judgement is the assessor's, so it is stored with who and when. A changed
    judgement after rating changes the suggestion: the ratings must be saved again.
    """
    access.require(actor, "evaluation.rate", ev)
    _on_time(ev, "judge")
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


@transition
def rate(ev, actor, behaviour: dict, results_final: str, results_reason: str, behaviour_final: str,
         behaviour_reason: str, notes: str) -> None:
    """Store the assessor's ratings; the predikat is the matrix of the two final ratings."""
    access.require(actor, "evaluation.rate", ev)
    _on_time(ev, "rate")
    if service.unjudged(ev):
        raise TransitionError([UNJUDGED])
    before = _state(ev)
    ev.behaviour = behaviour
    service.compute(ev)
    ev.results_final, ev.behaviour_final = results_final, behaviour_final
    ev.results_reason = results_reason.strip() if results_final != ev.results_suggested else ""
    ev.behaviour_reason = behaviour_reason.strip() if behaviour_final != ev.behaviour_suggested else ""
    ev.predicate = service.predicate_of(ev.plan, results_final, behaviour_final)
    ev.notes = notes.strip()
    ev.status, ev.rated_at = "rated", utcnow()
    ev.snapshot = service.plan_snapshot(ev.plan)
    _audit(actor, "evaluation.rate", ev, before,
           note="; ".join(r for r in (ev.results_reason, ev.behaviour_reason) if r))


def no_realisation(ev) -> list:
    """Non-qualitative indicators with no realised value in this periodic evaluation's period; the
    page would show the cumulative attainment of earlier periods for them."""
    return without_realisation([ev.plan_id], ev.review_id).get(ev.plan_id, []) if ev.review_id is not None else []


def finalize(ev, actor, confirm_missing: bool = False) -> None:
    """Make the evaluation final (immutable, hashed); plugins hear of it once that is committed.

    A period with an indicator that has no realisation for it is finalised only with
    ``confirm_missing``, and the audit entry records which indicators were confirmed so.
    """
    with transaction():
        access.require(actor, "evaluation.finalize", ev)
        gaps = no_realisation(ev)
        names = "; ".join(i.name for i in gaps)
        if gaps and not confirm_missing:
            raise TransitionError([_l("No realisation for this period: %(names)s. Tick the confirmation to "
                                      "finalise without it.", names=names)])
        before = _state(ev)
        ev.status, ev.finalized_at, ev.finalized_by_id = "final", utcnow(), actor.id
        ev.content_hash = service.digest(ev)
        _audit(actor, "evaluation.finalize", ev, before,
               note=f"finalised without a realisation for the period, confirmed: {names}" if gaps else "")
        notify([ev.plan.employee_id], "evaluation_final", link=_link(ev),
               period=ev.review.name if ev.review else str(ev.plan.period.year),
               predicate=service.PREDICATE_LABELS.get(ev.predicate, ev.predicate))
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


@transition
def object_(ev, actor, text: str) -> None:
    access.require(actor, "evaluation.object", ev)
    before = _state(ev)
    ev.objection, ev.objection_at = text.strip(), utcnow()
    _audit(actor, "evaluation.object", ev, before, note=ev.objection)
    boss = ev.plan.employee.supervisor
    notify([boss.supervisor_id] if boss and boss.supervisor_id else [], "objection", link=_link(ev),
           name=ev.plan.employee.name)


@transition
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


@transition
def save_development_plan(ev, actor, items: list[dict]) -> DevelopmentPlan:
    """The appraiser's development plan for a final evaluation; the employee reads it."""
    access.require(actor, "evaluation.develop", ev)
    if ev.status != "final":
        abort(404)
    dev = db.session.scalar(select(DevelopmentPlan).where(DevelopmentPlan.evaluation_id == ev.id))
    before = {"items": dev.items} if dev else None
    if dev is None:
        dev = DevelopmentPlan(evaluation_id=ev.id)
        db.session.add(dev)
    dev.items, dev.updated_by_id = items, actor.id
    db.session.flush()
    development.sync_items(dev, ev)  # the rows the training-needs analysis counts
    record(actor, "development.save", dev, before, {"items": items}, agency_id=ev.agency_id)
    return dev


def readiness_problems(ev) -> list:
    """Why the engine's suggestion cannot be confirmed for this periodic evaluation as it stands, or []."""
    from ..queries.evaluations import readiness

    if ev.review_id is None:
        return [_l("The annual evaluation is rated on its own page.")]
    missing, evidence = readiness(ev.plan_id, ev.review_id)
    problems = []
    if missing:
        problems.append(_l("%(n)s realisation(s) of the period not entered.", n=missing))
    if evidence:
        problems.append(_l("%(n)s realisation(s) without the required evidence.", n=evidence))
    if not ev.self_assessments:
        problems.append(_l("No self-assessment yet."))
    if service.unjudged(ev):
        problems.append(_l("Qualitative indicators wait for your judgement on the person's page."))
    return problems


@transition
def confirm_suggested(ev, actor) -> None:
    """Confirm the engine's suggested ratings as the final ones, for a supervisor rating a team at once.

    Behaviour values already entered on the person's page are kept; a value not entered counts as
    "sesuai ekspektasi", as on that page. No override here: differing from a suggestion needs the
    person's page and a reason. Refused (nothing written) when the person is not ready.
    """
    from ..rules.berakhlak import CORE_VALUE_CODES

    access.require(actor, "evaluation.rate", ev)
    if ev.status == "rated":
        raise AlreadyDone([_l("Already rated.")])
    _on_time(ev, "rate")
    problems = readiness_problems(ev)
    if problems:
        raise TransitionError(problems)
    before = _state(ev)
    stored = ev.behaviour or {}
    ev.behaviour = {code: {"rating": (stored.get(code) or {}).get("rating") or "sesuai",
                           "feedback": (stored.get(code) or {}).get("feedback", "")} for code in CORE_VALUE_CODES}
    service.compute(ev)
    if ev.results_suggested is None or ev.behaviour_suggested is None:
        raise TransitionError([_l("The engine has no suggestion for this person: rate on the person's page.")])
    ev.results_final, ev.behaviour_final = ev.results_suggested, ev.behaviour_suggested
    ev.results_reason = ev.behaviour_reason = ""
    ev.predicate = service.predicate_of(ev.plan, ev.results_final, ev.behaviour_final)
    ev.status, ev.rated_at = "rated", utcnow()
    ev.snapshot = service.plan_snapshot(ev.plan)
    _audit(actor, "evaluation.rate", ev, before, note="suggestion confirmed for a team")
