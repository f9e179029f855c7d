"""The layout (user, agency state, pending reviews, unread notifications) costs one statement."""
from __future__ import annotations

from sqlalchemy import select

from kinerja_web.extensions import db
from kinerja_web.models import Agency, User
from kinerja_web.queries.layout import session_user
from tests.helpers import count_queries


def test_the_session_user_and_the_layout_counts_come_in_one_statement(app):
    kabid = db.session.scalar(select(User).where(User.username == "kabid.disdik"))
    db.session.expunge_all()
    with count_queries() as statements:
        user = session_user(kabid.id, kabid.session_version)
        position = user.employee.position.name
    assert len(statements) == 1 and position
    assert user.layout["pending_reviews"] == 1  # staf2.disdik's submitted SKP
    assert user.layout["agency_active"] is True


def test_a_stale_session_version_finds_nobody(app):
    kabid = db.session.scalar(select(User).where(User.username == "kabid.disdik"))
    assert session_user(kabid.id, kabid.session_version + 1) is None


def test_the_layout_sees_a_deactivated_agency(app):
    staff = db.session.scalar(select(User).where(User.username == "staf.dispar"))
    db.session.scalar(select(Agency).where(Agency.code == "dispar")).active = False
    db.session.commit()
    assert session_user(staff.id, staff.session_version).layout["agency_active"] is False


def test_a_page_with_only_the_layout_costs_one_statement(login, app):
    c = login("kabid.disdik")
    with count_queries() as statements:
        response = c.get("/tidak-ada-halaman-ini")
    assert response.status_code == 404
    assert len(statements) == 1, statements
    assert 'data-testid="queue-count">1<' in response.get_data(as_text=True)
