"""Dinas Pendidikan plugin for kinerja_web: SPM pendidikan (kabupaten/kota and provinsi), Renstra,
Rapor Pendidikan and the IKI of teachers, principals, school supervisors and the Dinas' staff.

Besides its catalogue it declares the sector's scoring and due rules (``rules``),
asks for the counts a coverage is derived from and for the school year and school
(``fields``), checks realisations before they are saved (``validation``) and adds a
panel of school participation per unit to the agency's dashboard (``panels``).
"""
from __future__ import annotations

from kinerja_web import hookimpl

from . import panels, validation
from .catalogue import AGENCY
from .fields import form_fields
from .indicators import BY_CODE, INDICATORS
from .rules import DUE_RULES, SCORING_RULES

__version__ = "2.0.0"

# The entry-point name, so explicit registration (tests) and entry-point
# loading record the same plugin name as provenance.
name = "pendidikan"


@hookimpl
def kinerja_agencies():
    return [AGENCY]


@hookimpl
def kinerja_indicators():
    return list(INDICATORS)


@hookimpl
def kinerja_scoring_rules():
    return list(SCORING_RULES)


@hookimpl
def kinerja_due_rules():
    return list(DUE_RULES)


@hookimpl
def kinerja_form_fields(indicator):
    if indicator.agency != AGENCY.code or indicator.code not in BY_CODE:
        return None
    return form_fields(indicator) or None


@hookimpl
def kinerja_validate_realization(indicator, value, fields):
    return validation.messages(indicator, value, fields) or None


@hookimpl
def kinerja_dashboard_panels(agency, year, data):
    if agency != AGENCY.code:
        return None
    return [panels.participation_panel(year, data)]
