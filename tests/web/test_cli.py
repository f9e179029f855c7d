"""``flask kinerja …`` commands."""
from __future__ import annotations

from sqlalchemy import func, select

from kinerja_web.extensions import db
from kinerja_web.models import User


def test_init_on_a_database_with_data_keeps_it(app):
    users = db.session.scalar(select(func.count(User.id)))
    result = app.test_cli_runner().invoke(args=["kinerja", "init"])
    assert result.exit_code == 0, result.output
    assert "already has data" in result.output
    assert "staf.disdik" in result.output and "kinerja-demo" in result.output
    assert db.session.scalar(select(func.count(User.id))) == users


def test_plugins_command_lists_plugins_versions_and_contributions(app):
    result = app.test_cli_runner().invoke(args=["kinerja", "plugins"])
    assert result.exit_code == 0
    assert "kesehatan 1.0.0" in result.output
    assert "kinerja_indicators: 20" in result.output
    assert "kinerja_web.scoring" in result.output and "kinerja_scoring_rules: 4" in result.output


def test_create_admin_refuses_an_existing_name(app):
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["kinerja", "create-admin", "bkd.baru"], input="rahasia-123\nrahasia-123\n")
    assert ok.exit_code == 0
    assert db.session.scalar(select(User).where(User.username == "bkd.baru")).role == "province_admin"
    again = runner.invoke(args=["kinerja", "create-admin", "bkd.baru"], input="x\nx\n")
    assert again.exit_code != 0 and "already exists" in again.output
