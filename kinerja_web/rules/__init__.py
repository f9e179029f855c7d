"""The pure rules engine: records, scoring, rating, predikat, distribution.

Imports neither Flask nor SQLAlchemy (a test enforces it), so plugins and
their tests can use it without a web app.
"""
