"""What Dinas Pendidikan checks before a realisation of its own catalogue is saved.

The host has already converted the plugin's fields by kind and enforced
required/min/max/length; this module checks what only the sector knows: a pure
participation rate (APM, APS) cannot exceed 100 while a gross one (APK) may, a
count has no decimals, an index stays on its scale, and the school year and
NPSN are written as the school system writes them. Messages say what to check.
A hand-written indicator (not in the catalogue) is not checked: its unit and
meaning are the planner's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .catalogue import AGENCY
from .fields import COUNTS
from .indicators import BY_CODE, GROSS_PARTICIPATION, PURE_PARTICIPATION

NEGATIVE = "Realisasi tidak boleh bernilai negatif: periksa kembali angka yang diisi."
SHARE_OVER_100 = ("Persentase tidak boleh melebihi 100 %: bagian tidak dapat lebih besar dari keseluruhannya. "
                  "Periksa kembali angka yang diisi.")
PURE_OVER_100 = ("Angka partisipasi murni/sekolah tidak boleh melebihi 100 %: yang dihitung hanya anak pada "
                 "kelompok usia itu. Periksa jumlah penduduk usia sekolah (Disdukcapil/BPS) dan usia peserta "
                 "didik di Dapodik.")
GROSS_OVER_200 = ("APK di atas 200 % tidak wajar. APK memang boleh melebihi 100 % karena menghitung peserta didik "
                  "di luar usia sekolah, tetapi periksa kembali jumlah penduduk usia sekolah (penyebut).")
IKM_RANGE = "Nilai IKM selalu antara 25 dan 100 (PermenPANRB 14/2017): periksa kembali hasil pengolahan survei."
MONTHS_OVER_12 = "Ketepatan waktu dihitung dalam bulan: paling banyak 12 bulan dalam setahun."
NOT_WHOLE = "Jumlah {unit} dihitung dalam bilangan bulat: isi tanpa desimal (misalnya 2, bukan 2,5)."
COUNT_MISSING = ('Kolom "{field}" belum diisi: nilai ini dihitung dari "{numerator}" dibagi "{denominator}", '
                 "tidak diketik langsung.")
COUNT_NOT_WHOLE = 'Kolom "{field}" harus bilangan bulat: isi tanpa desimal.'
COUNT_NEGATIVE = 'Kolom "{field}" tidak boleh negatif.'
COUNT_EXCEEDS = '"{numerator}" ({n}) melebihi "{denominator}" ({d}), sehingga nilainya melebihi 100 %: {hint}'
SCHOOL_YEAR = ("Tahun ajaran ditulis sebagai dua tahun berurutan dipisah garis miring, misalnya 2025/2026 "
               "(tertulis: {value}).")
NPSN = "NPSN terdiri atas 8 angka (tertulis: {value}): periksa NPSN sekolah di Dapodik, atau tulis nama sekolah."

SCHOOL_YEAR_PATTERN = re.compile(r"(\d{4})\s*/\s*(\d{4})")
NPSN_PATTERN = re.compile(r"(?:NPSN\W*)?(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Plausible:
    """The range a value of one kind can take, whether it is a whole number, and what to say above it."""

    low: Decimal
    high: Decimal | None = None
    whole: bool = False
    above: str = ""
    below: str = NEGATIVE


SHARE = Plausible(Decimal(0), Decimal(100), above=SHARE_OVER_100)
PURE_RATE = Plausible(Decimal(0), Decimal(100), above=PURE_OVER_100)
GROSS_RATE = Plausible(Decimal(0), Decimal(200), above=GROSS_OVER_200)
IKM = Plausible(Decimal(25), Decimal(100), above=IKM_RANGE, below=IKM_RANGE)
MONTHS = Plausible(Decimal(0), Decimal(12), whole=True, above=MONTHS_OVER_12)
COUNT = Plausible(Decimal(0), whole=True)

BY_UNIT = {"%": SHARE, "indeks": IKM, "bulan": MONTHS}  # any other unit (dokumen, laporan, JP, …) is a count
BY_INDICATOR = {**{code: PURE_RATE for code in PURE_PARTICIPATION},
                **{code: GROSS_RATE for code in GROSS_PARTICIPATION}}


def plausible(indicator) -> Plausible:
    """The plausible range of a catalogue indicator's value."""
    return BY_INDICATOR.get(indicator.code) or BY_UNIT.get(indicator.unit, COUNT)


def messages(indicator, value: Decimal, fields: dict) -> list[str]:
    """Everything wrong with a realisation of one of this agency's catalogue indicators; [] when none."""
    if indicator.agency != AGENCY.code or indicator.code not in BY_CODE:
        return []
    fields = fields or {}
    out = _counts(indicator, fields)
    above = None if out else _part_above_whole(indicator, fields)
    if above:  # said once, with the two counts: not again as a percentage above 100
        out.append(above)
    return out + _value(indicator, value, skip_above=bool(above)) + _school(fields)


def _value(indicator, value, skip_above: bool) -> list[str]:
    if value is None:
        return []
    rule = plausible(indicator)
    out = []
    if value < rule.low:
        out.append(rule.below)
    elif rule.high is not None and value > rule.high and not skip_above:
        out.append(rule.above)
    if rule.whole and value != value.to_integral_value():
        out.append(NOT_WHOLE.format(unit=indicator.unit))
    return out


def _number(value) -> Decimal | None:
    try:
        return None if value is None or value == "" else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None


def _counts(indicator, fields: dict) -> list[str]:
    """A coverage's two counts: both given, whole and not negative."""
    if indicator.ratio is None:
        return []
    counts = COUNTS[indicator.code]
    out = []
    for name, label in ((indicator.ratio.numerator, counts.numerator),
                        (indicator.ratio.denominator, counts.denominator)):
        given = _number(fields.get(name))
        if given is None:
            out.append(COUNT_MISSING.format(field=label, numerator=counts.numerator, denominator=counts.denominator))
            continue
        if given < 0:
            out.append(COUNT_NEGATIVE.format(field=label))
        if given != given.to_integral_value():
            out.append(COUNT_NOT_WHOLE.format(field=label))
    return out


def _part_above_whole(indicator, fields: dict) -> str | None:
    """The numerator above the denominator, where the part cannot exceed the whole (all but the APK)."""
    if indicator.ratio is None or indicator.code in GROSS_PARTICIPATION:
        return None
    counts = COUNTS[indicator.code]
    n, d = _number(fields.get(indicator.ratio.numerator)), _number(fields.get(indicator.ratio.denominator))
    if n is None or d is None or n <= d:
        return None
    return COUNT_EXCEEDS.format(numerator=counts.numerator, n=n, denominator=counts.denominator, d=d, hint=counts.hint)


def _school(fields: dict) -> list[str]:
    """The school year as 2025/2026 (consecutive years) and an NPSN of 8 digits, when given."""
    out = []
    year = str(fields.get("tahun_ajaran") or "").strip()
    if year:
        match = SCHOOL_YEAR_PATTERN.fullmatch(year)
        if not match or int(match[2]) != int(match[1]) + 1:
            out.append(SCHOOL_YEAR.format(value=year))
    school = str(fields.get("sekolah") or "").strip()
    npsn = NPSN_PATTERN.fullmatch(school.replace(" ", ""))
    if npsn and len(npsn[1]) != 8:
        out.append(NPSN.format(value=school))
    return out
