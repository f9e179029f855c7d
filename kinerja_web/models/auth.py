"""Login accounts. Supervisor roles are derived from the org chart, not stored."""
from __future__ import annotations

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .org import Agency, Employee

ROLES = ("staff", "agency_admin", "province_admin")


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="staff")
    employee_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), unique=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    locale: Mapped[str | None] = mapped_column(String(8))
    email: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    # Part of the session's user id: bumping it ends every session of this user on every server.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")

    employee: Mapped[Employee | None] = relationship()
    agency: Mapped[Agency | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version or 0}"

    def end_sessions(self) -> None:
        """Log this user out everywhere (logout, password change, deactivation)."""
        self.session_version = (self.session_version or 0) + 1

    @property
    def home_agency_id(self) -> int | None:
        """The agency whose data this account belongs to."""
        if self.agency_id is not None:
            return self.agency_id
        return self.employee.agency_id if self.employee else None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class LoginFailure(db.Model):
    """A failed login, counted per account and per address across every app server."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(120), index=True)  # "user:<name>" or "addr:<ip>"
    at: Mapped[datetime] = mapped_column(index=True)


def end_sessions_of_agency(agency_id: int) -> None:
    """Log out every account of an agency (its admins and its employees), on every server."""
    from sqlalchemy import or_, select, update

    db.session.execute(update(User).where(or_(
        User.agency_id == agency_id,
        User.employee_id.in_(select(Employee.id).where(Employee.agency_id == agency_id))))
        .values(session_version=User.session_version + 1).execution_options(synchronize_session="fetch"))
