"""Pure identification rules: marking keys, serial distance, field agreement, calibrated score.

No Django here: runs with ``-p no:django``.
"""

from __future__ import annotations

import ast
import math
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from salw.registry.domain import serial_key
from salw.tracing import domain
from salw.tracing.domain import (
    AGREE,
    DISAGREE,
    FIELD_WEIGHTS,
    FIELDS,
    PARTIAL,
    UNKNOWN,
    FieldAgreement,
    WeaponDescription,
    explain,
    field_agreement,
    marking_key,
    match_score,
    serial_distance,
)
from salw.vocabularies.domain import VocabularyResolver

ROOT = Path(__file__).resolve().parents[2]

# --- marking keys ----------------------------------------------------------------------------


@pytest.mark.parametrize(("reading", "key"), [
    ("DOQ0", "0000"),
    ("I1L7l", "11111"),
    ("Z2", "22"),
    ("S5", "55"),
    ("G6", "66"),
    ("B8", "88"),
    ("UV", "VV"),
    ("49", "49"),  # handwritten 4/9 stay distinct in the key
    ("ЗЧбЯИ", "346RN"),
    ("Н123", "H123"),  # Cyrillic En looks like Latin H
    ("КТ 4411", "KT4411"),
    ("٥٠١٢", "5012"),  # Arabic-Indic digits fold to their value, not their shape
    ("۴۵۶", "456"),  # Persian digits
    ("ak 12-34/5.6", "AK123456"),
    ("12?4*", "12?4*"),
    ("", ""),
])
def test_marking_key_maps_each_character_to_its_confusion_class(reading, key):
    assert marking_key(reading) == key


def test_marking_key_keeps_positions_of_serial_key():
    reading = "AK-1O3 S5"
    assert len(marking_key(reading)) == len(serial_key(reading)) == 7


def test_misreadings_share_a_marking_key():
    assert marking_key("KT 1O3S8") == marking_key("kt-103 58") == marking_key("KT1Q3SB")


# --- serial distance: each kind of reading error ---------------------------------------------


@pytest.mark.parametrize(("read", "recorded", "difference"), [
    ("12O45", "12045", "serial differs by O→0 at position 3"),
    ("12Q45", "12045", "serial differs by Q→0 at position 3"),
    ("AI23", "A123", "serial differs by I→1 at position 2"),
    ("AL23", "A123", "serial differs by L→1 at position 2"),
    ("12S45", "12545", "serial differs by S→5 at position 3"),
    ("12B45", "12845", "serial differs by B→8 at position 3"),
    ("1Z345", "12345", "serial differs by Z→2 at position 2"),
    ("12G45", "12645", "serial differs by G→6 at position 3"),
    ("AU12", "AV12", "serial differs by U→V at position 2"),
    ("A3Ч5", "A345", "serial differs by Ч→4 at position 3"),
])
def test_a_lookalike_costs_a_fifth_and_is_named(read, recorded, difference):
    result = serial_distance(read, recorded)
    assert result.cost == pytest.approx(0.2)
    assert result.differences == [difference]
    assert result.confirmed_characters == len(recorded)


def test_similarity_is_one_minus_cost_over_the_longer_serial():
    assert serial_distance("12O45", "12045").similarity == pytest.approx(0.96)
    assert serial_distance("123456", "AK123456").similarity == pytest.approx(1 - 0.6 / 8)


def test_cyrillic_en_read_as_latin_h_is_no_difference():
    result = serial_distance("Н1234", "H1234")
    assert result.exact and result.cost == 0 and result.differences == []


def test_arabic_indic_digits_meet_ascii_digits():
    assert serial_distance("٦٦ ١٢٣", "66123").exact
    assert serial_distance("۴۵۶7", "4567").exact


def test_separators_spaces_and_case_never_count():
    result = serial_distance("ak-12 34/5", "AK12345")
    assert result.cost == 0 and result.similarity == 1.0 and result.differences == []


