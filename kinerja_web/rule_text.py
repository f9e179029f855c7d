"""Rule texts in the reader's language: titles, formulas and worked formulas of scoring and due rules.

The rules engine is pure and writes Bahasa Indonesia. A rule may carry its English (``title_en``,
``formula_en``), and this module shows it when the interface is in English. The built-in national texts
are translated whole: a fixed text by exact match (``RULE_WORDS``), a worked formula by the shapes the
built-in rules write (``WORKED``). A plugin's own text is never translated word by word: it shows its
``title_en`` / ``formula_en``, or stays as the plugin wrote it.
"""
from __future__ import annotations

import re
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l

from .rules.aggregation import Seasonal
from .rules.scoring import NOT_YET, QUALITATIVE, STANDARD_RULES, Capped, ToleranceBand
from .ui import locale_name, localnum, number

_BUILT_IN = (*STANDARD_RULES, ToleranceBand, Capped, Seasonal)

# The built-in national texts by their exact Indonesian wording: the standard rules' own English, the
# policies' titles and the fixed explanations. Stored snapshots keep these texts, so an old evaluation
# still reads in English.
RULE_WORDS = {
    **{r.title: r.title_en for r in _BUILT_IN if r.title and r.title_en},
    **{r.formula: r.formula_en for r in _BUILT_IN if r.formula and r.formula_en},
    "Saran rating hasil kerja dari capaian indikator (PermenPANRB 6/2022)":
        _l("Suggested rating of work results from the indicators' attainment (PermenPANRB 6/2022)"),
    "Matriks predikat PermenPANRB 6/2022": _l("Predikat matrix of PermenPANRB 6/2022"),
    "Kurva distribusi predikat kinerja pegawai (PermenPANRB 6/2022, Lampiran)":
        _l("Distribution curve of employee predikat (PermenPANRB 6/2022, annex)"),
    QUALITATIVE: _l("qualitative: judged by the appraiser"),
    NOT_YET: _l("no realisation yet"),
}

# The worked formulas the built-in rules write with a case's numbers (``ScoringRule.worked``), as whole
# shapes; ``head`` is the worked text of the rule underneath, translated in turn.
WORKED = (
    (re.compile(r"target maksimal 0 tercapai \(realisasi (?P<r>\S+)\) → 100 %"),  # LowerIsBetter, target 0
     "maximum target 0 reached (realisation {r}) → 100 %"),
    (re.compile(r"realisasi (?P<r>\S+) melebihi target maksimal 0 → 0 %"),
     "realisation {r} exceeds the maximum target 0 → 0 %"),
    (re.compile(r"(?P<head>.+ × 100 %); pertumbuhan (?P<g>\S+) %"), "{head}; growth {g} %"),  # GrowthOverBaseline
    (re.compile(r"(?P<head>.+) = (?P<raw>\S+) %, dibatasi (?P<cap>\S+) %"), "{head} = {raw} %, capped at {cap} %"),
    (re.compile(r"kesalahan aturan (?P<rest>.+)", re.S), "rule error {rest}"),  # RuleFailed: the error as raised
)


def english() -> bool:
    return locale_name() == "en"


def _english(text: str) -> str:
    found = RULE_WORDS.get(text)
    if found is not None:
        return str(found)
    for shape, words in WORKED:
        match = shape.fullmatch(text)
        if match:
            parts = match.groupdict()
            if "head" in parts:
                parts["head"] = _english(parts["head"])
            return words.format(**parts)
    return text


def rule_words(text) -> str:
    """A built-in national text (a title, formula, explanation or worked formula) in the reader's language.

    Only whole built-in texts are translated; any other text, a plugin's included, passes unchanged."""
    text = str(text or "")
    return _english(text) if english() else text


def rule_title(rule) -> str:
    """A rule's or policy's title in the reader's language: its ``title_en`` in English when it has one."""
    if english() and getattr(rule, "title_en", ""):
        return rule.title_en
    return rule_words(rule.title)


def rule_formula(rule) -> str:
    """A rule's formula in the reader's language: its ``formula_en`` in English when it has one."""
    if english() and getattr(rule, "formula_en", ""):
        return rule.formula_en
    return rule_words(getattr(rule, "formula", ""))


def registered(ref):
    """The installed rule a reference names (a ``RuleRef`` or a stored score's ``rule``), when it is still
    that rule: the same code, declared by the same plugin, at the same version. None otherwise."""
    get = ref.get if isinstance(ref, dict) else (lambda key: getattr(ref, key, None))
    registry = current_app.extensions["kinerja_registry"]
    declared = (registry.due_rules if get("kind") == "due" else registry.scoring_rules).get(get("code"))
    if declared is None or declared.plugin != get("plugin") or declared.record.version != get("version"):
        return None
    return declared.record


def explanation(text, ref=None) -> str:
    """An attainment's explanation (its rule's formula, or why nothing was computed) in the reader's language:
    the rule's ``formula_en`` where the text is the formula of the installed rule ``ref`` names."""
    text = str(text or "")
    if not english():
        return text
    rule = registered(ref) if ref else None
    if rule is not None and rule.formula_en and text == rule.formula:
        return rule.formula_en
    return _english(text)


def score_formula(score: dict) -> list[str]:
    """How a stored score was computed, as the lines "How this is computed" shows, numbers in the reader's notation.

    A stored evaluation is a snapshot: its worked formula is kept in Bahasa Indonesia with the numbers it
    saw and is never rewritten. In Indonesian it is shown as stored. In English a built-in worked text is
    translated whole (:func:`rule_words`), and beside the worked numbers the page shows the rule's
    ``formula_en``, but only when the registry still holds the rule the score names, from the same plugin
    at the same version: a changed formula is a new version, so that English describes the very
    computation that was stored. A rule since changed or removed gets no English formula, rather than the
    English of a different rule; the stored text is shown as it is.
    """
    stored = str(score.get("formula") or "")
    text = localnum(rule_words(stored))
    if not english():
        return [text]
    rule = registered(score.get("rule") or {})
    if rule is None or not rule.formula_en:
        return [text]
    if stored == rule.formula:  # the rule's own formula was stored (its worked text failed)
        return [rule.formula_en]
    return [text, rule.formula_en]


def worked(att, ind) -> str:
    """The formula of a live attainment with its numbers, in the reader's notation."""
    from .queries.progress import target_of

    rule, _ = current_app.extensions["kinerja_registry"].scoring_rule(att.rule.code)
    realization = att.inputs.get("realization")
    return rule_words(rule.worked(target_of(ind), Decimal(realization), fmt=number))


FILTERS = {"rule_words": rule_words, "rule_title": rule_title, "rule_formula": rule_formula,
           "rule_explanation": explanation, "score_formula": score_formula, "worked": worked}
