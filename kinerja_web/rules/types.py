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

    QUANTITY = "kuantitas"  # how much: counts, coverage, shares
    QUALITY = "kualitas"  # how well: an index, a satisfaction score, findings
    TIME = "waktu"  # how fast: days, minutes, on-time shares
    COST = "biaya"  # at what cost: rupiah, cost per output


class Direction(enum.StrEnum):
    """Whether a higher or a lower realisation is better (RULES.md §3.3)."""

    HIGHER = "higher"  # more is better: coverage, visits, tests passed
    LOWER = "lower"  # less is better: deaths, response time, complaints


class TargetKind(enum.StrEnum):
    """How a target is stated (RULES.md §2.3, §6.5)."""

    SINGLE = "single"  # one number to reach (or, lower is better, to stay under)
    RANGE = "range"  # a band: ``default_target`` is the lower bound, ``default_upper`` the upper
    MAX_ATTAINABLE = "max_attainable"  # the most anyone can reach (100 % coverage): meeting it is above expectation
    QUALITATIVE = "qualitative"  # words, not a number: the assessor judges the realisation
    GROWTH = "growth"  # "+5 % on last year's": the target is a growth over a recorded baseline


class Level(enum.StrEnum):
    """Whose indicator it is: the organisation's (IKU, Renstra, SPM) or an individual's (IKI of a position)."""

    ORGANISATION = "organisasi"  # the agency's or a unit's indicator (IKU, Renstra, SPM)
    INDIVIDUAL = "individu"  # an indicator in a person's SKP (IKI of a position)


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

    plugin: str  # the plugin that declared the rule (its entry-point name)
    plugin_version: str  # that plugin's distribution version
    kind: str  # "scoring", "due", "rating", "predicate" or "distribution"
    code: str  # the rule's stable code
    version: int  # the rule's version: a new formula is a new version

    def __str__(self) -> str:
        return f"{self.kind} {self.code} v{self.version} ({self.plugin} {self.plugin_version})"


@dataclass(frozen=True)
class Agency:
    """An agency (instansi / perangkat daerah) that a plugin serves.

    ``results_policy`` names the rating policy used for its staff; the
    national default is ``"national"``.
    """

    # a short stable code, unique across plugins (e.g. "dinkes"); accounts and URLs use it
    code: str
    # the agency's name ("Dinas Kesehatan"); the admin who sets the agency up may name its region
    name: str
    # the sector it serves (e.g. "kesehatan")
    sector: str
    # the code of the rating policy suggesting its staff's rating of results
    results_policy: str = "national"
    # the code of the predikat matrix (rating of results × rating of behaviour)
    predicate_policy: str = "national"
    # the code of the predikat distribution its calibration is checked against
    distribution_policy: str = "national"
    # the Renstra goals (tujuan) the head of agency links her results to
    goals: tuple[str, ...] = ()
    # predikat → allowance percentage (TPP / tunjangan kinerja); agency-specific, never national
    allowances: tuple[tuple[str, Decimal], ...] = ()
    # the yearly competence development target per employee, in JP (jam pelajaran); the national minimum is
    # 20 JP a year (PP 11/2017 Pasal 203 ayat 4, as amended by PP 17/2020); an agency may set more
    development_hours: int = 20


@dataclass(frozen=True)
class Ratio:
    """A value derived from two recorded counts, never typed: ``numerator / denominator × per``.

    ``numerator`` and ``denominator`` name form fields the plugin declares through
    ``kinerja_form_fields`` (for example "dilayani" and "sasaran"); ``per`` is 100
    for a percentage, 1000 or 100000 for a rate per live births.
    """

    numerator: str  # the form field holding the count served or reached
    denominator: str  # the form field holding the population it is measured against
    per: Decimal = Decimal(100)  # 100 for a percentage, 1000 or 100000 for a rate


