"""Rebuild the bundled Chinese font subset after the Chinese translations change.

A full Noto Sans CJK face is about 16 MB; the interface needs only the characters its
Chinese catalogue and Chinese vocabulary names use. Usage, from the repository root:

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb noto-cjk
    .venv/bin/pip install fonttools brotli polib
    .venv/bin/python scripts/subset-chinese-font.py noto-cjk/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import polib
from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "salw"
OUTPUT = PACKAGE / "web" / "static" / "vendor" / "fonts" / "noto-sans-sc" / "2.004-subset"
FACE = "Noto Sans CJK SC"
FIRST_CJK = 0x2E80  # below this, Noto Sans already draws the character


def characters_in_use() -> list[str]:
    used = set("中文")  # the language switcher names Chinese on every page
    catalogue = polib.pofile(str(PACKAGE / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    for entry in catalogue:
        used.update(entry.msgstr)
        for text in entry.msgstr_plural.values():
            used.update(text)
    for file_name in ("country_names_cldr.csv", "weapon_type_names.csv"):
        with (PACKAGE / "vocabularies" / "data" / file_name).open(encoding="utf-8") as handle:
            used.update(*(row["name"] for row in csv.DictReader(handle) if row["language"] == "zh-hans"))
    return sorted(char for char in used if ord(char) >= FIRST_CJK)


def main(collection_path: str) -> None:
    faces = [font["name"].getDebugName(1) for font in TTCollection(collection_path).fonts]
    options = subset.Options()
    options.flavor = "woff2"
    options.font_number = faces.index(FACE)
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    characters = characters_in_use()
    font = subset.load_font(collection_path, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in characters])
    subsetter.subset(font)
    OUTPUT.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(OUTPUT / "NotoSansSC-Regular-subset.woff2"), options)
    (OUTPUT / "characters.txt").write_text("".join(characters) + "\n", encoding="utf-8")
    print(f"{len(characters)} characters written to {OUTPUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1])
