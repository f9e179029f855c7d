"""The public satisfaction survey (IKM): the agency admin creates, opens and closes a unit's survey
(audited); anyone answers an open survey without logging in (not audited per answer: an answer is
anonymous and is its own record).

An answer is bounded per device and day (``IKM_MAX_PER_DEVICE_PER_DAY``): ``device_key`` is the
salted hash the view makes of the device's cookie id and address. The survey row is locked while
the device's answers of the day are counted, so two answers sent at once cannot both slip under
the bound (on PostgreSQL; SQLite writes one at a time anyway).
"""
from __future__ import annotations

from flask import abort, current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import access
from ..clock import start_of_day_utc, today
from ..extensions import db
from ..models import Agency, Survey, SurveyResponse, Unit
from ..models.audit import record
from ..models.survey import ANSWERS, COMMENT_MAX, SurveyStatus
from ..rules import ikm
from .base import AlreadyDone, TransitionError, transition

CLOSED = _l("This survey is closed and no longer takes answers. Thank you for your interest.")
PROFILE = ("age_group", "sex", "education", "occupation")


def max_per_device() -> int:
    return int(current_app.config.get("IKM_MAX_PER_DEVICE_PER_DAY", 3))


@transition
def create_survey(agency: Agency, actor, unit: Unit, title: str) -> Survey:
    """A unit's survey, open at once; a unit has one survey (close and reopen it rather than start another)."""
    access.require(actor, "agency.manage", agency)
    if unit.agency_id != agency.id:
        abort(404)
    title = (title or "").strip()
    if not title:
        raise TransitionError(fields={"title": [_l("This field is required.")]})
    if db.session.scalar(select(Survey.id).where(Survey.unit_id == unit.id)) is not None:
        raise TransitionError(fields={"unit_id": [_l("This unit already has a survey: open it again below.")]})
    survey = Survey(agency_id=agency.id, unit_id=unit.id, title=title, status=SurveyStatus.OPEN,
                    created_by_id=actor.id)
    db.session.add(survey)
    db.session.flush()
    record(actor, "survey.create", survey, after={"unit_id": unit.id, "title": title, "status": survey.status},
           agency_id=agency.id)
    return survey


def _set_status(survey: Survey, actor, status: SurveyStatus) -> Survey:
    access.require(actor, "ikm.manage", survey)
    if survey.status == status:
        raise AlreadyDone([_l("The survey is already open.") if status == SurveyStatus.OPEN
                           else _l("The survey is already closed.")])
    before = {"status": survey.status}
    survey.status = status
    record(actor, f"survey.{'open' if status == SurveyStatus.OPEN else 'close'}", survey, before,
           {"status": status}, agency_id=survey.agency_id)
    return survey


@transition
def open_survey(survey: Survey, actor) -> Survey:
    """Take answers again."""
    return _set_status(survey, actor, SurveyStatus.OPEN)


@transition
def close_survey(survey: Survey, actor) -> Survey:
    """Stop taking answers; the answers given stay and count."""
    return _set_status(survey, actor, SurveyStatus.CLOSED)


@transition
def answer(survey: Survey, answers: tuple[int, ...], *, device_key: str, comment: str = "",
           profile: dict | None = None) -> SurveyResponse:
    """Store one anonymous answer to an open survey: nine answers of 1–4, the optional profile
    (``age_group``, ``sex``, ``education``, ``occupation``; the view checks their choices) and a comment.

    Refused with a page message when the survey is closed or the device has answered it
    ``IKM_MAX_PER_DEVICE_PER_DAY`` times today (Jakarta calendar day).
    """
    ikm.tally([answers])  # nine whole numbers of 1–4, or ValueError: the form checked them already
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX or not device_key or len(device_key) > 64:
        raise ValueError("comment or device key out of bounds")
    status = db.session.scalar(select(Survey.status).where(Survey.id == survey.id).with_for_update())
    if status != SurveyStatus.OPEN:
        raise TransitionError([CLOSED])
    limit = max_per_device()
    given = db.session.scalar(select(func.count()).select_from(  # counts no further than the bound
        select(SurveyResponse.id).where(
            SurveyResponse.survey_id == survey.id, SurveyResponse.device_key == device_key,
            SurveyResponse.created_at >= start_of_day_utc(today())).limit(limit).subquery()))
    if given >= limit:
        raise TransitionError([_l(
            "This device has already answered this survey %(num)d times today, the most we accept. "
            "Thank you! You can answer again tomorrow.", num=limit)])
    profile = {k: (v or "").strip() for k, v in (profile or {}).items() if k in PROFILE}
    row = SurveyResponse(survey_id=survey.id, device_key=device_key, comment=comment,
                         **dict(zip(ANSWERS, answers, strict=True)), **profile)
    db.session.add(row)
    return row
