"""Manufacturer families and serial-number shapes for SYNTHETIC registry data.

Serial shapes follow domain.md §2 ("shapes, not rules"); the exact schemes per arsenal and year
are unverified, so nothing here may become a validation rule. What matters for the demo and the
benchmarks is that the data behaves like real registries:

- weapons arrive in SEQUENTIAL PRODUCTION RUNS: consecutive numbers (with the odd gap) from one
  maker, model and year, so near-neighbour serials really exist;
- the SAME serial occurs under different makers (numbering restarts per factory, prefix or
  year, and low numbers are common), so a serial alone never identifies a weapon;
- the same mark is written differently from run to run: Cyrillic prefixes as stamped or in
  Latin transliteration, Chinese factory codes written, merged into the number or dropped.

Template tokens: ``{C1}``/``{C2}`` one or two Cyrillic letters (rendered per run as stamped,
as Latin look-alikes or transliterated), ``{L1}``..``{L3}`` Latin letters, ``{YYYY}``/``{YY}``
the run's year, ``{F}`` the factory code, ``{N}`` the number unpadded, ``{N3}``..``{N8}`` the
number zero-padded to that width. Each template holds exactly one number token.

Countries are ISO 3166-1 alpha-3 codes of today's states: Soviet-era arsenals are ``RUS``,
Yugoslav ``SRB`` (the retired codes SUN/YUG are not in the current standard).
"""

from __future__ import annotations

import math
import random
import re

MAX_YEAR = 2025  # latest year of manufacture in the synthetic data

# Holder categories, in this order, for the "holders" weights of each family.
HOLDER_CATEGORIES = ("state_armed_forces", "state_law_enforcement", "state_other",
                     "licensed_civilian", "dealer")

_MILITARY = (70, 24, 6, 0, 0)
_HEAVY = (92, 8, 0, 0, 0)
_PISTOL = (22, 43, 10, 20, 5)
_SHOTGUN = (0, 10, 8, 70, 12)


def _variant(maker, country, model, calibres, weapon_type, years, weight, *, written=(), serials=None,
             numbers=None, factory_codes=()):
    return {
        "manufacturer": maker, "manufacturer_written": (maker, *written), "country": country,
        "model": model, "calibres": tuple(calibres), "weapon_type": weapon_type,
        "years": (years[0], min(years[1], MAX_YEAR)), "weight": weight, "serials": serials,
        "numbers": numbers, "factory_codes": tuple(factory_codes),
    }


_IZHMASH = ("IZHMASH", "Izhevsk", "Izhevsk Machine-Building Plant")
_TULA = ("Tula", "TOZ")
_AK762 = ("7.62x39mm", "7.62x39", "7.62 x 39", "7.62mm")
_AK545 = ("5.45x39", "5.45x39mm", "5.45mm")
_NATO762 = ("7.62x51 NATO", "7.62x51mm", "7.62 NATO", ".308 Win")
_LUGER = ("9mm Luger", "9x19mm", "9mm Parabellum", "9mm")
_MAKAROV = ("9x18 Makarov", "9x18mm", "9mm Makarov")
_TOKAREV = ("7.62x25 Tokarev", "7.62x25mm", "7.62mm Tokarev")
_R54 = ("7.62x54R", "7.62x54mmR", "7.62x54")
_GAUGE12 = ("12 gauge", "12 GA", "12ga", "12-bore")
_SOVIET_SERIALS = (("{C2}{N4}", 5), ("{C2} {N4}", 3), ("{C1}{N5}", 1), ("{C2}{N6}", 1))
_CN_SERIALS = (("{F} {N}", 35), ("{F}{N}", 10), ("{N}", 50), ("/{F}\\ {N}", 5))
_CN_CODES = ("66", "26", "386", "416")

