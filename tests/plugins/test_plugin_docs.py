"""docs/plugins.md keeps step with the contract, and its walk-through plugin works as written."""
from __future__ import annotations

import dataclasses
import importlib
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kinerja_web import plugin_docs
from kinerja_web.cli import kinerja_cli
from kinerja_web.scaffold import scaffold
from kinerja_web.testing import build_plugin_app, case_file_tests, make_registry

DOCS = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"
BLOCK = re.compile(r"```(?:python|toml)\n(.*?)```", re.DOTALL)


def docs() -> str:
    return DOCS.read_text("utf-8")


def test_the_contract_section_is_in_step_with_the_hookspecs_and_records():
    assert plugin_docs.with_contract(docs()) == docs(), \
        "docs/plugins.md is out of step with the hookspecs: run flask kinerja plugin-docs"


@pytest.mark.parametrize("spec", plugin_docs.hooks(), ids=lambda s: s.__name__)
def test_every_hook_is_documented_with_its_signature_and_return_annotation(spec):
    signature = plugin_docs.signature(spec)
    assert " -> " in signature, f"{spec.__name__} has no return annotation"
    assert f"def {signature}\n" in docs()


@pytest.mark.parametrize("cls", plugin_docs.RECORDS + plugin_docs.ENUMS, ids=lambda c: c.__name__)
def test_every_field_of_a_documented_record_says_what_it_means(cls):
    names = [f.name for f in dataclasses.fields(cls)] if dataclasses.is_dataclass(cls) else [m.name for m in cls]
    notes = plugin_docs.field_notes(cls)
    assert [n for n in names if not notes.get(n)] == [], \
        f"write a comment beside or above each field of {cls.__name__} in rules/types.py"


def test_docstring_markup_becomes_markdown():
    text = plugin_docs.docstring("""Summary with ``code`` and :class:`~kinerja_web.rules.types.Agency`.

    :param agency: the agency's code.
    :returns: a list of :class:`kinerja_web.rules.types.Indicator`.

    Example::

        @hookimpl
        def kinerja_agencies():
            return []
    """)
    assert text == ("Summary with `code` and `Agency`.\n\nParameters:\n\n- `agency`: the agency's code.\n\n"
                    "**Returns:** a list of `kinerja_web.rules.types.Indicator`.\n\nExample:\n\n```python\n"
                    "@hookimpl\ndef kinerja_agencies():\n    return []\n```\n")


def test_plugin_docs_command_checks_and_rewrites_a_stale_page(tmp_path):
    page = tmp_path / "plugins.md"
    page.write_text(f"# Plugins\n\n{plugin_docs.BEGIN}\nold contract\n{plugin_docs.END}\nafter\n", "utf-8")
    runner = CliRunner()
    stale = runner.invoke(kinerja_cli, ["plugin-docs", str(page), "--check"])
    assert stale.exit_code == 1 and "out of step" in stale.output
    assert "old contract" in page.read_text("utf-8")
    assert runner.invoke(kinerja_cli, ["plugin-docs", str(page)]).exit_code == 0
    assert runner.invoke(kinerja_cli, ["plugin-docs", str(page), "--check"]).exit_code == 0
    text = page.read_text("utf-8")
    assert "old contract" not in text and "#### `kinerja_indicators`" in text and text.endswith("after\n")


def test_a_page_without_the_markers_is_refused(tmp_path):
    page = tmp_path / "plugins.md"
    page.write_text("# Plugins\n", "utf-8")
    result = CliRunner().invoke(kinerja_cli, ["plugin-docs", str(page)])
    assert result.exit_code == 1 and "markers are missing" in result.output


# -- the walk-through, followed as written -------------------------------------------

def walk_through_files() -> dict[str, str]:
    """The files the walk-through gives in full: code blocks whose first line names them."""
    files = {}
    for block in BLOCK.findall(docs()):
        first = block.splitlines()[0]
        if first.startswith("# plugins/perhubungan/"):
            files[first.removeprefix("# plugins/perhubungan/")] = block
    return files


@pytest.fixture
def perhubungan(tmp_path, monkeypatch):
    """The scaffold with the walk-through's catalogue and cases, importable for one test."""
    folder = scaffold("perhubungan", tmp_path / "plugins", agency="dishub", agency_name="Dinas Perhubungan")
    files = walk_through_files()
    assert sorted(files) == ["kinerja_perhubungan/indicators.py", "tests/cases.toml"]
    for relative, text in files.items():
        (folder / relative).write_text(text, "utf-8")
    monkeypatch.syspath_prepend(str(folder))
    yield importlib.import_module("kinerja_perhubungan"), folder
    for module in [m for m in sys.modules if m.split(".")[0] == "kinerja_perhubungan"]:
        del sys.modules[module]


def test_the_walk_through_plugin_declares_three_indicators_one_lower_is_better(perhubungan):
    plugin, _ = perhubungan
    registry = make_registry(plugin)
    catalogue = {d.record.code: d.record for d in registry.catalogue("dishub")}
    assert {c: (i.aggregation, i.scoring) for c, i in catalogue.items()} == {
        "UJI_KIR": ("sum", "higher_is_better"),
        "KETEPATAN_WAKTU_ANGKUTAN": ("average", "higher_is_better"),
        "WAKTU_TANGGAP_KECELAKAAN": ("average", "lower_is_better"),
    }


def test_the_walk_through_cases_pass_with_the_case_file_runner(perhubungan):
    plugin, folder = perhubungan
    test = case_file_tests(plugin, folder / "tests" / "cases.toml", "dishub")
    (mark,) = [m for m in test.pytestmark if m.name == "parametrize"]
    items = mark.args[1]
    assert {kind for kind, _ in items} == {"case", "validation"}
    for item in items:
        test(item)


def test_the_testing_example_runs_against_the_walk_through_plugin(perhubungan, tmp_path):
    (example,) = [b for b in BLOCK.findall(docs()) if "def test_the_plugins_page_lists_the_plugin" in b]
    namespace: dict = {}
    exec(compile(example, "docs/plugins.md", "exec"), namespace)
    namespace["test_response_time_is_lower_is_better_with_the_plugins_provenance"](make_registry)
    namespace["test_the_plugins_page_lists_the_plugin"](lambda plugin: build_plugin_app([plugin], tmp_path))
