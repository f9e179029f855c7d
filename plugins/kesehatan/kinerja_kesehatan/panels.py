"""The dashboard panel "Cakupan SPM per Puskesmas": each unit's latest SPM coverage of the year.

Pure: it turns the rows ``data.realizations(codes)`` returns (``unit``,
``unit_id``, ``code``, ``value``, ``target``, ``review``, ...) into a table
context; the template (``templates/kinerja_kesehatan/spm_puskesmas.html``)
only lays it out.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kinerja_web.rules.types import DashboardPanel

TEMPLATE = "kinerja_kesehatan/spm_puskesmas.html"
TITLE, TITLE_EN = "Cakupan SPM per Puskesmas", "SPM coverage per health centre"
TARGET = Decimal(100)

# the twelve services in the order of Permenkes 4/2019, with a column heading short enough for a table
SERVICES = (
    ("SPM_IBU_HAMIL", "Ibu hamil"),
    ("SPM_IBU_BERSALIN", "Ibu bersalin"),
    ("SPM_BAYI_BARU_LAHIR", "Bayi baru lahir"),
    ("SPM_BALITA", "Balita"),
    ("SPM_USIA_PENDIDIKAN_DASAR", "Usia dikdas"),
    ("SPM_USIA_PRODUKTIF", "Usia produktif"),
    ("SPM_USIA_LANJUT", "Usia lanjut"),
    ("SPM_HIPERTENSI", "Hipertensi"),
    ("SPM_DIABETES_MELITUS", "Diabetes melitus"),
    ("SPM_ODGJ_BERAT", "ODGJ berat"),
    ("SPM_TERDUGA_TBC", "Terduga TBC"),
    ("SPM_RISIKO_HIV", "Risiko HIV"),
)
CODES = tuple(code for code, _ in SERVICES)


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    review: str = ""

    @property
    def met(self) -> bool:
        """At or above the 100 % of sasaran the service targets (over 100 % is capped, not better)."""
        return self.value is not None and self.value >= TARGET


def table(rows, names: dict[str, str]) -> dict:
    """Units as rows (by name), the twelve services as columns; an empty cell where nothing was recorded."""
    units: dict[object, tuple[str, dict[str, Cell]]] = {}
    for row in rows:
        if row.code not in CODES:
            continue
        _, cells = units.setdefault(row.unit_id, (row.unit, {}))
        cells[row.code] = Cell(row.value, row.review or "")
    ordered = sorted(units.values(), key=lambda unit: unit[0])
    return {
        "services": [{"code": code, "short": short, "name": names.get(code, short)} for code, short in SERVICES],
        "units": [{"name": name, "cells": [cells.get(code, Cell(None)) for code in CODES],
                   "complete": sum(cells.get(code, Cell(None)).met for code in CODES)}
                  for name, cells in ordered],
        "target": TARGET,
    }


def spm_panel(year: int, data, names: dict[str, str]) -> DashboardPanel:
    """The panel for one year; ``names`` maps each SPM code to its catalogue name (the column's tooltip)."""
    context = {"year": year, **table(data.realizations(list(CODES)), names)}
    return DashboardPanel(TITLE, TEMPLATE, context, title_en=TITLE_EN)