FAMILIES: dict[str, dict] = {
    "soviet_ak": {
        "label": "Soviet/Russian Kalashnikov pattern (serial: Cyrillic prefix + digits, year apart)",
        "weight": 14, "run_length": (20, 1500), "year_known": 0.9, "holders": _MILITARY,
        "serials": _SOVIET_SERIALS, "variants": [
            _variant("Izhmash", "RUS", "AKM", _AK762, "sa_assault_rifle", (1959, 1977), 5, written=_IZHMASH),
            _variant("Tula Arms Plant", "RUS", "AKM", _AK762, "sa_assault_rifle", (1959, 1977), 3,
                     written=_TULA),
            _variant("Izhmash", "RUS", "AK-47", _AK762, "sa_assault_rifle", (1949, 1959), 2, written=_IZHMASH),
            _variant("Izhmash", "RUS", "AK-74", _AK545, "sa_assault_rifle", (1974, 1991), 2, written=_IZHMASH),
            _variant("Kalashnikov Concern", "RUS", "AK-103", _AK762, "sa_assault_rifle", (2001, 2020), 1,
                     written=("Kalashnikov", "Izhmash")),
            _variant("Izhmash", "RUS", "RPK", _AK762, "sa_lmg", (1961, 1978), 1, written=_IZHMASH),
            _variant("Tula Arms Plant", "RUS", "SKS", _AK762, "sa_rifle_carbine.rifle", (1949, 1958), 1,
                     written=_TULA, serials=(("{C1}{N4}", 1),)),
        ],
    },
    "chinese_type56": {
        "label": "Chinese Type 56 (factory number in a triangle + 7-8 digit serial)",
        "weight": 24, "run_length": (20, 2000), "year_known": 0.45, "holders": _MILITARY,
        "serials": _CN_SERIALS, "numbers": (1_000_000, 29_999_999), "variants": [
            _variant("State Factory 66", "CHN", "Type 56", _AK762, "sa_assault_rifle", (1956, 1990), 3,
                     written=("Factory 66",), factory_codes=("66",)),
            _variant("State Factory 26", "CHN", "Type 56", _AK762, "sa_assault_rifle", (1960, 1995), 2,
                     written=("Factory 26",), factory_codes=("26",)),
            _variant("State Factory 386", "CHN", "Type 56-1", _AK762, "sa_assault_rifle", (1965, 1995), 2,
                     written=("Factory 386",), factory_codes=("386",)),
            _variant("State Factory 416", "CHN", "Type 56-2", _AK762, "sa_assault_rifle", (1980, 2000), 1,
                     written=("Factory 416",), factory_codes=("416",)),
            _variant("Norinco", "CHN", "Type 56", _AK762, "sa_assault_rifle", (1980, 2005), 3,
                     written=("NORINCO", "China North Industries"), factory_codes=_CN_CODES),
            _variant("Norinco", "CHN", "Type 56 carbine (SKS)", _AK762, "sa_rifle_carbine.rifle",
                     (1956, 1985), 1, written=("NORINCO",), factory_codes=_CN_CODES),
        ],
    },
    "romanian_ak": {
        "label": "Romanian Kalashnikov pattern (year + letters + number)",
        "weight": 6, "run_length": (20, 1000), "year_known": 0.95, "holders": _MILITARY,
        "serials": (("{YYYY} {L2} {N4}", 6), ("{L2}{N4}", 2), ("{L2}-{N4}-{YYYY}", 1)), "variants": [
            _variant("Cugir", "ROU", "PM md. 63", _AK762, "sa_assault_rifle", (1963, 1975), 3,
                     written=("Cugir Arms Factory", "Fabrica de Arme Cugir", "ROMARM")),
            _variant("Cugir", "ROU", "PM md. 65", _AK762, "sa_assault_rifle", (1965, 1985), 2,
                     written=("Cugir Arms Factory", "ROMARM")),
            _variant("Cugir", "ROU", "PM md. 90", _AK762, "sa_assault_rifle", (1990, 2005), 1,
                     written=("ROMARM", "Cugir Arms Factory")),
        ],
    },
    "bulgarian_ak": {
        "label": "Bulgarian Kalashnikov pattern (letters + number + 2-digit year)",
        "weight": 5, "run_length": (20, 1000), "year_known": 0.95, "holders": _MILITARY,
        "serials": (("{L2} {N4} {YY}", 6), ("{L2}{N4}", 3)), "variants": [
            _variant("Arsenal AD", "BGR", "AKM", _AK762, "sa_assault_rifle", (1965, 1990), 2,
                     written=("Arsenal", "Arsenal JSCo", "Kazanlak")),
            _variant("Arsenal AD", "BGR", "AR-M1", _AK762, "sa_assault_rifle", (1998, 2015), 1,
                     written=("Arsenal", "Arsenal JSCo")),
            _variant("Arsenal AD", "BGR", "AKS-74", _AK545, "sa_assault_rifle", (1978, 1990), 1,
                     written=("Arsenal",)),
        ],
    },
    "yugoslav_ak": {
        "label": "Yugoslav/Serbian M70 (numeric serial, year apart)",
        "weight": 4, "run_length": (20, 1000), "year_known": 0.9, "holders": _MILITARY,
        "serials": (("{N}", 8), ("{L1} {N}", 2)), "numbers": (100, 999_999), "variants": [
            _variant("Zastava", "SRB", "M70", _AK762, "sa_assault_rifle", (1970, 1991), 2,
                     written=("Zastava Arms", "Zavodi Crvena Zastava", "ZCZ")),
            _variant("Zastava", "SRB", "M70AB2", _AK762, "sa_assault_rifle", (1974, 2000), 3,
                     written=("Zastava Arms", "Zavodi Crvena Zastava")),
            _variant("Zastava", "SRB", "M72", _AK762, "sa_lmg", (1972, 1990), 1, written=("Zastava Arms",)),
        ],
    },
    "hk_g3": {
        "label": "Heckler & Koch G3 and licence copies (numeric serial)",
        "weight": 10, "run_length": (20, 1500), "year_known": 0.95, "holders": (62, 30, 8, 0, 0),
        "serials": (("{N}", 1),), "numbers": (100, 999_999), "variants": [
            _variant("Heckler & Koch", "DEU", "G3A3", _NATO762, "sa_assault_rifle", (1960, 1995), 2,
                     written=("H&K", "HK", "Heckler und Koch")),
            _variant("Pakistan Ordnance Factories", "PAK", "G3A3", _NATO762, "sa_assault_rifle", (1967, 2020), 3,
                     written=("POF", "P.O.F. Wah Cantt")),
            _variant("Heckler & Koch", "DEU", "MP5", _LUGER, "sa_smg", (1966, 2020), 1,
                     written=("H&K", "HK")),
            _variant("Pakistan Ordnance Factories", "PAK", "MP5", _LUGER, "sa_smg", (1985, 2020), 1,
                     written=("POF",)),
        ],
    },
    "fn_fal": {
        "label": "FN FAL and British L1A1 (numeric or 2 letters + 5 digits)",
        "weight": 5, "run_length": (20, 1000), "year_known": 0.9, "holders": _MILITARY,
        "variants": [
            _variant("FN Herstal", "BEL", "FN FAL", _NATO762, "sa_assault_rifle", (1953, 1988), 3,
                     written=("FN", "Fabrique Nationale", "FN Herstal Belgium"),
                     serials=(("{N}", 1),), numbers=(1000, 1_999_999)),
            _variant("Royal Small Arms Factory Enfield", "GBR", "L1A1 SLR", _NATO762, "sa_assault_rifle",
                     (1957, 1985), 2, written=("RSAF Enfield", "Enfield"), serials=(("{L2}{N5}", 1),)),
        ],
    },
    "lee_enfield": {
        "label": "Lee-Enfield bolt-action rifles (letter + 4 digits, letter suffix)",
        "weight": 2, "run_length": (5, 300), "year_known": 0.85, "holders": (20, 50, 10, 15, 5),
        "serials": (("{L1}{N4}", 3), ("{L1}{N4}{L1}", 2)), "variants": [
            _variant("ROF Fazakerley", "GBR", "Lee–Enfield No.4", (".303 British", ".303", "303"),
                     "sa_rifle_carbine.rifle", (1941, 1955), 3, written=("Fazakerley",)),
            _variant("Royal Small Arms Factory Enfield", "GBR", "SMLE No.1 Mk III",
                     (".303 British", ".303"), "sa_rifle_carbine.rifle", (1907, 1943), 1,
                     written=("RSAF Enfield", "Enfield")),
            _variant("Rifle Factory Ishapore", "IND", "SMLE No.1 Mk III*", (".303 British", ".303"),
                     "sa_rifle_carbine.rifle", (1920, 1965), 1, written=("RFI", "Ishapore")),
        ],
    },
    "glock": {
        "label": "Glock pistols (3 letters + 3 digits)",
        "weight": 3, "run_length": (5, 300), "year_known": 0.97, "holders": _PISTOL,
        "serials": (("{L3}{N3}", 1),), "variants": [
            _variant("Glock", "AUT", "Glock 17", _LUGER, "sa_revolver_pistol.pistol", (1990, 2025), 3,
                     written=("GLOCK", "Glock GmbH")),
            _variant("Glock", "AUT", "Glock 19", _LUGER, "sa_revolver_pistol.pistol", (1990, 2025), 2,
                     written=("GLOCK",)),
        ],
    },
    "beretta": {
        "label": "Beretta pistols (BER + 6 digits + Z, or 2 letters + 5 digits)",
        "weight": 3, "run_length": (5, 300), "year_known": 0.97, "holders": _PISTOL,
        "variants": [
            _variant("Beretta", "ITA", "Beretta 92FS", _LUGER, "sa_revolver_pistol.pistol", (1990, 2025), 3,
                     written=("P. Beretta", "Pietro Beretta"), serials=(("BER{N6}Z", 1),)),
            _variant("Beretta", "ITA", "Beretta 92", _LUGER, "sa_revolver_pistol.pistol", (1976, 1990), 1,
                     written=("P. Beretta",), serials=(("{L2}{N5}", 1),)),
        ],
    },
    "fn_browning": {
        "label": "FN Browning Hi-Power (model code + PM + 5 digits)",
        "weight": 2, "run_length": (5, 300), "year_known": 0.9, "holders": _PISTOL,
        "serials": (("245PM{N5}", 3), ("245NM{N5}", 1)), "variants": [
            _variant("FN Herstal", "BEL", "Browning Hi-Power", _LUGER, "sa_revolver_pistol.pistol",
                     (1955, 2017), 1, written=("FN", "Browning", "Fabrique Nationale")),
        ],
    },
    "soviet_pistol": {
        "label": "Soviet-pattern pistols (Cyrillic prefix + digits; Chinese/Bulgarian copies numeric)",
        "weight": 4, "run_length": (5, 400), "year_known": 0.85, "holders": _PISTOL,
        "serials": (("{C2}{N4}", 3), ("{C2} {N4}", 2), ("{C2}{N3}", 1)), "variants": [
            _variant("Izhevsk Mechanical Plant", "RUS", "Makarov PM", _MAKAROV, "sa_revolver_pistol.pistol",
                     (1951, 1991), 4, written=("Izhmekh", "Baikal", "Izhevsk")),
            _variant("Tula Arms Plant", "RUS", "TT-33", _TOKAREV, "sa_revolver_pistol.pistol",
                     (1933, 1954), 2, written=_TULA),
            _variant("Norinco", "CHN", "Type 54", _TOKAREV, "sa_revolver_pistol.pistol", (1954, 1990), 2,
                     written=("NORINCO",), serials=(("{N}", 1),), numbers=(100, 9_999_999)),
            _variant("Arsenal AD", "BGR", "Makarov PM", _MAKAROV, "sa_revolver_pistol.pistol", (1970, 1990), 1,
                     written=("Arsenal",), serials=(("{N}", 1),), numbers=(100, 999_999)),
        ],
    },
    "shotgun": {
        "label": "Shotguns (numeric, year-prefixed or letter + digits)",
        "weight": 10, "run_length": (5, 200), "year_known": 0.8, "holders": _SHOTGUN,
        "serials": (("{N}", 1),), "numbers": (100, 9_999_999), "variants": [
            _variant("Baikal", "RUS", "IZH-27", _GAUGE12, "sa_other.shotgun", (1973, 2010), 2,
                     written=("BAIKAL", "Izhevsk Mechanical Plant"), serials=(("{YY}{N5}", 1),)),
            _variant("Baikal", "RUS", "IZH-18", _GAUGE12, "sa_other.shotgun", (1964, 2010), 2,
                     written=("BAIKAL",), serials=(("{YY}{N5}", 1),)),
            _variant("Baikal", "RUS", "MP-153", _GAUGE12, "sa_other.shotgun", (1999, 2020), 1,
                     written=("BAIKAL",), serials=(("{YY}{N5}", 1),)),
            _variant("Norinco", "CHN", "12-gauge pump shotgun", _GAUGE12, "sa_other.shotgun", (1995, 2022), 4,
                     written=("NORINCO",)),
            _variant("Hatsan", "TUR", "Escort pump-action", _GAUGE12, "sa_other.shotgun", (1996, 2024), 2,
                     written=("Hatsan Arms", "HATSAN")),
            _variant("Mossberg", "USA", "Mossberg 500", _GAUGE12, "sa_other.shotgun", (1961, 2025), 1,
                     written=("O.F. Mossberg & Sons",), serials=(("{L1}{N6}", 1),)),
            _variant("Remington", "USA", "Remington 870", _GAUGE12, "sa_other.shotgun", (1950, 2020), 1,
                     written=("Remington Arms",), serials=(("{L1}{N6}M", 1),)),
        ],
    },
    "pkm": {
        "label": "PK/PKM general-purpose machine guns (2 Cyrillic letters + 4 digits)",
        "weight": 3, "run_length": (5, 300), "year_known": 0.9, "holders": (88, 12, 0, 0, 0),
        "serials": (("{C2}{N4}", 3), ("{C2} {N4}", 2)), "variants": [
            _variant("Degtyarev Plant", "RUS", "PKM", _R54, "sa_lmg.gpmg", (1969, 1991), 4,
                     written=("Kovrov", "V.A. Degtyarev Plant")),
            _variant("Norinco", "CHN", "Type 80", _R54, "sa_lmg.gpmg", (1980, 2000), 1, written=("NORINCO",),
                     serials=(("{N}", 1),), numbers=(100, 999_999)),
            _variant("Zastava", "SRB", "M84", _R54, "sa_lmg.gpmg", (1984, 2000), 1, written=("Zastava Arms",),
                     serials=(("{N}", 1),), numbers=(100, 999_999)),
        ],
    },
    "dshk": {
        "label": "DShK-pattern heavy machine guns",
        "weight": 0.7, "run_length": (3, 60), "year_known": 0.85, "holders": _HEAVY,
        "serials": (("{C2}{N3}", 2), ("{C2} {N4}", 1)), "variants": [
            _variant("Degtyarev Plant", "RUS", "DShK", ("12.7x108", "12.7x108mm", "12.7mm"), "lw_hmg",
                     (1946, 1980), 2, written=("Kovrov",)),
            _variant("Norinco", "CHN", "Type 54 (DShK)", ("12.7x108", "12.7mm"), "lw_hmg", (1954, 1990), 2,
                     written=("NORINCO",), serials=(("{N}", 1),), numbers=(100, 99_999)),
        ],
    },
    "rpg7": {
        "label": "RPG-7 pattern launchers (2 letters + digits)",
        "weight": 2.5, "run_length": (5, 300), "year_known": 0.85, "holders": _HEAVY,
        "serials": (("{C2}{N4}", 3), ("{C2} {N4}", 2)), "variants": [
            _variant("Bazalt", "RUS", "RPG-7", ("40mm", "40 mm", "PG-7"), "lw_at_launcher.rpg", (1961, 1991), 3,
                     written=("GNPP Bazalt",)),
            _variant("Bazalt", "RUS", "RPG-7V", ("40mm", "PG-7"), "lw_at_launcher.rpg", (1961, 1991), 1,
                     written=("GNPP Bazalt",)),
            _variant("Arsenal AD", "BGR", "ATGL", ("40mm",), "lw_at_launcher.rpg", (1980, 2015), 1,
                     written=("Arsenal",), serials=(("{L2}{N4}", 1),)),
            _variant("Norinco", "CHN", "Type 69", ("40mm",), "lw_at_launcher.rpg", (1970, 2000), 2,
                     written=("NORINCO",), serials=(("{L2}{N5}", 1),)),
        ],
    },
    "mortar60": {
        "label": "60mm mortars (numeric)",
        "weight": 0.8, "run_length": (3, 60), "year_known": 0.85, "holders": _HEAVY,
        "serials": (("{N}", 1),), "numbers": (100, 99_999), "variants": [
            _variant("Norinco", "CHN", "60mm mortar", ("60mm", "60 mm"), "lw_mortar_lt75", (1963, 2005), 3,
                     written=("NORINCO",)),
            _variant("Hirtenberger", "AUT", "M6 commando mortar", ("60mm",), "lw_mortar_lt75", (1990, 2020), 1,
                     written=("Hirtenberger Defence Systems",)),
        ],
    },
    "m79": {
        "label": "M79 grenade launchers (numeric)",
        "weight": 0.5, "run_length": (3, 80), "year_known": 0.9, "holders": _HEAVY,
        "serials": (("{N}", 1),), "numbers": (100, 399_999), "variants": [
            _variant("Springfield Armory", "USA", "M79", ("40mm grenade", "40x46mm", "40mm"),
                     "lw_grenade_launcher", (1961, 1971), 2, written=("Springfield",)),
            _variant("Thompson-Ramo-Wooldridge", "USA", "M79", ("40mm grenade", "40x46mm"),
                     "lw_grenade_launcher", (1962, 1970), 1, written=("TRW",)),
        ],
    },
}


