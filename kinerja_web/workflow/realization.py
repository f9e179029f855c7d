"""Saving a realisation with its evidence, and removing evidence.

Two tabs may save the same realisation: the version the form was read at must
be the stored one, and a race that slips past that check (two first saves, or a
save between the check and the flush) fails on the version counter or the
unique (indicator, review) key; either way the loser is told the newer value and
the files it stored are removed again.
"""
from __future__ import annotations

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from .. import access, plugin_calls
from ..execution import evidence as files
from ..extensions import db
from ..models import Evaluation, Evidence, Plan, PlanIndicator, Realization, ReviewPeriod
from ..models.audit import record, utcnow
from ..queries import progress as prog
from ..rules.fields import stored as stored_values
from ..ui import number
from .base import TransitionError, transaction

CLOSED = _l("This review period is closed for input.")
NOT_STARTED = _l("This review period has not started yet.")


def _newer(value) -> TransitionError:
    return TransitionError(fields={"value": [_l(
        "Someone saved this realisation in the meantime (value now: %(value)s). Check it and save again.",
        value=number(value))]})


def evaluated(plan: Plan, review: ReviewPeriod) -> bool:
    """Once a period is rated or final, its realisations are what was evaluated."""
    return db.session.scalar(select(Evaluation.id).where(
        Evaluation.plan_id == plan.id, Evaluation.review_id == review.id,
        Evaluation.status.in_(("rated", "final")))) is not None


def _require_open(plan: Plan, review: ReviewPeriod) -> None:
    if prog.is_locked(plan.employee_id, review) or evaluated(plan, review):
        raise TransitionError([CLOSED])
    if prog.not_started(review):
        raise TransitionError([NOT_STARTED])


def save(plan: Plan, actor, ind: PlanIndicator, review: ReviewPeriod, real: Realization | None, *, value, note: str,
         version, uploads=(), link: str | None = None, fields: dict | None = None,
         provenance: dict | None = None) -> Realization:
    """Store the realisation of ``ind`` in ``review`` with new evidence; one transaction.

    ``real`` is the stored row the form was read against (None for a first save),
    ``version`` the version the form carried, ``uploads`` werkzeug ``FileStorage``
    objects. ``fields`` are the agency plugins' form fields, converted and namespaced per plugin
    ({plugin: {name: value}}); ``provenance`` says where a value nobody typed came from (a ratio of
    two fields, the unit's IKM). Raises :class:`TransitionError` with field errors (``value``,
    ``files``) or, for a closed period, a page message.
    """
    access.require(actor, "realization.edit", plan)
    if ind.result.plan_id != plan.id or review.period_id != plan.period_id:
        abort(404)
    _require_open(plan, review)
    current_version = real.version if real else 0
    if str(version or "0") != str(current_version):
        error = _newer(real.value if real else None)
        error.data["version"] = str(current_version)
        raise error
    messages = plugin_messages(plan, ind, value, fields)
    if messages:
        raise TransitionError(fields={"value": messages})
    uploads = [f for f in uploads or () if f and f.filename]
    if ind.evidence_required and not (real and real.evidence) and not uploads and not link:
        raise TransitionError(fields={"files": [_l("This indicator requires evidence: upload a file or give a link.")]})
    stored, refused = [], []
    for upload in uploads:
        try:
            stored.append(files.store(upload))
        except files.EvidenceError as exc:
            refused.append(f"{upload.filename}: {exc}")
    if refused:
        _remove_files(stored)
        raise TransitionError(fields={"files": refused})
    try:  # a first save racing another first save fails at the flush inside record(), not only at commit
        with transaction():
            real = _store(plan, actor, ind, review, real, value, note, stored, link, fields, provenance)
    except (StaleDataError, IntegrityError):
        _remove_files(stored)
        raise _newer(db.session.scalar(select(Realization.value).where(
            Realization.indicator_id == ind.id, Realization.review_id == review.id))) from None
    except Exception:
        _remove_files(stored)
        raise
    return real


