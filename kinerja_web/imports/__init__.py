"""Imports with a preview: an agency's employees (admins) and one's own realisations (staff)."""
from flask import Blueprint

bp = Blueprint("imports", __name__)
