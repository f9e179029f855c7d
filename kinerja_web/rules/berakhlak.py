"""BerAKHLAK core values and their official behaviour guides (RULES.md §4).

National constants from SE MenPANRB 20/2021: plugins may add expectation
templates but never change these.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CoreValue:
    code: str
    name: str
    behaviours: tuple[str, str, str]


BERAKHLAK: tuple[CoreValue, ...] = (
    CoreValue("berorientasi_pelayanan", "Berorientasi Pelayanan", (
        "Memahami dan memenuhi kebutuhan masyarakat",
        "Ramah, cekatan, solutif, dan dapat diandalkan",
        "Melakukan perbaikan tiada henti",
    )),
    CoreValue("akuntabel", "Akuntabel", (
        "Melaksanakan tugas dengan jujur, bertanggung jawab, cermat, disiplin dan berintegritas tinggi",
        "Menggunakan kekayaan dan barang milik negara secara bertanggung jawab, efektif, dan efisien",
        "Tidak menyalahgunakan kewenangan jabatan",
    )),
    CoreValue("kompeten", "Kompeten", (
        "Meningkatkan kompetensi diri untuk menjawab tantangan yang selalu berubah",
        "Membantu orang lain belajar",
        "Melaksanakan tugas dengan kualitas terbaik",
    )),
    CoreValue("harmonis", "Harmonis", (
        "Menghargai setiap orang apapun latar belakangnya",
        "Suka menolong orang lain",
        "Membangun lingkungan kerja yang kondusif",
    )),
    CoreValue("loyal", "Loyal", (
        "Memegang teguh ideologi Pancasila, Undang-Undang Dasar Negara Republik Indonesia "
        "Tahun 1945, setia kepada Negara Kesatuan Republik Indonesia serta pemerintahan yang sah",
        "Menjaga nama baik sesama ASN, Pimpinan, Instansi, dan Negara",
        "Menjaga rahasia jabatan dan negara",
    )),
    CoreValue("adaptif", "Adaptif", (
        "Cepat menyesuaikan diri menghadapi perubahan",
        "Terus berinovasi dan mengembangkan kreativitas",
        "Bertindak proaktif",
    )),
    CoreValue("kolaboratif", "Kolaboratif", (
        "Memberi kesempatan kepada berbagai pihak untuk berkontribusi",
        "Terbuka dalam bekerja sama untuk menghasilkan nilai tambah",
        "Menggerakkan pemanfaatan berbagai sumber daya untuk tujuan bersama",
    )),
)

CORE_VALUE_CODES = tuple(value.code for value in BERAKHLAK)
