"""Dinas Pariwisata's own rules, where the national default misreads tourism.

Growth targets ("+5–10 % kunjungan per tahun", RULES.md §6.3) need no rule of
their own: the national ``growth_over_baseline`` compares the realised level with
``baseline × (1 + growth/100)``, which is how a Renstra states them. What tourism
adds is below: a season for summed visits, a tolerance for length of stay, and a
cap for events held to a calendar. Each is a class with a stable code and version;
a change of weights or formula is a new version, so stored results stay explainable.
"""
from __future__ import annotations

from decimal import Decimal

from kinerja_web.rules.aggregation import Seasonal
from kinerja_web.rules.scoring import Capped, HigherIsBetter, ToleranceBand


def _weights(*values: int) -> tuple[Decimal, ...]:
    if len(values) != 12:
        raise ValueError("a season needs one weight per month, January to December")
    return tuple(Decimal(v) for v in values)


class MusimWisnus(Seasonal):
    """Domestic visits (wisnus) are due by season, not pro rata.

    BPS's monthly statistics of domestic trips ("Perjalanan Wisatawan Nusantara",
    and the monthly hotel guest counts in the Berita Resmi Statistik on
    accommodation) peak in the school holidays (late June and July), in December
    (Christmas and New Year) and around Lebaran (late March or April in 2023–2026,
    about eleven days earlier each year, so it is spread over both months here), and
    are low in February and in September–November. Pro rata, a Dinas is "behind"
    every first half-year and "ahead" every second. The weights below (per cent of
    the year's visits, January to December) are illustrative: each region reads
    its own from its BPS or ticketing data and declares them as a new version.
    """

    code, version = "musim_wisnus", 1
    title = "Musim kunjungan wisatawan nusantara (libur sekolah, Lebaran, akhir tahun)"
    title_en = "Season of domestic tourist visits (school holidays, Lebaran, year end)"
    #                  Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec
    weights = _weights(8, 6, 8, 8, 8, 10, 11, 8, 7, 7, 7, 12)


class MusimWisman(Seasonal):
    """Foreign visits (wisman) are due by their own season.

    BPS's monthly foreign arrivals ("Kunjungan Wisatawan Mancanegara", Berita Resmi
    Statistik) peak in July and August (the northern summer holidays of the main
    source markets) and again in December, and are lowest in February. The weights
    (per cent of the year's arrivals, January to December) are illustrative; each
    region declares its own.
    """

    code, version = "musim_wisman", 1
    title = "Musim kunjungan wisatawan mancanegara (libur musim panas, akhir tahun)"
    title_en = "Season of foreign tourist visits (northern summer holidays, year end)"
    #                  Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec
    weights = _weights(7, 6, 7, 8, 8, 9, 11, 11, 9, 8, 7, 9)


class ToleransiLamaMenginap(ToleranceBand):
    """Average length of stay (RLMT, days) within 0.1 day of its target meets it: 100 %.

    BPS publishes RLMT to two decimals as guest-nights ÷ guests, and the monthly
    figure moves by about a tenth of a day without any change in policy; 1.95 days
    against a target of 2 is noise, not a 2.5 % shortfall. Outside the band the
    normal condition applies (RULES.md §3.3). The width is illustrative.
    """

    code, version = "toleransi_rlmt", 1
    tolerance = Decimal("0.1")
    title = "Lama menginap dengan pita toleransi ±0,1 hari"
    formula = "100 % bila |realisasi − target| ≤ 0,1 hari, selain itu realisasi / target × 100 %"
    title_en = "Length of stay with a tolerance band of ±0.1 day"
    formula_en = "100 % if |realisation − target| ≤ 0.1 day, otherwise realisation / target × 100 %"


class EventSesuaiKalender(Capped):
    """Events held to the calendar of events: the capaian is at most 100 %.

    The calendar (kalender event) is the agreed, budgeted programme of the year.
    Holding more events than it lists is not merit to reward, since an event outside
    the calendar has no budget line or approval; holding fewer is a shortfall.
    So the normal condition applies, capped at 100 %.
    """

    code, version = "event_kalender", 1
    base = HigherIsBetter
    cap = Decimal(100)
    title = "Event sesuai kalender event (capaian paling tinggi 100 %)"
    title_en = "Events held to the calendar of events (attainment at most 100 %)"


SCORING_RULES = (ToleransiLamaMenginap, EventSesuaiKalender)
DUE_RULES = (MusimWisnus, MusimWisman)