def _store(plan, actor, ind, review, real, value, note, stored, link, fields=None, provenance=None) -> Realization:
    before = None if real is None else {"value": str(real.value), "note": real.note,
                                        **({"fields": real.fields} if real.fields else {})}
    if real is None:
        real = Realization(indicator_id=ind.id, review_id=review.id)
        db.session.add(real)
    real.value, real.note, real.updated_by_id = value, (note or "").strip(), actor.id
    real.fields = {plugin: stored_values(values) for plugin, values in (fields or {}).items() if values} or None
    real.provenance = provenance
    for s in stored:
        real.evidence.append(Evidence(kind="file", filename=s.filename, stored_name=s.stored_name,
                                      content_type=s.content_type, size=s.size, sha256=s.sha256,
                                      uploaded_by_id=actor.id))
    if link:
        real.evidence.append(Evidence(kind="link", url=link.strip(), uploaded_by_id=actor.id))
    record(actor, "realization.save", real, before,
           {"value": str(real.value), "note": real.note, "evidence_added": len(stored) + bool(link),
            **({"fields": real.fields} if real.fields else {}),
            **({"provenance": real.provenance} if real.provenance else {})},
           agency_id=plan.agency_id)
    return real


def _remove_files(stored) -> None:
    for s in stored:
        files.path_of(s.stored_name).unlink(missing_ok=True)


def remove_evidence(ev: Evidence, actor) -> None:
    """Remove one piece of evidence, and its file once that is committed.

    The last evidence of an indicator that requires it stays until another is added.
    """
    real = ev.realization
    plan = real.indicator.result.plan
    access.require(actor, "realization.edit", plan)
    with transaction():
        if prog.is_locked(plan.employee_id, real.review) or evaluated(plan, real.review):
            raise TransitionError([CLOSED])
        if real.indicator.evidence_required and len(real.evidence) == 1:
            raise TransitionError([_l("This indicator requires evidence: add the new evidence before removing the "
                                      "last one.")])
        record(actor, "evidence.delete", ev, before={"filename": ev.filename, "url": ev.url, "sha256": ev.sha256},
               agency_id=plan.agency_id)
        stored_name = ev.stored_name
        real.evidence.remove(ev)
        real.updated_at = utcnow()  # bumps the realisation's version
    if stored_name:
        files.path_of(stored_name).unlink(missing_ok=True)


def catalogue_record(plan: Plan, ind: PlanIndicator):
    """The catalogue entry an indicator came from, or a record describing a hand-written one."""
    registry = current_app.extensions["kinerja_registry"]
    declared = registry.indicators.get((plan.employee.agency.code, ind.catalogue_code or ""))
    return declared.record if declared else _custom_record(plan, ind)


def plugin_messages(plan: Plan, ind: PlanIndicator, value, fields: dict | None = None) -> list[str]:
    """Ask the agency plugins about a value (kinerja_validate_realization); each plugin is given its own
    form fields. A plugin that fails to answer is named (``plugin_calls``) and does not block the save."""
    if value is None:
        return []
    agency = plan.employee.agency.code
    record_, fields = catalogue_record(plan, ind), fields or {}
    messages = []
    hook = current_app.extensions["kinerja"].hook.kinerja_validate_realization
    for impl in reversed(hook.get_hookimpls()):
        if not plugin_calls.enabled(agency, impl.plugin_name):
            continue
        args = {"indicator": record_, "value": value, "fields": fields.get(impl.plugin_name, {})}
        try:
            answer = impl.function(*[args[a] for a in impl.argnames])
        except Exception as exc:  # contained: the plugin is named on the plugins page, the save goes on
            plugin_calls.fault(impl.plugin_name, "kinerja_validate_realization", agency, exc)
            continue
        messages.extend(str(m) for m in answer or ())
    return messages


def _custom_record(plan, ind):
    from ..rules.types import Aggregation, Aspect, Direction, Indicator, TargetKind

    return Indicator(agency=plan.employee.agency.code, code=ind.catalogue_code or f"custom-{ind.id}",
                     name=ind.name, unit=ind.unit, aspect=Aspect(ind.aspect), aggregation=Aggregation(ind.aggregation),
                     direction=Direction.LOWER if ind.scoring == "lower_is_better" else Direction.HIGHER,
                     scoring=ind.scoring, target_kind=TargetKind(ind.target_kind))
