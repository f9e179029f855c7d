"""Today's date, overridable by ``TODAY`` in the config (tests, demos)."""
from __future__ import annotations

from datetime import date

from flask import current_app


def today() -> date:
    fixed = current_app.config.get("TODAY")
    if fixed:
        return fixed if isinstance(fixed, date) else date.fromisoformat(str(fixed))
    return date.today()
