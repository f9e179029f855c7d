"""Leaders' dashboards (the agency's, with the panels its plugins declare)."""
from flask import Blueprint

bp = Blueprint("dashboard", __name__)
