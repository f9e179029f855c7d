"""Scoring rules of the health sector where the national default is wrong.

Each rule is a small class with a stable ``code`` and an integer ``version``: a
change of formula is a new version, so stored scores stay explainable. The
maternal mortality ratio needs no rule of its own: the national special
condition (RULES.md §3.3, lower is better) is right for it; what was wrong was
typing the ratio, so it is derived from two counts (``Ratio`` on the indicator).
"""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.scoring import Capped, MaxAttainable, ToleranceBand


class CakupanSPM(Capped):
    """SPM coverage against its sasaran, capaian capped at 100 %.

    An SPM service targets 100 % of its sasaran (Permenkes 4/2019), the most a
    region can serve. The sasaran is an official estimate (a projection of
    births, a prevalence applied to the population: "estimasi penderita
    diabetes melitus", "orang terduga TBC"), which the Puskesmas reports
    against and cannot change. Serving more people than the estimate says the
    estimate was low, not that the unit did better than everyone: the count is
    kept as it is and the capaian stops at 100 %, which for a maximum
    attainable target already counts as above expectation (RULES.md §3.3,
    §3.5).
    """

    code, version = "cakupan_spm", 1
    title = "Cakupan SPM terhadap sasaran (capaian paling tinggi 100 %)"
    title_en = "SPM coverage against the target population (attainment at most 100 %)"
    base = MaxAttainable
    cap = Decimal(100)


class ToleransiDS(ToleranceBand):
    """D/S (balita ditimbang / balita di wilayah) within 2 percentage points of its target meets it.

    D/S is a monthly participation rate at the posyandu: harvest months,
    Ramadan and the rainy season move it by a few points without anything
    going wrong in the programme. Within 2 points of the target (≥ 80 %, RULES.md
    §6.2) the target is met (100 %); further away the normal condition applies.
    """

    code, version = "toleransi_ds", 1
    title = "D/S dengan pita toleransi 2 poin persentase"
    formula = "100 % bila |realisasi − target| ≤ 2 poin, selain itu realisasi / target × 100 %"
    title_en = "D/S with a tolerance band of 2 percentage points"
    formula_en = "100 % if |realisation − target| ≤ 2 points, otherwise realisation / target × 100 %"
    tolerance = Decimal(2)


RULES = (CakupanSPM, ToleransiDS)

# Rules under which a share above 100 % of its denominator is possible and handled (capped),
# so validation accepts it: the denominator is an estimate nobody in the unit can correct.
ACCEPTS_OVER_DENOMINATOR = frozenset({CakupanSPM.code})
