"""What the web tests share: a CSRF-aware client, a query counter, demo look-ups."""
from __future__ import annotations

import re
from contextlib import contextmanager
from decimal import Decimal

from flask import current_app
from flask.globals import _cv_app
from sqlalchemy import event, select

from kinerja_web.demo import DEMO_PASSWORD
from kinerja_web.extensions import db
from kinerja_web.models import Employee, Plan, PlanIndicator, User
from kinerja_web.rules.notation import parse_decimal


def employee(username: str) -> Employee:
    return db.session.scalar(select(Employee).join(User, User.employee_id == Employee.id)
                             .where(User.username == username))


def plan_of(username: str) -> Plan | None:
    emp = employee(username)
    return db.session.scalar(select(Plan).where(Plan.employee_id == emp.id).order_by(Plan.version.desc()))


TOKEN = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"')


class Client:
    """A test client that logs in through the form and sends CSRF tokens."""

    def __init__(self, flask_client):
        self.http = flask_client
        self.token = None

    def _open(self, method, url, **kw):
        """Send a request outside the test's app context, as production does:
        its own ``g`` (logged-in user) and its own database session."""
        token = _cv_app.set(None)  # hide the test's context without tearing it down
        try:
            return self.http.open(url, method=method, **kw)
        finally:
            _cv_app.reset(token)

    def get(self, url, **kw):
        response = self._open("GET", url, **kw)
        if response.mimetype == "text/html" and "Content-Encoding" not in response.headers:
            match = TOKEN.search(response.get_data(as_text=True))
            if match:
                self.token = match.group(1)
        return response

    def post(self, url, data=None, prefix="", csrf=True, **kw):
        data = dict(data or {})
        if csrf:
            if self.token is None:
                self.get("/login")
            data.setdefault(f"{prefix}-csrf_token" if prefix else "csrf_token", self.token)
        return self._open("POST", url, data=data, **kw)

    def login(self, username, password=DEMO_PASSWORD):
        self.get("/login")
        response = self.post("/login", {"username": username, "password": password})
        assert response.status_code == 302, f"login as {username} failed"
        return response


@contextmanager
def count_queries():
    """Count SQL statements sent while the block runs."""
    statements = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", before)


def ratio_of(plan: Plan, ind: PlanIndicator):
    """(plugin, Ratio) when ``ind``'s value is derived from two numbers an agency plugin records, else None."""
    declared = current_app.extensions["kinerja_registry"].indicators.get(
        (plan.employee.agency.code, ind.catalogue_code or ""))
    if declared is None or declared.record.ratio is None:
        return None
    return declared.plugin, declared.record.ratio


def ratio_numbers(ratio, value) -> tuple[int, int]:
    """Whole numerator and denominator whose ratio is exactly ``value`` (e.g. 88,5 % → 885 of 1000)."""
    value = parse_decimal(value) if isinstance(value, str) else Decimal(value)
    for exponent in range(1, 7):  # the smallest population of at least ten times ``per`` that gives it
        denominator = ratio.per * Decimal(10) ** exponent
        numerator = value * denominator / ratio.per
        if numerator == numerator.to_integral_value():
            return int(numerator), int(denominator)
    raise AssertionError(f"no whole numbers give {value} per {ratio.per}")


def realisation_data(plan: Plan, ind: PlanIndicator, value, **extra) -> dict:
    """The realisation form's data recording ``value`` for ``ind``: the typed ``value``, or, for an indicator
    derived from two numbers (the health SPM services: ``pf-kesehatan-dilayani`` / ``pf-kesehatan-sasaran``),
    the two whole numbers that give exactly that value. ``extra`` fields (note, version, link, files) are added."""
    found = ratio_of(plan, ind)
    if found is None:
        return {"value": str(value), **extra}
    plugin, ratio = found
    numerator, denominator = ratio_numbers(ratio, value)
    return {f"pf-{plugin}-{ratio.numerator}": str(numerator), f"pf-{plugin}-{ratio.denominator}": str(denominator),
            **extra}


def fill_realisation(page, plan: Plan, ind: PlanIndicator, value) -> None:
    """In a browser (Playwright), type ``value`` for ``ind`` on its realisation form as a person would: the value
    itself, or the two numbers an indicator derived from them is computed from."""
    for name, typed in realisation_data(plan, ind, value).items():
        page.fill("#value" if name == "value" else f"[data-testid={name}]", typed)
