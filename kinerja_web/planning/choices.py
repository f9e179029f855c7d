"""Per-request choices and form<->row mapping for the planning views."""
from __future__ import annotations

import re
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from .. import plugin_calls
from ..extensions import db
from ..forms import options
from ..models import AgencyGoal, Employee, Period, Plan, PlanIndicator, WorkResult
from ..queries import programmes, proposals
from ..rules.berakhlak import BERAKHLAK
from ..rules.scoring import rule_for_target
from ..rules.types import Level, TargetKind
from ..ui import locale_name
from .forms import IndicatorForm, WorkResultForm, suggested_roll_up

__all__ = ["BERAKHLAK"]


def registry():
    return current_app.extensions["kinerja_registry"]


def periods_without_plan(me: Employee) -> list[Period]:
    taken = select(Plan.period_id).where(Plan.employee_id == me.id)
    return list(db.session.scalars(
        select(Period).where(Period.agency_id == me.agency_id, Period.id.not_in(taken))
        .order_by(Period.year.desc())))


def start_period(me: Employee) -> Period | None:
    """The agency's newest year when the person has no SKP for it yet (what "My SKP" offers to start)."""
    newest = db.session.scalar(
        select(Period).where(Period.agency_id == me.agency_id).order_by(Period.year.desc()).limit(1))
    if newest is None or db.session.scalar(
            select(Plan.id).where(Plan.employee_id == me.id, Plan.period_id == newest.id).limit(1)):
        return None
    return newest


def versions_of(plan: Plan) -> list[Plan]:
    return list(db.session.scalars(
        select(Plan).where(Plan.employee_id == plan.employee_id, Plan.period_id == plan.period_id)
        .order_by(Plan.version)))


def supervisor_results(plan: Plan) -> list[WorkResult]:
    """RHK of the supervisor's newest approved SKP for the same year."""
    return proposals.supervisor_results(plan.employee, plan.period.year)


def agency_goals(plan: Plan) -> list[AgencyGoal]:
    return list(db.session.scalars(
        select(AgencyGoal).where(AgencyGoal.agency_id == plan.employee.agency_id,
                                 AgencyGoal.year == plan.period.year).order_by(AgencyGoal.id)))


def result_form(plan: Plan, obj=None, prefix: str = "", fresh: bool = False, kind: str | None = None,
                parents: list[WorkResult] | None = None) -> WorkResultForm:
    """The RHK form; ``fresh`` builds an empty add-form even while a POST is answered (the next entry).

    A fresh main-RHK form proposes the first RHK of the supervisor that this plan does not link yet.
    """
    extra = {"formdata": None} if fresh else {}
    form = WorkResultForm(obj=obj, prefix=prefix, **extra)
    parents = list(supervisor_results(plan) if parents is None else parents)
    if obj is not None and obj.parent is not None and obj.parent not in parents:
        parents.append(obj.parent)  # keep a link made to an older version
    form.parent_id.choices = options([(None, "—")] + [(r.id, r.text[:120]) for r in parents])
    form.goal_id.choices = options([(None, "—")] + [(g.id, g.text[:120]) for g in agency_goals(plan)])
    form.has_supervisor = plan.employee.supervisor_id is not None
    programme_rhk = programmes.linkable(plan.employee.agency_id, plan.period.year)
    if obj is not None and obj.programme_result is not None and obj.programme_result_id not in dict(programme_rhk):
        programme_rhk.append((obj.programme_result_id, obj.programme_result.text))  # its agency has left since
    form.programme_result_id.choices = options([(None, "—")] + [(i, t[:120]) for i, t in programme_rhk])
    if obj is None and (fresh or not form.is_submitted()):
        form.kind.data = kind or "utama"
        linked = {r.parent_id for r in plan.results}
        if form.kind.data == "utama":
            form.parent_id.data = next((r.id for r in parents if r.id not in linked), None)
    return form


def result_values(form: WorkResultForm) -> dict:
    """The RHK a validated form describes; a link goes to the supervisor's RHK, or to a goal at the top."""
    return {"kind": form.kind.data, "text": form.text.data.strip(),
            "parent_id": form.parent_id.data if form.has_supervisor else None,
            "goal_id": None if form.has_supervisor else form.goal_id.data,
            "cascading": form.cascading.data or None,
            "programme_result_id": form.programme_result_id.data}


def catalogue_entries(plan: Plan):
    return catalogue_for(plan.employee)


