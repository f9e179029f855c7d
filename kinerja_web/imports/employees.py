"""Checking an employee file against the agency: what would be created, changed or deactivated, and every
row error, before anything is written. Pure Python over a :class:`~kinerja_web.queries.imports.Roster`;
the same :class:`Check` is shown on the preview, printed by the command line and applied by
``workflow.imports``."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..nip import NipError, parse_nip
from ..queries.imports import Roster
from .columns import BY_KEY, NAMES, POSITION_KINDS
from .reading import Table, normalise

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_ROWS = 200_000
FIELDS = ("name", "rank", "unit", "position", "supervisor", "active", "email")


@dataclass
class Check:
    rows: int = 0
    file_errors: list[tuple[str, dict]] = field(default_factory=list)  # (code, params)
    errors: list[tuple[int, str, str, dict]] = field(default_factory=list)  # (row, column key, code, params)
    ignored: list[str] = field(default_factory=list)
    people: dict[str, dict] = field(default_factory=dict)  # nip -> the row's values (valid rows only)
    units_new: dict[str, str] = field(default_factory=dict)  # lower name -> name as written
    unit_parents: dict[str, str] = field(default_factory=dict)  # lower name -> lower parent name
    units_changed: list[str] = field(default_factory=list)  # lower names of existing units that change
    positions_new: dict[str, dict] = field(default_factory=dict)  # lower name -> {name, kind}
    positions_changed: list[str] = field(default_factory=list)
    created: list[str] = field(default_factory=list)  # nips
    changed: dict[str, dict] = field(default_factory=dict)  # nip -> {field: (before, after)}
    deactivated: list[str] = field(default_factory=list)  # nips
    accounts_new: list[str] = field(default_factory=list)  # nips

    @property
    def ok(self) -> bool:
        return not self.file_errors and not self.errors

    def error(self, row: int, column: str, code: str, /, **params) -> None:
        self.errors.append((row, column, code, params))


def check(table: Table, roster: Roster, today: date) -> Check:
    """Read every row, find every error and compare the file with the agency."""
    out = Check(rows=len(table.rows))
    keys = [NAMES.get(normalise(h)) for h in table.header]
    out.ignored = [h for h, k in zip(table.header, keys, strict=True) if k is None and h]
    missing = [BY_KEY[k] for k in ("nip", "name", "position", "unit") if k not in keys]
    if missing and not ("unit" in [c.key for c in missing] and len(missing) == 1 and "unit_id" in keys):
        out.file_errors.append(("missing_columns", {"columns": ", ".join(c.header for c in missing)}))
        return out
    if not table.rows:
        out.file_errors.append(("no_rows", {}))
        return out
    if len(table.rows) > MAX_ROWS:
        out.file_errors.append(("too_many_rows", {"max": MAX_ROWS}))
        return out
    position = {k: i for i, k in reversed(list(enumerate(keys))) if k}  # the first column of a name counts
    seen: dict[str, int] = {}
    parsed = []
    for number, values in table.rows:
        row = {k: (values[i] if i < len(values) else "").strip() for k, i in position.items()}
        row["row"] = number
        if _row(out, row, roster, today, seen):
            parsed.append(row)
    _units(out, parsed, roster)
    _positions(out, parsed, roster)
    _supervisors(out, parsed)
    bad = {r for r, *_ in out.errors}
    out.people = {r["nip"]: r for r in parsed if r["row"] not in bad}
    if out.ok:
        _compare(out, roster)
    out.errors.sort(key=lambda e: e[0])
    return out


def _row(out: Check, row: dict, roster: Roster, today: date, seen: dict) -> bool:
    n, ok = row["row"], True
    for key in ("name", "position", "unit"):
        if not row.get(key) and not (key == "unit" and row.get("unit_id")):
            out.error(n, key, "required", column=key)
            ok = False
    for key, value in row.items():
        if key in BY_KEY and len(value) > BY_KEY[key].max_len:
            out.error(n, key, "too_long", column=key, max=BY_KEY[key].max_len)
            ok = False
    nip = row["nip"] = row.get("nip", "").replace(" ", "").lstrip("'")
    if not nip:
        out.error(n, "nip", "required", column="nip")
        return False
    try:
        parse_nip(nip, today)
    except NipError as exc:
        looks_like_number = re.fullmatch(r"\d+(\.\d+)?(e\+?\d+)?", nip.lower()) and len(nip) != 18
        out.error(n, "nip", "nip_number" if looks_like_number and "e" in nip.lower() else f"nip.{exc.code}")
        return False
    if nip in seen:
        out.error(n, "nip", "nip_duplicate", row=seen[nip])
        return False
    seen[nip] = n
    if nip in roster.foreign_nips:
        out.error(n, "nip", "nip_other_agency", agency=roster.foreign_nips[nip])
        ok = False
    sup = row["supervisor_nip"] = row.get("supervisor_nip", "").replace(" ", "").lstrip("'")
    if sup and sup == nip:
        out.error(n, "supervisor_nip", "supervisor_self")
        ok = False
    kind = row.get("position_kind", "")
    if kind and normalise(kind) not in POSITION_KINDS:
        out.error(n, "position_kind", "position_kind", value=kind)
        ok = False
    row["position_kind"] = POSITION_KINDS.get(normalise(kind), "") if kind else ""
    if row.get("email") and not EMAIL.match(row["email"]):
        out.error(n, "email", "email")
        ok = False
    if row.get("agency") and row["agency"].lower() != roster.agency_code.lower():
        out.error(n, "agency", "agency_other", code=row["agency"], agency=roster.agency_code)
        ok = False
    if row.get("unit_id"):
        uid = int(row["unit_id"]) if row["unit_id"].isdigit() and len(row["unit_id"]) < 12 else None
        if uid in roster.foreign_units:
            out.error(n, "unit_id", "unit_other_agency", unit=row["unit_id"])
            ok = False
        elif uid not in roster.unit_names:
            out.error(n, "unit_id", "unit_unknown", unit=row["unit_id"])
            ok = False
        else:
            row["unit"] = roster.unit_names[uid]
    existing = roster.employees.get(nip)
    has_account = existing is not None and existing["id"] in roster.accounts
    if row.get("email") and nip in roster.usernames and not has_account:  # the new account would be named so
        out.error(n, "email", "username_taken", name=nip)
        ok = False
    return ok


def _units(out: Check, rows: list[dict], roster: Roster) -> None:
    first: dict[str, int] = {}
    for row in rows:
        unit, parent = row["unit"].lower(), row.get("parent_unit", "").lower()
        if unit not in roster.units:
            out.units_new.setdefault(unit, row["unit"])
        if parent and parent not in roster.units:
            out.units_new.setdefault(parent, row["parent_unit"])
        if not parent:
            continue
        if unit in out.unit_parents and out.unit_parents[unit] != parent:
            out.error(row["row"], "parent_unit", "parent_conflict", unit=row["unit"], row=first[unit])
            continue
        out.unit_parents[unit], first[unit] = parent, row["row"]
    names = {**{k: u["name"] for k, u in roster.units.items()}, **out.units_new}
    parent_of = {k: roster.unit_names.get(u["parent_id"], "").lower() for k, u in roster.units.items()}
    parent_of.update(out.unit_parents)
    for unit in list(out.unit_parents):
        chain, at = [unit], parent_of.get(unit)
        while at and at not in chain:
            chain.append(at)
            at = parent_of.get(at)
        if at == unit:
            out.error(first[unit], "parent_unit", "unit_loop", chain=" → ".join(names[c] for c in [*chain, unit]))
    for unit, parent in out.unit_parents.items():
        known = roster.units.get(unit)
        if known and (roster.unit_names.get(known["parent_id"], "").lower() != parent or not known["active"]):
            out.units_changed.append(unit)
    out.units_changed += [u for u in {r["unit"].lower() for r in rows} - set(out.unit_parents)
                          if u in roster.units and not roster.units[u]["active"]]


def _positions(out: Check, rows: list[dict], roster: Roster) -> None:
    kinds: dict[str, tuple[str, int]] = {}
    for row in rows:
        name, kind = row["position"].lower(), row["position_kind"]
        if kind and name in kinds and kinds[name][0] != kind:
            out.error(row["row"], "position_kind", "kind_conflict", name=row["position"], row=kinds[name][1])
        elif kind:
            kinds[name] = (kind, row["row"])
        if name not in roster.positions and name not in out.positions_new:
            out.positions_new[name] = {"name": row["position"], "kind": kind or "pelaksana"}
    for name, (kind, _row_number) in kinds.items():
        if name in out.positions_new:
            out.positions_new[name]["kind"] = kind
        elif roster.positions[name]["kind"] != kind or not roster.positions[name]["active"]:
            out.positions_changed.append(name)
    out.positions_changed += [p for p in {r["position"].lower() for r in rows} - set(kinds)
                              if p in roster.positions and not roster.positions[p]["active"]]


def _supervisors(out: Check, rows: list[dict]) -> None:
    by_nip = {r["nip"]: r for r in rows}
    invalid = {r for r, *_ in out.errors}
    for row in rows:
        sup = row["supervisor_nip"]
        if sup and sup != row["nip"] and sup not in by_nip:
            out.error(row["row"], "supervisor_nip", "supervisor_unknown", nip=sup)
        elif sup in by_nip and by_nip[sup]["row"] in invalid and row["row"] not in invalid:
            out.error(row["row"], "supervisor_nip", "supervisor_invalid", row=by_nip[sup]["row"])
    done: set[str] = set()
    for start in by_nip:
        path, at = [], start
        while at in by_nip and at not in done and at not in path:
            path.append(at)
            at = by_nip[at]["supervisor_nip"]
        if at in path:  # a cycle: everyone on it gets the error
            cycle = path[path.index(at):]
            chain = " → ".join(f"{by_nip[n]['name']} ({n})" for n in [*cycle, at])
            for n in cycle:
                out.error(by_nip[n]["row"], "supervisor_nip", "loop", chain=chain)
        done.update(path)


def _compare(out: Check, roster: Roster) -> None:
    units = roster.units
    positions = roster.positions
    for nip, row in out.people.items():
        old = roster.employees.get(nip)
        email = row.get("email", "")
        if old is None:
            row.setdefault("rank", "")
            out.created.append(nip)
            if email:
                out.accounts_new.append(nip)
            continue
        account = roster.accounts.get(old["id"])
        diff = {}
        unit, position = units.get(row["unit"].lower()), positions.get(row["position"].lower())
        before = {"name": old["name"], "rank": old["rank"] or "", "active": old["active"],
                  "unit": roster.unit_names.get(old["unit_id"], ""),
                  "position": roster.position_names.get(old["position_id"], ""),
                  "supervisor": roster.nip_of.get(old["supervisor_id"], "") if old["supervisor_id"] else "",
                  "email": (account or {}).get("email") or ""}
        after = {"name": row["name"], "active": True, "supervisor": row["supervisor_nip"],
                 "unit": row["unit"] if unit is None or unit["id"] != old["unit_id"] else before["unit"],
                 "position": (row["position"] if position is None or position["id"] != old["position_id"]
                              else before["position"])}
        row.setdefault("rank", before["rank"])  # no rank column: the rank stays
        after["rank"] = row["rank"]
        if email:
            after["email"] = email
        diff = {k: (before[k], v) for k, v in after.items() if before[k] != v}
        if diff:
            out.changed[nip] = diff
        if email and account is None:
            out.accounts_new.append(nip)
    out.deactivated = sorted(nip for nip, old in roster.employees.items() if old["active"] and nip not in out.people)
