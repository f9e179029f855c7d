"""The standard scoring rules of RULES.md §3.3 as a built-in plugin."""
from __future__ import annotations

from kinerja_web.hookspecs import hookimpl
from kinerja_web.rules.scoring import STANDARD_RULES


@hookimpl(trylast=True)
def kinerja_scoring_rules():
    return list(STANDARD_RULES)