def test_handwritten_four_and_nine_are_a_cheap_substitution():
    result = serial_distance("A4C", "A9C")
    assert result.cost == pytest.approx(0.5)
    assert result.differences == ["serial differs by 4→9 at position 2 (handwriting look-alike)"]


def test_a_plain_substitution_costs_one():
    result = serial_distance("12345", "12845")
    assert result.cost == pytest.approx(1.0)
    assert result.differences == ["serial differs by 3→8 at position 3 (not a look-alike)"]


def test_one_obliterated_character():
    result = serial_distance("12?45", "12345")
    assert result.cost == pytest.approx(0.1)
    assert result.differences == ["unreadable character at position 3"]
    assert result.confirmed_characters == 4


def test_two_obliterated_characters_together_and_apart():
    assert serial_distance("1??45", "12345").differences == ["unreadable characters at positions 2–3"]
    apart = serial_distance("?23?5", "12345")
    assert apart.cost == pytest.approx(0.2)
    assert apart.differences == ["unreadable character at position 1", "unreadable character at position 4"]


def test_an_unreadable_character_in_the_record():
    result = serial_distance("12345", "12?45")
    assert result.cost == pytest.approx(0.1)
    assert result.differences == ["record has an unreadable character where the serial reads '3' (position 3)"]


@pytest.mark.parametrize(("read", "difference"), [
    ("12*", "unreadable run at position 3 stands for '34567'"),
    ("*567", "unreadable run at position 1 stands for '1234'"),
    ("12*567", "unreadable run at position 3 stands for '34'"),
    ("1234*567", "unreadable run at position 5 stands for nothing"),
])
def test_an_unreadable_run_costs_the_same_whatever_it_covers(read, difference):
    result = serial_distance(read, "1234567")
    assert result.cost == pytest.approx(0.2)
    assert result.differences == [difference]


def test_an_unreadable_run_in_the_record():
    result = serial_distance("1234567", "12*7")
    assert result.cost == pytest.approx(0.2)
    assert result.differences == ["record has an unreadable run standing for '3456' of the serial"]


def test_adjacent_transposition():
    result = serial_distance("123546", "123456")
    assert result.cost == pytest.approx(0.6)
    assert result.differences == ["characters 4 and 5 swapped"]
    assert result.confirmed_characters == 6


@pytest.mark.parametrize(("read", "recorded", "cost", "difference"), [
    ("123456", "AK123456", 0.6, "prefix 'AK' missing"),
    ("KT123456", "123456", 0.6, "extra prefix 'KT'"),
    ("1234", "ABC1234", 0.9, "prefix 'ABC' missing"),
    ("1234", "ABCD1234", 1.7, "prefix 'ABCD' missing"),  # only three letters are cheap
    ("12345", "0012345", 0.6, "leading zeros '00' missing"),
    ("0012345", "12345", 0.6, "extra leading zeros '00'"),
    ("234567", "1234567", 0.8, "leading character '1' missing"),  # a digit is no prefix
])
def test_dropped_or_added_leading_prefix(read, recorded, cost, difference):
    result = serial_distance(read, recorded)
    assert result.cost == pytest.approx(cost)
    assert result.differences == [difference]


def test_missing_and_extra_characters_inside_the_serial():
    missing = serial_distance("12456", "123456")
    assert missing.cost == pytest.approx(0.8)
    assert missing.differences == ["character '3' missing at position 3"]
    extra = serial_distance("1234X56", "123456")
    assert extra.cost == pytest.approx(0.8)
    assert extra.differences == ["extra character 'X' at position 5"]
    assert serial_distance("1256", "123456").differences == ["characters '34' missing at position 3"]


def test_several_differences_are_listed_in_reading_order():
    result = serial_distance("K12O4S6", "AK120456")
    assert result.cost == pytest.approx(0.3 + 0.2 + 0.2)
    assert result.differences == ["prefix 'A' missing", "serial differs by O→0 at position 4",
                                  "serial differs by S→5 at position 6"]


