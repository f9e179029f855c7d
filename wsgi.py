"""WSGI entry point for gunicorn or waitress: ``gunicorn wsgi:app``.

The ``flask`` command loads this module too (``FLASK_APP=wsgi:app``); only there, inside a
click command, does the app carry the migrations.
"""
import click

from kinerja_web import create_app

app = create_app(web_only=click.get_current_context(silent=True) is None)
