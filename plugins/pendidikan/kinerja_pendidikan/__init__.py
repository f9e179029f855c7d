"""Dinas Pendidikan plugin for kinerja_web: SPM pendidikan, Renstra and teacher IKI."""
from __future__ import annotations

from kinerja_web import hookimpl

from .indicators import AGENCY, INDICATORS

__version__ = "1.0.0"

# The entry-point name, so explicit registration (tests) and entry-point
# loading record the same plugin name as provenance.
name = "pendidikan"


@hookimpl
def kinerja_agencies():
    return [AGENCY]


@hookimpl
def kinerja_indicators():
    return list(INDICATORS)
