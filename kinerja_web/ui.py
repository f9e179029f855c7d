"""Template helpers: labels for stored codes, Indonesian number formatting."""
from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache

from babel.numbers import format_decimal
from flask import g
from flask_babel import get_locale, get_translations
from flask_babel import lazy_gettext as _l

from .rules.berakhlak import BERAKHLAK

LABELS = {
    "status": {
        "draft": _l("Draft"), "submitted": _l("Submitted"), "returned": _l("Returned"),
        "approved": _l("Approved"), "superseded": _l("Superseded"),
    },
    "approach": {"kuantitatif": _l("Quantitative"), "kualitatif": _l("Qualitative")},
    "employee_status": {"aktif": _l("Active"), "cuti": _l("Unpaid leave (CLTN)"),
                        "mutasi": _l("Transfer within the agency"), "mutasi_keluar": _l("Transferred out"),
                        "promosi": _l("New post (promotion)"), "pensiun": _l("Retired"),
                        "hukdis": _l("Disciplinary penalty")},
    "kind": {"utama": _l("Main"), "tambahan": _l("Additional")},
    "aspect": {"kuantitas": _l("Quantity"), "kualitas": _l("Quality"),
               "waktu": _l("Time"), "biaya": _l("Cost")},
    "target_kind": {"single": _l("Single value"), "range": _l("Range"),
                    "max_attainable": _l("Maximum attainable"), "qualitative": _l("Qualitative"),
                    "growth": _l("Growth over a baseline")},
    "cascading": {"direct": _l("Direct cascading"), "non_direct": _l("Non-direct cascading")},
    "role": {"staff": _l("Staff"), "agency_admin": _l("Agency admin"),
             "province_admin": _l("Province admin")},
    "position_kind": {"jpt": "JPT", "administrator": "Administrator", "pengawas": "Pengawas",
                      "pelaksana": "Pelaksana", "fungsional": "Fungsional"},
    "aggregation": {"sum": _l("periods are added up"), "last": _l("the latest period counts"),
                    "average": _l("the mean of the periods"), "max": _l("the best period counts")},
    # the same roll-up over a period's daily progress entries
    "entry_aggregation": {"sum": _l("entries added up"), "last": _l("the latest entry counts"),
                          "average": _l("the mean of the entries"), "max": _l("the highest entry counts")},
    "ev_status": {"open": _l("Awaiting self-assessment"), "self_assessed": _l("Self-assessed"), "rated": _l("Rated"),
                  "final": _l("Final")},
    "outcome": {"upheld": _l("upheld"), "rejected": _l("rejected")},
    "cadence": {"monthly": _l("Monthly"), "quarterly": _l("Quarterly"), "semester": _l("Half-yearly")},
}


class Glossed(str):
    """An official term (it stays the stored and compared value) shown with its English meaning in English:
    ``Sesuai Ekspektasi (meets expectations)``."""

    def __new__(cls, term: str, meaning):
        obj = super().__new__(cls, term)
        obj.meaning = meaning
        return obj

    def __str__(self) -> str:
        if locale_name() == "id":
            return str.__str__(self)
        return f"{str.__str__(self)} ({self.meaning})"

    def __html__(self) -> str:
        from markupsafe import escape

        return str(escape(str(self)))


def glossed(term: str, meaning) -> Glossed:
    return Glossed(term, meaning)


DIRECTION = {"lower_is_better": _l("lower is better"), "range": _l("within the range is best")}


def capaian_text(att) -> str:
    """The attainment in plain words: ``Attainment 107 % of target 7 — lower is better``."""
    inputs = getattr(att, "inputs", None) or {}
    target = inputs.get("target")
    if inputs.get("kind") == "growth" and inputs.get("baseline") is not None and target is not None:
        # the level the growth implies is what the realisation is compared with
        target = number(Decimal(inputs["baseline"]) * (1 + Decimal(target) / 100))
    elif inputs.get("upper") is not None and target is not None:
        target = f"{number(target)}–{number(inputs['upper'])}"
    elif target is not None:
        target = number(target)
    code = att.rule.code if getattr(att, "rule", None) else ""
    text = str(_l("Attainment %(percent)s of target %(target)s", percent=percent(att.percent), target=target or "–"))
    return f"{text} — {DIRECTION.get(code, _l('higher is better'))}"


def filesize(size) -> str:
    """A file size in the user's notation: ``0,6 KB`` in Indonesian, ``0.6 KB`` in English."""
    if size is None:
        return "–"
    locale = locale_name()
    unit, factor = ("MB", 1024 * 1024) if size >= 1024 * 1024 else ("KB", 1024)
    return decimal_text(Decimal(size) / factor, locale, 0, 1) + " " + unit


def label(group: str, code) -> str:
    """The translated label of a stored code; the code itself when unknown."""
    return LABELS.get(group, {}).get(code, code or "")


@cache
def _locale_text(locale) -> str:
    return str(locale)


def locale_name() -> str:
    """The request's locale as text (``id``, ``en``): Babel builds the text anew on each ``str()``, which a
    dashboard's few hundred numbers felt (a tenth of its time), so it is built once per locale."""
    locale = get_locale()
    return _locale_text(locale) if locale is not None else "id"


@cache
def _separators(locale: str) -> tuple[str, str]:
    """The locale's (group, decimal) signs, read once from what Babel writes for 1234.5."""
    sample = format_decimal(Decimal("1234.5"), format="#,##0.#", locale=locale)
    at = sample.index("234")
    return sample[1:at], sample[at + 3:-1]


