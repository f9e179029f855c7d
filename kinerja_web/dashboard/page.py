"""What a dashboard page shows, shaped from the reads of ``queries.dashboard``: rows, links and charts.

Every number gets the link to the rows behind it (the drill-down lists of :mod:`.lists`), within the
scope the viewer may see: a unit's figures lead to that unit's dashboard and lists, never wider.
"""
from __future__ import annotations

from flask import request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import access
from ..evaluation import calibration as cal
from ..evaluation.service import PREDICATE_LABELS
from ..queries import dashboard as q
from ..rules.distribution import check
from ..rules.types import Predicate
from ..ui import percent
from . import charts

CHART_ROWS = 30  # bars in a chart; the table under it lists every row


def review_choice(scope: q.Scope, today):
    """The review period whose predikat are shown: ``?periode=`` (an id, or "tahunan" for the annual
    evaluations), else the latest ended one, else the annual ones. Returns (review or None, query value)."""
    raw = request.args.get("periode", "")
    if raw == "tahunan":
        return None, "tahunan"
    chosen = next((r for r in scope.reviews if str(r.id) == raw), None) or scope.as_of(today)
    return chosen, (chosen.id if chosen else "tahunan")


def _args(scope: q.Scope, **extra) -> dict:
    """The query string of a list in this scope (the year; the unit, when the page is a unit's)."""
    args = {"tahun": scope.period.year} if scope.period else {}
    if scope.unit is not None:
        args["unit"] = scope.unit.id
    return {**args, **{k: v for k, v in extra.items() if v is not None}}


def unit_rows(scope: q.Scope, figures: dict[int, q.UnitFigures]) -> list[dict]:
    """The scope's unit by its own people, then each unit directly below it with the figures of its whole
    subtree, each with its links (an agency with one top unit: that unit's; with several: each top unit's
    subtree). So the table grows with the fan-out of one level, never with the agency's whole tree, and each
    row opens the next level's dashboard; units whose subtree has no people are left out."""
    root = scope.unit.id if scope.unit else None
    order = q.tree_order(scope.units, root)
    parent = {u.id: u.parent_id for u in scope.units}
    shown = {u.id for u, _ in order}
    subtree: dict[int, q.UnitFigures] = {}
    for unit, _depth in reversed(order):  # children before their parents
        total = subtree.setdefault(unit.id, q.UnitFigures())
        total += figures.get(unit.id) or q.UnitFigures()
        if parent.get(unit.id) in shown and unit.id != root:
            subtree.setdefault(parent[unit.id], q.UnitFigures())
            subtree[parent[unit.id]] += total
    tops = [u for u, depth in order if depth == 0]
    year = scope.period.year if scope.period else None

    def row(unit, depth: int, fig: q.UnitFigures, own: bool) -> dict:
        args = {"tahun": year, "unit": unit.id, **({"sendiri": 1} if own else {})}
        return {"unit": unit, "depth": depth, "fig": fig, "own": own,
                "href": url_for("dashboard.unit", unit_id=unit.id, tahun=year),
                "attainment_href": url_for("dashboard.attainment", agency_id=scope.agency.id, **args),
                "late": {kind: url_for("dashboard.late", agency_id=scope.agency.id, kind=kind, **args)
                         for kind in q.LATE_KINDS}}

    if len(tops) != 1:  # an agency with several top units: one row per top unit
        return [row(u, 0, subtree[u.id], False) for u in tops if subtree[u.id].people]
    top = tops[0]
    rows = [row(top, 0, figures.get(top.id) or q.UnitFigures(), True)]
    below = [u for u, depth in order if depth == 1 and parent.get(u.id) == top.id]
    rows += [row(u, 1, subtree[u.id], False) for u in below if subtree[u.id].people]
    if not rows[0]["fig"].people and len(rows) > 1 and top.id != root:
        rows.pop(0)  # a top unit with nobody of its own, on the agency's page
    return rows


def row_groups(scope: q.Scope, rows: list[dict]) -> dict[int, tuple[int, str]]:
    """Unit id → (id, name) of the unit table's row it counts in, for the plugin panels (no statement)."""
    out: dict[int, tuple[int, str]] = {}
    children = q.children_of(scope.units)
    for row in rows:
        unit = row["unit"]
        for uid in ([unit.id] if row["own"] else q.subtree(scope.units, unit.id, children)):
            out.setdefault(uid, (unit.id, unit.name))
    return out


