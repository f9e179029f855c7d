"""Dinas Pariwisata: the organisation's indicators (RULES.md §6.3), then the positions' (``individual``).

Tourism has no SPM: these are typical RPJMD/Renstra indicators, with
statistics from BPS and tourism PAD under UU 1/2022 (HKPD). Targets are
illustrative defaults; each region sets its own.

Each row states how its review periods add up (the roll-up): visits, events,
certificates and rupiah received are counts that add up (``SUM``, due pro
rata unless a season says otherwise); length of stay, occupancy, spend per
visit, a share of PDRB and an index are rates and averages (``AVERAGE``);
developed tourism villages and a share of the calendar held to date are
levels (``LAST``). Rupiah appears on both sides: the unit cannot tell a sum
from an average.

The first eight rows are the catalogue plans were written against before
version 2.0 (the demo builds its plans from them): they keep their absolute
targets and national rules. The Renstra states visits and PAD as growth over
last year's figure: the ``TUMBUH_*`` rows say so (``TargetKind.GROWTH``, the
baseline recorded on the plan with its source) and carry the season.
"""
from __future__ import annotations

from kinerja_web.rules.types import Ratio

from .catalogue import (
    AGENCY,
    AVERAGE,
    BPS,
    GROWTH,
    HKPD,
    IKM,
    KALENDER,
    LAST,
    MAX,
    QUALITY,
    QUANTITY,
    RENSTRA,
    SUM,
    iki,
)
from .individual import INDIVIDUAL
from .rules import MusimWisman, MusimWisnus, ToleransiLamaMenginap

__all__ = ["AGENCY", "INDICATORS", "ORGANISATION"]

WISNUS, WISMAN = MusimWisnus.code, MusimWisman.code
TOLERANSI = ToleransiLamaMenginap.code

