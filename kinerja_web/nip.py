"""NIP (Nomor Induk Pegawai): 18 digits = birth date (8), recruitment year and
month (6), gender (1: male, 2: female), sequence number (3)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MIN_AGE_AT_RECRUITMENT = 18


class NipError(ValueError):
    """``code`` says what is wrong: length, birth_date, recruitment, too_young, gender, sequence."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Nip:
    birth_date: date
    recruited: tuple[int, int]
    gender: int
    sequence: int


def parse_nip(text: str, today: date) -> Nip:
    """Parse and check a NIP; raise :class:`NipError` naming the first problem."""
    nip = (text or "").replace(" ", "")
    if len(nip) != 18 or not nip.isascii() or not nip.isdigit():
        raise NipError("length")
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise NipError("birth_date") from None
    if birth.year < 1900 or birth > today:
        raise NipError("birth_date")
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12 or (year, month) > (today.year, today.month):
        raise NipError("recruitment")
    if (year, month) < (birth.year + MIN_AGE_AT_RECRUITMENT, birth.month):
        raise NipError("too_young")
    if nip[14] not in "12":
        raise NipError("gender")
    if nip[15:18] == "000":
        raise NipError("sequence")
    return Nip(birth, (year, month), int(nip[14]), int(nip[15:18]))
