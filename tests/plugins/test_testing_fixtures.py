"""kinerja_web.testing as a pytest plugin: fixtures give a registry and an app with just the plugin under test."""
from __future__ import annotations

from decimal import Decimal
from importlib import metadata

from sqlalchemy import select, text

import kinerja_web.testing
from kinerja_web.extensions import db
from kinerja_web.models import Agency, User
from kinerja_web.rules.types import Aggregation, Aspect, Direction, Indicator
from kinerja_web.testing import logged_in
from tests.plugins.fakes import agency, fake, returning


def transport(name: str = "perhubungan", code: str = "dishub", version: str = "0.3.0"):
    """A small agency plugin: one agency, one indicator per roll-up kind."""
    def iki(ind_code, unit, roll_up, **fields):
        return Indicator(agency=code, code=ind_code, name=f"Indikator {ind_code}", unit=unit,
                         aspect=Aspect.QUANTITY, aggregation=roll_up, default_target=Decimal(90), **fields)

    indicators = (iki("UJI_KIR", "kendaraan", Aggregation.SUM),
                  iki("KETEPATAN_WAKTU", "%", Aggregation.AVERAGE),
                  iki("WAKTU_TANGGAP", "menit", Aggregation.AVERAGE, direction=Direction.LOWER,
                      scoring="lower_is_better"),
                  iki("HALTE_LAYAK", "halte", Aggregation.LAST))
    return fake(name, version, kinerja_agencies=returning(agency(code)), kinerja_indicators=returning(*indicators))


def test_the_module_is_registered_with_pytest_by_its_entry_point(pytestconfig):
    (entry_point,) = [ep for ep in metadata.entry_points(group="pytest11") if ep.name == "kinerja"]
    assert entry_point.value == "kinerja_web.testing"
    assert pytestconfig.pluginmanager.get_plugin("kinerja") is kinerja_web.testing


def test_registry_for_holds_the_defaults_and_exactly_the_plugin_given(kinerja_registry_for):
    registry = kinerja_registry_for(transport())
    assert list(registry.agencies) == ["dishub"]
    assert [d.record.code for d in registry.catalogue("dishub")] == [
        "UJI_KIR", "KETEPATAN_WAKTU", "WAKTU_TANGGAP", "HALTE_LAYAK"]
    assert {(d.plugin, d.plugin_version) for d in registry.catalogue("dishub")} == {("perhubungan", "0.3.0")}
    assert "higher_is_better" in registry.scoring_rules  # the national defaults come along


def test_plugin_app_runs_just_the_plugin_on_a_migrated_database_with_the_demo(kinerja_plugin_app):
    app = kinerja_plugin_app(transport())
    assert list(app.extensions["kinerja_registry"].agencies) == ["dishub"]
    with app.app_context():
        assert db.session.scalars(select(Agency.code)).all() == ["dishub"]
        assert db.session.scalar(select(User.role).where(User.username == "kabid.dishub")) == "staff"
        assert db.session.scalar(text("SELECT version_num FROM alembic_version"))  # migrated, not create_all
    page = logged_in(app, "admin").get("/admin/plugins")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "perhubungan" in html and "0.3.0" in html
    assert "kesehatan" not in html  # the installed agency plugins stay out


def test_each_plugin_app_has_a_database_of_its_own(kinerja_plugin_app):
    first = kinerja_plugin_app(transport())
    second = kinerja_plugin_app(transport("jalan", "dbmp"))
    assert first.config["SQLALCHEMY_DATABASE_URI"] != second.config["SQLALCHEMY_DATABASE_URI"]
    with second.app_context():
        assert db.session.scalars(select(Agency.code)).all() == ["dbmp"]
    assert logged_in(second, "staf.dbmp").get("/", follow_redirects=True).status_code == 200