ORGANISATION = (
    #   code, name, English name, unit, aspect, roll-up, default target, source, evidence
    iki("KUNJUNGAN_WISNUS", "Jumlah kunjungan wisatawan nusantara", "Domestic tourist visits", "kunjungan",
        QUANTITY, SUM, 1_200_000, BPS,
        "Data perjalanan wisatawan nusantara BPS dan rekap kunjungan daya tarik wisata", required=True),
    iki("KUNJUNGAN_WISMAN", "Jumlah kunjungan wisatawan mancanegara", "Foreign tourist visits", "kunjungan",
        QUANTITY, SUM, 50_000, BPS, "Data kunjungan wisatawan mancanegara BPS dan rekap tamu asing akomodasi"),
    iki("RLMT", "Rata-rata lama menginap tamu (RLMT) hotel bintang dan nonbintang",
        "Average length of stay of hotel guests (star and non-star hotels)", "hari", QUANTITY, AVERAGE, 2, BPS,
        "Berita resmi statistik BPS tentang perkembangan pariwisata"),
    # A stated band (50-60%): default_target holds the lower bound; the upper
    # bound is set with the target in the SKP or PK.
    iki("TPK_HOTEL", "Tingkat Penghunian Kamar (TPK) hotel", "Hotel room occupancy rate", "%", QUANTITY, AVERAGE,
        50, BPS, "Berita resmi statistik BPS tentang tingkat penghunian kamar hotel", upper=60),
    iki("PAD_PARIWISATA",
        "Pendapatan asli daerah sektor pariwisata (PBJT jasa perhotelan, makanan dan/atau minuman, "
        "jasa kesenian dan hiburan, serta retribusi tempat rekreasi)",
        "Tourism own-source revenue (local taxes on hotels, food and drink, arts and entertainment; "
        "recreation site fees)", "Rp", QUANTITY, SUM, 25_000_000_000, HKPD,
        "Laporan realisasi pendapatan daerah dari BPKAD/Bapenda", required=True),
    iki("EVENT_PARIWISATA", "Jumlah event/festival pariwisata yang terselenggara", "Tourism events and festivals held",
        "event", QUANTITY, SUM, 12, RENSTRA, "Kalender event (calendar of events) dan laporan pelaksanaan tiap event",
        required=True),
    iki("DESA_WISATA", "Jumlah desa wisata berkembang, maju dan mandiri",
        "Tourism villages classified as developing, advanced or independent", "desa", QUANTITY, LAST, 15, RENSTRA,
        "Surat keputusan penetapan desa wisata dan hasil klasifikasi desa wisata"),
    iki("PENGELUARAN_WISATAWAN", "Rata-rata pengeluaran wisatawan per kunjungan", "Average tourist spending per visit",
        "Rp per kunjungan", QUANTITY, AVERAGE, 1_500_000, BPS,
        "Hasil survei pengeluaran wisatawan (BPS atau kajian daerah)"),
    # -- the rows above are fixed (plans and the demo are built on them); new rows go below --
    iki("USAHA_TERSERTIFIKASI", "Jumlah usaha pariwisata tersertifikasi (CHSE/standar usaha)",
        "Tourism businesses certified (CHSE or business standard)", "usaha", QUALITY, SUM, 20, RENSTRA,
        "Daftar sertifikat CHSE/standar usaha pariwisata yang terbit"),
    iki("KONTRIBUSI_PDRB_AKMAMIN", "Kontribusi sektor penyediaan akomodasi dan makan minum terhadap PDRB",
        "Share of accommodation and food services in regional GDP (PDRB)", "%", QUANTITY, AVERAGE, 4, BPS,
        "PDRB menurut lapangan usaha (BPS)"),
    iki("IKM_TIC", "Indeks Kepuasan Masyarakat (IKM) layanan Tourist Information Centre (TIC)",
        "Public satisfaction index of the Tourist Information Centre (TIC)", "indeks", QUALITY, AVERAGE, 82, IKM,
        "Laporan hasil survei kepuasan masyarakat", feed="ikm"),
    # -- growth over last year's figure (RULES.md §6.3: "+5–10 % per year"); the target is the growth in % --
    iki("TUMBUH_KUNJUNGAN_WISNUS", "Jumlah kunjungan wisatawan nusantara (target pertumbuhan atas tahun lalu)",
        "Domestic tourist visits (growth target over last year)", "kunjungan", QUANTITY, SUM, 5, BPS,
        "Data perjalanan wisatawan nusantara BPS tahun berjalan dan tahun lalu (nilai dasar)", kind=GROWTH,
        due=WISNUS, required=True),
    iki("TUMBUH_KUNJUNGAN_WISMAN", "Jumlah kunjungan wisatawan mancanegara (target pertumbuhan atas tahun lalu)",
        "Foreign tourist visits (growth target over last year)", "kunjungan", QUANTITY, SUM, 5, BPS,
        "Data kunjungan wisatawan mancanegara BPS tahun berjalan dan tahun lalu (nilai dasar)", kind=GROWTH,
        due=WISMAN, required=True),
    iki("TUMBUH_PAD_PARIWISATA", "Pendapatan asli daerah sektor pariwisata (target pertumbuhan atas tahun lalu)",
        "Tourism own-source revenue (growth target over last year)", "Rp", QUANTITY, SUM, 5, HKPD,
        "Laporan realisasi pendapatan daerah BPKAD/Bapenda tahun berjalan dan tahun lalu (nilai dasar)",
        kind=GROWTH, required=True),
    # -- length of stay by guest, as BPS publishes it: within 0.1 day of the target is on target --
    iki("RLMT_TAMU_ASING", "Rata-rata lama menginap tamu asing di hotel bintang dan nonbintang",
        "Average length of stay of foreign hotel guests", "hari", QUANTITY, AVERAGE, "2.5", BPS,
        "Berita resmi statistik BPS tentang rata-rata lama menginap tamu asing", rule=TOLERANSI),
    iki("RLMT_TAMU_INDONESIA", "Rata-rata lama menginap tamu Indonesia di hotel bintang dan nonbintang",
        "Average length of stay of domestic hotel guests", "hari", QUANTITY, AVERAGE, "1.7", BPS,
        "Berita resmi statistik BPS tentang rata-rata lama menginap tamu Indonesia", rule=TOLERANSI),
    # -- the calendar of events held to date, derived from two counts: all of it is the most attainable --
    iki("EVENT_KALENDER_TERLAKSANA", "Persentase event dalam kalender event yang terselenggara",
        "Share of the calendar of events held", "%", QUANTITY, LAST, 100, KALENDER,
        "Kalender event yang ditetapkan dan laporan pelaksanaan tiap event", kind=MAX,
        ratio=Ratio("event_terselenggara", "event_terjadwal"), required=True),
)

INDICATORS = ORGANISATION + INDIVIDUAL
