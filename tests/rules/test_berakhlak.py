"""The seven BerAKHLAK core values and their 21 official behaviours (RULES.md §4, SE MenPANRB 20/2021)."""
from __future__ import annotations

import pytest

from kinerja_web.rules.berakhlak import BERAKHLAK, CORE_VALUE_CODES

# RULES.md §4, in the official order, written out literally.
OFFICIAL = [
    ("Berorientasi Pelayanan", (
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    )),
    ("Akuntabel", (
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan berintegritas tinggi",
        "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    )),
    ("Kompeten", (
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    )),
    ("Harmonis", (
        "Menghargai setiap orang apapun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    )),
    ("Loyal", (
        "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, "
        "setia kepada Negara Kesatuan Republik Indonesia serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, Pimpinan, Instansi, dan Negara",
        "Menjaga rahasia jabatan dan negara",
    )),
    ("Adaptif", (
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    )),
    ("Kolaboratif", (
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
    )),
]


def test_there_are_exactly_seven_core_values_in_the_official_order():
    assert [value.name for value in BERAKHLAK] == [name for name, _ in OFFICIAL]


@pytest.mark.parametrize(("position", "name", "behaviours"),
                         [(i, name, behaviours) for i, (name, behaviours) in enumerate(OFFICIAL)],
                         ids=[name for name, _ in OFFICIAL])
def test_core_value_has_its_three_official_behaviours(position, name, behaviours):
    value = BERAKHLAK[position]
    assert value.name == name
    assert len(value.behaviours) == 3
    assert value.behaviours == behaviours


def test_there_are_21_distinct_behaviours():
    behaviours = [b for value in BERAKHLAK for b in value.behaviours]
    assert len(behaviours) == len(set(behaviours)) == 21


def test_core_value_codes_are_unique_and_follow_the_official_order():
    assert CORE_VALUE_CODES == tuple(value.code for value in BERAKHLAK)
    assert len(set(CORE_VALUE_CODES)) == 7
    assert CORE_VALUE_CODES[0] == "berorientasi_pelayanan"
    assert CORE_VALUE_CODES[-1] == "kolaboratif"


def test_core_values_are_frozen_national_constants():
    with pytest.raises(AttributeError):
        BERAKHLAK[0].name = "Berorientasi Hasil"