def test_an_unknown_serial_is_not_compared():
    result = serial_distance("", "123")
    assert not result.compared and not result.exact
    assert result.similarity == 0.0
    assert result.differences == ["serial not given in the query"]
    assert serial_distance("123", " - ").differences == ["serial not given in the record"]


def test_a_completely_different_serial_has_no_similarity():
    result = serial_distance("ABC", "XYW")
    assert result.cost == pytest.approx(3.0)
    assert result.similarity == 0.0


def test_forty_character_serials_are_compared():
    long_serial = "AB" + "0123456789" * 3 + "CDEFGHIJ"
    result = serial_distance(long_serial.replace("5", "S", 1), long_serial)
    assert len(long_serial) == 40
    assert result.cost == pytest.approx(0.2)


# --- serial distance: properties -------------------------------------------------------------

SERIAL_CHARACTERS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WITH_CYRILLIC = SERIAL_CHARACTERS + "ЗЧбЯИН"
serials = st.text(alphabet=SERIAL_CHARACTERS, min_size=1, max_size=12)


@given(st.text(alphabet=WITH_CYRILLIC, min_size=1, max_size=12),
       st.text(alphabet=WITH_CYRILLIC, min_size=1, max_size=12))
def test_distance_is_symmetric_without_wildcards(a, b):
    assert serial_distance(a, b).cost == pytest.approx(serial_distance(b, a).cost, abs=1e-9)


def _respelt(serial: str, separator: str) -> str:
    return separator.join(serial).lower()


@given(serials, serials, st.sampled_from(["", " ", "-", "/"]), st.booleans())
def test_distance_is_zero_exactly_when_keys_are_equal(a, other, separator, same_serial):
    b = _respelt(a, separator) if same_serial else other
    result = serial_distance(a, b)
    assert (result.cost == 0) == (serial_key(a) == serial_key(b))
    assert (result.similarity == 1.0) == (serial_key(a) == serial_key(b))


@given(st.text(alphabet=WITH_CYRILLIC, min_size=1, max_size=12), st.data())
def test_equal_marking_keys_differ_by_lookalikes_only(serial, data):
    respelt = "".join(data.draw(st.sampled_from(_class_of(ch))) for ch in serial)
    assert marking_key(respelt) == marking_key(serial)
    result = serial_distance(respelt, serial)
    changed = sum(x != y for x, y in zip(serial_key(respelt), serial_key(serial), strict=True))
    assert result.cost == pytest.approx(0.2 * changed)


@given(serials, serials, serials)
def test_a_shared_ending_changes_nothing(a, b, ending):
    assert serial_distance(a + ending, b + ending).cost == pytest.approx(serial_distance(a, b).cost)


@given(serials, st.data())
def test_one_obliterated_character_always_costs_a_tenth(serial, data):
    position = data.draw(st.integers(0, len(serial) - 1))
    obliterated = serial[:position] + "?" + serial[position + 1:]
    assert serial_distance(obliterated, serial).cost == pytest.approx(0.1)


@given(serials, st.data())
def test_an_unreadable_run_always_costs_a_fifth(serial, data):
    start = data.draw(st.integers(0, len(serial)))
    end = data.draw(st.integers(start, len(serial)))
    obliterated = serial[:start] + "*" + serial[end:]
    assert serial_distance(obliterated, serial).cost == pytest.approx(0.2)


def _edited(serial: str, edits: list[tuple[str, int, str]]) -> str:
    """``serial`` after substitutions, deletions, insertions and swaps (positions wrap around)."""
    for kind, position, char in edits:
        if not serial:
            break
        position %= len(serial)
        if kind == "substitute":
            serial = serial[:position] + char + serial[position + 1:]
        elif kind == "delete":
            serial = serial[:position] + serial[position + 1:]
        elif kind == "insert":
            serial = serial[:position] + char + serial[position:]
        elif position + 1 < len(serial):
            serial = serial[:position] + serial[position + 1] + serial[position] + serial[position + 2:]
    return serial