@dataclass(frozen=True)
class FormField:
    """A field a plugin adds to the realisation form of its indicators (``kinerja_form_fields``).

    Values are stored under the plugin's name on the realisation, validated by the host
    (kind, required, bounds, length) and then by the plugin's ``kinerja_validate_realization``.
    ``kind`` is ``integer``, ``decimal``, ``text`` or ``choice`` (with ``choices`` as
    (value, label) pairs).
    """

    name: str  # the field's name, unique within the plugin; stored values are keyed by it
    label: str  # the label in Bahasa Indonesia
    kind: str = "text"  # integer, decimal, text or choice
    label_en: str = ""  # the label in English
    required: bool = False  # the realisation cannot be saved without it
    minimum: Decimal | None = None  # the smallest number allowed (integer and decimal)
    maximum: Decimal | None = None  # the largest number allowed (integer and decimal)
    max_length: int = 200  # the longest text allowed (text)
    choices: tuple[tuple[str, str], ...] = ()  # (value, label) pairs (choice)
    help: str = ""  # a hint under the field, in Bahasa Indonesia
    help_en: str = ""  # the hint in English


@dataclass(frozen=True)
class DashboardPanel:
    """A panel a plugin adds to its agency's dashboard: a template of its own and the context to render.

    The template is looked up in the plugin package's ``templates`` folder; it is rendered with
    autoescaping like every page, so a plugin never hands the host HTML, and with ``locale`` ("id" or
    "en") and the host's ``number`` and ``percent`` filters, so it reads in the reader's language.
    """

    title: str  # the panel's heading in Bahasa Indonesia
    template: str  # a template in the plugin package's ``templates`` folder, e.g. "kinerja_kesehatan/spm.html"
    context: dict = field(default_factory=dict)  # the variables the template is rendered with
    title_en: str = ""  # the heading in English


@dataclass(frozen=True)
class Indicator:
    """One entry of an agency's indicator catalogue (IKI template).

    ``scoring`` names a scoring rule by its code; the registry refuses an
    indicator naming a rule nobody declared. ``aggregation`` (required) says
    how the review periods add up: nothing is guessed from the unit.
    """

    # the code of the agency whose catalogue it belongs to
    agency: str
    # a stable code, unique within the agency (e.g. "UJI_KIR"); plans and stored results keep it
    code: str
    # the name in Bahasa Indonesia, as plans and documents print it
    name: str
    # the unit of the value: "%", "kendaraan", "menit", "Rp"
    unit: str
    # which of the four aspects it measures
    aspect: Aspect
    # how its review periods add up (sum, last, average, max); required, nothing is guessed from the unit
    aggregation: Aggregation
    # the name in English, shown when the interface is in English
    name_en: str = ""
    # an organisation's indicator or an individual's
    level: Level = Level.INDIVIDUAL
    # the positions whose SKP it belongs in (e.g. "guru", "bidan"); empty: any position of the agency
    roles: tuple[str, ...] = ()
    # whether a higher or a lower realisation is better
    direction: Direction = Direction.HIGHER
    # the code of the scoring rule; ``rule_for_target(target_kind, lower)`` names the standard one
    scoring: str = "higher_is_better"
    # how the target is stated: a number, a range, the maximum attainable, words, or a growth
    target_kind: TargetKind = TargetKind.SINGLE
    # the annual target proposed when the indicator is picked for a plan (a range's lower bound;
    # a growth target's growth in percent); the planner may change it
    default_target: Decimal | None = None
    # the upper bound proposed for a range target
    default_upper: Decimal | None = None
    # the evidence (bukti dukung) that proves a realisation
    evidence: str = ""
    # a realisation is incomplete without evidence
    evidence_required: bool = False
    # where the indicator comes from (a regulation, the Renstra, the SPM), shown beside it
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

    evaluation_id: int  # the evaluation's id in this installation
    nip: str  # the employee's 18-digit NIP
    agency: str  # the agency's code
    year: int  # the performance year
    period: str  # the review period's name, or "tahunan"
    results_rating: str  # the rating of results (a Rating value)
    behaviour_rating: str  # the rating of behaviour (a Rating value)
    predicate: str  # the predikat (a Predicate value)
    content_hash: str  # the SHA-256 of the final content, as stored and checked


@dataclass(frozen=True)
class Target:
    """A target as the engine sees it: a value, or a range, or words."""

    kind: TargetKind  # how the target is stated
    value: Decimal | None = None  # the target due (a range's lower bound; a growth target's growth in percent)
    upper: Decimal | None = None  # a range's upper bound
    text: str = ""  # a qualitative target's words
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
