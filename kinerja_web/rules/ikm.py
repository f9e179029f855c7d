"""The public satisfaction index (Indeks Kepuasan Masyarakat, PermenPANRB 14/2017; RULES.md §6.4).

Respondents score nine service elements (unsur) from 1 (not good) to 4 (very good). The
regulation's index is the weighted mean of the per-element means (NRR, *nilai rata-rata*),
every element weighing 1/9, converted to 25–100 by multiplying by 25:

    NRR_u = Σ answers to element u / respondents
    IKM   = (Σ_u NRR_u × 1/9) × 25          (= the mean of all answers × 25)

Everything here is computed from the integer sums per element and the respondent count, as
exact fractions: never from rounded NRRs, never with the weight rounded to 0.111 (which shifts
an index by up to a point). Decimals carry 28 significant digits; rounding happens only where a
number is shown (two decimals, half up, as the regulation's tables print it).

The sums may come from raw answers (:func:`tally`) or from SQL (``COUNT`` and ``SUM`` per
element): :func:`compute` takes either, and both give the same :class:`Result`.

Grades. The interval table is printed at two decimals with gaps between the bands (B ends at
88.30, A starts at 88.31). On the exact value each boundary lies halfway across its gap: A from
88.305, B from 76.605, C from 64.995. So an index between 88.30 and 88.31 is A from 88.305 up
and B below it, which is the grade its value shows when rounded to two decimals: a page never
prints 88.31 beside a B.

Sample size. The regulation sizes the sample with the Krejcie–Morgan table from the number of
service users in the period (:func:`required_sample`). When that population is not known, a
result is flagged as too small below :data:`MIN_RESPONDENTS` respondents (30: below it the
mean of a 1–4 scale swings by more than a grade from one respondent to the next) [D].
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

CODE = "ikm_permenpanrb_14_2017"
VERSION = 1
SCALE = (1, 2, 3, 4)
CONVERSION = 25  # the index is the mean answer × 25: 25 (all 1) to 100 (all 4)
MIN_RESPONDENTS = 30
LOWEST_SHOWN = 3


@dataclass(frozen=True)
class Element:
    """A service element (unsur pelayanan) as the regulation names it, with an English name."""

    code: str
    name: str
    name_en: str


# The order of elements 8 and 9 differs between copies of the regulation; it changes nothing.
ELEMENTS = (
    Element("U1", "Persyaratan", "Requirements"),
    Element("U2", "Sistem, Mekanisme, dan Prosedur", "Systems, mechanisms and procedures"),
    Element("U3", "Waktu Penyelesaian", "Completion time"),
    Element("U4", "Biaya/Tarif", "Cost or fee"),
    Element("U5", "Produk Spesifikasi Jenis Pelayanan", "Service products as specified"),
    Element("U6", "Kompetensi Pelaksana", "Competence of the staff"),
    Element("U7", "Perilaku Pelaksana", "Conduct of the staff"),
    Element("U8", "Penanganan Pengaduan, Saran, dan Masukan", "Handling of complaints, suggestions and feedback"),
    Element("U9", "Sarana dan Prasarana", "Facilities and infrastructure"),
)
WEIGHT = Fraction(1, len(ELEMENTS))  # each element weighs exactly 1/9


@dataclass(frozen=True)
class Grade:
    """A row of the interval table: quality of service (mutu) and the unit's performance (kinerja)."""

    code: str
    label: str
    label_en: str
    lowest: Decimal  # the published bounds of the converted index
    highest: Decimal


GRADES = (  # best first
    Grade("A", "Sangat Baik", "Very good", Decimal("88.31"), Decimal("100.00")),
    Grade("B", "Baik", "Good", Decimal("76.61"), Decimal("88.30")),
    Grade("C", "Kurang Baik", "Poor", Decimal("65.00"), Decimal("76.60")),
    Grade("D", "Tidak Baik", "Very poor", Decimal("25.00"), Decimal("64.99")),
)
# Where each grade starts on the exact value: halfway across the gap below its published lower bound.
_STARTS = tuple((Fraction(g.lowest) + Fraction(below.highest)) / 2
                for g, below in zip(GRADES, GRADES[1:], strict=False))


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class Tally:
    """Respondents and the sum of their answers per element (``totals`` in :data:`ELEMENTS` order)."""

    respondents: int
    totals: tuple[int, ...]

    def __post_init__(self):
        if len(self.totals) != len(ELEMENTS):
            raise ValueError(f"a tally has {len(ELEMENTS)} sums, got {len(self.totals)}")
        n = self.respondents
        if not _is_int(n) or n < 0:
            raise ValueError(f"respondents must be a whole number ≥ 0, got {n!r}")
        for element, total in zip(ELEMENTS, self.totals, strict=True):
            if not _is_int(total) or not min(SCALE) * n <= total <= max(SCALE) * n:
                raise ValueError(f"{element.code}: {total!r} cannot be the sum of {n} answers of 1–4")

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.respondents + other.respondents,
                     tuple(a + b for a, b in zip(self.totals, other.totals, strict=True)))