edits = st.lists(st.tuples(st.sampled_from(["substitute", "delete", "insert", "swap"]),
                           st.integers(0, 40), st.sampled_from(SERIAL_CHARACTERS + "?")), max_size=4)


@given(st.text(alphabet=SERIAL_CHARACTERS + "?*", min_size=1, max_size=14), edits)
@example("0B1", [("insert", 0, "A"), ("insert", 0, "B"), ("delete", 4, "")])  # "BA0B" vs "0B1"
@example("KT123456", [("delete", 3, ""), ("delete", 0, ""), ("insert", 7, "99")])
def test_the_banded_table_still_finds_the_cheapest_alignment(serial, changes):
    # serial_distance skips cells that cannot beat a simple alignment; the full table must agree.
    other = _edited(serial, changes) or "X"
    query, record = serial_key(serial), serial_key(other)
    full = domain._align(query, record, marking_key(query), marking_key(record))[0][-1][-1]
    assert serial_distance(serial, other).cost == pytest.approx(full, abs=1e-6)


def _class_of(char: str) -> str:
    upper = serial_key(char)
    group = next((group for group in domain.CONFUSION_CLASSES if upper in group), upper)
    return group


def _misread(serial: str, position: int, kind: str, stranger: str) -> str:
    """One more reading error at ``position``: a look-alike, an obliteration or a stranger."""
    original = serial[position]
    if kind == "lookalike":
        mates = [ch for ch in _class_of(original) if ch != original]
        replacement = mates[0] if mates else "?"
    elif kind == "obliterated":
        replacement = "?"
    else:
        replacement = stranger
    return serial[:position] + replacement + serial[position + 1:]


@given(st.text(alphabet=SERIAL_CHARACTERS, min_size=6, max_size=12), st.data())
def test_adding_a_reading_error_never_increases_similarity(serial, data):
    # Strangers are characters whose confusion class the serial does not use at all.
    strangers = [ch for ch in "XWKMPTYFHJ" if marking_key(ch) not in marking_key(serial)]
    assume(strangers)
    positions = data.draw(st.lists(st.integers(0, len(serial) - 1), min_size=1, max_size=4, unique=True))
    read, previous = serial, 1.0
    for position in positions:
        kind = data.draw(st.sampled_from(["lookalike", "obliterated", "stranger"]))
        read = _misread(read, position, kind, data.draw(st.sampled_from(strangers)))
        similarity = serial_distance(read, serial).similarity
        assert similarity <= previous + 1e-9
        previous = similarity


def test_each_added_error_lowers_similarity_further():
    record = "KT12345678"
    readings = ["KT12345678", "KT1234S678", "1234S678", "1234S687", "1234S6X87", "1?34S6X87"]
    similarities = [serial_distance(reading, record).similarity for reading in readings]
    assert similarities == sorted(similarities, reverse=True)
    assert len(set(similarities)) == len(similarities)
    assert similarities[0] == 1.0


# --- field agreement -------------------------------------------------------------------------


@dataclass
class _Vocabulary(VocabularyResolver):
    """The real resolver plus the optional weapon-type hierarchy."""

    def weapon_type_parent(self, code: str) -> str | None:
        return {"rifle": "long_gun", "carbine": "long_gun"}.get(code)


VOCABULARY = VocabularyResolver(
    iso2_to_iso3={"RU": "RUS", "CN": "CHN"},
    calibre_by_key={"7.62x39": "7.62x39mm", "m43": "7.62x39mm", "5.45x39": "5.45x39mm"},
    manufacturer_by_key={"izhmash": "izhmash", "kalashnikovconcern": "izhmash", "norinco": "norinco",
                         "chinanorthindustries": "norinco"},
)
RECORD = WeaponDescription(
    serial_number="KT1234567", manufacturer="Kalashnikov Concern", manufacturer_code="izhmash",
    model="AKM", calibre="7.62x39mm", calibre_code="7.62x39mm", weapon_type="sa_assault_rifle",
    country_of_manufacture="RUS", year_of_manufacture=1975,
)


