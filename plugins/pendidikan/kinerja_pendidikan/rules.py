"""Sector rules of Dinas Pendidikan: where the national default scores education wrong.

Each rule is a small class with a stable ``code`` and an integer ``version``: a
change of formula is a new version, so stored capaian stay explainable (RULES.md
§3.3 keeps the raw capaian; the registry records which rule at which version
produced it).
"""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.aggregation import Seasonal
from kinerja_web.rules.scoring import Capped, GrowthOverBaseline, ScoringRule, ToleranceBand

HUNDRED = Decimal(100)


class PartisipasiMurni(ScoringRule):
    """A pure participation rate (APM, APS): the share of an age group in school, against its target.

    APM and APS count only the children *of the age group* (Dapodik/EMIS) over the
    population *of that same age group* (Disdukcapil or the BPS projection), both
    recorded on the realisation (``Ratio``): so 100 is the ceiling by definition.
    A derived value above 100 still happens when the population projection lags
    behind enrolment or pupils from a neighbouring region enrol; that is a gap in
    the denominator, not merit, so the realisation counts at most 100 here (the
    plugin's validation refuses it at entry; the rule keeps an imported value from
    scoring above full participation). The gross rate (APK) is different: it counts
    pupils of any age at the level, may exceed 100 by definition (overage and
    underage pupils) and is scored with the national normal condition.
    """

    code = "partisipasi_murni"
    version = 1
    title = "Angka partisipasi murni/sekolah (realisasi paling tinggi 100 %)"
    formula = "min(realisasi, 100) / target × 100 %"
    title_en = "Pure or school participation rate (realisation at most 100 %)"
    formula_en = "min(realisation, 100) / target × 100 %"

    def percent(self, target, realization):
        if target.value is None or target.value == 0:
            return None
        return min(realization, HUNDRED) / target.value * HUNDRED

    def worked(self, target, realization, fmt=str):
        if realization > HUNDRED:
            return f"min({fmt(realization)}, 100) / {fmt(target.value)} × 100 %"
        return super().worked(target, realization, fmt)


class CapaianSpmPartisipasi(Capped):
    """Capaian of an SPM participation indicator: at most 100 %.

    The SPM is a right of every child of the age group (PP 2/2018;
    Permendikbud 32/2018): its target is 100 % of the age group, and its capaian is
    the share of that group served. A region phasing the SPM in with a lower yearly
    target (e.g. 95 %) that reaches 97 % has not served more than every child: an APS
    above the target is not merit, so the capaian stops at 100 %. The realisation
    itself is a pure participation rate (:class:`PartisipasiMurni`).
    """

    code = "spm_partisipasi"
    version = 1
    title = "Capaian SPM partisipasi (paling tinggi 100 %)"
    title_en = "Attainment of an SPM participation rate (at most 100 %)"
    cap = HUNDRED
    base = PartisipasiMurni


class PeningkatanAsesmen(GrowthOverBaseline):
    """Asesmen Nasional literacy or numeracy: "meningkat dari hasil dua tahun sebelumnya".

    The SPM technical standard and the Rapor Pendidikan state the target as a rise
    over an earlier result (RULES.md §6.1), so it is a growth target over a recorded
    baseline (the earlier Rapor Pendidikan result, with its source on the plan),
    scored as the national growth rule scores it. One correction: the result is a
    *share of pupils* reaching minimum competence, so the level a growth implies can
    never exceed 100 % (a baseline of 98 with +5 % would ask for 102.9 %, which no
    school can reach): the target level stops at 100.
    """

    code = "an_meningkat"
    version = 1
    title = "Hasil Asesmen Nasional meningkat dari hasil sebelumnya"
    formula = "realisasi / min(nilai dasar × (1 + pertumbuhan/100), 100) × 100 %"
    title_en = "Asesmen Nasional result up on the earlier result"
    formula_en = "realisation / min(baseline × (1 + growth/100), 100) × 100 %"

    def level(self, target):
        level = super().level(target)
        return None if level is None else min(level, HUNDRED)


class KelulusanToleransi(ToleranceBand):
    """A pass rate within 0.5 point of its target counts as met: 100 %.

    A pass rate moves by single pupils: in a year group of 200, one pupil who fell
    ill during the exams or moved away mid-year is half a point. Below the band the
    normal condition applies (RULES.md §3.3), so a real shortfall still shows.
    """

    code = "kelulusan_toleransi"
    version = 1
    title = "Angka kelulusan dengan toleransi 0,5 poin"
    formula = "100 % bila |realisasi − target| ≤ 0,5 poin, selain itu realisasi / target × 100 %"
    title_en = "Pass rate with a tolerance of 0.5 point"
    formula_en = "100 % if |realisation − target| ≤ 0.5 point, otherwise realisation / target × 100 %"
    tolerance = Decimal("0.5")


class AwalSemester(Seasonal):
    """Teaching documents are due at the start of each semester, not pro rata.

    The school year runs July–June: a teacher prepares the modul ajar, Prota and
    Promes before semester genap (January) and semester ganjil (July). Half of a
    year's documents are due after January, all of them after July; pro rata would
    ask for half a document after March and one and a half after September, which
    no teacher produces and no principal signs.
    """

    code = "awal_semester"
    version = 1
    title = "Dokumen disusun pada awal semester (Januari dan Juli)"
    formula = "separuh target tahunan jatuh tempo sejak Januari, seluruhnya sejak Juli"
    title_en = "Documents prepared at the start of each semester (January and July)"
    formula_en = "half of the annual target is due from January, all of it from July"
    weights = (Decimal(1), Decimal(0), Decimal(0), Decimal(0), Decimal(0), Decimal(0),
               Decimal(1), Decimal(0), Decimal(0), Decimal(0), Decimal(0), Decimal(0))


class AwalTahunAnggaran(Seasonal):
    """A school's annual plan is due in full at the start of the budget year.

    The RKT and the RKAS that carry the Rapor Pendidikan follow-up are set before
    the school may spend its BOSP for the year (the BOSP technical guide,
    Permendikbudristek 63/2023): the whole target is due after January, not a
    quarter of a document after each quarter.
    """

    code = "awal_tahun_anggaran"
    version = 1
    title = "Dokumen perencanaan disusun pada awal tahun anggaran (Januari)"
    formula = "seluruh target tahunan jatuh tempo sejak Januari"
    title_en = "Planning documents prepared at the start of the budget year (January)"
    formula_en = "the whole annual target is due from January"
    weights = (Decimal(1),) + (Decimal(0),) * 11


SCORING_RULES = (PartisipasiMurni, CapaianSpmPartisipasi, PeningkatanAsesmen, KelulusanToleransi)
DUE_RULES = (AwalSemester, AwalTahunAnggaran)
