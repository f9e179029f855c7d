"""Every string the app marks for translation has an Indonesian translation (the default language).

The msgids are English, so English needs no entry of its own; ``test_english.py`` walks the pages in
English for the other direction."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None,
            "lazy_ngettext": (1, 2)}


def marked() -> dict[str, str]:
    """msgid → where it is used, from the code and the templates (as ``babel.cfg`` says)."""
    found = {}
    methods = [("kinerja_web/**.py", "python"), ("kinerja_web/templates/**.html", "jinja2")]
    for filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT, methods, keywords=KEYWORDS, options_map={"kinerja_web/templates/**.html":
                                                           {"extensions": "jinja2.ext.i18n"}}):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, filename)
    return found


def test_the_extractor_finds_the_marked_strings():
    strings = marked()
    assert "Keep me logged in on this device" in strings  # auth/views.py
    assert "Record realisations" in strings  # execution/dashboard.html


def test_every_marked_string_has_an_indonesian_translation(locale="id"):
    with open(ROOT / f"kinerja_web/translations/{locale}/LC_MESSAGES/messages.po", "rb") as f:
        catalogue = read_po(f)
    missing = []
    for msgid, where in sorted(marked().items()):
        message = catalogue.get(msgid)
        text = message.string if message is not None else None
        if isinstance(text, tuple | list):
            text = text[0]
        if not text or (message is not None and message.fuzzy):
            missing.append(f"{where}: {msgid!r}")
    assert not missing, f"{len(missing)} strings without a {locale} translation:\n" + "\n".join(missing[:60])
