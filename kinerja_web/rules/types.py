"""Frozen records that plugins declare and the engine computes with.

Nothing here knows about Flask, SQLAlchemy or requests: plugins build these
records, the registry pairs them with provenance, the engine reads them.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal


class Aspect(enum.StrEnum):
    """The four aspects an IKI measures (RULES.md §2.3)."""

    QUANTITY = "kuantitas"
    QUALITY = "kualitas"
    TIME = "waktu"
    COST = "biaya"


class Direction(enum.StrEnum):
    """Whether a higher or a lower realisation is better (RULES.md §3.3)."""

    HIGHER = "higher"
    LOWER = "lower"


class TargetKind(enum.StrEnum):
    """How a target is stated (RULES.md §2.3, §6.5)."""

    SINGLE = "single"
    RANGE = "range"
    MAX_ATTAINABLE = "max_attainable"
    QUALITATIVE = "qualitative"
    GROWTH = "growth"  # "+5 % on last year's": the target is a growth over a recorded baseline


class Level(enum.StrEnum):
    """Whose indicator it is: the organisation's (IKU, Renstra, SPM) or an individual's (IKI of a position)."""

    ORGANISATION = "organisasi"
    INDIVIDUAL = "individu"


class Aggregation(enum.StrEnum):
    """How an indicator's realisations over review periods add up (RULES.md §6.5).

    A plugin declares it per indicator, by what the indicator measures; it also
    decides what is due at a periodic evaluation (``rules.aggregation``).
    """

    SUM = "sum"  # counts of events: documents, visits, cases, rupiah received; due pro rata
    LAST = "last"  # stocks and cumulative levels: participation, coverage to date, villages
    AVERAGE = "average"  # rates and averages: per 1.000 KH, Rp per visit, occupancy, an index
    MAX = "max"  # the best period counts


class Approach(enum.StrEnum):
    """Pendekatan of an SKP: the whole plan is quantitative or qualitative."""

    QUANTITATIVE = "kuantitatif"
    QUALITATIVE = "kualitatif"


class ResultKind(enum.StrEnum):
    """Hasil kerja utama (core) or tambahan (additional); never weighted."""

    MAIN = "utama"
    ADDITIONAL = "tambahan"


class Rating(enum.StrEnum):
    """The three levels of rating hasil kerja and rating perilaku (§3.1)."""

    ABOVE = "di_atas"
    MEETS = "sesuai"
    BELOW = "di_bawah"


class Predicate(enum.StrEnum):
    """Predikat kinerja pegawai (§3.2)."""

    VERY_GOOD = "sangat_baik"
    GOOD = "baik"
    NEEDS_IMPROVEMENT = "butuh_perbaikan"
    POOR = "kurang"
    VERY_POOR = "sangat_kurang"


class OrgPredicate(enum.StrEnum):
    """Predikat kinerja organisasi (§5)."""

    EXCEPTIONAL = "istimewa"
    GOOD = "baik"
    NEEDS_IMPROVEMENT = "butuh_perbaikan"
    POOR = "kurang"
    VERY_POOR = "sangat_kurang"


@dataclass(frozen=True)
class RuleRef:
    """Which rule of which plugin, at which version, produced a result."""

    plugin: str
    plugin_version: str
    kind: str
    code: str
    version: int

    def __str__(self) -> str:
        return f"{self.kind} {self.code} v{self.version} ({self.plugin} {self.plugin_version})"


@dataclass(frozen=True)
class Agency:
    """An agency (instansi / perangkat daerah) that a plugin serves.

    ``results_policy`` names the rating policy used for its staff; the
    national default is ``"national"``.
    """

    code: str
    name: str
    sector: str
    results_policy: str = "national"
    predicate_policy: str = "national"
    distribution_policy: str = "national"
    goals: tuple[str, ...] = ()
    # predikat → allowance percentage (TPP / tunjangan kinerja); agency-specific, never national
    allowances: tuple[tuple[str, Decimal], ...] = ()


@dataclass(frozen=True)
class Ratio:
    """A value derived from two recorded counts, never typed: ``numerator / denominator × per``.

    ``numerator`` and ``denominator`` name form fields the plugin declares through
    ``kinerja_form_fields`` (for example "dilayani" and "sasaran"); ``per`` is 100
    for a percentage, 1000 or 100000 for a rate per live births.
    """

    numerator: str
    denominator: str
    per: Decimal = Decimal(100)


@dataclass(frozen=True)
class FormField:
    """A field a plugin adds to the realisation form of its indicators (``kinerja_form_fields``).

    Values are stored under the plugin's name on the realisation, validated by the host
    (kind, required, bounds, length) and then by the plugin's ``kinerja_validate_realization``.
    ``kind`` is ``integer``, ``decimal``, ``text`` or ``choice`` (with ``choices`` as
    (value, label) pairs).
    """

    name: str
    label: str
    kind: str = "text"
    label_en: str = ""
    required: bool = False
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    max_length: int = 200
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    help_en: str = ""


@dataclass(frozen=True)
class DashboardPanel:
    """A panel a plugin adds to its agency's dashboard: a template of its own and the context to render.

    The template is looked up in the plugin package's ``templates`` folder; it is rendered with
    autoescaping like every page, so a plugin never hands the host HTML.
    """

    title: str
    template: str
    context: dict = field(default_factory=dict)
    title_en: str = ""


@dataclass(frozen=True)
class Indicator:
    """One entry of an agency's indicator catalogue (IKI template).

    ``scoring`` names a scoring rule by its code; the registry refuses an
    indicator naming a rule nobody declared. ``aggregation`` (required) says
    how the review periods add up: nothing is guessed from the unit.
    """

    agency: str
    code: str
    name: str
    unit: str
    aspect: Aspect
    aggregation: Aggregation
    name_en: str = ""
    level: Level = Level.INDIVIDUAL
    # the positions whose SKP it belongs in (e.g. "guru", "bidan"); empty: any position of the agency
    roles: tuple[str, ...] = ()
    direction: Direction = Direction.HIGHER
    scoring: str = "higher_is_better"
    target_kind: TargetKind = TargetKind.SINGLE
    default_target: Decimal | None = None
    default_upper: Decimal | None = None
    evidence: str = ""
    evidence_required: bool = False
    source: str = ""
    # the value is derived from two recorded counts (a coverage against its population)
    ratio: Ratio | None = None
    # a due rule (``kinerja_due_rules``) replacing the pro rata share of a summed target, e.g. a season
    due_rule: str = ""
    # where the realisation can come from instead of being typed: "ikm" (the unit's satisfaction index)
    feed: str = ""


@dataclass(frozen=True)
class FinalizedEvaluation:
    """What an event hook learns about a final evaluation; a copy, never a database row."""

    evaluation_id: int
    nip: str
    agency: str
    year: int
    period: str  # the review period's name, or "tahunan"
    results_rating: str
    behaviour_rating: str
    predicate: str
    content_hash: str


@dataclass(frozen=True)
class Target:
    """A target as the engine sees it: a value, or a range, or words."""

    kind: TargetKind
    value: Decimal | None = None
    upper: Decimal | None = None
    text: str = ""
    baseline: Decimal | None = None  # a growth target's baseline (due to date)


@dataclass(frozen=True)
class Attainment:
    """Capaian of one indicator: the exact percentage, never rounded here.

    ``percent`` is None where nothing can be computed (no realisation yet,
    or a qualitative target the assessor judges). ``max_attainable`` says the
    target is the most anyone can reach (100 % coverage, 0 deaths): meeting it
    is above expectation (RULES.md §3.3, §3.5).
    """

    percent: Decimal | None
    rule: RuleRef | None
    inputs: dict = field(default_factory=dict)
    explanation: str = ""
    max_attainable: bool = False
