"""Dinas Kesehatan: the agency and its indicator catalogue (RULES.md §6.2).

The twelve SPM services target 100% of their sasaran: that is the most a
region can attain, so they score as maximum-attainable targets. Their
coverage counts the year's sasaran served so far, a cumulative level: the
latest period counts. Other targets are illustrative defaults; each region
sets its own in the RPJMD, Renstra or Perjanjian Kinerja.

Each row states how its review periods add up (the roll-up): ``SUM`` for
counts of events, ``LAST`` for stocks and cumulative levels, ``AVERAGE`` for
rates and averages. The scoring rule follows from direction and target kind.
"""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.scoring import rule_for_target
from kinerja_web.rules.types import Agency, Aggregation, Aspect, Direction, Indicator, TargetKind

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
)

SPM = "SPM Kesehatan (Permenkes 4/2019)"
PUSKESMAS = "Indikator kinerja Dinas Kesehatan/Puskesmas (Renstra)"
STUNTING = "Percepatan penurunan stunting (Perpres 72/2021)"
IKM = "Indeks Kepuasan Masyarakat (PermenPANRB 14/2017)"

SUM, LAST, AVERAGE = Aggregation.SUM, Aggregation.LAST, Aggregation.AVERAGE
QUANTITY, QUALITY, TIME = Aspect.QUANTITY, Aspect.QUALITY, Aspect.TIME
MAX = TargetKind.MAX_ATTAINABLE


def iki(code, name, unit, aspect, roll_up, target, source, evidence, *, lower=False,
        kind=TargetKind.SINGLE, required=False) -> Indicator:
    """One catalogue row; the scoring rule follows from direction and target kind."""
    return Indicator(agency=AGENCY.code, code=code, name=name, unit=unit, aspect=aspect, aggregation=roll_up,
                     direction=Direction.LOWER if lower else Direction.HIGHER,
                     scoring=rule_for_target(kind, lower), target_kind=kind, default_target=Decimal(target),
                     source=source, evidence=evidence, evidence_required=required)


def spm(code, name, evidence, *, required=False) -> Indicator:
    """An SPM service: the share of the year's sasaran served so far, 100% at most."""
    return iki(code, name, "%", QUANTITY, LAST, 100, SPM, evidence, kind=MAX, required=required)


