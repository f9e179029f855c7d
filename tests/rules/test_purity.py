"""The rules engine is pure Python: it imports neither Flask nor SQLAlchemy (STYLE.md)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import kinerja_web.rules

FORBIDDEN = ("flask", "sqlalchemy", "flask_sqlalchemy")
RULES_DIR = Path(kinerja_web.rules.__file__).parent
RULES_SOURCES = sorted(RULES_DIR.glob("*.py"))

PROBE = (
    "import sys, kinerja_web.rules.types, kinerja_web.rules.scoring, kinerja_web.rules.rating, "
    "kinerja_web.rules.predicate, kinerja_web.rules.distribution, kinerja_web.rules.berakhlak; "
    "bad=[m for m in sys.modules if m.split('.')[0] in ('flask','sqlalchemy','flask_sqlalchemy')]; "
    "print(bad); sys.exit(1 if bad else 0)"
)


def test_importing_the_rules_engine_loads_neither_flask_nor_sqlalchemy():
    # A fresh interpreter: this test process has Flask loaded already (tests/conftest.py).
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          cwd=RULES_DIR.parent.parent, timeout=60)
    assert proc.returncode == 0, f"rules engine pulled in {proc.stdout.strip()} {proc.stderr.strip()}"
    assert proc.stdout.strip() == "[]"


def imported_modules(path: Path) -> list[str]:
    """Every module an ``import`` or ``from … import`` names, at any depth of the file."""
    names = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


def test_the_rules_package_has_source_files_to_scan():
    assert {p.name for p in RULES_SOURCES} >= {"types.py", "scoring.py", "rating.py", "predicate.py",
                                               "distribution.py", "berakhlak.py"}


@pytest.mark.parametrize("path", RULES_SOURCES, ids=lambda p: p.name)
def test_rules_source_file_has_no_flask_or_sqlalchemy_import(path):
    bad = [name for name in imported_modules(path) if name.split(".")[0] in FORBIDDEN]
    assert bad == []