def _agreement(query: WeaponDescription, name: str, record: WeaponDescription = RECORD,
               vocabulary=VOCABULARY) -> FieldAgreement:
    return next(a for a in field_agreement(query, record, vocabulary) if a.field == name)


def test_field_agreement_covers_every_field_in_order():
    agreements = field_agreement(WeaponDescription(), RECORD, VOCABULARY)
    assert [a.field for a in agreements] == list(FIELDS)
    assert {a.level for a in agreements} == {UNKNOWN}
    assert agreements[0].explanation == "manufacturer not given in the query"


@pytest.mark.parametrize(("said", "code", "level", "explanation"), [
    ("Izhmash", "", AGREE, "manufacturer matches via alias 'Izhmash'"),
    ("kalashnikov concern", "", AGREE, "manufacturer matches ('kalashnikov concern')"),
    ("", "izhmash", AGREE, "manufacturer matches ('izhmash')"),
    ("Norinco", "", DISAGREE, "manufacturer differs: 'Norinco' vs 'Kalashnikov Concern'"),
    ("Kalashnikov Conc.", "", PARTIAL,
     "manufacturer spelt similarly: 'Kalashnikov Conc.' vs 'Kalashnikov Concern'"),
    ("Colt", "", DISAGREE, "manufacturer differs: 'Colt' vs 'Kalashnikov Concern'"),
])
def test_manufacturer(said, code, level, explanation):
    agreement = _agreement(WeaponDescription(manufacturer=said, manufacturer_code=code), "manufacturer")
    assert (agreement.level, agreement.explanation) == (level, explanation)


def test_manufacturer_without_vocabulary_uses_name_keys():
    record = WeaponDescription(manufacturer="Heckler & Koch GmbH")
    agree = _agreement(WeaponDescription(manufacturer="heckler and koch"), "manufacturer", record, None)
    assert agree.level == AGREE
    differ = _agreement(WeaponDescription(manufacturer="Izhmash"), "manufacturer", record, None)
    assert differ.level == DISAGREE


@pytest.mark.parametrize(("said", "recorded", "level", "explanation"), [
    ("AK-M", "AKM", AGREE, "model matches ('AK-M' = 'AKM')"),
    ("akm", "AKM", AGREE, "model matches ('akm' = 'AKM')"),
    ("АКМ", "AKM", AGREE, "model matches ('АКМ' = 'AKM')"),  # Cyrillic letters
    ("AKM", "AKM", AGREE, "model matches ('AKM')"),
    ("AKMS", "AKM", PARTIAL, "model of the same family: 'AKMS' vs 'AKM'"),
    ("AK-47", "AKM", PARTIAL, "model of the same family: 'AK-47' vs 'AKM'"),
    ("M16", "M16A2", PARTIAL, "model of the same family: 'M16' vs 'M16A2'"),
    ("G3", "G36", DISAGREE, "model differs: 'G3' vs 'G36'"),
    ("MP5", "MP7", DISAGREE, "model differs: 'MP5' vs 'MP7'"),
    ("Type 56", "Type 81", DISAGREE, "model differs: 'Type 56' vs 'Type 81'"),
    ("SKS", "AKM", DISAGREE, "model differs: 'SKS' vs 'AKM'"),
    ("", "AKM", UNKNOWN, "model not given in the query"),
])
def test_model(said, recorded, level, explanation):
    agreement = _agreement(WeaponDescription(model=said), "model", WeaponDescription(model=recorded))
    assert (agreement.level, agreement.explanation) == (level, explanation)


