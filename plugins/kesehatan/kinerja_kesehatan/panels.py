"""The dashboard panel "Cakupan SPM per Puskesmas": each unit's latest SPM coverage of the year.

Pure: it turns the rows ``data.realizations(codes)`` returns (``unit``,
``unit_id``, ``code``, ``value``, ``target``, ``review``, ...) into a table
context; the template (``templates/kinerja_kesehatan/spm_puskesmas.html``)
only lays it out, in the reader's language (``WORDS``, chosen by the host's
``locale``) with the host's number filters.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kinerja_web.rules.types import DashboardPanel, Indicator

TEMPLATE = "kinerja_kesehatan/spm_puskesmas.html"
TITLE, TITLE_EN = "Cakupan SPM per Puskesmas", "SPM coverage per health centre"
TARGET = Decimal(100)

# the twelve services in the order of Permenkes 4/2019, with column headings short enough for a table
SERVICES = (
    # code, Indonesian, English
    ("SPM_IBU_HAMIL", "Ibu hamil", "Pregnant women"),
    ("SPM_IBU_BERSALIN", "Ibu bersalin", "Deliveries"),
    ("SPM_BAYI_BARU_LAHIR", "Bayi baru lahir", "Newborns"),
    ("SPM_BALITA", "Balita", "Under-fives"),
    ("SPM_USIA_PENDIDIKAN_DASAR", "Usia dikdas", "School age"),
    ("SPM_USIA_PRODUKTIF", "Usia produktif", "Working age"),
    ("SPM_USIA_LANJUT", "Usia lanjut", "Elderly"),
    ("SPM_HIPERTENSI", "Hipertensi", "Hypertension"),
    ("SPM_DIABETES_MELITUS", "Diabetes melitus", "Diabetes"),
    ("SPM_ODGJ_BERAT", "ODGJ berat", "Severe mental illness"),
    ("SPM_TERDUGA_TBC", "Terduga TBC", "Presumptive TB"),
    ("SPM_RISIKO_HIV", "Risiko HIV", "HIV risk"),
)
# The panel's own words in each language the host speaks (the host's catalogue does not hold them).
WORDS = {
    "id": {"caption": "Cakupan SPM per Puskesmas", "against": "realisasi terakhir terhadap target",
           "population": "sasaran", "unit": "Unit", "services_at": "Layanan",
           "empty": "Belum ada realisasi layanan SPM untuk tahun ini."},
    "en": {"caption": "SPM coverage per health centre", "against": "latest realisation against the target of",
           "population": "of the target population", "unit": "Unit", "services_at": "Services at",
           "empty": "No SPM service has a realisation for this year yet."},
}
CODES = tuple(code for code, _, _ in SERVICES)


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    review: str = ""

    @property
    def met(self) -> bool:
        """At or above the 100 % of sasaran the service targets (over 100 % is capped, not better)."""
        return self.value is not None and self.value >= TARGET


def table(rows, catalogue: dict[str, Indicator]) -> dict:
    """Units as rows (by name), the twelve services as columns; an empty cell where nothing was recorded.

    ``catalogue`` maps each SPM code to its catalogue indicator, whose names are the columns' tooltips."""
    units: dict[object, tuple[str, dict[str, Cell]]] = {}
    for row in rows:
        if row.code not in CODES:
            continue
        _, cells = units.setdefault(row.unit_id, (row.unit, {}))
        cells[row.code] = Cell(row.value, row.review or "")
    ordered = sorted(units.values(), key=lambda unit: unit[0])
    return {
        "services": [{"code": code, "short": short, "short_en": short_en,
                      "name": catalogue[code].name if code in catalogue else short,
                      "name_en": catalogue[code].name_en if code in catalogue else short_en}
                     for code, short, short_en in SERVICES],
        "units": [{"name": name, "cells": [cells.get(code, Cell(None)) for code in CODES],
                   "complete": sum(cells.get(code, Cell(None)).met for code in CODES)}
                  for name, cells in ordered],
        "target": TARGET,
        "words": WORDS,
    }


def spm_panel(year: int, data, catalogue: dict[str, Indicator]) -> DashboardPanel:
    """The panel for one year; ``catalogue`` maps each SPM code to its catalogue indicator."""
    context = {"year": year, **table(data.realizations(list(CODES)), catalogue)}
    return DashboardPanel(TITLE, TEMPLATE, context, title_en=TITLE_EN)
