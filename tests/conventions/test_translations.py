"""Every shipped language is complete, and no template shows text that bypasses translation."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "salw"
LOCALE = PACKAGE / "locale"
SHIPPED = ("fr", "es", "ar", "ru", "zh_Hans", "pt")

# %(name)s, %s, %d, %r... and {name}: what Python or Django fills in; a translation must keep them all.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs, with every plural form set against the plural source."""
    if entry.msgid_plural:
        return [(entry.msgid if index == 0 else entry.msgid_plural, text)
                for index, text in sorted(entry.msgstr_plural.items())]
    return [(entry.msgid, entry.msgstr)]


@pytest.mark.parametrize("language", SHIPPED)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    catalogue = _catalogue(language)
    assert len(catalogue) > 100
    empty = [entry.msgid for entry in catalogue if not entry.obsolete
             and any(not text.strip() for _, text in _translations(entry))]
    fuzzy = [entry.msgid for entry in catalogue if "fuzzy" in entry.flags]
    assert not empty, f"{language}: untranslated {empty[:10]}"
    assert not fuzzy, f"{language}: fuzzy {fuzzy[:10]}"


@pytest.mark.parametrize("language", SHIPPED)
def test_translations_keep_the_placeholders(language):
    wrong = []
    for entry in _catalogue(language):
        if entry.msgid_plural:
            # Each plural form may stand for either source form, so it must hold their placeholders.
            expected = set(PLACEHOLDER.findall(entry.msgid)) | set(PLACEHOLDER.findall(entry.msgid_plural))
            wrong += [(entry.msgid, text) for text in entry.msgstr_plural.values()
                      if set(PLACEHOLDER.findall(text)) != expected]
        elif sorted(PLACEHOLDER.findall(entry.msgid)) != sorted(PLACEHOLDER.findall(entry.msgstr)):
            wrong.append((entry.msgid, entry.msgstr))
    assert not wrong, f"{language}: {wrong[:5]}"


@pytest.mark.parametrize("language", SHIPPED)
def test_compiled_catalogue_matches_its_source(language):
    compiled = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))
    in_mo = {(entry.msgctxt, entry.msgid): entry for entry in compiled}
    stale = [entry.msgid for entry in _catalogue(language) if not entry.obsolete and (
        (entry.msgctxt, entry.msgid) not in in_mo
        or (entry.msgstr or entry.msgstr_plural) != (in_mo[(entry.msgctxt, entry.msgid)].msgstr
                                                     or in_mo[(entry.msgctxt, entry.msgid)].msgstr_plural))]
    assert not stale, f"{language}: run compilemessages; stale {stale[:5]}"


# --- templates --------------------------------------------------------------------------------

TRANSLATED_BLOCK = re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", re.S)
COMMENT = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|<!--.*?-->", re.S)
TEMPLATE_CODE = re.compile(r"{{.*?}}|{%.*?%}", re.S)
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]*>", re.S)
READABLE_ATTRIBUTE = re.compile(r"\b(?:title|alt|placeholder|aria-label|aria-description)=\"([^\"]*)\"")
WORD = re.compile(r"[^\W\d_]{2,}")
# Not words to translate: the product's name, file formats, the doctype.
NOT_TRANSLATABLE = {"salw", "XLSX", "CSV", "PNG", "SVG", "PDF", "SHA", "DOCTYPE", "html"}


def untranslated_text(source: str) -> list[str]:
    """Words a reader would see that no translate tag covers (a heuristic: code and markup removed)."""
    text = COMMENT.sub(" ", source)
    text = TRANSLATED_BLOCK.sub(" ", text)
    text = SCRIPT_OR_STYLE.sub(" ", text)
    attributes = [TEMPLATE_CODE.sub(" ", value) for value in READABLE_ATTRIBUTE.findall(text)]
    text = TEMPLATE_CODE.sub(" ", text)
    text = TAG.sub(" ", text)
    return [word for chunk in [text, *attributes] for word in WORD.findall(chunk)
            if word not in NOT_TRANSLATABLE]


def test_templates_show_no_text_outside_translate_tags():
    offenders = {}
    for path in sorted(PACKAGE.rglob("templates/**/*.html")):
        if path.parts[-3:-1] == ("templates", "api"):
            continue  # the API's Swagger page is for developers and stays English
        words = untranslated_text(path.read_text(encoding="utf-8"))
        if words:
            offenders[str(path.relative_to(PACKAGE))] = words[:8]
    assert not offenders, offenders


def test_the_template_check_catches_bare_text():
    assert untranslated_text("<p>Weapons held</p>") == ["Weapons", "held"]
    assert untranslated_text('<input placeholder="Serial">') == ["Serial"]
    assert untranslated_text('{% translate "Weapons held" %}<p>{{ count }}</p>') == []
    assert untranslated_text("{% blocktranslate %}{{ n }} weapons{% endblocktranslate %}") == []


def test_the_bundled_chinese_font_draws_every_character_of_the_chinese_interface():
    subset = PACKAGE / "web" / "static" / "vendor" / "fonts" / "noto-sans-sc" / "2.004-subset"
    drawn = set((subset / "characters.txt").read_text(encoding="utf-8"))
    used = {char for _, text in (pair for entry in _catalogue("zh_Hans") for pair in _translations(entry))
            for char in text if ord(char) >= 0x2E80}
    assert used <= drawn, f"run scripts/subset-chinese-font.py; missing {''.join(sorted(used - drawn))}"
