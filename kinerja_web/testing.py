"""Helpers for plugin authors' tests (installed as a pytest plugin).

The one line a plugin's tests need runs its TOML case file (scoring and
validation cases, each asserting the result and the rule that produced it)::

    test_cases = case_file_tests(kinerja_kesehatan, Path(__file__).with_name("cases.toml"), "dinkes")

A scoring case (``[[case]]``) names a catalogue ``indicator`` and gives
``target`` (for a growth target, the growth in percent, with ``baseline``),
``upper`` for a range, and either a ``realization``, the ``fields`` of a ratio
indicator (the value is derived as the host derives it), or ``periods`` and
``of`` for a periodic review (the indicator's roll-up and due rule apply). It
states ``expected`` (capaian, rounded half up to two decimals) and ``rule`` (the
scoring rule code that must have produced it); optionally ``due``,
``due_rule``, ``to_date`` and ``rating``. A validation case (``[[validation]]``)
gives a ``value`` or ``fields`` and the ``messages`` expected (substrings; an
empty list means the value is accepted).

``make_registry(plugin)`` builds the registry from the national defaults and
exactly the plugins given, so a plugin can be tested without Flask::

    def test_catalogue_loads():
        reg = make_registry(kinerja_kesehatan)
        assert reg.catalogue("dinkes")

``scoring_cases`` and ``check_scoring_case`` run a TOML table of hand-computed
capaian, so a domain expert extends the cases without touching Python::

    CASES = scoring_cases(Path(__file__).with_name("scoring_cases.toml"))

    @pytest.mark.parametrize("case", CASES, ids=case_id)
    def test_capaian_matches_the_hand_computed_percentage(registry, case):
        check_scoring_case(registry, "dinkes", case)

``render_panel(plugin, panel, locale)`` renders a dashboard panel the plugin returned as the
dashboard renders it, in Indonesian (``"id"``) or English (``"en"``), without a database::

    def test_the_panel_reads_in_english():
        (panel,) = kinerja_dinkes.kinerja_dashboard_panels(agency="dinkes", year=2026, data=FakeData(rows))
        assert "<caption>SPM coverage" in render_panel(kinerja_dinkes, panel, "en")

Installed as a pytest plugin (entry point ``pytest11: kinerja``), this module
gives every test in the environment three fixtures:

- ``kinerja_registry``: the registry of the national defaults alone;
- ``kinerja_registry_for``: a factory, ``kinerja_registry_for(plugin)`` is the
  registry of the defaults and exactly that plugin (more may follow);
- ``kinerja_plugin_app``: a factory, ``kinerja_plugin_app(plugin)`` is a Flask
  app with the defaults and exactly that plugin, on its own SQLite database
  migrated with Alembic, with the demo province seeded as on ``DEMO_DAY``
  (accounts ``admin``, ``kabid.<agency>``, ``staf.<agency>``…, password
  ``kinerja-demo``). ``logged_in(app, "admin")`` gives a test client logged in::

    def test_plugins_page_lists_the_plugin(kinerja_plugin_app):
        app = kinerja_plugin_app(kinerja_perhubungan)
        page = logged_in(app, "admin").get("/admin/plugins")
        assert "perhubungan" in page.get_data(as_text=True)
"""
from __future__ import annotations

import re
import tomllib
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pytest

from .plugins import build_plugin_manager
from .registry import Registry
from .rules.aggregation import due, period_target, to_date
from .rules.fields import FieldError, derive
from .rules.rating import NationalRatingPolicy, ScoredIndicator
from .rules.scoring import attain
from .rules.types import Target, TargetKind

CENT = Decimal("0.01")
DEMO_DAY = date(2026, 11, 23)  # the demo year's Q1–Q3 are over and Q4 is open, as in the app's own tests


def make_registry(*plugins, config=None) -> Registry:
    """The frozen registry for the defaults plus ``plugins``."""
    return Registry.collect(build_plugin_manager(config, plugins=list(plugins)))


