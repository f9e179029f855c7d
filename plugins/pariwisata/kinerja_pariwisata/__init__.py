"""Dinas Pariwisata plugin for kinerja_web: RPJMD and Renstra tourism indicators.

Declares the agency, its catalogue (organisation and individual level), the
tourism rules (visit seasons, a tolerance on length of stay, a cap on events
held to the calendar), and answers per request for its own indicators: form
fields, validation of a realisation, and the visits panel of the dashboard.
"""
from __future__ import annotations

from kinerja_web import hookimpl

from .fields import fields_for
from .indicators import AGENCY, INDICATORS
from .panel import visits_panel
from .rules import DUE_RULES, SCORING_RULES
from .validation import messages

__version__ = "2.0.0"

# The entry-point name, so explicit registration (tests) and entry-point
# loading record the same plugin name as provenance.
name = "pariwisata"

CODES = frozenset(i.code for i in INDICATORS)


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
    if indicator.agency != AGENCY.code:
        return None
    return fields_for(indicator) or None


@hookimpl
def kinerja_validate_realization(indicator, value, fields):
    if indicator.agency != AGENCY.code:
        return None
    return messages(indicator, value, fields or {}, CODES) or None


@hookimpl
def kinerja_dashboard_panels(agency, year, data):
    if agency != AGENCY.code:
        return None
    return [visits_panel(data, INDICATORS)]
