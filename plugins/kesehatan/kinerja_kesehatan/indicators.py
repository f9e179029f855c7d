"""Dinas Kesehatan: the agency and its indicator catalogue (RULES.md §6.2).

The twelve SPM services target 100% of their sasaran: that is the most a
region can attain, so they score as maximum-attainable targets. Other
targets are illustrative defaults; each region sets its own in the RPJMD,
Renstra or Perjanjian Kinerja.
"""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.types import Agency, Aspect, Direction, Indicator, TargetKind

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

INDICATORS = (
    # -- The 12 SPM kesehatan services: 100% of sasaran, the maximum attainable --
    Indicator(
        agency=AGENCY.code, code="SPM_IBU_HAMIL",
        name="Persentase ibu hamil yang mendapatkan pelayanan kesehatan ibu hamil sesuai standar",
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Register kohort ibu dan laporan PWS KIA", evidence_required=True,
    ),
    Indicator(
        agency=AGENCY.code, code="SPM_IBU_BERSALIN",
        name="Persentase ibu bersalin yang mendapatkan pelayanan persalinan sesuai standar",
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Register persalinan di fasilitas pelayanan kesehatan dan laporan PWS KIA",
        evidence_required=True,
    ),
    Indicator(
        agency=AGENCY.code, code="SPM_BAYI_BARU_LAHIR",
        name="Persentase bayi baru lahir yang mendapatkan pelayanan kesehatan bayi baru lahir sesuai standar",
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Register kohort bayi (kunjungan neonatal) dan laporan PWS KIA",
    ),
    Indicator(
        agency=AGENCY.code, code="SPM_BALITA",
        name="Persentase balita yang mendapatkan pelayanan kesehatan balita sesuai standar",
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Register kohort balita dan laporan pemantauan pertumbuhan dan perkembangan",
    ),
    Indicator(
        agency=AGENCY.code, code="SPM_USIA_PENDIDIKAN_DASAR",
        name="Persentase anak usia pendidikan dasar yang mendapatkan pelayanan kesehatan sesuai standar",
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Laporan penjaringan kesehatan dan pemeriksaan berkala peserta didik (UKS)",
    ),
    Indicator(
        agency=AGENCY.code, code="SPM_USIA_PRODUKTIF",
        name="Persentase warga negara usia 15-59 tahun yang mendapatkan skrining kesehatan sesuai standar",
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Laporan skrining kesehatan usia produktif (Posbindu PTM)",
    ),
    Indicator(
        agency=AGENCY.code, code="SPM_USIA_LANJUT",
        name=("Persentase warga negara usia 60 tahun ke atas yang mendapatkan skrining kesehatan sesuai "
              "standar"),
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Laporan skrining kesehatan lanjut usia (Posyandu lansia)",
    ),
    Indicator(
        agency=AGENCY.code, code="SPM_HIPERTENSI",
        name="Persentase penderita hipertensi yang mendapatkan pelayanan kesehatan sesuai standar",
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Register pelayanan penderita hipertensi di FKTP",
    ),
    Indicator(
        agency=AGENCY.code, code="SPM_DIABETES_MELITUS",
        name="Persentase penderita diabetes melitus yang mendapatkan pelayanan kesehatan sesuai standar",
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Register pelayanan penderita diabetes melitus di FKTP",
    ),
    Indicator(
        agency=AGENCY.code, code="SPM_ODGJ_BERAT",
        name="Persentase ODGJ berat yang mendapatkan pelayanan kesehatan jiwa sesuai standar",
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Register kunjungan dan pelayanan ODGJ berat",
    ),
    Indicator(
        agency=AGENCY.code, code="SPM_TERDUGA_TBC",
        name="Persentase orang terduga tuberkulosis yang mendapatkan pelayanan kesehatan sesuai standar",
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Laporan Sistem Informasi Tuberkulosis (SITB)",
    ),
    Indicator(
        agency=AGENCY.code, code="SPM_RISIKO_HIV",
        name=("Persentase orang dengan risiko terinfeksi HIV yang mendapatkan pelayanan deteksi dini HIV "
              "sesuai standar"),
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=SPM,
        evidence="Laporan Sistem Informasi HIV AIDS (SIHA)",
    ),
    # -- Other Dinas Kesehatan / Puskesmas indicators ----------------------
    Indicator(
        agency=AGENCY.code, code="IDL",
        name="Cakupan Imunisasi Dasar Lengkap (IDL)",
        unit="%", aspect=Aspect.QUANTITY, default_target=Decimal(95), source=PUSKESMAS,
        evidence="Laporan imunisasi rutin dan register kohort bayi", evidence_required=True,
    ),
    Indicator(
        agency=AGENCY.code, code="BALITA_DITIMBANG_DS",
        name="Persentase balita ditimbang (D/S)",
        unit="%", aspect=Aspect.QUANTITY, default_target=Decimal(80), source=PUSKESMAS,
        evidence="Rekap penimbangan balita di posyandu (SKDN)",
    ),
    Indicator(
        agency=AGENCY.code, code="PREVALENSI_STUNTING",
        name="Prevalensi balita stunting",
        unit="%", aspect=Aspect.QUALITY, direction=Direction.LOWER, scoring="lower_is_better",
        default_target=Decimal(14), source=STUNTING,
        evidence="Hasil pengukuran balita (e-PPGBM) dan Survei Status Gizi", evidence_required=True,
    ),
    Indicator(
        agency=AGENCY.code, code="JUMLAH_KEMATIAN_IBU",
        name="Jumlah kematian ibu",
        unit="kasus", aspect=Aspect.QUALITY, direction=Direction.LOWER, scoring="lower_is_better",
        default_target=Decimal(0), source=PUSKESMAS,
        evidence="Laporan kematian ibu dan hasil Audit Maternal Perinatal (AMP)", evidence_required=True,
    ),
    Indicator(
        agency=AGENCY.code, code="ANGKA_KEMATIAN_BAYI",
        name="Angka Kematian Bayi (AKB) per 1.000 kelahiran hidup",
        unit="per 1.000 KH", aspect=Aspect.QUALITY, direction=Direction.LOWER, scoring="lower_is_better",
        default_target=Decimal(16), source=PUSKESMAS,
        evidence="Laporan kematian bayi dan register kelahiran hidup",
    ),
    Indicator(
        agency=AGENCY.code, code="TBC_TREATMENT_COVERAGE",
        name="Cakupan penemuan dan pengobatan kasus TBC (treatment coverage)",
        unit="%", aspect=Aspect.QUANTITY, default_target=Decimal(90), source=PUSKESMAS,
        evidence="Laporan Sistem Informasi Tuberkulosis (SITB)",
    ),
    Indicator(
        agency=AGENCY.code, code="KLB_TERTANGANI_24_JAM",
        name="Persentase kejadian luar biasa (KLB) yang ditangani kurang dari 24 jam",
        unit="%", aspect=Aspect.TIME, target_kind=TargetKind.MAX_ATTAINABLE, scoring="max_attainable",
        default_target=Decimal(100), source=PUSKESMAS,
        evidence="Laporan W1 dan laporan penyelidikan epidemiologi",
    ),
    Indicator(
        agency=AGENCY.code, code="IKM_PUSKESMAS",
        name="Indeks Kepuasan Masyarakat (IKM) Puskesmas",
        unit="indeks", aspect=Aspect.QUALITY, default_target=Decimal(82), source=IKM,
        evidence="Laporan hasil survei kepuasan masyarakat",
    ),
)