def _summarise(family: dict) -> None:
    """Add the descriptive summary keys (makers, models, calibres...) from the variants."""
    variants = family["variants"]

    def unique(values):
        return list(dict.fromkeys(values))

    def principal(key):
        totals: dict[str, float] = {}
        for variant in variants:
            totals[variant[key]] = totals.get(variant[key], 0) + variant["weight"]
        return max(totals, key=totals.get)

    family["manufacturers"] = unique(v["manufacturer"] for v in variants)
    family["models"] = unique(v["model"] for v in variants)
    family["calibres"] = unique(c for v in variants for c in v["calibres"])
    family["weapon_types"] = unique(v["weapon_type"] for v in variants)
    family["weapon_type"] = principal("weapon_type")
    family["countries"] = unique(v["country"] for v in variants)
    family["country_of_manufacture"] = principal("country")
    family["years"] = (min(v["years"][0] for v in variants), max(v["years"][1] for v in variants))


for _family in FAMILIES.values():
    _summarise(_family)

# --- serial rendering --------------------------------------------------------------------------

CYRILLIC_PREFIX_LETTERS = "АБВГДЕЖИКЛМНПРСТУФХЦЧШЭЮЯ"
LATIN_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"  # I, O and Q are avoided by many makers
# How a registrar writes a Cyrillic letter in Latin: by look-alike shape, or by sound.
_LOOKALIKE = {"А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "Р": "P", "С": "C", "Т": "T",
              "Х": "X", "У": "Y"}
