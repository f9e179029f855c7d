"""The agency plugins' part of the realisation form: their fields, a derived value, who failed.

``for_indicator`` asks the plugins (``kinerja_form_fields``, contained per plugin by
``plugin_calls``) which fields an indicator's realisation carries; ``read`` converts
what was posted (``rules.fields``), derives the value of a ratio indicator and says
where it came from. Field inputs are named ``pf-<plugin>-<field>``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import request
from flask_babel import lazy_gettext as _l

from .. import plugin_calls
from ..forms import MAX_NUMBER
from ..rules.fields import FieldError, convert, derive
from ..rules.types import FormField, Ratio
from ..ui import locale_name
from ..workflow.realization import catalogue_record


@dataclass
class PluginField:
    plugin: str
    spec: FormField
    value: str = ""
    errors: list = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"pf-{self.plugin}-{self.spec.name}"

    @property
    def label(self) -> str:
        english = locale_name() == "en"
        return (self.spec.label_en if english and self.spec.label_en else self.spec.label)

    @property
    def help(self) -> str:
        english = locale_name() == "en"
        return (self.spec.help_en if english and self.spec.help_en else self.spec.help)


@dataclass
class PluginPart:
    """What the plugins add to one indicator's realisation form."""

    fields: list[PluginField]
    ratio: Ratio | None
    ratio_plugin: str | None
    feed: str
    failures: list

    @property
    def derived(self) -> bool:
        """The value is computed from two fields, not typed."""
        return self.ratio is not None and self.ratio_plugin is not None

    def field(self, name: str) -> PluginField | None:
        return next((f for f in self.fields if f.spec.name == name and f.plugin == self.ratio_plugin), None)


def for_indicator(plan, ind, real=None) -> PluginPart:
    """The plugin fields of ``ind``, filled from the stored realisation ``real``."""
    record = catalogue_record(plan, ind)
    answers = plugin_calls.call("kinerja_form_fields", plan.employee.agency.code, indicator=record)
    stored = (real.fields or {}) if real is not None else {}
    fields = [PluginField(plugin, spec, str(stored.get(plugin, {}).get(spec.name, "")))
              for plugin, specs in answers.values for spec in specs or () if isinstance(spec, FormField)]
    ratio, owner = getattr(record, "ratio", None), None
    if ratio is not None:  # the plugin declaring both fields owns the ratio
        owner = next((p for p, specs in answers.values
                      if {ratio.numerator, ratio.denominator} <= {s.name for s in specs or ()}), None)
    return PluginPart(fields, ratio, owner, getattr(record, "feed", ""), answers.failures)


def read(part: PluginPart, form=None) -> tuple[dict, dict | None, object, bool]:
    """(fields per plugin, provenance, derived value or None, valid) from the posted form."""
    form = request.form if form is None else form
    values: dict[str, dict] = {}
    valid = True
    for f in part.fields:
        f.value = form.get(f.name, "")
        try:
            values.setdefault(f.plugin, {})[f.spec.name] = convert(f.spec, f.value)
        except FieldError as exc:
            f.errors.append(str(exc))
            valid = False
    if not valid or not part.derived:
        return values, None, None, valid
    mine = values.get(part.ratio_plugin, {})
    try:
        value = derive(part.ratio, mine)
    except FieldError as exc:
        target = part.field(part.ratio.denominator) or part.fields[0]
        target.errors.append(str(exc))
        return values, None, None, False
    if abs(value) > MAX_NUMBER:  # as for a typed value: a typo, and more than the stored number holds
        (part.field(part.ratio.numerator) or part.fields[0]).errors.append(str(_l("The number is too large.")))
        return values, None, None, False
    provenance = {"kind": "ratio", "plugin": part.ratio_plugin, "numerator": part.ratio.numerator,
                  "denominator": part.ratio.denominator, "per": str(part.ratio.per),
                  "inputs": {k: str(mine[k]) for k in (part.ratio.numerator, part.ratio.denominator)}}
    return values, provenance, value, True
