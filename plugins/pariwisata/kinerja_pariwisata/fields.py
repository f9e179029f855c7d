"""The fields Dinas Pariwisata adds to the realisation form of its indicators (``kinerja_form_fields``).

A visit figure names where it comes from, and may give the same period of last
year so the dashboard can show the growth; an event figure names the events; a
ratio indicator records its two counts, from which the host derives the value.
"""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.types import FormField, Indicator

ZERO, ONE = Decimal(0), Decimal(1)
CUMULATIVE = "Hitung sejak Januari sampai akhir periode ini."
CUMULATIVE_EN = "Count from January to the end of this period."

SUMBER_DATA = FormField(
    "sumber_data", "Sumber data kunjungan", "choice", label_en="Source of the visit figure", required=True,
    choices=(("bps", "BPS (berita resmi statistik)"), ("survei", "Survei atau pendataan Dinas"),
             ("tiket", "Tiket atau retribusi masuk daya tarik wisata")),
    help="Dari mana angka kunjungan ini diambil.", help_en="Where this visit figure comes from.")

KUNJUNGAN_TAHUN_LALU = FormField(
    "kunjungan_tahun_lalu", "Kunjungan pada periode yang sama tahun lalu", "integer",
    label_en="Visits in the same period last year", minimum=ZERO,
    help="Boleh dikosongkan. Bila diisi (dari sumber yang sama), dasbor menampilkan pertumbuhannya.",
    help_en="Optional. When given (from the same source), the dashboard shows the growth.")

NAMA_EVENT = FormField(
    "nama_event", "Nama event", "text", label_en="Event name(s)", max_length=300,
    help="Nama event yang terselenggara pada periode ini; pisahkan dengan koma bila lebih dari satu.",
    help_en="The events held in this period, separated by commas.")

# The two counts of each ratio indicator, by field name (``Indicator.ratio`` names them).
RATIO_FIELDS = {f.name: f for f in (
    FormField("event_terselenggara", "Jumlah event kalender yang terselenggara", "integer",
              label_en="Calendar events held", required=True, minimum=ZERO, help=CUMULATIVE, help_en=CUMULATIVE_EN),
    FormField("event_terjadwal", "Jumlah event kalender yang terjadwal", "integer",
              label_en="Calendar events scheduled", required=True, minimum=ONE,
              help="Event dalam kalender yang dijadwalkan sejak Januari sampai akhir periode ini.",
              help_en="Calendar events scheduled from January to the end of this period."),
    FormField("aduan_1_hari", "Jumlah pengaduan yang ditanggapi dalam 1 hari kerja", "integer",
              label_en="Complaints answered within one working day", required=True, minimum=ZERO,
              help=CUMULATIVE, help_en=CUMULATIVE_EN),
    FormField("aduan_masuk", "Jumlah pengaduan yang masuk", "integer", label_en="Complaints received",
              required=True, minimum=ONE, help=CUMULATIVE, help_en=CUMULATIVE_EN),
    FormField("fasilitas_baik", "Jumlah fasilitas dalam kondisi baik", "integer",
              label_en="Facilities in good condition", required=True, minimum=ZERO,
              help="Menurut pemeriksaan terakhir pada periode ini.", help_en="At the latest inspection this period."),
    FormField("fasilitas_total", "Jumlah seluruh fasilitas yang diperiksa", "integer",
              label_en="Facilities inspected", required=True, minimum=ONE),
)}

VISITS = frozenset({"KUNJUNGAN_WISNUS", "KUNJUNGAN_WISMAN", "TUMBUH_KUNJUNGAN_WISNUS", "TUMBUH_KUNJUNGAN_WISMAN",
                    "DESTINASI_KUNJUNGAN"})
EVENTS = frozenset({"EVENT_PARIWISATA", "EVENT_SESUAI_KALENDER", "EVENT_PESERTA", "EVENT_SPONSOR"})


def fields_for(indicator: Indicator) -> list[FormField]:
    """The fields of one of our indicators; none for another agency's."""
    out = []
    if indicator.code in VISITS:
        out += [SUMBER_DATA, KUNJUNGAN_TAHUN_LALU]
    if indicator.code in EVENTS:
        out.append(NAMA_EVENT)
    if indicator.ratio is not None:
        out += [RATIO_FIELDS[indicator.ratio.numerator], RATIO_FIELDS[indicator.ratio.denominator]]
    return out
