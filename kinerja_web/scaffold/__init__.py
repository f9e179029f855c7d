"""``flask kinerja new-plugin NAME``: a plugin distribution that installs, loads and passes its tests at once.

The files are templates in ``template/`` (package data, so the command works
from an installed app too): ``pyproject.toml`` with the entry point
``kinerja: NAME = kinerja_NAME``, the package (``__version__``, ``name``, an
``Agency``, three example indicators, one per roll-up, a validation hook and
``kinerja_form_fields`` answering nothing), a TOML case file with one scoring
and one validation case and the one-line test that runs it, and a README.
``$name``, ``$agency`` and ``$agency_name`` are filled in with
:class:`string.Template`; ``template/package`` becomes ``kinerja_NAME``.
"""
from __future__ import annotations

import keyword
import re
from importlib import metadata, resources
from pathlib import Path
from string import Template

from ..plugins import ENTRY_POINT_GROUP

NAME = re.compile(r"[a-z][a-z0-9_]{1,39}")
AGENCY_CODE = re.compile(r"[a-z][a-z0-9_]{1,31}")
AGENCY_NAME = re.compile(r"[\w .,()/&'-]{3,200}")
RESERVED = {"web"}  # kinerja_web is the host itself


class ScaffoldError(ValueError):
    """The plugin cannot be written as asked; the message says why and what is allowed."""


def check(name: str, agency: str, agency_name: str, taken: dict[str, str] | None = None) -> None:
    """Refuse a name, an agency code or an agency name the plugin could not live with.

    :param taken: agency code → plugin name of the agencies the running app already has.
    """
    if not NAME.fullmatch(name) or keyword.iskeyword(name) or name in RESERVED:
        raise ScaffoldError(f"{name!r} is not a valid plugin name: use 2–40 lowercase letters, digits and "
                            f"underscores, starting with a letter (e.g. perhubungan); it names the distribution "
                            f"kinerja-NAME and the package kinerja_NAME" + (", and 'web' is the app itself"
                                                                               if name in RESERVED else ""))
    installed = {ep.name: ep for ep in metadata.entry_points(group=ENTRY_POINT_GROUP)}
    if name in installed:
        dist = installed[name].dist
        where = f" ({dist.name} {dist.version})" if dist else ""
        raise ScaffoldError(f"a plugin called {name!r} is already installed{where}; choose another name")
    if not AGENCY_CODE.fullmatch(agency):
        raise ScaffoldError(f"{agency!r} is not a valid agency code: use 2–32 lowercase letters, digits and "
                            f"underscores, starting with a letter (e.g. dishub)")
    if taken and agency in taken:
        raise ScaffoldError(f"agency {agency!r} is already declared by plugin {taken[agency]!r}; "
                            f"give the new plugin its own code with --agency")
    if not AGENCY_NAME.fullmatch(agency_name):
        raise ScaffoldError(f"{agency_name!r} is not a usable agency name: use 3–200 letters, digits, spaces "
                            f"and . , ( ) / & ' - (e.g. \"Dinas Perhubungan\")")


def default_agency_name(name: str) -> str:
    return "Dinas " + name.replace("_", " ").title()


def scaffold(name: str, directory: str | Path = "plugins", agency: str | None = None,
             agency_name: str | None = None, taken: dict[str, str] | None = None) -> Path:
    """Write the plugin ``kinerja-NAME`` into ``directory/NAME`` and return that folder.

    Raises :class:`ScaffoldError` for an invalid name or an existing folder; nothing is written then.
    """
    agency = agency or name
    agency_name = (agency_name or default_agency_name(name)).strip()
    check(name, agency, agency_name, taken)
    target = Path(directory) / name
    if target.exists():
        raise ScaffoldError(f"{target} already exists; choose another name or move it away first")
    values = {"name": name, "agency": agency, "agency_name": agency_name}
    files = dict(_render(resources.files(__package__) / "template", Path(), name, values))
    target.mkdir(parents=True)
    for relative, text in files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return target


def _render(folder, relative: Path, name: str, values: dict):
    """(path in the plugin, text) for every template under ``folder``."""
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _render(entry, relative / (f"kinerja_{name}" if entry.name == "package" else entry.name),
                                   name, values)
        elif entry.name.endswith(".tmpl"):
            yield relative / entry.name.removesuffix(".tmpl"), Template(entry.read_text("utf-8")).substitute(values)