@pytest.mark.parametrize(("said", "level", "explanation"), [
    ("7,62 × 39 mm", AGREE, "calibre matches ('7,62 × 39 mm' = '7.62x39mm')"),
    ("M43", AGREE, "calibre matches ('M43' = '7.62x39mm')"),  # an alias in the vocabulary
    ("7.62", PARTIAL, "calibre partly matches: '7.62' vs '7.62x39mm'"),
    ("5.45x39", DISAGREE, "calibre differs: '5.45x39' vs '7.62x39mm'"),
    ("7.62x54R", DISAGREE, "calibre differs: '7.62x54R' vs '7.62x39mm'"),
])
def test_calibre(said, level, explanation):
    agreement = _agreement(WeaponDescription(calibre=said), "calibre")
    assert (agreement.level, agreement.explanation) == (level, explanation)


@pytest.mark.parametrize(("said", "recorded", "level", "explanation"), [
    ("sa_assault_rifle", "sa_assault_rifle", AGREE, "weapon type matches ('sa_assault_rifle')"),
    ("sa_rifle_carbine.rifle", "sa_rifle_carbine.carbine", PARTIAL,
     "weapon types 'sa_rifle_carbine.rifle' and 'sa_rifle_carbine.carbine' share the category 'sa_rifle_carbine'"),
    ("sa_rifle_carbine", "sa_rifle_carbine.rifle", PARTIAL,
     "weapon types 'sa_rifle_carbine' and 'sa_rifle_carbine.rifle' share the category 'sa_rifle_carbine'"),
    ("sa_smg", "sa_assault_rifle", DISAGREE, "weapon type differs: 'sa_smg' vs 'sa_assault_rifle'"),
    ("unknown", "sa_smg", UNKNOWN, "weapon type not given in the query"),
])
def test_weapon_type(said, recorded, level, explanation):
    agreement = _agreement(WeaponDescription(weapon_type=said), "weapon_type", WeaponDescription(weapon_type=recorded))
    assert (agreement.level, agreement.explanation) == (level, explanation)


def test_weapon_type_parent_from_the_vocabulary_when_it_has_one():
    vocabulary = _Vocabulary()
    agreement = _agreement(WeaponDescription(weapon_type="rifle"), "weapon_type",
                           WeaponDescription(weapon_type="carbine"), vocabulary)
    assert agreement.level == PARTIAL and agreement.explanation.endswith("share the category 'long_gun'")


@pytest.mark.parametrize(("said", "level", "explanation"), [
    ("RUS", AGREE, "country of manufacture matches (RUS)"),
    ("ru", AGREE, "country of manufacture matches (RUS)"),
    ("SUN", PARTIAL, "country of manufacture SUN and RUS: predecessor and successor state"),
    ("CHN", DISAGREE, "country of manufacture differs: CHN vs RUS"),
    ("", UNKNOWN, "country of manufacture not given in the query"),
])
def test_country_of_manufacture(said, level, explanation):
    agreement = _agreement(WeaponDescription(country_of_manufacture=said), "country_of_manufacture")
    assert (agreement.level, agreement.explanation) == (level, explanation)


@pytest.mark.parametrize(("said", "level", "explanation"), [
    (1975, AGREE, "year of manufacture matches (1975)"),
    ("1975", AGREE, "year of manufacture matches (1975)"),
    (1976, PARTIAL, "year of manufacture within a year: 1976 vs 1975"),
    (1974, PARTIAL, "year of manufacture within a year: 1974 vs 1975"),
    (1980, DISAGREE, "year of manufacture differs: 1980 vs 1975"),
    (None, UNKNOWN, "year of manufacture not given in the query"),
    ("around 1975", UNKNOWN, "year of manufacture not given in the query"),
    ("1975.0", AGREE, "year of manufacture matches (1975)"),  # via a spreadsheet
])
def test_year_of_manufacture(said, level, explanation):
    agreement = _agreement(WeaponDescription(year_of_manufacture=said), "year_of_manufacture")
    assert (agreement.level, agreement.explanation) == (level, explanation)


