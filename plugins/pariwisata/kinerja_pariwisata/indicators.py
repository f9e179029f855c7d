"""Dinas Pariwisata: the agency and its indicator catalogue (RULES.md §6.3).

Tourism has no SPM: these are typical RPJMD/Renstra indicators, with
statistics from BPS and tourism PAD under UU 1/2022 (HKPD). Targets are
illustrative defaults; each region sets its own.
"""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.types import Agency, Aspect, Indicator, TargetKind

AGENCY = Agency(
    code="dispar",
    name="Dinas Pariwisata",
    sector="pariwisata",
    goals=(
        "Meningkatnya kunjungan wisatawan nusantara dan mancanegara",
        "Meningkatnya kontribusi sektor pariwisata terhadap perekonomian daerah",
        "Meningkatnya daya saing destinasi, desa wisata dan usaha pariwisata",
        "Meningkatnya kualitas pelayanan informasi pariwisata",
    ),
)

RENSTRA = "Renstra Dinas Pariwisata (indikator RPJMD)"
BPS = "Statistik pariwisata BPS (indikator RPJMD)"
HKPD = "APBD; pajak dan retribusi daerah (UU 1/2022 tentang HKPD)"
IKM = "Indeks Kepuasan Masyarakat (PermenPANRB 14/2017)"

INDICATORS = (
    Indicator(
        agency=AGENCY.code, code="KUNJUNGAN_WISNUS",
        name="Jumlah kunjungan wisatawan nusantara",
        unit="kunjungan", aspect=Aspect.QUANTITY, default_target=Decimal(1_200_000), source=BPS,
        evidence="Data perjalanan wisatawan nusantara BPS dan rekap kunjungan daya tarik wisata",
        evidence_required=True,
    ),
    Indicator(
        agency=AGENCY.code, code="KUNJUNGAN_WISMAN",
        name="Jumlah kunjungan wisatawan mancanegara",
        unit="kunjungan", aspect=Aspect.QUANTITY, default_target=Decimal(50_000), source=BPS,
        evidence="Data kunjungan wisatawan mancanegara BPS dan rekap tamu asing akomodasi",
    ),
    Indicator(
        agency=AGENCY.code, code="RLMT",
        name="Rata-rata lama menginap tamu (RLMT) hotel bintang dan nonbintang",
        unit="hari", aspect=Aspect.QUANTITY, default_target=Decimal(2), source=BPS,
        evidence="Berita resmi statistik BPS tentang perkembangan pariwisata",
    ),
    # A stated band (50-60%): default_target holds the lower bound; the upper
    # bound is set with the target in the SKP or PK.
    Indicator(
        agency=AGENCY.code, code="TPK_HOTEL",
        name="Tingkat Penghunian Kamar (TPK) hotel",
        unit="%", aspect=Aspect.QUANTITY, target_kind=TargetKind.RANGE, scoring="range",
        default_target=Decimal(50), default_upper=Decimal(60), source=BPS,
        evidence="Berita resmi statistik BPS tentang tingkat penghunian kamar hotel",
    ),
    Indicator(
        agency=AGENCY.code, code="PAD_PARIWISATA",
        name="Pendapatan asli daerah sektor pariwisata (PBJT jasa perhotelan, makanan dan/atau minuman, "
             "jasa kesenian dan hiburan, serta retribusi tempat rekreasi)",
        unit="Rp", aspect=Aspect.QUANTITY, default_target=Decimal(25_000_000_000), source=HKPD,
        evidence="Laporan realisasi pendapatan daerah dari BPKAD/Bapenda", evidence_required=True,
    ),
    Indicator(
        agency=AGENCY.code, code="EVENT_PARIWISATA",
        name="Jumlah event/festival pariwisata yang terselenggara",
        unit="event", aspect=Aspect.QUANTITY, default_target=Decimal(12), source=RENSTRA,
        evidence="Kalender event (calendar of events) dan laporan pelaksanaan tiap event",
        evidence_required=True,
    ),
    Indicator(
        agency=AGENCY.code, code="DESA_WISATA",
        name="Jumlah desa wisata berkembang, maju dan mandiri",
        unit="desa", aspect=Aspect.QUANTITY, default_target=Decimal(15), source=RENSTRA,
        evidence="Surat keputusan penetapan desa wisata dan hasil klasifikasi desa wisata",
    ),
    Indicator(
        agency=AGENCY.code, code="PENGELUARAN_WISATAWAN",
        name="Rata-rata pengeluaran wisatawan per kunjungan",
        unit="Rp", aspect=Aspect.QUANTITY, default_target=Decimal(1_500_000), source=BPS,
        evidence="Hasil survei pengeluaran wisatawan (BPS atau kajian daerah)",
    ),
    Indicator(
        agency=AGENCY.code, code="USAHA_TERSERTIFIKASI",
        name="Jumlah usaha pariwisata tersertifikasi (CHSE/standar usaha)",
        unit="usaha", aspect=Aspect.QUALITY, default_target=Decimal(20), source=RENSTRA,
        evidence="Daftar sertifikat CHSE/standar usaha pariwisata yang terbit",
    ),
    Indicator(
        agency=AGENCY.code, code="KONTRIBUSI_PDRB_AKMAMIN",
        name="Kontribusi sektor penyediaan akomodasi dan makan minum terhadap PDRB",
        unit="%", aspect=Aspect.QUANTITY, default_target=Decimal(4), source=BPS,
        evidence="PDRB menurut lapangan usaha (BPS)",
    ),
    Indicator(
        agency=AGENCY.code, code="IKM_TIC",
        name="Indeks Kepuasan Masyarakat (IKM) layanan Tourist Information Centre (TIC)",
        unit="indeks", aspect=Aspect.QUALITY, default_target=Decimal(82), source=IKM,
        evidence="Laporan hasil survei kepuasan masyarakat",
    ),
)