def role_matches(role: str, position_name: str) -> bool:
    """Whether a catalogue role names the person's position: the role's words (``_`` between them) appear
    as whole words, in order, in the position's name, whatever the case. "guru" matches "Guru Ahli
    Pertama", "bidan" matches "Bidan Terampil" but not "Kepala Bidang", "kepala_puskesmas" matches
    "Kepala Puskesmas Way Halim"."""
    words = [re.escape(w) for w in role.replace("_", " ").split()]
    return bool(words) and re.search(r"\b" + r"\s+".join(words) + r"\b", position_name or "", re.I) is not None


def _position_name(employee: Employee) -> str:
    return employee.position.name if employee.position is not None else ""


def catalogue_for(employee: Employee) -> list:
    """The agency catalogue offered to a person, in the picker's order (:func:`catalogue_groups`).

    Entries of a plugin the province admin switched off for the agency are left out. Entries for the
    person's position come first: those with a role that :func:`role_matches` the position's name;
    then the organisation's indicators, the individual indicators for any position, and the
    individual indicators of other positions (each in the catalogue's order).
    """
    code = employee.agency.code
    entries = [d.record for d in registry().catalogue(code) if plugin_calls.enabled(code, d.plugin)]
    position = _position_name(employee)
    return sorted(entries, key=lambda e: _rank(e, position))


def _rank(entry, position: str) -> int:
    if any(role_matches(r, position) for r in entry.roles):
        return 0
    if entry.level is Level.ORGANISATION:
        return 1
    return 2 if not entry.roles else 3


def _roles_text(roles) -> str:
    text = ", ".join(r.replace("_", " ") for r in roles)
    return text[:1].upper() + text[1:]


def catalogue_group(entry, position: str):
    """The ``<optgroup>`` label of an entry in the picker: the person's own position, the organisation,
    any position, or the positions it names."""
    if any(role_matches(r, position) for r in entry.roles):
        return _l("For your position: %(roles)s", roles=_roles_text(entry.roles))
    if entry.level is Level.ORGANISATION:
        return _l("Organisation indicators")
    if not entry.roles:
        return _l("Individual indicators: any position")
    return _l("Individual indicators: %(roles)s", roles=_roles_text(entry.roles))


def entry_name(entry) -> str:
    """The entry's name in the interface's language (the Indonesian one when no English name is declared)."""
    if entry.name_en and locale_name() == "en":
        return entry.name_en
    return entry.name


def catalogue_choices(employee: Employee, entries) -> list:
    """The picker's options, grouped per :func:`catalogue_group` (``entries`` in :func:`catalogue_for` order).

    Entries of the same level and roles share one ``<optgroup>`` even where the catalogue declares them
    apart."""
    position = _position_name(employee)
    groups: dict = {}
    for e in entries:
        key = (_rank(e, position), e.level.value, tuple(e.roles))
        groups.setdefault(key, []).append(e)
    out = []
    for key in sorted(groups, key=lambda k: k[0]):  # stable: first-declared group first within a rank
        label = catalogue_group(groups[key][0], position)
        out += [SelectChoice(e.code, f"{entry_name(e)} ({e.unit})", optgroup=label) for e in groups[key]]
    return out


def catalogue_json(plan: Plan, parents: list[WorkResult]) -> dict:
    """What ``static/skp.js`` needs to fill a form from a pick: every field an entry knows, and for
    each supervisor RHK the catalogue indicator it uses (proposed for an RHK linked to it)."""
    entries = catalogue_entries(plan)
    known = {e.code for e in entries}
    rows = [{"code": e.code, "name": e.name, "unit": e.unit, "aspect": e.aspect.value,
             "target_kind": e.target_kind.value, "lower": e.direction.value == "lower",
             "level": e.level.value, "due_rule": e.due_rule,
             "aggregation": str(e.aggregation), "evidence_required": bool(e.evidence_required),
             "default_target": None if e.default_target is None else format(e.default_target, "f"),
             "default_upper": None if e.default_upper is None else format(e.default_upper, "f")}
            for e in entries]
    suggest = {str(r.id): next((i.catalogue_code for i in r.indicators if i.catalogue_code in known), "")
               for r in parents}
    return {"entries": rows, "parents": suggest}


def indicator_form(plan: Plan, obj=None, prefix: str = "", fresh: bool = False, entry_code: str = "") -> IndicatorForm:
    """An IKI form; ``entry_code`` fills a fresh form from that catalogue entry (a proposal to accept)."""
    extra = {"formdata": None} if fresh else {}
    form = IndicatorForm(obj=obj, prefix=prefix, **extra)
    if obj is not None and not form.is_submitted():
        form.lower_is_better.data = obj.scoring == "lower_is_better"
    entries = catalogue_entries(plan)
    form.catalogue_code.choices = options([("", _l("— write my own —"))]) + catalogue_choices(plan.employee, entries)
    if obj is not None and obj.catalogue_code and obj.catalogue_code not in {e.code for e in entries}:
        form.catalogue_code.choices += options([(obj.catalogue_code, obj.name)])  # switched off or withdrawn
    form.catalogue_defaults = {e.code: e.default_target for e in entries if e.default_target is not None}
    form.approach = plan.approach
    entry = next((e for e in entries if e.code == entry_code), None)
    if entry is not None and (fresh or not form.is_submitted()):
        _fill_from(form, entry)
    return form


