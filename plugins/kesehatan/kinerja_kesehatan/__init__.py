"""Dinas Kesehatan plugin for kinerja_web: SPM kesehatan, Puskesmas and health-worker indicators.

It declares the agency, its catalogue (organisation level in ``indicators.py``,
individual level per position kind in ``individual.py``), two sector scoring
rules (``rules.py``), the counts a ratio indicator is derived from
(``fields.py``), checks on realisations of its own indicators
(``validation.py``) and the dashboard panel "Cakupan SPM per Puskesmas"
(``panels.py``), and a candidate rule change to simulate before adopting it (``candidates.py``).
"""
from __future__ import annotations

from kinerja_web import hookimpl

from .candidates import CANDIDATES
from .fields import form_fields
from .indicators import AGENCY, INDICATORS
from .panels import CODES, spm_panel
from .rules import RULES
from .validation import NEGATIVE, OVER_100, validate

__version__ = "2.1.0"

# The entry-point name, so explicit registration (tests) and entry-point
# loading record the same plugin name as provenance.
name = "kesehatan"

__all__ = ["AGENCY", "INDICATORS", "NEGATIVE", "OVER_100", "RULES", "name"]


def _own(indicator) -> bool:
    return indicator.agency == AGENCY.code


@hookimpl
def kinerja_agencies():
    return [AGENCY]


@hookimpl
def kinerja_indicators():
    return list(INDICATORS)


@hookimpl
def kinerja_scoring_rules():
    return list(RULES)


@hookimpl
def kinerja_candidate_rules():
    return list(CANDIDATES)


@hookimpl
def kinerja_form_fields(indicator):
    if not _own(indicator):
        return None
    return form_fields(indicator) or None


@hookimpl
def kinerja_validate_realization(indicator, value, fields):
    if not _own(indicator):
        return None
    return validate(indicator, value, fields or {}) or None


@hookimpl
def kinerja_dashboard_panels(agency, year, data):
    if agency != AGENCY.code:
        return None
    return [spm_panel(year, data, {i.code: i for i in INDICATORS if i.code in CODES})]