EMPTY = Tally(0, (0,) * len(ELEMENTS))


def tally(answers: Iterable[Sequence[int]]) -> Tally:
    """Sum raw answers, one 9-tuple of whole numbers 1–4 per respondent; anything else is refused."""
    n, totals = 0, [0] * len(ELEMENTS)
    for row in answers:
        row = tuple(row)
        if len(row) != len(ELEMENTS) or not all(_is_int(a) and a in SCALE for a in row):
            raise ValueError(f"respondent {n + 1}: expected {len(ELEMENTS)} answers of 1–4, got {row!r}")
        n += 1
        for i, a in enumerate(row):
            totals[i] += a
    return Tally(n, tuple(totals))


def required_sample(population: int) -> int:
    """Krejcie–Morgan: the respondents needed from ``population`` service users (χ² = 3.841 for one
    degree of freedom at 95 %, P = 0.5, margin 5 %, rounded to the nearest whole number as their table
    is): 10 of 10, 44 of 50, 80 of 100, 278 of 1,000, 384 of a million."""
    if population <= 0:
        return 0
    chi2, p, d = Decimal("3.841"), Decimal("0.5"), Decimal("0.05")
    need = chi2 * population * p * (1 - p) / (d * d * (population - 1) + chi2 * p * (1 - p))
    return min(population, int(need.quantize(Decimal(1), rounding=ROUND_HALF_UP)))


@dataclass(frozen=True)
class Result:
    """The index of one set of answers, with what produced it (``rule`` at ``version``).

    ``nrr`` and ``index`` are empty/None without respondents; ``exact`` is the index as a fraction,
    which the grade is decided on; ``lowest`` are the elements with the lowest NRR, lowest first
    (ties in element order); ``too_small`` compares ``respondents`` with ``minimum``.
    """

    respondents: int
    totals: tuple[int, ...]
    nrr: tuple[Decimal, ...]
    index: Decimal | None
    exact: Fraction | None
    grade: Grade | None
    lowest: tuple[Element, ...]
    too_small: bool
    minimum: int
    rule: str = CODE
    version: int = VERSION

    @property
    def shown(self) -> Decimal | None:
        """The index as the regulation prints it: two decimals, half up."""
        return None if self.index is None else self.index.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def nrr_shown(self) -> tuple[Decimal, ...]:
        """The NRR for display: two decimals, half up (empty without respondents)."""
        return tuple(n.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) for n in self.nrr)

    def weakest(self) -> list[tuple[Element, Decimal]]:
        """The :attr:`lowest` elements with their NRR as shown."""
        shown = dict(zip(ELEMENTS, self.nrr_shown, strict=False))
        return [(e, shown[e]) for e in self.lowest]


def grade_of(exact: Fraction) -> Grade:
    """The grade of an exact index (see the module docstring for the gaps between the bands)."""
    for grade, start in zip(GRADES, _STARTS, strict=False):  # D has no start: it is what remains
        if exact >= start:
            return grade
    return GRADES[-1]


def _decimal(value: Fraction) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 28
        return Decimal(value.numerator) / Decimal(value.denominator)


def compute(data: Tally | Iterable[Sequence[int]], population: int | None = None) -> Result:
    """The index of raw answers (9-tuples of 1–4) or of a :class:`Tally` of them.

    ``population``: the service users of the period, when known, for the Krejcie–Morgan sample size;
    else :data:`MIN_RESPONDENTS`.

    Example::

        >>> compute([(4, 3, 3, 4, 3, 3, 4, 2, 3)]).shown
        Decimal('80.56')
    """
    counted = data if isinstance(data, Tally) else tally(data)
    n = counted.respondents
    minimum = MIN_RESPONDENTS if population is None else required_sample(population)
    if n == 0:
        return Result(0, counted.totals, (), None, None, None, (), True, minimum)
    means = [Fraction(total, n) for total in counted.totals]
    exact = sum(m * WEIGHT for m in means) * CONVERSION
    order = sorted(range(len(ELEMENTS)), key=lambda i: (means[i], i))
    return Result(respondents=n, totals=counted.totals, nrr=tuple(_decimal(m) for m in means),
                  index=_decimal(exact), exact=exact, grade=grade_of(exact),
                  lowest=tuple(ELEMENTS[i] for i in order[:LOWEST_SHOWN]), too_small=n < minimum,
                  minimum=minimum)
