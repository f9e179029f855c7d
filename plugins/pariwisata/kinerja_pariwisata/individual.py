"""Dinas Pariwisata: indicators of individual positions (IKI), grouped by the position kinds whose SKP they fit.

Each RHK of a position intervenes in an organisation indicator (RULES.md §2.2):
the TIC staff serve the visitors and answer the complaints behind IKM_TIC, the
event organisers hold the calendar behind EVENT_PARIWISATA, the destination
managers bring the visits behind KUNJUNGAN_WISNUS, the structural staff and
tourism officers promote and report. Targets are illustrative per person per
year; each Dinas sets its own in the SKP.
"""
from __future__ import annotations

from functools import partial

from kinerja_web.rules.types import Level, Ratio

from .catalogue import LAST, MAX, PENGADUAN, QUALITY, QUANTITY, SKP, SUM, TIME, iki
from .rules import EventSesuaiKalender, MusimWisnus

TIC = ("petugas_informasi",)
EVENT = ("penyelenggara_event",)
DESTINASI = ("pengelola_destinasi",)
STRUKTURAL = ("kepala_bidang", "kepala_seksi", "adyatama_kepariwisataan")

person = partial(iki, level=Level.INDIVIDUAL)

INDIVIDUAL = (
    #      code, name, English name, unit, aspect, roll-up, default target, source, evidence, roles
    # -- Tourist Information Centre staff --
    person("TIC_PENGUNJUNG_DILAYANI", "Jumlah pengunjung Tourist Information Centre (TIC) yang dilayani",
           "Visitors served at the Tourist Information Centre (TIC)", "orang", QUANTITY, SUM, 3_000, SKP,
           "Buku tamu atau rekap layanan harian TIC", roles=TIC, due=MusimWisnus.code),
    person("TIC_MATERI_INFORMASI", "Jumlah materi informasi pariwisata yang diperbarui (peta, brosur, konten digital)",
           "Tourist information materials updated (maps, brochures, digital content)", "materi", QUALITY, SUM, 12,
           SKP, "Daftar materi yang diperbarui dengan contoh cetak atau tautannya", roles=TIC),
    person("TIC_ADUAN_1_HARI", "Persentase pengaduan wisatawan yang ditanggapi dalam 1 hari kerja",
           "Share of tourist complaints answered within one working day", "%", TIME, LAST, 100, PENGADUAN,
           "Register pengaduan dengan waktu masuk dan waktu tanggapan", roles=TIC, kind=MAX,
           ratio=Ratio("aduan_1_hari", "aduan_masuk"), required=True),
    # -- event organisers --
    person("EVENT_SESUAI_KALENDER", "Jumlah event yang terselenggara sesuai kalender event",
           "Events held as scheduled in the calendar of events", "event", QUANTITY, SUM, 4, SKP,
           "Kalender event dan laporan pelaksanaan tiap event (dokumentasi, daftar hadir)", roles=EVENT,
           rule=EventSesuaiKalender.code, required=True),
    person("EVENT_PESERTA", "Jumlah peserta dan pengunjung event pariwisata", "Participants and visitors of events",
           "orang", QUANTITY, SUM, 10_000, SKP, "Rekap tiket, registrasi atau penghitungan pengunjung tiap event",
           roles=EVENT),
    person("EVENT_SPONSOR", "Nilai dukungan sponsor dan mitra non-APBD yang dihimpun untuk event",
           "Sponsorship and partner support raised for events (outside the regional budget)", "Rp", QUANTITY, SUM,
           250_000_000, SKP, "Perjanjian kerja sama sponsor dan bukti penerimaan atau nilai dukungan", roles=EVENT,
           required=True),
    # -- destination managers --
    person("DESTINASI_KUNJUNGAN", "Jumlah kunjungan ke daya tarik wisata yang dikelola",
           "Visits to the managed tourist attraction", "kunjungan", QUANTITY, SUM, 100_000, SKP,
           "Rekap tiket atau retribusi masuk daya tarik wisata", roles=DESTINASI, due=MusimWisnus.code,
           required=True),
    person("DESTINASI_FASILITAS_BAIK", "Persentase fasilitas daya tarik wisata dalam kondisi baik",
           "Share of the attraction's facilities in good condition", "%", QUALITY, LAST, 90, SKP,
           "Berita acara pemeriksaan kondisi fasilitas (toilet, parkir, papan informasi, jalur pejalan kaki)",
           roles=DESTINASI, ratio=Ratio("fasilitas_baik", "fasilitas_total")),
    person("DESTINASI_MITRA_USAHA", "Jumlah usaha lokal (UMKM, pokdarwis) yang bermitra dengan daya tarik wisata",
           "Local businesses (small firms, tourism awareness groups) in partnership with the attraction", "usaha",
           QUANTITY, LAST, 10, SKP, "Perjanjian kemitraan yang masih berlaku", roles=DESTINASI),
    # -- structural staff and tourism officers of the Dinas --
    person("PROMOSI_PARIWISATA", "Jumlah kegiatan promosi pariwisata yang terlaksana (pameran, famtrip, sales mission)",
           "Tourism promotion activities held (fairs, familiarisation trips, sales missions)", "kegiatan", QUANTITY,
           SUM, 6, SKP, "Laporan kegiatan promosi dengan dokumentasi", roles=STRUKTURAL),
    person("REKAP_KUNJUNGAN_TEPAT_WAKTU", "Jumlah rekap data kunjungan wisatawan bulanan yang disampaikan tepat waktu",
           "Monthly visitor statistics delivered on time", "laporan", TIME, SUM, 12, SKP,
           "Rekap bulanan dengan tanggal penyampaian kepada pimpinan dan BPS", roles=STRUKTURAL),
)
