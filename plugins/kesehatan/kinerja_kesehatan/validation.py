"""Checks on a realisation of a Dinas Kesehatan indicator before it is saved.

Messages speak to the person typing, in Indonesian, and say what to check.
A ratio indicator's value is derived from its two counts; when the counts are
given they are checked (both present, whole, the share within its
denominator), and when none is given the value was typed and is checked as
the percentage or rate it is. A share above its denominator is refused,
except where the indicator's rule caps it (``rules.ACCEPTS_OVER_DENOMINATOR``:
an SPM sasaran is an estimate the unit cannot correct).
"""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.types import Aspect, Indicator

from .fields import COUNTS
from .rules import ACCEPTS_OVER_DENOMINATOR

NEGATIVE = "Realisasi tidak boleh bernilai negatif."
OVER_100 = "Cakupan tidak boleh melebihi 100%. Periksa kembali jumlah yang dilayani dan jumlah sasaran."
PERCENT_OVER_100 = "Persentase tidak boleh melebihi 100%. Periksa kembali pembilang dan penyebutnya."
NOT_WHOLE = ("Realisasi berupa jumlah {unit} harus bilangan bulat, tanpa desimal. "
             "Periksa kembali angka yang dimasukkan.")
FIELD_NOT_WHOLE = "{label} harus bilangan bulat, tanpa desimal."
FIELD_NEGATIVE = "{label} tidak boleh negatif."
MISSING = "{missing} belum diisi: nilai ini dihitung dari {numerator} dibagi {denominator}."
ZERO = "{label} harus lebih dari 0: tanpa penyebut nilai ini tidak dapat dihitung."
OVER_DENOMINATOR = ("{numerator} ({n}) melebihi {denominator} ({d}). "
                    "Periksa apakah kedua angka tertukar atau {denominator_lower} belum diperbarui.")

# Realisations counted in whole things: a decimal means a typing error.
WHOLE_UNITS = frozenset({"kasus", "kunjungan", "pasien", "persalinan"})

# code → (lowest, highest, what the range is): rates and indices that cannot leave their scale
RANGES = {
    "IKM_PUSKESMAS": (Decimal(25), Decimal(100), "Nilai IKM berada pada skala 25–100 (PermenPANRB 14/2017). "
                      "Periksa hasil survei kepuasan masyarakat."),
    "KAPUS_IKM": (Decimal(25), Decimal(100), "Nilai IKM berada pada skala 25–100 (PermenPANRB 14/2017). "
                  "Periksa hasil survei kepuasan masyarakat."),
    "INDEKS_KELUARGA_SEHAT": (Decimal(0), Decimal(1), "Indeks Keluarga Sehat berada antara 0 dan 1 (misalnya "
                              "0,35), bukan persen. Periksa rekap Profil Kesehatan Keluarga."),
    "ANGKA_KEMATIAN_BAYI": (Decimal(0), Decimal(1000), "AKB per 1.000 kelahiran hidup tidak mungkin melebihi "
                            "1.000. Periksa jumlah kematian bayi dan jumlah kelahiran hidup."),
    "ANGKA_KEMATIAN_IBU": (Decimal(0), Decimal(100_000), "AKI per 100.000 kelahiran hidup tidak mungkin melebihi "
                           "100.000. Periksa jumlah kematian ibu dan jumlah kelahiran hidup."),
}


def label(name: str) -> str:
    return COUNTS[name][0] if name in COUNTS else name


def validate(indicator: Indicator, value: Decimal, fields: dict) -> list[str]:
    """The messages for one realisation of one of this plugin's indicators; [] when acceptable."""
    if value < 0:
        return [NEGATIVE]
    messages = _field_messages(fields)
    ratio = indicator.ratio
    counts = {ratio.numerator, ratio.denominator} & set(fields) if ratio else set()
    if counts:
        messages += _ratio_messages(indicator, fields)
    elif indicator.unit == "%" and value > 100:
        messages.append(OVER_100 if indicator.aspect is Aspect.QUANTITY else PERCENT_OVER_100)
    if indicator.unit in WHOLE_UNITS and value != value.to_integral_value():
        messages.append(NOT_WHOLE.format(unit=indicator.unit))
    if indicator.code in RANGES and not messages:
        low, high, what = RANGES[indicator.code]
        if not low <= value <= high:
            messages.append(what)
    return messages


def _field_messages(fields: dict) -> list[str]:
    messages = []
    for name, given in fields.items():
        if name not in COUNTS or not isinstance(given, Decimal):
            continue
        if given < 0:
            messages.append(FIELD_NEGATIVE.format(label=label(name)))
        elif given != given.to_integral_value():
            messages.append(FIELD_NOT_WHOLE.format(label=label(name)))
    return messages


def _ratio_messages(indicator: Indicator, fields: dict) -> list[str]:
    ratio = indicator.ratio
    numerator, denominator = fields.get(ratio.numerator), fields.get(ratio.denominator)
    words = {"numerator": label(ratio.numerator).lower(), "denominator": label(ratio.denominator).lower()}
    if numerator is None or denominator is None:
        missing = ratio.numerator if numerator is None else ratio.denominator
        return [MISSING.format(missing=label(missing), **words)]
    if denominator <= 0:
        return [ZERO.format(label=label(ratio.denominator))]
    if numerator > denominator and indicator.scoring not in ACCEPTS_OVER_DENOMINATOR:
        over = OVER_DENOMINATOR.format(numerator=label(ratio.numerator), n=numerator,
                                       denominator=label(ratio.denominator), d=denominator,
                                       denominator_lower=words["denominator"])
        if ratio.per == 100:
            lead = OVER_100 if indicator.aspect is Aspect.QUANTITY else PERCENT_OVER_100
            over = f"{lead.split('.')[0]}: {over}"
        return [over]
    return []
