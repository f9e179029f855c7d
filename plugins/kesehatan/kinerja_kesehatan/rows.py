"""The agency, the sources and the row factory the catalogue modules share."""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.scoring import rule_for_target
from kinerja_web.rules.types import Agency, Aggregation, Aspect, Direction, Indicator, Level, Ratio, TargetKind

AGENCY = Agency(
    code="dinkes",
    name="Dinas Kesehatan",
    sector="kesehatan",
    goals=(
        "Meningkatnya derajat kesehatan masyarakat",
        "Meningkatnya cakupan dan mutu pelayanan kesehatan sesuai Standar Pelayanan Minimal",
        "Menurunnya angka kematian ibu dan bayi serta prevalensi stunting",
        "Terkendalinya penyakit menular dan penyakit tidak menular",
    ),
    # JP of competence development a year per employee: above the national minimum of 20 JP (PP 11/2017
    # Pasal 203 ayat 4) by the agency's own policy for its health workers (an illustrative figure)
    development_hours=24,
)

SPM = "SPM Kesehatan (Permenkes 4/2019)"
PUSKESMAS = "Indikator kinerja Dinas Kesehatan/Puskesmas (Renstra)"
STUNTING = "Percepatan penurunan stunting (Perpres 72/2021)"
IKM = "Indeks Kepuasan Masyarakat (PermenPANRB 14/2017)"
RPJMN = "RPJMN 2020–2024 (Perpres 18/2020): AKI 183 per 100.000 KH"
IKS = "Program Indonesia Sehat dengan Pendekatan Keluarga (Permenkes 39/2016)"
SKDR = "Sistem Kewaspadaan Dini dan Respon (SKDR) dan penanggulangan KLB (Permenkes 1501/2010)"

SUM, LAST, AVERAGE = Aggregation.SUM, Aggregation.LAST, Aggregation.AVERAGE
QUANTITY, QUALITY, TIME = Aspect.QUANTITY, Aspect.QUALITY, Aspect.TIME
MAX = TargetKind.MAX_ATTAINABLE
ORGANISATION = Level.ORGANISATION

# The ratios: numerator and denominator name form fields (fields.py), per 100 unless stated.
SPM_RATIO = Ratio("dilayani", "sasaran")
AKI_RATIO = Ratio("kematian_ibu", "kelahiran_hidup", Decimal(100_000))
AKB_RATIO = Ratio("kematian_bayi", "kelahiran_hidup", Decimal(1_000))
IKS_RATIO = Ratio("keluarga_sehat", "keluarga_didata", Decimal(1))


def iki(code, name, unit, aspect, roll_up, target, source, evidence, *, en, lower=False,
        kind=TargetKind.SINGLE, required=False, level=Level.INDIVIDUAL, roles=(), ratio=None,
        rule=None, feed="") -> Indicator:
    """One catalogue row; the scoring rule follows from direction and target kind unless ``rule`` names one."""
    return Indicator(agency=AGENCY.code, code=code, name=name, name_en=en, unit=unit, aspect=aspect,
                     aggregation=roll_up, level=level, roles=tuple(roles),
                     direction=Direction.LOWER if lower else Direction.HIGHER,
                     scoring=rule or rule_for_target(kind, lower), target_kind=kind,
                     default_target=Decimal(target), source=source, evidence=evidence,
                     evidence_required=required, ratio=ratio, feed=feed)


# Sources of the individual indicators (individual.py)
KIA = "Pelayanan kesehatan masa hamil, persalinan dan nifas (Permenkes 21/2021)"
REKAM_MEDIS = "Rekam medis (Permenkes 24/2022); kelengkapan 1×24 jam (Kepmenkes 129/2008)"
RUJUKAN = "Kapitasi Berbasis Kinerja BPJS Kesehatan: rasio rujukan rawat jalan kasus non-spesialistik"
PELAYANAN = "Pelayanan Puskesmas (Permenkes 43/2019)"
KEPERAWATAN = "Dokumentasi asuhan keperawatan (UU 38/2014 tentang Keperawatan, Pasal 37)"
PERKESMAS = "Perawatan kesehatan masyarakat (Kepmenkes 279/2006)"
AKREDITASI = "Akreditasi Puskesmas (Permenkes 34/2022)"
LAPORAN_SPM = "Pelaporan SPM (Permenkes 4/2019; Permendagri 59/2021)"