def _dec(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def capaian(registry: Registry, rule_code: str, target, realization, upper=None,
            kind: TargetKind = TargetKind.SINGLE) -> Decimal | None:
    """Attainment percent of one case, for data-driven scoring tests."""
    rule, ref = registry.scoring_rule(rule_code)
    return attain(rule, ref, Target(kind, _dec(target), _dec(upper)), _dec(realization)).percent


def scoring_cases(path: Path) -> list[dict]:
    """The ``[[case]]`` tables of a TOML case file."""
    return tomllib.loads(Path(path).read_text("utf-8"))["case"]


def case_id(case: dict) -> str:
    return f"{case['indicator']}: {case['note']}"


def check_scoring_case(registry: Registry, agency: str, case: dict) -> None:
    """Check one hand-computed scoring case against the catalogue indicator it names (see the module doc)."""
    indicator = registry.indicators[(agency, case["indicator"])].record
    label = case_id(case)
    assert ("upper" in case) == (indicator.target_kind is TargetKind.RANGE), \
        f"{label}: 'upper' belongs to range targets, and a range target needs it"
    assert ("baseline" in case) == (indicator.target_kind is TargetKind.GROWTH), \
        f"{label}: 'baseline' belongs to growth targets, and a growth target needs it"
    if "rule" in case:
        assert indicator.scoring == case["rule"], \
            f"{label}: the catalogue scores {indicator.code} with {indicator.scoring!r}, the case says {case['rule']!r}"
    due_rule = registry.due_rule(indicator.due_rule)[0] if indicator.due_rule else None
    if "due_rule" in case:
        assert indicator.due_rule == case["due_rule"], \
            f"{label}: the catalogue's due rule is {indicator.due_rule!r}, the case says {case['due_rule']!r}"
    target, upper, baseline = _dec(case["target"]), _dec(case.get("upper")), _dec(case.get("baseline"))
    if "periods" in case:
        periods, count = [_dec(v) for v in case["periods"]], int(case["of"])
        realization = to_date(periods, indicator.aggregation)
        if indicator.target_kind is TargetKind.GROWTH:
            baseline = due(baseline, indicator.aggregation, len(periods), count, due_rule)
        else:
            target = due(target, indicator.aggregation, len(periods), count, due_rule)
        upper = period_target(upper, indicator.aggregation, len(periods), count)
    elif "fields" in case:
        assert indicator.ratio is not None, f"{label}: 'fields' derive a value only for a ratio indicator"
        realization = derive(indicator.ratio, {k: _dec(v) for k, v in case["fields"].items()})
    else:
        realization = _dec(case["realization"])
    if "to_date" in case:
        assert realization.quantize(CENT, ROUND_HALF_UP) == _dec(case["to_date"]), \
            f"{label}: {indicator.aggregation} of the periods is {realization}, the case says {case['to_date']}"
    rule, ref = registry.scoring_rule(indicator.scoring)
    stated = Target(indicator.target_kind, target, upper, "", baseline)
    if "due" in case:
        owed = rule.level(stated) if indicator.target_kind is TargetKind.GROWTH else target
        assert owed.quantize(CENT, ROUND_HALF_UP) == _dec(case["due"]), \
            f"{label}: {indicator.aggregation} makes {owed} due, the case says {case['due']}"
    attainment = attain(rule, ref, stated, realization)
    assert attainment.percent is not None, f"{label}: {attainment.explanation}"
    assert attainment.percent.quantize(CENT, ROUND_HALF_UP) == _dec(case["expected"]), \
        f"{label}: capaian {attainment.percent} with rule {indicator.scoring}, the case says {case['expected']}"
    if "rating" in case:
        band = NationalRatingPolicy().rate_indicator(ScoredIndicator(attainment.percent, attainment.max_attainable))
        assert band == case["rating"], f"{label}: the national policy rates it {band}, the case says {case['rating']}"


def validation_messages(pm, plugin_name: str, indicator, value, fields: dict) -> list[str]:
    """What one plugin's ``kinerja_validate_realization`` says, called as the host calls it."""
    out = []
    for impl in pm.hook.kinerja_validate_realization.get_hookimpls():
        if impl.plugin_name != plugin_name:
            continue
        args = {"indicator": indicator, "value": value, "fields": fields}
        out.extend(str(m) for m in impl.function(*[args[a] for a in impl.argnames]) or ())
    return out


def check_validation_case(pm, plugin_name: str, registry: Registry, agency: str, case: dict) -> None:
    """Check one validation case: the plugin's messages contain each expected substring, or none is given."""
    indicator = registry.indicators[(agency, case["indicator"])].record
    label = f"{case['indicator']}: {case['note']}"
    fields = {k: v if isinstance(v, str) else _dec(v) for k, v in case.get("fields", {}).items()}
    if "value" in case:
        value = _dec(case["value"])
    else:
        assert indicator.ratio is not None, f"{label}: without 'value', 'fields' must derive it (a ratio indicator)"
        try:
            value = derive(indicator.ratio, fields)
        except FieldError as exc:  # the host refuses it before the plugin is asked
            messages = [str(exc)]
            _expect_messages(label, messages, case["messages"])
            return
    _expect_messages(label, validation_messages(pm, plugin_name, indicator, value, fields), case["messages"])


def _expect_messages(label: str, messages: list[str], expected: list[str]) -> None:
    if not expected:
        assert messages == [], f"{label}: expected to be accepted, the plugin says {messages}"
        return
    for part in expected:
        assert any(part.lower() in m.lower() for m in messages), \
            f"{label}: expected a message containing {part!r}, the plugin says {messages}"


def case_file_tests(plugin, path: Path, agency: str):
    """A pytest test running every case of a TOML case file; assign it to a ``test_…`` name."""
    data = tomllib.loads(Path(path).read_text("utf-8"))
    cases = [("case", c) for c in data.get("case", [])] + [("validation", c) for c in data.get("validation", [])]
    assert cases, f"{path}: no [[case]] or [[validation]] tables"
    name = getattr(plugin, "name", None) or plugin.__name__
    built: dict = {}

    def ids(item):
        kind, c = item
        return f"{kind} {c['indicator']}: {c['note']}"

    @pytest.mark.parametrize("item", cases, ids=ids)
    def test_case_file(item):
        if not built:
            built["pm"] = build_plugin_manager(plugins=[plugin])
            built["registry"] = Registry.collect(built["pm"])
        kind, case = item
        if kind == "case":
            check_scoring_case(built["registry"], agency, case)
        else:
            check_validation_case(built["pm"], name, built["registry"], agency, case)

    return test_case_file


def build_plugin_app(plugins, folder: Path, config=None, today: date = DEMO_DAY):
    """A Flask app with the defaults and ``plugins`` (None: the installed entry points), on a SQLite
    database in ``folder`` migrated with Alembic, with the demo province seeded as on ``today``."""
    from flask_migrate import upgrade

    from . import create_app
    from .demo import seed
    from .demo_activity import seed_activity, seed_evaluations

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    settings = {"TESTING": True, "DATABASE_URL": f"sqlite:///{folder / 'kinerja.sqlite3'}",
                "SECRET_KEY": "kinerja-plugin-test", "RATELIMIT_ENABLED": False, "TODAY": today,
                "EVIDENCE_DIR": str(folder / "evidence"), **(config or {})}
    app = create_app(settings, plugins=None if plugins is None else list(plugins))
    with app.app_context():
        upgrade()
        seed(app.extensions["kinerja_registry"], today)
        seed_activity(today)
        seed_evaluations(today)
    return app


@cache
def _panel_app(plugin):
    from . import create_app

    settings = {"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "kinerja-panel-test"}
    return create_app(settings, plugins=[plugin], web_only=True)


def render_panel(plugin, panel, locale: str = "id") -> str:
    """``panel``, a :class:`~kinerja_web.rules.types.DashboardPanel` of ``plugin``, rendered as the dashboard
    renders it for a reader of ``locale`` ("id" or "en"): the plugin's template, autoescaped, with the panel's
    context, ``locale`` and the host's ``number`` and ``percent`` filters. No database is read."""
    from flask_babel import force_locale

    from .dashboard.panels import panel_html

    app = _panel_app(plugin)
    with app.test_request_context(), force_locale(locale):
        return str(panel_html(panel))


LOGIN_TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def logged_in(app, username: str, password: str | None = None):
    """A test client of ``app`` logged in through the login form as ``username`` (a demo account)."""
    from .demo import DEMO_PASSWORD

    client = app.test_client()
    token = LOGIN_TOKEN.search(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": username, "password": password or DEMO_PASSWORD,
                                           "csrf_token": token.group(1) if token else ""})
    assert response.status_code == 302, f"logging in as {username!r} failed ({response.status_code})"
    return client


@pytest.fixture
def kinerja_registry():
    """A registry with the national defaults only."""
    return make_registry()


@pytest.fixture
def kinerja_registry_for():
    """A factory: ``kinerja_registry_for(plugin, *more)`` is the registry of the defaults and those plugins."""
    return make_registry


@pytest.fixture
def kinerja_plugin_app(tmp_path):
    """A factory: ``kinerja_plugin_app(plugin, *more, config=None, today=DEMO_DAY)`` is a Flask app with the
    defaults and exactly those plugins, on its own migrated SQLite database with the demo seeded."""
    built = []

    def build(*plugins, config=None, today: date = DEMO_DAY):
        app = build_plugin_app(plugins, tmp_path / f"kinerja_app_{len(built)}", config, today)
        built.append(app)
        return app

    yield build
    from .extensions import db

    for app in built:
        with app.app_context():
            db.engine.dispose()
