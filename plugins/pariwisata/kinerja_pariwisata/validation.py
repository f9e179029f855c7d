"""Dinas Pariwisata's checks on a realisation before it is saved (``kinerja_validate_realization``).

Only values that cannot be true are refused, each with what to check: a negative
figure; a count (visits, events, villages) with decimals; a share above 100 % (a
hotel cannot let more rooms than it has, a calendar cannot hold more events than
it lists); a ratio whose numerator exceeds its denominator; a length of stay or an
index outside what its definition allows. Only this catalogue's indicators are
checked: a hand-written indicator is the assessor's to judge.
"""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.types import Indicator

from .fields import RATIO_FIELDS

# Units counted in whole numbers.
WHOLE = frozenset({"kunjungan", "orang", "event", "desa", "usaha", "materi", "kegiatan", "laporan"})

# (lowest, highest, the range in words, why) for values bounded by their definition;
# every "%" row of the catalogue is a share of a whole.
BOUNDS = {
    "%": (Decimal(0), Decimal(100), "0–100 %",
          "bagian tidak mungkin lebih besar dari keseluruhannya (kamar terjual tidak melebihi kamar tersedia, "
          "event terselenggara tidak melebihi yang terjadwal)"),
    "hari": (Decimal(1), Decimal(14), "1–14 hari",
             "rata-rata lama menginap adalah jumlah malam menginap dibagi jumlah tamu: paling sedikit 1 malam, "
             "dan di atas 14 hari bukan lagi tamu hotel biasa"),
    "indeks": (Decimal(25), Decimal(100), "25–100",
               "IKM menurut PermenPANRB 14/2017 adalah rata-rata nilai 1–4 dikali 25"),
}


def _n(value: Decimal) -> str:
    """A number as a person typed it: no exponent, no trailing zeros, a decimal comma."""
    text = f"{value.normalize():f}" if value == value.to_integral_value() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")


def messages(indicator: Indicator, value: Decimal, fields: dict, catalogue: frozenset[str]) -> list[str]:
    """What is wrong with ``value`` for one of our catalogue indicators; [] when it can be true."""
    if indicator.code not in catalogue:
        return []
    if indicator.ratio is not None:
        found = _ratio(indicator, fields)
        if found:
            return found
    if value < 0:
        return [f"Realisasi tidak boleh negatif ({_n(value)} {indicator.unit}). Periksa tanda minus pada angka "
                f"yang diisi."]
    if indicator.unit in WHOLE and value != value.to_integral_value():
        return [f"Jumlah {indicator.unit} dihitung dengan bilangan bulat, bukan {_n(value)}. Periksa apakah yang "
                f"terisi rata-rata atau persentase, bukan jumlahnya."]
    if indicator.unit in BOUNDS:
        low, high, words, why = BOUNDS[indicator.unit]
        if value > high and indicator.unit == "%":
            return [f"Nilai {_n(value)} % melebihi 100 %: {why}. Periksa kembali data sumbernya."]
        if not low <= value <= high:
            return [f"Nilai {_n(value)} di luar rentang yang mungkin ({words}): {why}. "
                    f"Periksa kembali data sumbernya."]
    return []


def _ratio(indicator: Indicator, fields: dict) -> list[str]:
    """The two counts of a ratio: both given, the denominator above 0 and not below the numerator."""
    top, bottom = RATIO_FIELDS[indicator.ratio.numerator], RATIO_FIELDS[indicator.ratio.denominator]
    numerator, denominator = fields.get(top.name), fields.get(bottom.name)
    if denominator is None or denominator == 0:
        return [f"Isi {bottom.label.lower()} (lebih dari 0): nilai indikator ini dihitung dari "
                f"{top.label.lower()} dibagi {bottom.label.lower()}."]
    if numerator is not None and numerator > denominator:
        return [f"{top.label} ({_n(numerator)}) melebihi {bottom.label.lower()} ({_n(denominator)}), sehingga "
                f"nilainya melebihi 100 %. Periksa kembali kedua angka itu."]
    return []
