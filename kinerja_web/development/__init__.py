"""Pengembangan kompetensi: a person's completed development against the agency's yearly JP target, the
team's progress, and the training-needs analysis (analisis kebutuhan pengembangan kompetensi) of an agency
or unit with its drill-down and export."""
from flask import Blueprint

bp = Blueprint("development", __name__)

from . import needs, person  # noqa: E402,F401  (their routes join this blueprint)