_PHONETIC = {"А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ж": "ZH", "И": "I", "К": "K",
             "Л": "L", "М": "M", "Н": "N", "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U", "Ф": "F",
             "Х": "KH", "Ц": "TS", "Ч": "CH", "Ш": "SH", "Э": "E", "Ю": "YU", "Я": "YA"}
_CYRILLIC_STYLES = (("cyrillic", 0.6), ("latin_lookalike", 0.25), ("latin_phonetic", 0.15))
_TOKEN = re.compile(r"\{(C1|C2|L1|L2|L3|YYYY|YY|F|N|N\d)\}")
_ROUND_STARTS = (1, 101, 1001, 10001, 100001, 1000001, 10000001)
_GAP_PROBABILITY = 0.1  # a number of the run missing from this registry (sold elsewhere, scrapped)


def _parse(template: str) -> list[str]:
    """Template -> alternating literal text and token names (odd positions are tokens)."""
    parts = _TOKEN.split(template)
    if sum(1 for part in parts[1::2] if part.startswith("N")) != 1:
        raise ValueError(f"serial template {template!r} needs exactly one number token")
    return parts


class ProductionRun:
    """A batch of consecutive serials of one maker, model and year."""

    __slots__ = ("family", "manufacturer", "manufacturer_written", "country", "model", "calibres",
                 "weapon_type", "year", "prefix", "suffix", "width", "next", "left", "cap", "style",
                 "run_id", "data")

    def __init__(self):
        self.data = None  # free for the consumer (e.g. the consignment this run went to)

    def render(self, number: int) -> str:
        digits = str(number)
        if self.width:
            digits = digits.zfill(self.width)
        return self.prefix + digits + self.suffix

    def __repr__(self) -> str:
        return (f"ProductionRun({self.family}, {self.manufacturer!r}, {self.model!r}, {self.year}, "
                f"next={self.render(self.next)!r}, left={self.left})")


