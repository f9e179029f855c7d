"""Dinas Pariwisata: the agency and its indicator catalogue (RULES.md §6.3).

Tourism has no SPM: these are typical RPJMD/Renstra indicators, with
statistics from BPS and tourism PAD under UU 1/2022 (HKPD). Targets are
illustrative defaults; each region sets its own.

Each row states how its review periods add up (the roll-up): visits, events,
certificates and rupiah received are counts that add up (``SUM``, due pro
rata); length of stay, occupancy, spend per visit, a share of PDRB and an
index are rates and averages (``AVERAGE``); the number of developed tourism
villages is a stock (``LAST``). Rupiah appears on both sides: the unit
cannot tell a sum from an average. The scoring rule follows from the target kind.
"""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.scoring import rule_for_target
from kinerja_web.rules.types import Agency, Aggregation, Aspect, Indicator, TargetKind

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

SUM, LAST, AVERAGE = Aggregation.SUM, Aggregation.LAST, Aggregation.AVERAGE
QUANTITY, QUALITY = Aspect.QUANTITY, Aspect.QUALITY


def iki(code, name, unit, aspect, roll_up, target, source, evidence, *, upper=None,
        required=False) -> Indicator:
    """One catalogue row; a row with an upper bound is a range target (higher is better otherwise)."""
    kind = TargetKind.RANGE if upper is not None else TargetKind.SINGLE
    return Indicator(agency=AGENCY.code, code=code, name=name, unit=unit, aspect=aspect, aggregation=roll_up,
                     scoring=rule_for_target(kind, False), target_kind=kind, default_target=Decimal(target),
                     default_upper=None if upper is None else Decimal(upper), source=source, evidence=evidence,
                     evidence_required=required)


INDICATORS = (
    #   code, name, unit, aspect, roll-up, default target, source, evidence
    iki("KUNJUNGAN_WISNUS", "Jumlah kunjungan wisatawan nusantara", "kunjungan", QUANTITY, SUM, 1_200_000, BPS,
        "Data perjalanan wisatawan nusantara BPS dan rekap kunjungan daya tarik wisata", required=True),
    iki("KUNJUNGAN_WISMAN", "Jumlah kunjungan wisatawan mancanegara", "kunjungan", QUANTITY, SUM, 50_000, BPS,
        "Data kunjungan wisatawan mancanegara BPS dan rekap tamu asing akomodasi"),
    iki("RLMT", "Rata-rata lama menginap tamu (RLMT) hotel bintang dan nonbintang", "hari", QUANTITY, AVERAGE, 2,
        BPS, "Berita resmi statistik BPS tentang perkembangan pariwisata"),
    # A stated band (50-60%): default_target holds the lower bound; the upper
    # bound is set with the target in the SKP or PK.
    iki("TPK_HOTEL", "Tingkat Penghunian Kamar (TPK) hotel", "%", QUANTITY, AVERAGE, 50, BPS,
        "Berita resmi statistik BPS tentang tingkat penghunian kamar hotel", upper=60),
    iki("PAD_PARIWISATA",
        "Pendapatan asli daerah sektor pariwisata (PBJT jasa perhotelan, makanan dan/atau minuman, "
        "jasa kesenian dan hiburan, serta retribusi tempat rekreasi)",
        "Rp", QUANTITY, SUM, 25_000_000_000, HKPD, "Laporan realisasi pendapatan daerah dari BPKAD/Bapenda",
        required=True),
    iki("EVENT_PARIWISATA", "Jumlah event/festival pariwisata yang terselenggara", "event", QUANTITY, SUM, 12,
        RENSTRA, "Kalender event (calendar of events) dan laporan pelaksanaan tiap event", required=True),
    iki("DESA_WISATA", "Jumlah desa wisata berkembang, maju dan mandiri", "desa", QUANTITY, LAST, 15, RENSTRA,
        "Surat keputusan penetapan desa wisata dan hasil klasifikasi desa wisata"),
    iki("PENGELUARAN_WISATAWAN", "Rata-rata pengeluaran wisatawan per kunjungan", "Rp per kunjungan", QUANTITY,
        AVERAGE, 1_500_000, BPS, "Hasil survei pengeluaran wisatawan (BPS atau kajian daerah)"),
    iki("USAHA_TERSERTIFIKASI", "Jumlah usaha pariwisata tersertifikasi (CHSE/standar usaha)", "usaha", QUALITY,
        SUM, 20, RENSTRA, "Daftar sertifikat CHSE/standar usaha pariwisata yang terbit"),
    iki("KONTRIBUSI_PDRB_AKMAMIN", "Kontribusi sektor penyediaan akomodasi dan makan minum terhadap PDRB", "%",
        QUANTITY, AVERAGE, 4, BPS, "PDRB menurut lapangan usaha (BPS)"),
    iki("IKM_TIC", "Indeks Kepuasan Masyarakat (IKM) layanan Tourist Information Centre (TIC)", "indeks",
        QUALITY, AVERAGE, 82, IKM, "Laporan hasil survei kepuasan masyarakat"),
)