# --- calibrated score ------------------------------------------------------------------------

AGREEING = WeaponDescription(manufacturer="Izhmash", model="AK-M", calibre="7.62x39")
CONTRADICTING = WeaponDescription(manufacturer="Norinco", model="Type 56", calibre="5.45x39")


NOTHING_OBSERVED = WeaponDescription()


def _score(serial: str, query: WeaponDescription = NOTHING_OBSERVED) -> float:
    return match_score(serial_distance(serial, RECORD.serial_number), field_agreement(query, RECORD, VOCABULARY))


def test_exact_serial_alone_is_likely_but_not_certain():
    assert 0.7 <= _score("KT1234567") <= 0.85


def test_one_lookalike_with_agreeing_manufacturer_model_and_calibre_is_near_certain():
    assert _score("KT12345G7", AGREEING) >= 0.9


def test_same_serial_from_another_factory_is_not_a_match():
    other_factory = _score("KT1234567", CONTRADICTING)
    assert other_factory < 0.5
    assert other_factory < _score("KT1234567", AGREEING) - 0.5


def test_scores_order_the_evidence():
    ordered = [
        _score("KT1234567", AGREEING),
        _score("KT12345G7", AGREEING),
        _score("KT1234567"),
        _score("KT12345G7"),
        _score("KT1234567", WeaponDescription(manufacturer="Norinco")),
        _score("KT9876543", AGREEING),
        _score("KT1234567", CONTRADICTING),
    ]
    assert ordered == sorted(ordered, reverse=True)
    assert len(set(ordered)) == len(ordered)


def test_an_obliterated_serial_brings_no_serial_evidence():
    unknown_serial = _score("", AGREEING)
    assert _score("?????????", AGREEING) == pytest.approx(unknown_serial)
    assert _score("KT12?????", AGREEING) > unknown_serial


def test_a_short_serial_is_weaker_evidence_than_a_long_one():
    short = match_score(serial_distance("A001", "A001"), [])
    long = match_score(serial_distance("KT1234567", "KT1234567"), [])
    assert short < long


def test_score_without_any_evidence_is_the_prior():
    assert match_score(serial_distance("", ""), []) == pytest.approx(1 / (1 + math.exp(-domain.PRIOR_LOG_ODDS)))


@pytest.mark.parametrize("name", FIELDS)
def test_agreement_adds_and_disagreement_subtracts(name):
    weights = FIELD_WEIGHTS[name]
    assert weights.agree > weights.partial >= weights.of(UNKNOWN) == 0.0 > weights.disagree


def test_serial_bands_weigh_less_the_worse_the_serial():
    weights = [domain.EXACT_SERIAL_WEIGHT] + [band.weight for band in domain.SERIAL_BANDS]
    assert weights == sorted(weights, reverse=True)
    assert domain.SERIAL_BANDS[-1].weight < 0


levels = st.sampled_from([AGREE, PARTIAL, UNKNOWN, DISAGREE])


@given(serials, serials, st.lists(levels, min_size=len(FIELDS), max_size=len(FIELDS)),
       st.sampled_from(FIELDS))
def test_score_is_a_probability_and_worsening_a_field_never_raises_it(a, b, chosen, worsened):
    serial = serial_distance(a, b)
    agreements = [FieldAgreement(name, level, "") for name, level in zip(FIELDS, chosen, strict=True)]
    score = match_score(serial, agreements)
    assert 0.0 <= score <= 1.0
    order = [AGREE, PARTIAL, UNKNOWN, DISAGREE]
    index = FIELDS.index(worsened)
    worse_level = order[min(order.index(chosen[index]) + 1, len(order) - 1)]
    worse = agreements[:index] + [FieldAgreement(worsened, worse_level, "")] + agreements[index + 1:]
    assert match_score(serial, worse) <= score


