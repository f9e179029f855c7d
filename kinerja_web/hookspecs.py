"""The plugin contract of kinerja_web.

Plugins declare, the host decides: declaration hooks take no arguments, are
called once when the app starts, and return frozen records from
``kinerja_web.rules.types`` (or rule classes). The registry pairs every record
with the plugin name and version that declared it, validates and freezes it.
Request-time hooks exist only where a plugin must answer per request
(``kinerja_form_fields``, ``kinerja_validate_realization``,
``kinerja_dashboard_panels``): the host calls each implementation on its own,
so a plugin that raises is named on the page and on the plugins page, logged,
and never takes the page down; and a plugin the province admin switched off
for an agency is not asked about that agency at all.

Write a plugin::

    from kinerja_web import hookimpl
    from kinerja_web.rules.types import Agency

    @hookimpl
    def kinerja_agencies() -> Iterable[Agency]:
        return [Agency(code="disdik", name="Dinas Pendidikan", sector="pendidikan")]

and register the module under the entry-point group ``kinerja``.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from .rules.aggregation import DueRule
    from .rules.candidates import CandidateRuleSet
    from .rules.distribution import DistributionPolicy
    from .rules.predicate import PredicateMatrix
    from .rules.rating import RatingPolicy
    from .rules.scoring import ScoringRule
    from .rules.types import Agency, DashboardPanel, FinalizedEvaluation, FormField, Indicator

PROJECT = "kinerja"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def kinerja_agencies() -> Iterable[Agency]:
    """Declare the agencies (instansi) this plugin serves.

    :returns: an iterable of :class:`~kinerja_web.rules.types.Agency`. Each
        ``code`` must be unique across all plugins. ``development_hours`` is the
        agency's yearly competence development target per employee in JP (the
        national minimum, 20 JP, unless declared); the person, the supervisor and
        the dashboards show the JP completed against it.

    Example::

        @hookimpl
        def kinerja_agencies() -> Iterable[Agency]:
            return [Agency(code="dinkes", name="Dinas Kesehatan", sector="kesehatan",
                           goals=("Meningkatnya derajat kesehatan masyarakat",),
                           development_hours=24)]
    """


@hookspec
def kinerja_indicators() -> Iterable[Indicator]:
    """Declare an agency's indicator catalogue (IKI templates).

    :returns: an iterable of :class:`~kinerja_web.rules.types.Indicator`. The
        pair (``agency``, ``code``) must be unique, ``agency`` must be declared
        by some plugin, ``scoring`` must name a declared scoring rule and
        ``aggregation`` must say how review periods add up: ``sum`` for counts
        of events (due pro rata), ``last`` for stocks and cumulative levels,
        ``average`` for rates and averages, ``max`` for the best period.

    Example::

        @hookimpl
        def kinerja_indicators() -> Iterable[Indicator]:
            return [Indicator(agency="dinkes", code="IDL", unit="%",
                              name="Cakupan Imunisasi Dasar Lengkap",
                              aspect=Aspect.QUANTITY, aggregation=Aggregation.LAST,
                              default_target=Decimal(95))]
    """


@hookspec
def kinerja_scoring_rules() -> Iterable[type[ScoringRule]]:
    """Declare scoring rules: how attainment (capaian) is computed.

    :returns: an iterable of :class:`~kinerja_web.rules.scoring.ScoringRule`
        subclasses, each with a unique ``code``, an integer ``version``, a ``title``
        and a ``formula`` in Bahasa Indonesia, and optionally ``title_en`` and
        ``formula_en``, which the plugins page and the explanation of a capaian
        show when the interface is in English (without them, the Indonesian text).

    Example::

        class CappedAt120(HigherIsBetter):
            code, version = "capped_120", 1
            title, title_en = "Capaian paling tinggi 120 %", "Attainment of at most 120 %"
            formula = "min(realisasi / target × 100 %, 120 %)"
            formula_en = "min(realisation / target × 100 %, 120 %)"
            def percent(self, target, realization):
                value = super().percent(target, realization)
                return None if value is None else min(value, Decimal(120))

        @hookimpl
        def kinerja_scoring_rules() -> Iterable[type[ScoringRule]]:
            return [CappedAt120]
    """


@hookspec
def kinerja_rating_policies() -> Iterable[RatingPolicy]:
    """Declare rating policies that suggest a rating from attainments.

    :returns: an iterable of :class:`~kinerja_web.rules.rating.RatingPolicy`
        instances with unique ``code``. An agency selects one with
        ``Agency.results_policy``. Each indicator reaches the policy as a
        :class:`~kinerja_web.rules.rating.ScoredIndicator`: a capaian
        (``percent``, with ``max_attainable``), or for a qualitative target the
        assessor's ``judgement`` (a :class:`~kinerja_web.rules.types.Rating`).

    Example::

        class MeanOfIndicators(NationalRatingPolicy):
            code = "dinkes_mean"
            def __init__(self):
                super().__init__(per_result="mean")

        @hookimpl
        def kinerja_rating_policies() -> Iterable[RatingPolicy]:
            return [MeanOfIndicators()]
    """


@hookspec
def kinerja_predicate_policies() -> Iterable[PredicateMatrix]:
    """Declare predikat matrices (rating of results × rating of behaviour).

    :returns: an iterable of :class:`~kinerja_web.rules.predicate.PredicateMatrix`;
        every matrix must answer all nine cells, or start-up stops.

    Example::

        @hookimpl
        def kinerja_predicate_policies() -> Iterable[PredicateMatrix]:
            return [matrix("national", 1, "PermenPANRB 6/2022", ROWS)]
    """


@hookspec
def kinerja_distribution_policies() -> Iterable[DistributionPolicy]:
    """Declare allowed predikat distributions per organisation predikat.

    :returns: an iterable of :class:`~kinerja_web.rules.distribution.DistributionPolicy`:
        a ``code``, an integer ``version``, a title and ``patterns``, one
        :class:`~kinerja_web.rules.distribution.DistributionPattern` for every
        :class:`~kinerja_web.rules.types.OrgPredicate`. A calibration names the
        code and version it was checked against.

    Example::

        @hookimpl
        def kinerja_distribution_policies():
            return [DistributionPolicy("national", 1, "PermenPANRB 6/2022", NATIONAL_PATTERNS)]
    """


@hookspec
def kinerja_due_rules() -> Iterable[type[DueRule]]:
    """Declare due rules: what share of a summed annual target is due after each review period.

    The national roll-up is pro rata (a quarter of the year's visits after Q1). A
    sector whose year is uneven declares a rule and names it on its indicators
    (``Indicator.due_rule``); results then carry the due rule's code and version.

    :returns: an iterable of :class:`~kinerja_web.rules.aggregation.DueRule`
        subclasses (for a year weighted by month, subclass
        :class:`~kinerja_web.rules.aggregation.Seasonal`, whose ``formula`` and
        ``formula_en`` state the weights), each with a unique ``code``, an integer
        ``version``, a ``title`` and optionally ``formula``, ``title_en`` and
        ``formula_en``.

    Example::

        class HighSeason(Seasonal):
            # visits peak in the school holidays (June, July, December)
            code, version = "musim_wisata", 1
            title, title_en = "Musim libur sekolah", "School holiday season"
            weights = (6, 6, 7, 7, 8, 11, 12, 8, 7, 7, 8, 13)

        @hookimpl
        def kinerja_due_rules():
            return [HighSeason]
    """


@hookspec
def kinerja_candidate_rules() -> Iterable[CandidateRuleSet]:
    """Declare a candidate rule set: a change of an agency's rules to simulate before adopting it.

    The candidate lives beside the rules in force, in the same plugin version, so both sides of a
    simulation name their exact rule, plugin and version. The agency admin or head of agency replays
    the last finished review period under it (``/simulasi/<agency id>``, ``flask kinerja simulate``)
    without changing any stored result, and may adopt it from a review period on (audited). Results
    before that period keep their rules for ever; keep declaring an adopted candidate, since
    ``flask kinerja recompute`` proves the results from the start period on with it. A change to an
    adopted candidate is a new candidate ``version``.

    :returns: an iterable of :class:`~kinerja_web.rules.candidates.CandidateRuleSet`: the
        ``agency`` (declared by some plugin), a ``code`` unique per agency, an integer ``version``,
        a ``label`` (and ``label_en``), a ``description`` (and ``description_en``) saying what
        changes and why; ``scoring`` maps the code of a scoring rule in force to the
        :class:`~kinerja_web.rules.scoring.ScoringRule` subclass that replaces it (its own
        ``code`` and ``version``), and ``rating_policy`` optionally replaces the agency's
        :class:`~kinerja_web.rules.rating.RatingPolicy`.

    Example::

        class CakupanSPMv2(CakupanSPM):
            version = 2
            def max_attainable(self, target):
                return False  # full SPM coverage is the standard: it meets expectation

        @hookimpl
        def kinerja_candidate_rules() -> Iterable[CandidateRuleSet]:
            return [CandidateRuleSet(agency="dinkes", code="spm_standar", version=1,
                                     label="SPM penuh = sesuai ekspektasi",
                                     scoring={"cakupan_spm": CakupanSPMv2})]
    """


@hookspec
def kinerja_form_fields(indicator: Indicator) -> Iterable[FormField]:
    """Add fields to the realisation form of an indicator (called per request).

    Answer only for your own agency's indicators. The values are stored on the
    realisation under your plugin's name, checked by the host against each
    field's kind, bounds and length, then passed to ``kinerja_validate_realization``,
    and shown on the realisation, in monitoring and in the documents. An indicator
    whose value is a :class:`~kinerja_web.rules.types.Ratio` names two of these
    fields; the host derives the value from them and records the inputs.

    :param indicator: the catalogue :class:`~kinerja_web.rules.types.Indicator`.
    :returns: an iterable of :class:`~kinerja_web.rules.types.FormField`, or None.

    Example::

        @hookimpl
        def kinerja_form_fields(indicator):
            if indicator.agency == "dinkes" and indicator.ratio:
                return [FormField("dilayani", "Jumlah yang dilayani sesuai standar", "integer",
                                  label_en="People served to standard", required=True, minimum=Decimal(0)),
                        FormField("sasaran", "Jumlah sasaran", "integer", label_en="Target population",
                                  required=True, minimum=Decimal(1))]
    """


@hookspec
def kinerja_validate_realization(indicator: Indicator, value: Decimal,
                                 fields: dict[str, Any]) -> list[str] | None:
    """Check a realisation before it is saved (called per request).

    :param indicator: the catalogue :class:`~kinerja_web.rules.types.Indicator`.
    :param value: the realised value as a ``Decimal`` (derived from ``fields`` for a ratio).
    :param fields: this plugin's form field values for the realisation, already
        converted by kind (``Decimal`` for integer and decimal fields); empty when
        the plugin declares none. An implementation may leave this parameter out.
    :returns: a list of messages (strings) for the person entering the value;
        an empty list or None when the value is acceptable.

    Example::

        @hookimpl
        def kinerja_validate_realization(indicator, value):
            if indicator.unit == "%" and value > 100:
                return ["Persentase tidak boleh melebihi 100."]
    """


@hookspec
def kinerja_dashboard_panels(agency: str, year: int, data: Any) -> Iterable[DashboardPanel]:
    """Add panels to an agency's dashboard (called per request).

    Never return HTML: return the name of a template in your package's
    ``templates`` folder and the context to render it with; the host renders it
    with autoescaping inside its own page, in the reader's language.

    Besides your context, the template receives ``locale``, the reader's language
    (``"id"`` or ``"en"``), and the host's filters ``number`` (``1.234,5`` in
    Indonesian, ``1,234.5`` in English; ``–`` for None) and ``percent`` (one
    decimal and a percent sign: ``97,5 %`` / ``97.5 %``). Put numbers in the context
    as numbers (``Decimal``, rounded if you like) and format every one with these
    filters, never in Python, which cannot know the reader's notation. The host's
    translations do not hold your words (``_()`` would look them up in the host's
    catalogue): choose them by ``locale``, from a small mapping of your words per
    language passed in the context or with ``{% if locale == "en" %}``, and give
    the panel a ``title_en``. A panel must read completely in both languages.

    :param agency: the agency's code; answer only for your own agencies.
    :param year: the performance year shown.
    :param data: a read-only :class:`~kinerja_web.queries.panels.PanelData`: call
        ``data.realizations(codes)`` for each unit's realisation of your catalogue
        indicators to date (one statement, whatever the agency's size), as
        :class:`~kinerja_web.queries.panels.UnitValue` rows: ``unit``, ``code``,
        ``indicator``, ``review`` (the latest period), ``value`` (a summed indicator's
        total to date; a ratio's numbers added up, then divided; otherwise the mean of
        the latest period), ``target``, ``baseline`` (growth targets), ``people`` and
        ``fields`` (a ratio's two numbers, added up).
    :returns: an iterable of :class:`~kinerja_web.rules.types.DashboardPanel`, or None.

    Example::

        WORDS = {"id": {"unit": "Unit", "coverage": "Cakupan"},
                 "en": {"unit": "Unit", "coverage": "Coverage"}}

        @hookimpl
        def kinerja_dashboard_panels(agency, year, data):
            if agency == "dinkes":
                rows = data.realizations(["SPM_IBU_HAMIL", "SPM_BALITA"])
                return [DashboardPanel("Cakupan SPM per Puskesmas", "kinerja_kesehatan/spm.html",
                                       {"rows": rows, "words": WORDS}, title_en="SPM coverage per health centre")]

    and in ``kinerja_kesehatan/templates/kinerja_kesehatan/spm.html``::

        {% set w = words[locale] %}
        <table><tr><th>{{ w.unit }}</th><th class="num">{{ w.coverage }}</th></tr>
        {% for r in rows %}<tr><td>{{ r.unit }}</td><td class="num">{{ r.value|percent }}</td></tr>{% endfor %}
        </table>
    """


@hookspec
def kinerja_evaluation_finalized(evaluation: FinalizedEvaluation) -> None:
    """An evaluation became final (event hook: notify, export; it cannot change the result).

    Called after the commit, once per implementation; an exception in a plugin
    is logged and does not undo the finalisation.

    :param evaluation: a frozen :class:`~kinerja_web.rules.types.FinalizedEvaluation`
        (NIP, agency, year, period, ratings, predikat, content hash) — never an ORM row.
    :returns: None.

    Example::

        @hookimpl
        def kinerja_evaluation_finalized(evaluation: FinalizedEvaluation) -> None:
            if evaluation.predicate == "sangat_baik":
                send_to_talent_pool(evaluation.nip, evaluation.year)
    """