class SerialFactory:
    """Emits serials per family in sequential production runs; deterministic for a seed.

    A few runs per family are open at once (weapons from several batches reach a registry
    interleaved); each call takes the next number of one of them, and an exhausted run is
    replaced by a new one with another maker, model, year, prefix and written style.
    """

    def __init__(self, seed: int = 2026, open_runs: int = 3):
        self._rng = random.Random(f"salw-demo-serials:{seed}")
        self._random = self._rng.random
        self._open_runs = open_runs
        self._open: dict[str, list[ProductionRun]] = {name: [] for name in FAMILIES}
        self._compiled = {name: self._compile(family) for name, family in FAMILIES.items()}
        self.runs_started = 0

    @staticmethod
    def _compile(family: dict):
        variants = family["variants"]
        weights = [v["weight"] for v in variants]
        compiled = []
        for variant in variants:
            templates = variant["serials"] or family.get("serials")
            if not templates:
                raise ValueError(f"no serial template for {variant['manufacturer']} {variant['model']}")
            compiled.append((variant, [_parse(t) for t, _ in templates], [w for _, w in templates],
                             variant["numbers"] or family.get("numbers") or (1, 999_999)))
        return compiled, weights

    def _new_run(self, family_name: str) -> ProductionRun:
        rng = self._rng
        family = FAMILIES[family_name]
        compiled, weights = self._compiled[family_name]
        variant, templates, template_weights, numbers = rng.choices(compiled, weights)[0]
        parts = rng.choices(templates, template_weights)[0]
        year = rng.randint(*variant["years"])
        style = rng.choices([s for s, _ in _CYRILLIC_STYLES], [w for _, w in _CYRILLIC_STYLES])[0]
        factory_code = rng.choice(variant["factory_codes"]) if variant["factory_codes"] else ""

        width = 0
        low, high = numbers
        prefix, suffix, seen_number = [], [], False
        for position, part in enumerate(parts):
            if position % 2 == 0:
                (suffix if seen_number else prefix).append(part)
                continue
            if part.startswith("N"):
                seen_number = True
                if len(part) > 1:
                    width = int(part[1:])
                    low, high = 1, 10 ** width - 1
                continue
            if part in ("C1", "C2"):
                letters = "".join(rng.choice(CYRILLIC_PREFIX_LETTERS) for _ in range(int(part[1])))
                if style == "latin_lookalike":
                    letters = "".join(_LOOKALIKE.get(ch) or _PHONETIC[ch] for ch in letters)
                elif style == "latin_phonetic":
                    letters = "".join(_PHONETIC[ch] for ch in letters)
                text = letters
            elif part in ("L1", "L2", "L3"):
                text = "".join(rng.choice(LATIN_LETTERS) for _ in range(int(part[1])))
            elif part == "YYYY":
                text = str(year)
            elif part == "YY":
                text = f"{year % 100:02d}"
            else:  # F
                text = factory_code
            (suffix if seen_number else prefix).append(text)

        lo_len, hi_len = family["run_length"]
        length = int(math.exp(rng.uniform(math.log(lo_len), math.log(hi_len + 1))))
        span = high - low
        length = max(1, min(length, span // 2))
        top = max(high - 2 * length, low)  # room for the run and its gaps
        # Numbering restarts per factory, contract, prefix or year: round and low numbers are
        # common, so the same serial turns up under other makers.
        draw = rng.random()
        rounds = [n for n in _ROUND_STARTS if low <= n <= top]
        if draw < 0.2 and rounds:
            start = rng.choice(rounds)
        elif draw < 0.6:
            start = int(math.exp(rng.uniform(math.log(low), math.log(top + 1))))
        else:
            start = rng.randint(low, top)

        run = ProductionRun()
        run.family = family_name
        run.manufacturer = variant["manufacturer"]
        run.manufacturer_written = variant["manufacturer_written"]
        run.country = variant["country"]
        run.model = variant["model"]
        run.calibres = variant["calibres"]
        run.weapon_type = variant["weapon_type"]
        run.year = year
        run.prefix = "".join(prefix)
        run.suffix = "".join(suffix)
        run.width = width
        run.next = start
        run.left = length
        run.cap = high
        run.style = style
        self.runs_started += 1
        run.run_id = self.runs_started
        return run

    def next_item(self, family: str) -> tuple[str, ProductionRun]:
        """The next serial of ``family`` and the production run it belongs to."""
        runs = self._open[family]
        if len(runs) < self._open_runs:
            run = self._new_run(family)
            runs.append(run)
        else:
            index = int(self._random() * len(runs))
            run = runs[index]
            if run.left <= 0 or run.next > run.cap:
                run = runs[index] = self._new_run(family)
        number = run.next
        digits = str(number)
        if run.width:
            digits = digits.zfill(run.width)
        run.left -= 1
        if self._random() < _GAP_PROBABILITY:
            run.next = number + 2 + int(self._random() * 4)
        else:
            run.next = number + 1
        return run.prefix + digits + run.suffix, run

    def next_serial(self, family: str) -> str:
        """The next serial of ``family`` (see ``next_item`` for the maker, model and year)."""
        return self.next_item(family)[0]