def _label(row: dict) -> str:
    """A unit's name in a chart; the scope's own row says it counts the unit's own staff only."""
    return f"{row['unit'].name} ({_('own staff')})" if row.get("own") else row["unit"].name


def _total(rows: list[dict]) -> q.UnitFigures:
    total = q.UnitFigures()
    for row in rows:
        total += row["fig"]
    return total


def _breakdown_rows(scope: q.Scope, found: dict[str, list[q.Breakdown]]) -> dict[str, list[dict]]:
    param = {"goal": "tujuan", "rhk": "rhk", "iki": "iki"}
    return {kind: [{"row": b, "href": url_for("dashboard.attainment", agency_id=scope.agency.id,
                                              **_args(scope, **{param[kind]: b.key}))} for b in rows]
            for kind, rows in found.items()}


def distribution(scope: q.Scope, review, review_arg) -> dict:
    """Predikat counts with their links, and the curve of the organisation predikat, each rule met or not."""
    counts, org = q.distribution(scope, review.id if review else None)
    total = sum(counts.values())
    rows = []
    for k, p in enumerate(Predicate):
        n = counts.get(p, 0)
        rows.append({"predicate": p, "label": str(PREDICATE_LABELS[p.value]), "count": n,
                     "share": n * 100 / total if total else None, "colour": charts.PREDICATE_COLOURS[k],
                     "href": url_for("dashboard.rated", agency_id=scope.agency.id, predicate=p.value,
                                     **_args(scope, periode=review_arg))})
    out = {"rows": rows, "total": total, "org": org, "org_label": cal.ORG_LABELS.get(org) if org else None,
           "rules": [], "compliant": None, "small": total < cal.SMALL_UNIT}
    if org and total:
        pattern, _policy = cal.pattern_for(scope.agency.code, org)
        results = check(pattern, counts)
        out["rules"] = [{"text": cal.describe(r.constraint), "met": r.met, "needed": cal.needed(r, total),
                         "actual": float(r.actual_percent), "limit": r.constraint.percent,
                         "kind": r.constraint.kind} for r in results]
        out["compliant"] = all(r.met for r in results)
        out["pattern"] = pattern.description
    segments = [charts.Segment(r["label"], r["count"], r["colour"], r["href"]) for r in rows]
    out["chart"] = charts.stacked(_("Predikat of the final evaluations"), segments, fmt=percent,
                                  testid="chart-distribution")
    if out["rules"]:
        out["curve_chart"] = charts.thresholds(
            _("The distribution against the curve of the organisation predikat"),
            [charts.Threshold(r["text"], r["actual"], r["limit"], r["kind"], r["met"]) for r in out["rules"]],
            fmt=percent, testid="chart-curve")
    return out


def overview(scope: q.Scope, today) -> dict:
    """Everything the agency or unit dashboard shows, in a fixed number of statements."""
    figures = q.unit_figures(scope, today)
    rows = unit_rows(scope, figures)
    total = _total(rows)
    found = q.breakdown(scope, today)
    points = q.trend(scope, today)
    review, review_arg = review_choice(scope, today)
    ikm = q.ikm_by_unit(scope)
    names = {u.id: u.name for u in scope.units}
    charted = [r for r in rows if r["fig"].people][:CHART_ROWS]
    attain_chart = charts.bars(
        _("Attainment per unit"), [charts.Bar(_label(r), (r["fig"].attainment,), r["href"],
                                              depth=r["depth"]) for r in charted],
        fmt=percent,
        desc=_("Mean attainment to date of the indicators of the people of each unit and the units under it"),
        testid="chart-attainment-units")
    progress_chart = charts.bars(
        _("Progress of the cycle per unit"),
        [charts.Bar(_label(r),
                    (r["fig"].share("skp", "people"), r["fig"].share("values_entered", "values_due"),
                     r["fig"].share("evals_final", "evals_due")), r["href"], depth=r["depth"]) for r in charted],
        series=(_("SKP approved"), _("Realisations entered"), _("Evaluations final")), fmt=percent,
        testid="chart-progress-units")
    breakdown = _breakdown_rows(scope, found)
    break_charts = {
        kind: charts.bars(title, [charts.Bar(b["row"].label, (b["row"].attainment,), b["href"])
                                  for b in breakdown[kind]], fmt=percent, testid=f"chart-{kind}")
        for kind, title in (("goal", _("Attainment per agency goal")), ("rhk", _("Attainment per RHK of the leader")),
                            ("iki", _("Attainment per indicator")))}
    labels = [p.review.name for p in points]
    trend_chart = charts.line(
        _("Trend across review periods"), labels,
        [(_("Attainment in the period"), [p.attainment for p in points]),
         (_("Realisations entered"), [p.entered * 100 / p.due if p.due else None for p in points]),
         (_("Evaluations final"), [p.final * 100 / p.plans if p.plans else None for p in points])],
        fmt=percent, testid="chart-trend")
    return {"scope": scope, "agency": scope.agency, "unit": scope.unit, "year": scope.period.year if scope.period
            else None, "years": scope.years, "as_of": scope.as_of(today), "rows": rows, "total": total,
            "unit_href": None if scope.unit is None else url_for("dashboard.unit", unit_id=scope.unit.id),
            "late": {kind: url_for("dashboard.late", agency_id=scope.agency.id, kind=kind, **_args(scope))
                     for kind in q.LATE_KINDS},
            "attainment_href": url_for("dashboard.attainment", agency_id=scope.agency.id, **_args(scope)),
            "attain_chart": attain_chart, "progress_chart": progress_chart, "breakdown": breakdown,
            "break_charts": break_charts, "trend": points, "trend_chart": trend_chart,
            "review": review, "review_arg": review_arg,
            "distribution": distribution(scope, review, review_arg),
            "ikm": [{"unit": names.get(uid, ""), "survey_id": sid, "title": title, "result": result}
                    for uid, (sid, title, result) in sorted(ikm.items(), key=lambda kv: names.get(kv[0], ""))],
            "crumbs": _crumbs(scope)}