def _fill_from(form: IndicatorForm, entry) -> None:
    form.catalogue_code.data = entry.code
    form.name.data = entry.name
    form.aspect.data = entry.aspect.value
    form.target_kind.data = entry.target_kind.value
    form.target_value.data = entry.default_target
    form.target_upper.data = entry.default_upper
    form.unit.data = entry.unit
    form.lower_is_better.data = entry.direction.value == "lower"
    form.evidence_required.data = bool(entry.evidence_required)
    form.aggregation.data = str(entry.aggregation)


def row_filled(form: IndicatorForm) -> bool:
    """Whether an optional indicator row of the RHK form was filled in (an empty row is ignored)."""
    return bool(form.catalogue_code.data or (form.name.data or "").strip()
                or form.target_value.raw_data and (form.target_value.raw_data[0] or "").strip())


def indicator_values(form: IndicatorForm, plan: Plan, current: PlanIndicator | None = None) -> dict:
    """The indicator a validated form describes; blanks are filled from the catalogue entry.

    ``current`` is the indicator being edited: when it keeps a catalogue entry that is no longer
    offered (its plugin switched off for the agency, or the entry withdrawn), the link, the rule,
    the roll-up and the due rule the catalogue gave it stay.
    """
    entry = next((e for e in catalogue_entries(plan) if e.code == form.catalogue_code.data), None)
    kept = (current if entry is None and current is not None and current.catalogue_code
            and current.catalogue_code == form.catalogue_code.data else None)
    unit = (form.unit.data or "").strip() or (entry.unit if entry else "")
    kind = TargetKind(form.target_kind.data)
    if plan.approach == "kualitatif" and form.target_value.data is None and kind is not TargetKind.GROWTH:
        kind = TargetKind.QUALITATIVE
    if entry is not None and entry.target_kind is kind:
        scoring = entry.scoring
    elif kept is not None and kept.target_kind == kind.value:
        scoring = kept.scoring
    else:
        scoring = rule_for_target(kind, bool(form.lower_is_better.data))
    growth = kind is TargetKind.GROWTH
    if kept is not None:
        aggregation = kept.aggregation
    elif entry is not None:
        aggregation = str(entry.aggregation)
    else:  # a hand-written indicator says in the form what it measures
        aggregation = form.aggregation.data or suggested_roll_up(kind.value, unit, bool(form.lower_is_better.data))
    return {
        "catalogue_code": entry.code if entry else (kept.catalogue_code if kept else None),
        "name": (form.name.data or "").strip() or (entry.name if entry else ""),
        "aspect": form.aspect.data,
        "unit": unit,
        "target_text": (form.target_text.data or "").strip(),
        "target_kind": kind.value,
        "target_value": None if kind is TargetKind.QUALITATIVE else (
            form.target_value.data if form.target_value.data is not None or entry is None else entry.default_target),
        "target_upper": form.target_upper.data if kind is TargetKind.RANGE else None,
        # a growth target states the figure it grows from and where that figure comes from
        "baseline_value": form.baseline_value.data if growth else None,
        "baseline_source": (form.baseline_source.data or "").strip() if growth else "",
        "scoring": scoring,
        # the person may ask for evidence; a catalogue entry that requires it keeps requiring it
        "evidence_required": bool(form.evidence_required.data) or bool(entry and entry.evidence_required),
        # A catalogue entry declares what it measures and when a summed target falls due (a season).
        "aggregation": aggregation,
        "due_rule": entry.due_rule if entry else (kept.due_rule if kept else ""),
    }


def reports_overview(me: Employee) -> list[tuple[Employee, Plan | None]]:
    """Each direct report with their newest plan of the newest year (two queries)."""
    reports = list(db.session.scalars(
        select(Employee).where(Employee.supervisor_id == me.id, Employee.active.is_(True))
        .options(joinedload(Employee.position)).order_by(Employee.name)))
    if not reports:
        return []
    plans = db.session.scalars(
        select(Plan).where(Plan.employee_id.in_([e.id for e in reports]))
        .options(joinedload(Plan.period)).order_by(Plan.period_id, Plan.version)).all()
    newest = {p.employee_id: p for p in plans}
    return [(e, newest.get(e.id)) for e in reports]


def as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)
