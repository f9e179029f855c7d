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
    registry = app.extensions["kinerja_registry"]
    kesehatan = next(p for p in registry.plugins if p.name == "kesehatan")
    section = result.output.split(f"kesehatan {kesehatan.version}\n", 1)[1].split("\n\n", 1)[0]
    assert f"kinerja_indicators: {len(registry.catalogue('dinkes'))}" in section
    assert "kinerja_web.scoring" in result.output and "kinerja_scoring_rules: 5" in result.output


def test_create_admin_refuses_an_existing_name(app):
    runner = app.test_cli_runner()
    ok = runner.invoke(args=["kinerja", "create-admin", "bkd.baru"], input="rahasia-123\nrahasia-123\n")
    assert ok.exit_code == 0
    assert db.session.scalar(select(User).where(User.username == "bkd.baru")).role == "province_admin"
    again = runner.invoke(args=["kinerja", "create-admin", "bkd.baru"], input="x\nx\n")
    assert again.exit_code != 0 and "already exists" in again.output


def test_recompute_dry_run_reports_differences_and_changes_nothing(app):
    from kinerja_web.models import Evaluation

    runner = app.test_cli_runner()
    clean = runner.invoke(args=["kinerja", "recompute", "--dry-run"])
    assert clean.exit_code == 0 and clean.stdout.startswith("0 of ")
    ev = db.session.scalar(select(Evaluation).where(Evaluation.status == "final").order_by(Evaluation.id))
    scores = [dict(s) for s in ev.scores]
    scores[0]["percent"] = "12.5"
    scores[0]["rule"] = {**scores[0]["rule"], "plugin_version": "0.0.1"}  # as an older plugin stored it
    ev.scores = scores
    db.session.commit()
    ev_id = ev.id
    report = runner.invoke(args=["kinerja", "recompute", "--dry-run"])
    assert f"Evaluation {ev_id}" in report.output and "12.5" in report.output
    assert "1 of " in report.output
    db.session.expire_all()
    assert db.session.get(Evaluation, ev_id).scores[0]["percent"] == "12.5"  # nothing rewritten
    refused = runner.invoke(args=["kinerja", "recompute"])
    assert refused.exit_code != 0 and "never rewritten" in refused.output


def test_recompute_reads_in_batches_and_agrees_with_one_at_a_time(app):
    """Batching changes nothing in what is reported, and a batch costs a fixed number of statements."""
    from kinerja_web.models import Evaluation
    from kinerja_web.recompute import differences
    from tests.helpers import count_queries

    for ev in db.session.scalars(select(Evaluation).where(Evaluation.status == "final")).all()[::3]:
        scores = [dict(s) for s in ev.scores]
        scores[0]["percent"] = "1.5"
        ev.scores = scores
    db.session.commit()
    one_by_one = [d[0] for d in differences(batch_size=1)]
    with count_queries() as statements:
        batched = [d[0] for d in differences(batch_size=1000)]
    assert batched == one_by_one and len(batched) >= 10
    assert len(statements) <= 6  # evaluations, plans, reviews, realisations, and the empty next batch