def _crumbs(scope: q.Scope) -> list[dict]:
    """The agency and the units above the scope's unit, top first, each linked only where the viewer may open
    its dashboard (a unit head sees their unit, not the office above it); no statement (the units are loaded)."""
    if scope.unit is None:
        return []
    year = scope.period.year if scope.period else None
    by_id = {u.id: u for u in scope.units}
    above, seen, unit = [], set(), by_id.get(scope.unit.parent_id)
    while unit is not None and unit.id not in seen:
        seen.add(unit.id)
        above.append(unit)
        unit = by_id.get(unit.parent_id)
    agency = {"name": scope.agency.name, "href": url_for("dashboard.agency", instansi=scope.agency.code, tahun=year)
              if access.may(current_user, "dashboard.view", scope.agency) else None}
    return [agency] + [{"name": u.name, "href": url_for("dashboard.unit", unit_id=u.id, tahun=year)
                        if access.may(current_user, "dashboard.unit", u) else None} for u in reversed(above)]


def province(year: int | None, today) -> dict:
    """Per agency: its figures for the year and the predikat of its latest ended review period."""
    year = year or today.year
    agencies, found, counts = q.province(year, today)
    rows = []
    for agency in agencies:
        fig = found.get(agency.id, q.UnitFigures())
        c = counts.get(agency.id)
        rows.append({"agency": agency, "fig": fig, "counts": c, "total": sum(c.values()) if c else 0,
                     "href": url_for("dashboard.agency", instansi=agency.code, tahun=year),
                     "late": {kind: url_for("dashboard.late", agency_id=agency.id, kind=kind, tahun=year)
                              for kind in q.LATE_KINDS},
                     "attainment_href": url_for("dashboard.attainment", agency_id=agency.id, tahun=year)})
    total = q.UnitFigures()
    for row in rows:
        total += row["fig"]
    attain_chart = charts.bars(_("Attainment per agency"), [charts.Bar(r["agency"].name, (r["fig"].attainment,),
                                                                       r["href"]) for r in rows],
                               fmt=percent, testid="chart-attainment-agencies")
    progress_chart = charts.bars(
        _("Progress of the cycle per agency"),
        [charts.Bar(r["agency"].name, (r["fig"].share("skp", "people"), r["fig"].share("values_entered", "values_due"),
                                       r["fig"].share("evals_final", "evals_due")), r["href"]) for r in rows],
        series=(_("SKP approved"), _("Realisations entered"), _("Evaluations final")), fmt=percent,
        testid="chart-progress-agencies")
    labels = {p: str(PREDICATE_LABELS[p.value]) for p in Predicate}
    return {"year": year, "rows": rows, "total": total, "attain_chart": attain_chart,
            "progress_chart": progress_chart, "predicates": list(Predicate), "labels": labels,
            "colours": dict(zip(Predicate, charts.PREDICATE_COLOURS, strict=True))}
