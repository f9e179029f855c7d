"""Simulate a candidate rule set on past results before adopting it (issue 12)."""
from flask import Blueprint

bp = Blueprint("simulation", __name__)
