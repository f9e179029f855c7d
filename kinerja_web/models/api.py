"""API tokens: how another system (the national e-Kinerja, a payroll allowance system) reads the JSON API.

A token is shown once when it is made; only its SHA-256 is stored, so a copy of the database
cannot be used to call the API. A token reads one agency (``agency_id``) or, made by the province
admin, every agency (``agency_id`` is None); it never writes.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .audit import utcnow
from .auth import User
from .org import Agency

PREFIX = "knj_"  # says what a leaked secret is, so secret scanners and people recognise it
NAME_MAX = 100


def new_secret() -> str:
    """A token's secret: the prefix and 256 random bits."""
    return PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What is stored of a secret, and what a presented one is looked up by."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiToken(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)  # None: the province
    name: Mapped[str] = mapped_column(String(NAME_MAX))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hint: Mapped[str] = mapped_column(String(12))  # the first characters, to tell tokens apart in the list
    expires_on: Mapped[date | None]  # the last Jakarta calendar day it works; None: until revoked
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    agency: Mapped[Agency | None] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])

    def expired(self, on: date) -> bool:
        return self.expires_on is not None and on > self.expires_on

    def state(self, on: date) -> str:
        """``active``, ``expired`` or ``revoked`` on the day ``on``."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.expired(on) else "active"
