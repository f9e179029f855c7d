"""Every page, walked in English, shows no Indonesian string of the id catalogue except official terms."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.page_catalogue import pages

CATALOGUE = Path(__file__).resolve().parents[2] / "kinerja_web" / "translations" / "id" / "LC_MESSAGES" / "messages.po"
MIN_LENGTH = 12
PLACEHOLDER = re.compile(r"%\([^)]*\)[sdf]|%[sdf]|\{[^}]*\}")
# Official terms of PermenPANRB 6/2022 and proper names: they keep their Indonesian name in English pages.
OFFICIAL = ("Di Atas Ekspektasi", "Sesuai Ekspektasi", "Di Bawah Ekspektasi", "Butuh Perbaikan",
            "Kurang/Misconduct", "Sangat Kurang", "Sangat Baik", "Dokumen Evaluasi", "Pejabat Penilai Kinerja",
            "Atasan Pejabat Penilai", "Sasaran Kinerja Pegawai", "Rencana Hasil Kerja", "Indikator Kinerja Individu",
            "Perilaku Kerja", "Bukti Dukung", "PermenPANRB")
OFFICIAL_FOLDED = {term.casefold() for term in OFFICIAL}


def fragments(msgstr: str) -> list[str]:
    """The literal pieces of a translation between its placeholders, long enough to be telling."""
    return [p.strip(" .,:;()–—") for p in PLACEHOLDER.split(msgstr) if len(p.strip(" .,:;()–—")) >= MIN_LENGTH]


def indonesian_strings() -> set[str]:
    with CATALOGUE.open("rb") as f:
        catalogue = read_po(f)
    found = set()
    for message in catalogue:
        if not message.id or not message.string or message.fuzzy:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if text in ids:
                continue
            for piece in fragments(text):
                if piece.casefold() not in OFFICIAL_FOLDED and not any(piece in i for i in ids):
                    found.add(piece)
    return found


def visible_text(page: str) -> str:
    """Text and attribute values of a page, without scripts' data, whitespace collapsed."""
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    attrs = " ".join(re.findall(r'(?:title|aria-label|placeholder|alt|value)="([^"]*)"', page))
    text = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(text + " " + attrs).split())


def test_catalogue_check_detects_an_indonesian_string():
    strings = indonesian_strings()
    assert any(len(s) >= MIN_LENGTH for s in strings)
    sample = sorted(strings)[0]
    assert sample in visible_text(f"<p>{html.escape(sample)}</p>")
    assert "Sesuai Ekspektasi" not in strings and "Bukti dukung" not in strings
    assert "Capaian" in " ".join(strings)  # the plain-language attainment line is in the catalogue


@pytest.mark.parametrize("username", [
    "", "staf.dinkes", "staf4.dinkes", "staf6.dinkes", "staf8.dinkes", "staf9.dinkes", "staf.disdik", "kabid.dinkes",
    "kadis.dinkes", "admin.dinkes", "admin"])
def test_every_page_in_english_has_no_indonesian_string(app, client, login, username):
    strings = indonesian_strings()
    browser = login(username) if username else client
    browser.get("/login")
    browser.post("/language", {"locale": "en", "next": "/login"})
    found = {}
    for path in pages()[username]:
        response = browser.get(path)
        assert response.status_code == 200, path
        text = visible_text(response.get_data(as_text=True))
        hits = sorted(s for s in strings if s in text)
        if hits:
            found[path] = hits
    assert not found, found
