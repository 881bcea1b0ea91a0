"""Pure rules for matching the names people write to vocabulary entries."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

_LEGAL_SUFFIXES = {
    "gmbh", "ag", "inc", "incorporated", "ltd", "limited", "llc", "co", "corp", "corporation",
    "company", "spa", "sa", "srl", "as", "ab", "oy", "plc", "pty", "bv", "nv", "kg", "sarl",
    "ooo", "оао", "ао", "пао", "зао", "ооо",
}
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_INNER_DOTS = re.compile(r"(?<=\w)\.(?=\w)")


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Key under which two spellings of one organisation's name compare equal.

    Case, accents, punctuation, spacing and trailing legal forms ("GmbH", "Ltd",
    "ОАО") are ignored: "Heckler & Koch GmbH" and "heckler and koch" share a key.
    """
    if not text:
        return ""
    lowered = strip_accents(text).casefold().replace("&", " and ")
    lowered = _INNER_DOTS.sub("", lowered)  # "S.p.A." and "a.s." are one word each
    words = [word for word in _NON_WORD.split(lowered) if word and word != "_"]
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return "".join(words).replace("_", "")


_CALIBRE_TIMES = str.maketrans({"×": "x", "х": "x", "Х": "x", "*": "x", ",": ".", "X": "x"})
_CALIBRE_NOISE_WORDS = re.compile(r"\b(calibre|caliber|cal|kaliber|калибр)\b\.?")
_MILLIMETRE = re.compile(r"(?<=\d)\s*(mm|мм)\b")
_CALIBRE_KEEP = re.compile(r"[^a-z0-9.x\u0400-\u04ff]+")


def parenthetical_variants(name: str) -> list[str]:
    """"Kalashnikov Concern (Izhmash)" is also written "Izhmash" and "Kalashnikov Concern"."""
    match = re.fullmatch(r"\s*(.+?)\s*\((.+)\)\s*", name)
    return [match.group(1), match.group(2)] if match else []


@lru_cache(maxsize=4096)
def calibre_key(text: str) -> str:
    """Key under which two ways of writing one cartridge compare equal.

    "7.62x39mm", "7,62 × 39", "7.62 X 39 mm" -> "7.62x39"; ".45 ACP" and "45 acp" -> "45acp".
    """
    if not text:
        return ""
    lowered = strip_accents(text).translate(_CALIBRE_TIMES).casefold()
    lowered = _CALIBRE_NOISE_WORDS.sub(" ", lowered)
    lowered = _MILLIMETRE.sub(" ", lowered)
    lowered = _CALIBRE_KEEP.sub("", lowered)
    return lowered.strip(".")


@dataclass(frozen=True)
class CountryFacts:
    iso3: str
    iso2: str
    name: str
    bounds: tuple[float, float, float, float] | None


@dataclass
class VocabularyResolver:
    """The vocabularies as plain lookups, for hot loops (and picklable, for helper processes)."""

    countries: dict[str, CountryFacts] = field(default_factory=dict)
    iso2_to_iso3: dict[str, str] = field(default_factory=dict)
    weapon_types: set[str] = field(default_factory=set)
    calibre_by_key: dict[str, str] = field(default_factory=dict)
    manufacturer_by_key: dict[str, str] = field(default_factory=dict)
    # Factory codes made of letters and digits (e.g. "66", "386"), which get stamped in front of
    # the serial or left out of it; symbols such as "arrow-in-triangle" are not among them.
    factory_codes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    factory_codes_by_country: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def factory_codes_of(self, manufacturer_code: str, country: str = "") -> tuple[str, ...]:
        """Codes a weapon of this maker may carry before its serial.

        A maker without codes of its own (a state exporter such as Norinco) ships the products of
        its country's numbered factories, so their codes apply.
        """
        own = self.factory_codes.get(manufacturer_code, ()) if manufacturer_code else ()
        return own or self.factory_codes_by_country.get(country, ())

    def manufacturer(self, text: str) -> str | None:
        return self.manufacturer_by_key.get(name_key(text)) if text else None

    def calibre(self, text: str) -> str | None:
        return self.calibre_by_key.get(calibre_key(text)) if text else None
