"""What the development pages share: the agency's declared JP target and the labels of kinds."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..app import registry_of
from ..rules.types import Agency as AgencyRecord

RECORD_KINDS = {"pelatihan": _l("Training (diklat)"), "mentoring": _l("Mentoring"), "coaching": _l("Coaching"),
                "belajar_mandiri": _l("Self-study"), "seminar": _l("Seminar or workshop"), "lainnya": _l("Other")}
ITEM_KINDS = {"behaviour": _l("Behaviour (BerAKHLAK)"), "result": _l("Work result"), "other": _l("Other")}
PRIORITY_LABELS = {"tinggi": _l("High"), "sedang": _l("Medium"), "rendah": _l("Low")}


def jp_target(agency) -> tuple[int, str | None]:
    """(yearly JP target, the plugin that declared it or None for the national default) for an agency row."""
    declared = registry_of(current_app).agencies.get(agency.code)
    if declared is None:
        return AgencyRecord.__dataclass_fields__["development_hours"].default, None
    return declared.record.development_hours, declared.plugin


def percent_of(hours: int, target: int) -> int:
    return min(100, round(hours * 100 / target)) if target else 100


def development_tile(scope) -> dict | None:
    """The dashboard's competence development tile for a scope (one statement): who reached the yearly target."""
    from flask import url_for

    from ..queries.development import progress

    if scope.period is None:
        return None
    target, _plugin = jp_target(scope.agency)
    year = scope.period.year
    args = {"tahun": year, **({"unit": scope.unit.id} if scope.unit is not None else {})}
    return {"target": target, "progress": progress(scope.agency.id, scope.unit_ids, year, target),
            "href": url_for("development.needs", agency_id=scope.agency.id, **args)}
