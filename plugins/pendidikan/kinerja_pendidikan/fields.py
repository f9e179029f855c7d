"""The fields Dinas Pendidikan adds to a realisation form (``kinerja_form_fields``).

A coverage asks for its two counts (the host derives the percentage from them);
a teacher's or principal's indicator asks for the school year and the school,
a school supervisor's for the school year. The host stores the values under the
plugin's name, converts them by kind and checks required/min/max/length; the
plugin's validation then checks what the host cannot (``validation``).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kinerja_web.rules.types import FormField, Indicator


@dataclass(frozen=True)
class Counts:
    """What the two counts of one coverage are called on the form, and what to check when they disagree."""

    numerator: str
    numerator_en: str
    denominator: str
    denominator_en: str
    # appended when the numerator exceeds the denominator: where the mistake usually is
    hint: str = "periksa kembali kedua angka."


AGE_HINT = "periksa jumlah penduduk usia sekolah (Disdukcapil/BPS) dan usia peserta didik di Dapodik."
SCHOOL_HINT = "periksa rekap per sekolah di Dapodik."

# catalogue code → the labels of its numerator and denominator (the field names are the indicator's Ratio)
COUNTS = {
    "GURU_S1_D4": Counts("Jumlah guru berkualifikasi S1/D-IV", "Teachers with a bachelor's degree",
                         "Jumlah seluruh guru", "All teachers", SCHOOL_HINT),
    "RUANG_KELAS_BAIK": Counts("Jumlah ruang kelas dalam kondisi baik", "Classrooms in good condition",
                               "Jumlah seluruh ruang kelas", "All classrooms", SCHOOL_HINT),
    "AKREDITASI_MIN_B": Counts("Jumlah sekolah terakreditasi A atau B", "Schools accredited A or B",
                               "Jumlah seluruh sekolah", "All schools", SCHOOL_HINT),
    "GURU_SERTIFIKAT_PENDIDIK": Counts("Jumlah guru bersertifikat pendidik", "Teachers with an educator certificate",
                                       "Jumlah seluruh guru", "All teachers", SCHOOL_HINT),
    "APM_SMA_SMK": Counts("Jumlah peserta didik usia 16-18 tahun di SMA/SMK/MA", "Pupils aged 16-18 in SMA/SMK/MA",
                          "Jumlah penduduk usia 16-18 tahun", "Population aged 16-18", AGE_HINT),
    "APK_SD": Counts("Jumlah seluruh peserta didik SD/MI (semua usia)", "All pupils in SD/MI (any age)",
                     "Jumlah penduduk usia 7-12 tahun", "Population aged 7-12"),
    "APK_SMP": Counts("Jumlah seluruh peserta didik SMP/MTs (semua usia)", "All pupils in SMP/MTs (any age)",
                      "Jumlah penduduk usia 13-15 tahun", "Population aged 13-15"),
    "APK_SMA_SMK": Counts("Jumlah seluruh peserta didik SMA/SMK/MA (semua usia)", "All pupils in SMA/SMK/MA (any age)",
                          "Jumlah penduduk usia 16-18 tahun", "Population aged 16-18"),
    "SPM_DIKMEN_APS_16_18": Counts("Jumlah anak usia 16-18 tahun yang bersekolah", "Children aged 16-18 in school",
                                   "Jumlah penduduk usia 16-18 tahun", "Population aged 16-18", AGE_HINT),
    "SPM_PK_APS_4_18": Counts("Jumlah anak penyandang disabilitas usia 4-18 tahun yang bersekolah",
                              "Children with disabilities aged 4-18 in school",
                              "Jumlah anak penyandang disabilitas usia 4-18 tahun",
                              "Children with disabilities aged 4-18",
                              "periksa data anak penyandang disabilitas (Disdukcapil/Dinas Sosial) dan data SLB."),
    "ANGKA_PUTUS_SEKOLAH_SMA_SMK": Counts("Jumlah peserta didik yang putus sekolah", "Pupils who dropped out",
                                          "Jumlah seluruh peserta didik", "All pupils", SCHOOL_HINT),
    "ANGKA_KELULUSAN_SMA_SMK": Counts("Jumlah peserta didik yang lulus", "Pupils who passed",
                                      "Jumlah peserta didik tingkat akhir", "Pupils in the final year", SCHOOL_HINT),
    "KS_GURU_DISUPERVISI": Counts("Jumlah guru yang telah disupervisi", "Teachers supervised",
                                  "Jumlah guru di sekolah", "Teachers at the school"),
    "PENGAWAS_SEKOLAH_DISUPERVISI": Counts("Jumlah sekolah binaan yang telah disupervisi",
                                           "Assigned schools supervised", "Jumlah sekolah binaan", "Assigned schools"),
    "DINAS_DAPODIK_TEPAT_WAKTU": Counts("Jumlah sekolah yang sinkron sebelum batas waktu",
                                        "Schools synchronised before the cut-off",
                                        "Jumlah seluruh sekolah", "All schools", SCHOOL_HINT),
    "DINAS_LAPORAN_BOSP_SEKOLAH": Counts("Jumlah sekolah yang melapor tepat waktu", "Schools reporting on time",
                                         "Jumlah sekolah penerima BOSP", "Schools receiving BOSP", SCHOOL_HINT),
}

TAHUN_AJARAN = FormField(
    "tahun_ajaran", "Tahun ajaran", "text", label_en="School year", required=True, max_length=11,
    help="Tahun ajaran kegiatan yang dilaporkan, misalnya 2025/2026 (semester ganjil mulai Juli).",
    help_en="The school year of the work reported, e.g. 2025/2026 (the odd semester starts in July).")
SEKOLAH = FormField(
    "sekolah", "Sekolah (nama atau NPSN)", "text", label_en="School (name or NPSN)", max_length=120,
    help="Nama sekolah atau NPSN 8 angka, misalnya 20212345.",
    help_en="The school's name or its 8-digit NPSN, e.g. 20212345.")

SCHOOL_YEAR_ROLES = {"guru", "kepala_sekolah", "pengawas_sekolah"}
SCHOOL_ROLES = {"guru", "kepala_sekolah"}


def count_fields(indicator: Indicator) -> tuple[FormField, FormField]:
    """The two count fields of a coverage indicator, named as its ``Ratio`` names them."""
    counts = COUNTS[indicator.code]
    return (FormField(indicator.ratio.numerator, counts.numerator, "integer", label_en=counts.numerator_en,
                      required=True, minimum=Decimal(0)),
            FormField(indicator.ratio.denominator, counts.denominator, "integer", label_en=counts.denominator_en,
                      required=True, minimum=Decimal(1)))


def form_fields(indicator: Indicator) -> list[FormField]:
    """The fields of one catalogue indicator: its counts, then the school year and the school."""
    fields = list(count_fields(indicator)) if indicator.ratio else []
    roles = set(indicator.roles)
    if roles & SCHOOL_YEAR_ROLES:
        fields.append(TAHUN_AJARAN)
    if roles & SCHOOL_ROLES:
        fields.append(SEKOLAH)
    return fields
