"""``flask kinerja new-plugin``: the plugin it writes installs with one command, shows up in the app and on the
plugins page, and passes its own tests straight away; a name it cannot use is refused with a reason.

The plugin is installed once per module with pip into a folder of its own (``--target``, no build isolation,
offline), never into the shared environment, and that folder is put on ``sys.path`` only while a test needs it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from importlib import metadata
from types import SimpleNamespace

import pytest

from kinerja_web import create_app
from kinerja_web.plugins import build_plugin_manager
from kinerja_web.testing import build_plugin_app, logged_in
from tests.plugins.fakes import agency, fake, returning

NAME, AGENCY, AGENCY_NAME = "perhubungan", "dishub", "Dinas Perhubungan"
FILES = ["README.md", "kinerja_perhubungan/__init__.py", "kinerja_perhubungan/indicators.py", "pyproject.toml",
         "tests/cases.toml", "tests/test_cases.py"]


def cli_app(tmp_path, *plugins):
    """An app for running the command: ``plugins`` are the agencies already installed."""
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
                       "SECRET_KEY": "new-plugin-test"}, plugins=list(plugins))


def new_plugin(app, *args):
    return app.test_cli_runner().invoke(args=["kinerja", "new-plugin", *args])


def _run(args, cwd, env) -> subprocess.CompletedProcess:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", **extra)
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The plugin written by the command into ``plugins/`` and installed with pip into ``site/``."""
    root = tmp_path_factory.mktemp("vendor")
    result = new_plugin(cli_app(root), NAME, "--agency", AGENCY, "--agency-name", AGENCY_NAME,
                        "--directory", str(root / "plugins"))
    assert result.exit_code == 0, result.output
    plugin, site = root / "plugins" / NAME, root / "site"
    _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation", "--no-index",
          "--target", str(site), str(plugin)], cwd=root, env=_env())
    return SimpleNamespace(root=root, plugin=plugin, site=site, output=result.output)


@pytest.fixture
def on_path(installed, monkeypatch):
    """The installed plugin importable and discoverable for one test, then forgotten."""
    monkeypatch.syspath_prepend(str(installed.site))
    yield installed
    for module in [m for m in sys.modules if m == "kinerja_perhubungan" or m.startswith("kinerja_perhubungan.")]:
        del sys.modules[module]


def test_new_plugin_writes_a_distribution_named_after_the_plugin(installed):
    written = sorted(str(p.relative_to(installed.plugin)) for p in installed.plugin.rglob("*")
                     if p.is_file() and not {"build", "kinerja_perhubungan.egg-info", "__pycache__"} & set(p.parts))
    assert written == FILES
    project = tomllib.loads((installed.plugin / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] == "kinerja-perhubungan"
    assert project["entry-points"]["kinerja"] == {"perhubungan": "kinerja_perhubungan"}
    assert "pip install -e" in installed.output and str(installed.plugin) in installed.output


def test_the_installed_plugin_is_found_by_its_entry_point(on_path):
    (entry_point,) = metadata.entry_points(group="kinerja", name=NAME)
    assert (entry_point.value, entry_point.dist.name, entry_point.dist.version) == (
        "kinerja_perhubungan", "kinerja-perhubungan", "0.1.0")
    pm = build_plugin_manager()
    assert pm.has_plugin(NAME) and pm.versions[NAME] == "0.1.0"
    assert pm.get_plugin(NAME).__file__.startswith(str(on_path.site))  # the installed copy, not the source


def test_the_app_shows_the_agency_its_indicators_and_the_plugin_on_the_plugins_page(on_path, tmp_path):
    others = [ep.name for ep in metadata.entry_points(group="kinerja") if ep.name != NAME]
    app = build_plugin_app(None, tmp_path, config={"PLUGINS_BLOCKED": others})  # entry points, not a list
    registry = app.extensions["kinerja_registry"]
    assert registry.agencies[AGENCY].record.name == AGENCY_NAME
    catalogue = registry.catalogue(AGENCY)
    assert {d.record.aggregation for d in catalogue} == {"sum", "average", "last"}  # one per roll-up kind
    assert {(d.plugin, d.plugin_version) for d in catalogue} == {(NAME, "0.1.0")}
    html = logged_in(app, "admin").get("/admin/plugins").get_data(as_text=True)
    assert NAME in html and "0.1.0" in html and "kinerja_validate_realization" in html
    home = logged_in(app, f"staf.{AGENCY}").get("/", follow_redirects=True)
    assert home.status_code == 200


def test_the_scaffold_passes_its_own_tests(installed):
    result = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=installed.plugin,
                  env=_env(PYTHONPATH=str(installed.site)))
    assert "2 passed" in result.stdout, result.stdout


def test_an_existing_directory_is_refused_and_left_alone(installed, tmp_path):
    before = (installed.plugin / "kinerja_perhubungan" / "indicators.py").read_text("utf-8")
    again = new_plugin(cli_app(tmp_path), NAME, "--agency", "dishub2", "--directory", str(installed.root / "plugins"))
    assert again.exit_code != 0 and "already exists" in again.output
    assert (installed.plugin / "kinerja_perhubungan" / "indicators.py").read_text("utf-8") == before


@pytest.mark.parametrize(("name", "says"), [
    ("Perhubungan", "lowercase letters"),
    ("per-hubungan", "lowercase letters"),
    ("1dishub", "starting with a letter"),
    ("class", "not a valid plugin name"),
    ("web", "the app itself"),
    ("x", "2–40"),
])
def test_an_invalid_plugin_name_is_refused_with_what_is_allowed(tmp_path, name, says):
    result = new_plugin(cli_app(tmp_path), name, "--directory", str(tmp_path / "plugins"))
    assert result.exit_code != 0 and says in result.output
    assert not (tmp_path / "plugins").exists()


@pytest.mark.parametrize(("args", "says"), [
    (["--agency", "Dishub"], "not a valid agency code"),
    (["--agency-name", 'Dinas "Perhubungan"'], "not a usable agency name"),
    (["--agency", "dishub"], "already declared by plugin 'jalan'"),
])
def test_an_unusable_agency_is_refused(tmp_path, args, says):
    app = cli_app(tmp_path, fake("jalan", kinerja_agencies=returning(agency("dishub"))))
    result = new_plugin(app, NAME, *args, "--directory", str(tmp_path / "plugins"))
    assert result.exit_code != 0 and says in result.output
    assert not (tmp_path / "plugins").exists()


def test_an_installed_plugin_name_is_refused(tmp_path):
    taken = sorted(ep.name for ep in metadata.entry_points(group="kinerja"))[0]
    result = new_plugin(cli_app(tmp_path), taken, "--agency", "baru", "--directory", str(tmp_path / "plugins"))
    assert result.exit_code != 0 and "already installed" in result.output
