"""The public satisfaction survey (IKM, PermenPANRB 14/2017): one survey per service unit, and its
anonymous answers."""
from __future__ import annotations

import enum
import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, SmallInteger, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utcnow
from .org import Agency, Unit

ANSWERS = tuple(f"u{n}" for n in range(1, 10))  # the nine elements, rules.ikm.ELEMENTS order
COMMENT_MAX = 1000
# A printed short code: no 0/O, 1/I/L, so it can be read off a poster and typed on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


class SurveyStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


def new_token() -> str:
    """The public URL's token: 128 random bits."""
    return secrets.token_urlsafe(16)


def new_code() -> str:
    """The short link's code, eight characters (31^8 ≈ 8.5 × 10^11)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class Survey(db.Model):
    """A unit's public satisfaction survey, reached without login at ``/survei/<token>`` (or ``/s/<code>``)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), unique=True)  # the unit's one survey
    title: Mapped[str] = mapped_column(String(200))
    token: Mapped[str] = mapped_column(String(43), unique=True, default=new_token)
    code: Mapped[str] = mapped_column(String(12), unique=True, default=new_code)
    status: Mapped[str] = mapped_column(String(10), default=SurveyStatus.OPEN)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agency: Mapped[Agency] = relationship()
    unit: Mapped[Unit] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status == SurveyStatus.OPEN


class SurveyResponse(db.Model):
    """One anonymous answer: the nine elements (1–4), the optional profile the regulation lists, a comment.

    ``device_key`` is a salted hash of a random cookie id and the client address: it bounds the
    answers of one device per day without storing either.
    """

    __table_args__ = (
        # results aggregate a survey's answers by review period; the daily bound counts a device's
        Index("ix_survey_response_survey_created", "survey_id", "created_at"),
        Index("ix_survey_response_device", "survey_id", "device_key", "created_at"),
        CheckConstraint(" AND ".join(f"{a} BETWEEN 1 AND 4" for a in ANSWERS), name="answers_1_to_4"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    u1: Mapped[int] = mapped_column(SmallInteger)
    u2: Mapped[int] = mapped_column(SmallInteger)
    u3: Mapped[int] = mapped_column(SmallInteger)
    u4: Mapped[int] = mapped_column(SmallInteger)
    u5: Mapped[int] = mapped_column(SmallInteger)
    u6: Mapped[int] = mapped_column(SmallInteger)
    u7: Mapped[int] = mapped_column(SmallInteger)
    u8: Mapped[int] = mapped_column(SmallInteger)
    u9: Mapped[int] = mapped_column(SmallInteger)
    age_group: Mapped[str] = mapped_column(String(10), default="")
    sex: Mapped[str] = mapped_column(String(1), default="")
    education: Mapped[str] = mapped_column(String(10), default="")
    occupation: Mapped[str] = mapped_column(String(20), default="")
    comment: Mapped[str] = mapped_column(String(COMMENT_MAX), default="")
    device_key: Mapped[str] = mapped_column(String(64))

    survey: Mapped[Survey] = relationship()

    @property
    def answers(self) -> tuple[int, ...]:
        return tuple(getattr(self, a) for a in ANSWERS)
