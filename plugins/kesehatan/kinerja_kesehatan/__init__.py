"""Dinas Kesehatan plugin for kinerja_web: SPM kesehatan and Puskesmas indicators.

Besides its catalogue it checks realisations of its own indicators before
they are saved: a coverage cannot exceed 100% and nothing it counts can be
negative.
"""
from __future__ import annotations

from kinerja_web import hookimpl

from .indicators import AGENCY, INDICATORS

__version__ = "1.0.0"

# The entry-point name, so explicit registration (tests) and entry-point
# loading record the same plugin name as provenance.
name = "kesehatan"

OVER_100 = "Cakupan tidak boleh melebihi 100%. Periksa kembali jumlah yang dilayani dan jumlah sasaran."
NEGATIVE = "Realisasi tidak boleh bernilai negatif."


@hookimpl
def kinerja_agencies():
    return [AGENCY]


@hookimpl
def kinerja_indicators():
    return list(INDICATORS)


@hookimpl
def kinerja_validate_realization(indicator, value):
    if indicator.agency != AGENCY.code:
        return None
    if value < 0:
        return [NEGATIVE]
    if indicator.unit == "%" and value > 100:
        return [OVER_100]
    return None