INDICATORS = (
    # -- The 12 SPM kesehatan services: 100% of sasaran, the maximum attainable --
    spm("SPM_IBU_HAMIL",
        "Persentase ibu hamil yang mendapatkan pelayanan kesehatan ibu hamil sesuai standar",
        "Register kohort ibu dan laporan PWS KIA", required=True),
    spm("SPM_IBU_BERSALIN",
        "Persentase ibu bersalin yang mendapatkan pelayanan persalinan sesuai standar",
        "Register persalinan di fasilitas pelayanan kesehatan dan laporan PWS KIA", required=True),
    spm("SPM_BAYI_BARU_LAHIR",
        "Persentase bayi baru lahir yang mendapatkan pelayanan kesehatan bayi baru lahir sesuai standar",
        "Register kohort bayi (kunjungan neonatal) dan laporan PWS KIA"),
    spm("SPM_BALITA",
        "Persentase balita yang mendapatkan pelayanan kesehatan balita sesuai standar",
        "Register kohort balita dan laporan pemantauan pertumbuhan dan perkembangan"),
    spm("SPM_USIA_PENDIDIKAN_DASAR",
        "Persentase anak usia pendidikan dasar yang mendapatkan pelayanan kesehatan sesuai standar",
        "Laporan penjaringan kesehatan dan pemeriksaan berkala peserta didik (UKS)"),
    spm("SPM_USIA_PRODUKTIF",
        "Persentase warga negara usia 15-59 tahun yang mendapatkan skrining kesehatan sesuai standar",
        "Laporan skrining kesehatan usia produktif (Posbindu PTM)"),
    spm("SPM_USIA_LANJUT",
        "Persentase warga negara usia 60 tahun ke atas yang mendapatkan skrining kesehatan sesuai standar",
        "Laporan skrining kesehatan lanjut usia (Posyandu lansia)"),
    spm("SPM_HIPERTENSI",
        "Persentase penderita hipertensi yang mendapatkan pelayanan kesehatan sesuai standar",
        "Register pelayanan penderita hipertensi di FKTP"),
    spm("SPM_DIABETES_MELITUS",
        "Persentase penderita diabetes melitus yang mendapatkan pelayanan kesehatan sesuai standar",
        "Register pelayanan penderita diabetes melitus di FKTP"),
    spm("SPM_ODGJ_BERAT",
        "Persentase ODGJ berat yang mendapatkan pelayanan kesehatan jiwa sesuai standar",
        "Register kunjungan dan pelayanan ODGJ berat"),
    spm("SPM_TERDUGA_TBC",
        "Persentase orang terduga tuberkulosis yang mendapatkan pelayanan kesehatan sesuai standar",
        "Laporan Sistem Informasi Tuberkulosis (SITB)"),
    spm("SPM_RISIKO_HIV",
        "Persentase orang dengan risiko terinfeksi HIV yang mendapatkan pelayanan deteksi dini HIV sesuai standar",
        "Laporan Sistem Informasi HIV AIDS (SIHA)"),
    # -- Other Dinas Kesehatan / Puskesmas indicators ----------------------
    #   code, name, unit, aspect, roll-up, default target, source, evidence
    # cumulative coverage of the year's cohort: the latest period counts
    iki("IDL", "Cakupan Imunisasi Dasar Lengkap (IDL)", "%", QUANTITY, LAST, 95, PUSKESMAS,
        "Laporan imunisasi rutin dan register kohort bayi", required=True),
    # weighed each month: a rate per period, the mean counts
    iki("BALITA_DITIMBANG_DS", "Persentase balita ditimbang (D/S)", "%", QUANTITY, AVERAGE, 80, PUSKESMAS,
        "Rekap penimbangan balita di posyandu (SKDN)"),
    # a prevalence measured at the weighing months: the latest measurement counts
    iki("PREVALENSI_STUNTING", "Prevalensi balita stunting", "%", QUALITY, LAST, 14, STUNTING,
        "Hasil pengukuran balita (e-PPGBM) dan Survei Status Gizi", lower=True, required=True),
    # deaths are events: they add up, and 0 is the maximum attainable target
    iki("JUMLAH_KEMATIAN_IBU", "Jumlah kematian ibu", "kasus", QUALITY, SUM, 0, PUSKESMAS,
        "Laporan kematian ibu dan hasil Audit Maternal Perinatal (AMP)", lower=True, required=True),
    # a rate per 1.000 live births: the mean of the periods, never their sum
    iki("ANGKA_KEMATIAN_BAYI", "Angka Kematian Bayi (AKB) per 1.000 kelahiran hidup", "per 1.000 KH", QUALITY,
        AVERAGE, 16, PUSKESMAS, "Laporan kematian bayi dan register kelahiran hidup", lower=True),
    iki("TBC_TREATMENT_COVERAGE", "Cakupan penemuan dan pengobatan kasus TBC (treatment coverage)", "%",
        QUANTITY, LAST, 90, PUSKESMAS, "Laporan Sistem Informasi Tuberkulosis (SITB)"),
    # the share of outbreaks handled in time: a rate, the mean counts
    iki("KLB_TERTANGANI_24_JAM", "Persentase kejadian luar biasa (KLB) yang ditangani kurang dari 24 jam", "%",
        TIME, AVERAGE, 100, PUSKESMAS, "Laporan W1 dan laporan penyelidikan epidemiologi", kind=MAX),
    iki("IKM_PUSKESMAS", "Indeks Kepuasan Masyarakat (IKM) Puskesmas", "indeks", QUALITY, AVERAGE, 82, IKM,
        "Laporan hasil survei kepuasan masyarakat"),
)