# --- explanation -----------------------------------------------------------------------------


def test_explanation_of_an_exact_serial_with_nothing_else():
    serial = serial_distance("KT1234567", "KT1234567")
    lines = explain(serial, field_agreement(WeaponDescription(), RECORD, VOCABULARY))
    assert lines == [
        "serial identical (KT1234567)",
        "not compared (missing): manufacturer, model, calibre, weapon type, country of manufacture, "
        "year of manufacture",
    ]


def test_explanation_lists_serial_differences_then_fields():
    query = WeaponDescription(manufacturer="Izhmash", model="AK-M", calibre="7.62", weapon_type="sa_assault_rifle",
                              country_of_manufacture="CHN", year_of_manufacture=1976)
    serial = serial_distance("12345G7", RECORD.serial_number)
    assert explain(serial, field_agreement(query, RECORD, VOCABULARY)) == [
        "serial similar: 12345G7 vs KT1234567 (similarity 0.91)",
        "prefix 'KT' missing",
        "serial differs by G→6 at position 6",
        "manufacturer matches via alias 'Izhmash'",
        "model matches ('AK-M' = 'AKM')",
        "calibre partly matches: '7.62' vs '7.62x39mm'",
        "weapon type matches ('sa_assault_rifle')",
        "country of manufacture differs: CHN vs RUS",
        "year of manufacture within a year: 1976 vs 1975",
    ]


def test_explanation_shortens_a_long_list_of_serial_differences():
    serial = serial_distance("1A2B3C4D5E", "1X2Y3W4V5T")
    assert len(serial.differences) == 5
    lines = explain(serial, [])
    assert lines[0] == "serial different: 1A2B3C4D5E vs 1X2Y3W4V5T (similarity 0.50)"
    assert lines[1:] == serial.differences

    longer = serial_distance("AXBXCXDXEXFX", "AYBYCYDYEYFY")
    assert len(longer.differences) == 6
    assert explain(longer, [])[1:] == longer.differences[:4] + ["… and 2 more serial differences"]


def test_explanation_when_the_record_has_no_serial():
    serial = serial_distance("KT1234567", "")
    assert explain(serial, []) == ["serial not compared", "serial not given in the record"]


# --- purity ----------------------------------------------------------------------------------


def test_tracing_domain_imports_only_the_standard_library_and_pure_salw_modules():
    source = (ROOT / "src" / "salw" / "tracing" / "domain.py").read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module)
        elif isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
    salw_modules = {name for name in imported if name.startswith("salw")}
    # salw.core.message: the pure Message and gettext_noop (import-linter keeps Django out of it).
    assert salw_modules == {"salw.core.message", "salw.registry.domain", "salw.vocabularies.domain"}
    assert all(name.split(".")[0] in sys.stdlib_module_names for name in imported - salw_modules)


def test_importing_the_tracing_domain_loads_neither_django_nor_rapidfuzz():
    probe = ("import sys, salw.tracing.domain; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'rapidfuzz')))")
    output = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            env={"PYTHONPATH": str(ROOT / "src")}).stdout
    assert output.strip() == "[]"


def test_a_factory_code_on_one_side_only_costs_little_and_is_said():
    with_code = domain.serial_distance("21865626", "66 21865626", factory_codes=["66"])
    assert with_code.cost == domain.FACTORY_CODE_LEFT_OUT
    assert with_code.differences == ["factory code 66 in the record only"]
    reading_has_it = domain.serial_distance("/66\\ 21865626", "21865626", factory_codes=["66"])
    assert reading_has_it.differences[0] == "factory code 66 in the reading only"
    unknown_code = domain.serial_distance("21865626", "66 21865626")
    assert unknown_code.cost > 1.0, "without the maker's codes, two digits are simply missing"
    too_short = domain.serial_distance("218", "66218", factory_codes=["66"])
    assert too_short.cost > domain.FACTORY_CODE_LEFT_OUT
