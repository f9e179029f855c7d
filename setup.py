"""One build step on top of pyproject.toml: compile the translation catalogues.

The metadata lives in pyproject.toml. The ``*.mo`` files are not in git, so
``build_py`` compiles every ``kinerja_web/translations/*/LC_MESSAGES/*.po`` into
its ``.mo`` with Babel: into the build directory for a wheel (so a production
``pip install .`` shows the interface in Bahasa Indonesia), and into the source
tree for an editable install. ``make translations`` does the same for development.
"""
from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TRANSLATIONS = Path("kinerja_web", "translations")


def compile_catalogues(folder: Path) -> list[Path]:
    """Compile each ``<locale>/LC_MESSAGES/<domain>.po`` under ``folder``; fuzzy entries are left out."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(folder.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parent.parent.name, domain=po.stem)
        for message, errors in catalog.check():
            for error in errors:
                print(f"{po}:{message.lineno}: {error}", file=sys.stderr)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as fh:
            write_mo(fh, catalog, use_fuzzy=False)
        written.append(mo)
    if not written:
        raise SystemExit(f"no translation catalogue found under {folder}")
    return written


class BuildPyWithCatalogues(build_py):
    """``build_py`` that also compiles the catalogues."""

    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):  # the package is imported from the source tree
            compile_catalogues(Path(__file__).resolve().parent / TRANSLATIONS)
        else:  # the .po files were copied as package data; the wheel takes everything under build_lib
            compile_catalogues(Path(self.build_lib) / TRANSLATIONS)


setup(cmdclass={"build_py": BuildPyWithCatalogues})
