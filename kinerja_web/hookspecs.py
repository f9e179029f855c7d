"""The plugin contract of kinerja_web.

Plugins declare, the host decides: declaration hooks take no arguments, are
called once when the app starts, and return frozen records from
``kinerja_web.rules.types`` (or rule classes). The registry pairs every record
with the plugin name and version that declared it, validates and freezes it.
Request-time hooks exist only where a plugin must answer per request.

Write a plugin::

    from kinerja_web import hookimpl
    from kinerja_web.rules.types import Agency

    @hookimpl
    def kinerja_agencies():
        return [Agency(code="disdik", name="Dinas Pendidikan", sector="pendidikan")]

and register the module under the entry-point group ``kinerja``.
"""
from __future__ import annotations

import pluggy

PROJECT = "kinerja"

hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def kinerja_agencies():
    """Declare the agencies (instansi) this plugin serves.

    :returns: an iterable of :class:`~kinerja_web.rules.types.Agency`. Each
        ``code`` must be unique across all plugins.

    Example::

        @hookimpl
        def kinerja_agencies():
            return [Agency(code="dinkes", name="Dinas Kesehatan", sector="kesehatan",
                           goals=("Meningkatnya derajat kesehatan masyarakat",))]
    """


@hookspec
def kinerja_indicators():
    """Declare an agency's indicator catalogue (IKI templates).

    :returns: an iterable of :class:`~kinerja_web.rules.types.Indicator`. The
        pair (``agency``, ``code``) must be unique, ``agency`` must be declared
        by some plugin, ``scoring`` must name a declared scoring rule and
        ``aggregation`` must say how review periods add up: ``sum`` for counts
        of events (due pro rata), ``last`` for stocks and cumulative levels,
        ``average`` for rates and averages, ``max`` for the best period.

    Example::

        @hookimpl
        def kinerja_indicators():
            return [Indicator(agency="dinkes", code="IDL", unit="%",
                              name="Cakupan Imunisasi Dasar Lengkap",
                              aspect=Aspect.QUANTITY, aggregation=Aggregation.LAST,
                              default_target=Decimal(95))]
    """


@hookspec
def kinerja_scoring_rules():
    """Declare scoring rules: how attainment (capaian) is computed.

    :returns: an iterable of :class:`~kinerja_web.rules.scoring.ScoringRule`
        subclasses, each with a unique ``code`` and an integer ``version``.

    Example::

        class CappedAt120(HigherIsBetter):
            code, version = "capped_120", 1
            def percent(self, target, realization):
                value = super().percent(target, realization)
                return None if value is None else min(value, Decimal(120))

        @hookimpl
        def kinerja_scoring_rules():
            return [CappedAt120]
    """


@hookspec
def kinerja_rating_policies():
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
        def kinerja_rating_policies():
            return [MeanOfIndicators()]
    """


@hookspec
def kinerja_predicate_policies():
    """Declare predikat matrices (rating of results × rating of behaviour).

    :returns: an iterable of :class:`~kinerja_web.rules.predicate.PredicateMatrix`;
        every matrix must answer all nine cells, or start-up stops.

    Example::

        @hookimpl
        def kinerja_predicate_policies():
            return [matrix("national", 1, "PermenPANRB 6/2022", ROWS)]
    """


@hookspec
def kinerja_distribution_policies():
    """Declare allowed predikat distributions per organisation predikat.

    :returns: an iterable of ``(code, patterns)`` pairs, where ``patterns`` is a
        tuple of :class:`~kinerja_web.rules.distribution.DistributionPattern`,
        one for every :class:`~kinerja_web.rules.types.OrgPredicate`.

    Example::

        @hookimpl
        def kinerja_distribution_policies():
            return [("national", NATIONAL_PATTERNS)]
    """


@hookspec
def kinerja_validate_realization(indicator, value):
    """Check a realisation before it is saved (called per request).

    :param indicator: the catalogue :class:`~kinerja_web.rules.types.Indicator`.
    :param value: the realised value as a ``Decimal``.
    :returns: a list of messages (strings) for the person entering the value;
        an empty list or None when the value is acceptable.

    Example::

        @hookimpl
        def kinerja_validate_realization(indicator, value):
            if indicator.unit == "%" and value > 100:
                return ["Persentase tidak boleh melebihi 100."]
    """


@hookspec
def kinerja_evaluation_finalized(evaluation):
    """An evaluation became final (event hook: notify, export; it cannot change the result).

    Called after the commit, once per implementation; an exception in a plugin
    is logged and does not undo the finalisation.

    :param evaluation: a frozen :class:`~kinerja_web.rules.types.FinalizedEvaluation`
        (NIP, agency, year, period, ratings, predikat, content hash) — never an ORM row.
    :returns: None.

    Example::

        @hookimpl
        def kinerja_evaluation_finalized(evaluation):
            if evaluation.predicate == "sangat_baik":
                send_to_talent_pool(evaluation.nip, evaluation.year)
    """
