"""A candidate rule change for Dinas Kesehatan, to simulate on past results before adopting it.

In force, ``cakupan_spm`` v1 treats full SPM coverage as a maximum attainable target: 100 % of the
sasaran is above expectation (RULES.md §3.5 step 2). But SPM is the *minimum* service standard
(Standar Pelayanan Minimal, PP 2/2018; Permenkes 4/2019): serving every person in the sasaran is
what the region owes by law, not a performance beyond what was expected. Version 2 keeps the formula
and the cap at 100 % and counts full coverage as meeting expectation; above expectation must then
come from the other indicators of the RHK. A Puskesmas team whose suggestion rested on SPM coverage
alone moves from Di Atas to Sesuai Ekspektasi, and where the assessor followed the suggestion its
predikat moves from Sangat Baik to Baik: what the simulation shows, unit by unit, before anyone
decides.
"""
from __future__ import annotations

from kinerja_web.rules.candidates import CandidateRuleSet

from .rules import CakupanSPM


class CakupanSPMStandar(CakupanSPM):
    """SPM coverage, capped at 100 %, where full coverage meets the minimum standard (version 2)."""

    version = 2
    title = "Cakupan SPM terhadap sasaran (capaian paling tinggi 100 %; 100 % = sesuai standar minimal)"
    title_en = "SPM coverage against the target population (at most 100 %; 100 % meets the minimum standard)"

    def max_attainable(self, target):
        return False  # the minimum standard met is the expectation met, not more


SPM_STANDAR = CandidateRuleSet(
    agency="dinkes", code="spm_standar_minimal", version=1,
    label="Cakupan SPM penuh = Sesuai Ekspektasi",
    label_en="Full SPM coverage = meets expectations",
    description=("cakupan_spm v2: capaian SPM tetap dibatasi 100 %, tetapi cakupan penuh dihitung "
                 "sesuai ekspektasi, bukan di atas ekspektasi, karena SPM adalah standar pelayanan minimal."),
    description_en=("cakupan_spm v2: SPM attainment stays capped at 100 %, but full coverage counts as meeting "
                    "expectations, not above them, since SPM is the minimum service standard."),
    scoring={CakupanSPM.code: CakupanSPMStandar},
)

CANDIDATES = (SPM_STANDAR,)