def decimal_text(value: Decimal, locale: str, least: int, most: int) -> str:
    """``format_decimal(value, "#,##0." + "0" * least + "#" * (most - least), locale)``, without Babel's
    pattern machinery on every call (pages format a hundred numbers): the same half-even rounding,
    the same signs. Negative and huge numbers go to Babel itself."""
    pattern = "#,##0" + ("." + "0" * least + "#" * (most - least) if most else "")
    if value < 0 or not value.is_finite() or value.adjusted() > 15:
        return format_decimal(value, format=pattern, locale=locale)
    whole, _, fraction = f"{value.quantize(Decimal(1).scaleb(-most), rounding=ROUND_HALF_EVEN):f}".partition(".")
    fraction = fraction.rstrip("0").ljust(least, "0")
    group, point = _separators(locale)
    head = len(whole) % 3 or 3
    whole = group.join([whole[:head]] + [whole[i:i + 3] for i in range(head, len(whole), 3)])
    return f"{whole}{point}{fraction}" if fraction else whole


def number(value) -> str:
    """A Decimal for display in the user's locale (``1.234,5`` in Indonesian)."""
    if value is None:
        return "–"
    return decimal_text(Decimal(value).normalize(), locale_name(), 0, 4)


def percent(value) -> str:
    """An attainment for display: one decimal, ``107,1 %``; the stored value stays exact."""
    if value is None:
        return "–"
    try:
        rounded = Decimal(value).quantize(Decimal("0.1"))
    except ArithmeticError:  # absurdly large: show it unrounded rather than fail
        return f"{value} %"
    return decimal_text(rounded, locale_name(), 1, 1) + " %"


NUMBER_IN_TEXT = re.compile(r"\d+\.\d+")


def localnum(text: str) -> str:
    """Numbers in a stored formula as the user's locale writes them (``55.2000`` → ``55,2`` / ``55.2``)."""
    return NUMBER_IN_TEXT.sub(lambda m: number(m.group(0)), text or "")


def target_text(ind) -> str:
    """A target in words: ``100 %``, ``80–90 %``, the qualitative text, or a growth with its baseline and
    source: ``+5 % atas 120.000 kunjungan (BPS 2025)``."""
    if ind.target_kind == "qualitative":
        return ind.target_text
    if ind.target_kind == "range":
        return f"{number(ind.target_value)}–{number(ind.target_upper)} {ind.unit}".strip()
    if ind.target_kind == "growth":
        from flask_babel import gettext

        growth = f"+{number(ind.target_value)} %"
        if ind.baseline_value is None:
            return gettext("%(growth)s over a baseline not recorded yet", growth=growth)
        text = gettext("%(growth)s over %(baseline)s", growth=growth,
                       baseline=f"{number(ind.baseline_value)} {ind.unit}".strip())
        return f"{text} ({ind.baseline_source})" if ind.baseline_source else text
    return f"{number(ind.target_value)} {ind.unit}".strip()


def catalogue_rows(entries) -> list[dict]:
    """Catalogue entries as plain dicts for the form helper script."""
    return [{"code": e.code, "name": e.name, "unit": e.unit, "aspect": e.aspect.value,
             "target_kind": e.target_kind.value, "lower": e.direction.value == "lower",
             "aggregation": str(e.aggregation),
             "default_target": None if e.default_target is None else format(e.default_target, "f")}
            for e in entries]


def localdate(stamp) -> str:
    """A stored UTC timestamp as the Jakarta calendar date, ``23-11-2026``."""
    from .clock import local_time

    return local_time(stamp).strftime("%d-%m-%Y") if stamp else ""


def localdatetime(stamp) -> str:
    """A stored UTC timestamp in Jakarta time, ``23-11-2026 14:05``."""
    from .clock import local_time

    return local_time(stamp).strftime("%d-%m-%Y %H:%M") if stamp else ""


def _translations():
    """The request's translations, looked up once per locale instead of on every ``_()`` of a template.

    Flask-Babel resolves the domain, the locale and its cache on each call (about a fifth of a light
    page's time); this keeps the answer on ``g`` beside the locale object it was made for, so a
    ``force_locale`` block (mail in the recipient's language) still gets its own.
    """
    state = g.get("_flask_babel")
    cached = g.get("_kinerja_translations")
    if cached is not None and cached[0] is getattr(state, "babel_locale", None):
        return cached[1]
    found = get_translations()
    locale = getattr(g.get("_flask_babel"), "babel_locale", None)
    if locale is not None:  # no locale yet (an empty ``g``): Flask-Babel's own answer, not kept
        g._kinerja_translations = (locale, found)
    return found


def install(app) -> None:
    app.jinja_env.install_gettext_callables(
        lambda string: _translations().ugettext(string),
        lambda singular, plural, n: _translations().ungettext(singular, plural, n), newstyle=True)
    app.jinja_env.globals.update(label=label, BERAKHLAK=BERAKHLAK, get_locale=get_locale)
    from .rule_text import FILTERS as RULE_FILTERS

    app.jinja_env.filters.update(number=number, target=target_text, catalogue_rows=catalogue_rows,
                                  percent=percent, localnum=localnum, capaian_text=capaian_text, filesize=filesize,
                                  localdate=localdate, localdatetime=localdatetime, **RULE_FILTERS)

    @app.context_processor
    def _nav():
        from flask_login import current_user

        from . import access

        layout = getattr(current_user, "layout", None) or {}
        return {"may": lambda action, obj=None: access.may(current_user, action, obj),
                # read with the user in the request's first statement (queries.layout)
                "pending_reviews": lambda: layout.get("pending_reviews", 0),
                "unread_notifications": lambda: layout.get("unread", 0)}
