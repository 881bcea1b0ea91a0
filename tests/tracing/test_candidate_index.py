"""The candidate index and marking search on their own (no database): signatures, changes, files."""

from __future__ import annotations

import uuid

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from salw.tracing.candidates import CandidateIndex, RecordBatch
from salw.tracing.domain import WeaponDescription
from salw.tracing.search import MarkingSearch
from salw.tracing.signatures import (
    deletion_hashes,
    neighbourhood,
    probe_hashes,
    readings,
    tail,
    whole_hashes,
)

KEYS = st.text(alphabet="0123456789ACEHKMX", min_size=2, max_size=14)


def _codes(key: str) -> np.ndarray:
    return np.array([[ord(char) + 1 for char in key]], dtype=np.uint64)


@given(KEYS, st.data())
@settings(max_examples=200, deadline=None)
def test_a_deletion_signature_is_the_signature_of_the_shorter_key(key, data):
    position = data.draw(st.integers(0, len(key) - 1))
    shorter = key[:position] + key[position + 1:]
    assert deletion_hashes(_codes(key))[0, position] == whole_hashes(_codes(shorter))[0]


@given(KEYS, st.data())
@settings(max_examples=200, deadline=None)
def test_keys_one_edit_apart_share_a_signature(key, data):
    position = data.draw(st.integers(0, len(key) - 1))
    edit = data.draw(st.sampled_from(["substitute", "delete", "insert", "swap"]))
    other = {
        "substitute": key[:position] + "W" + key[position + 1:],
        "delete": key[:position] + key[position + 1:],
        "insert": key[:position] + "W" + key[position:],
        "swap": key[:position] + key[position + 1: position + 2] + key[position] + key[position + 2:],
    }[edit]
    mine, _ = neighbourhood([key])
    theirs, _ = neighbourhood([other])
    assert set(mine.tolist()) & set(theirs.tolist())


def test_keys_two_substitutions_apart_share_no_signature():
    mine, _ = neighbourhood(["AK123456"])
    theirs, _ = neighbourhood(["AK129956"])
    assert not set(mine.tolist()) & set(theirs.tolist())


def test_tail_drops_a_short_letter_prefix_and_leading_zeros():
    assert tail("AK012345") == "12345"
    assert tail("00123") == "123"
    assert tail("ABCD1234") == ""  # four letters are part of the serial, not a lost prefix
    assert tail("12345") == ""


def test_an_unreadable_character_is_read_as_every_character():
    assert "AK123456" in readings("AK12?456")
    assert "AK1256" in readings("AK12*56") and "AK12?56" not in readings("AK12*56")
    assert len(probe_hashes(readings("AK12?456"))) > len(probe_hashes(readings("AK123456")))


# --- index ----------------------------------------------------------------------------------

def _batch(records: list[dict]) -> RecordBatch:
    return RecordBatch(
        weapon_ids=[record["id"] for record in records],
        serial_keys=[record["serial"] for record in records],
        fields={"manufacturer": [(record.get("maker", ""), "") if record.get("maker") else None
                                 for record in records],
                "model": [record.get("model") for record in records],
                "jurisdiction": [record.get("jurisdiction", "east") for record in records]},
    )


def _record(serial: str, maker: str = "Izhmash", model: str = "AKM", **extra) -> dict:
    return {"id": uuid.uuid4().bytes, "serial": serial, "maker": maker, "model": model, **extra}


def _production_run(prefix: str, start: int, count: int, **fields) -> list[dict]:
    return [_record(f"{prefix}{number:06d}", **fields) for number in range(start, start + count)]


def _serials(search: MarkingSearch, query: WeaponDescription, top: int = 5) -> list[str]:
    return [search.index.serial_key(candidate.row) for candidate in search.match(query, top=top)]


def test_search_finds_the_weapon_under_each_kind_of_misreading():
    index = CandidateIndex()
    index.add(_batch(_production_run("AK", 123400, 200)), settle=False)
    index.add(_batch(_production_run("KT", 500, 50, maker="Tula Arms Plant")), settle=False)
    index.finish()
    search = MarkingSearch(index)
    cases = {
        "AK123456": "AK123456",  # as recorded
        "AK 123-456": "AK123456",  # separators
        "АК123456": "AK123456",  # Cyrillic letters that look Latin
        "AK1234S6": "AK123456",  # S read for 5
        "AK12?456": "AK123456",  # one character unreadable
        "AK123465": "AK123465",  # a real neighbour, not a swap of 123456
        "123456": "AK123456",  # factory prefix lost
        "AK1234567": "AK123456",  # a character too many ... or AK123457 with one digit lost
    }
    for query, expected in cases.items():
        found = _serials(search, WeaponDescription(serial_number=query, manufacturer="Izhmash"))
        assert expected in found, (query, found)
    swapped = _serials(search, WeaponDescription(serial_number="AK124356", manufacturer="Izhmash"))
    assert swapped[0] in {"AK124356", "AK123456"}
    assert "AK123456" in swapped


def test_two_unrelated_misreadings_are_found_in_the_wider_round():
    index = CandidateIndex()
    index.add(_batch([_record("KT884213"), _record("MX220017")]))
    search = MarkingSearch(index)
    assert _serials(search, WeaponDescription(serial_number="KT8A4W13")) == ["KT884213"]


def test_the_same_serial_under_another_maker_ranks_below_the_right_maker():
    index = CandidateIndex()
    index.add(_batch([_record("123456", maker="Glock", model="17"),
                      _record("123456", maker="Izhmash", model="AKM")]))
    search = MarkingSearch(index)
    ranked = search.match(WeaponDescription(serial_number="123456", manufacturer="Izhmash", model="AKM"))
    assert [index.value("manufacturer", index.column("manufacturer")[c.row])[0] for c in ranked] == \
        ["Izhmash", "Glock"]
    assert ranked[0].score > 0.9 > ranked[1].score


def test_added_records_are_found_and_retired_ones_are_not():
    index = CandidateIndex()
    first = _record("AK100001")
    index.add(_batch([first]))
    search = MarkingSearch(index)
    assert _serials(search, WeaponDescription(serial_number="AK100001")) == ["AK100001"]
    corrected = dict(first, serial="AK100007")  # same weapon, serial corrected
    index.add(_batch([corrected]))
    assert _serials(search, WeaponDescription(serial_number="AK100001"), top=1) == ["AK100007"]
    assert index.active == 1 and len(index) == 2
    index.retire([first["id"]])
    assert index.active == 0
    assert _serials(search, WeaponDescription(serial_number="AK100007")) == []


def test_jurisdiction_codes_restrict_what_is_searched():
    index = CandidateIndex()
    index.add(_batch([_record("AK100001", jurisdiction="east"), _record("AK100001", jurisdiction="north")]))
    search = MarkingSearch(index)
    east = np.array([index.tables["jurisdiction"].codes["east"]], dtype=np.int32)
    found = search.match(WeaponDescription(serial_number="AK100001"), allowed=east)
    assert [index.value("jurisdiction", index.column("jurisdiction")[c.row]) for c in found] == ["east"]


def test_a_saved_index_loads_and_keeps_growing(tmp_path):
    index = CandidateIndex()
    records = _production_run("AK", 1, 50)
    index.add(_batch(records))
    index.watermark, index.owner = "2026-01-01T00:00:00", "sqlite::x"
    index.save(tmp_path)
    loaded = CandidateIndex.load(tmp_path)
    assert loaded is not None and loaded.active == 50 and loaded.watermark == "2026-01-01T00:00:00"
    loaded.add(_batch([dict(records[0], serial="ZZ999999")]))
    search = MarkingSearch(loaded)
    assert _serials(search, WeaponDescription(serial_number="ZZ999999")) == ["ZZ999999"]
    assert "AK000001" not in _serials(search, WeaponDescription(serial_number="AK000001"), top=50)
    assert loaded.active == 50


def test_a_missing_or_foreign_index_directory_loads_as_none(tmp_path):
    assert CandidateIndex.load(tmp_path) is None
    (tmp_path / "manifest.json").write_text('{"format_version": 999}', encoding="utf-8")
    assert CandidateIndex.load(tmp_path) is None


def test_weapon_ids_ending_in_zero_bytes_come_back_whole():
    index = CandidateIndex()
    weapon_id = uuid.UUID("01890a5d-ac96-7b3c-9f00-000000000000").bytes
    index.add(_batch([{"id": weapon_id, "serial": "AK1"}]))
    assert index.weapon_id(0) == weapon_id
    assert index.rows_of([weapon_id]).tolist() == [0]
    index.finish()  # now found through the sorted ids rather than the recent-additions map
    assert index.rows_of([weapon_id]).tolist() == [0]
    index.add(_batch([{"id": weapon_id, "serial": "AK2"}]))
    assert index.active == 1


def test_a_factory_code_left_out_of_the_reading_still_finds_the_record():
    index = CandidateIndex()
    records = [_record("6621865626", maker="State Factory 66", model="Type 56"),
               _record("21865626", maker="Glock", model="17")]
    batch = _batch(records)
    batch.factory_codes = [("66",), ()]
    index.add(batch)
    search = MarkingSearch(index, _FactoryCodes({"66"}))
    found = search.match(WeaponDescription(serial_number="21865626", model="Type 56"), top=2)
    assert [index.serial_key(candidate.row) for candidate in found] == ["6621865626", "21865626"]
    assert "factory code 66 in the record only" in found[0].explanation


class _FactoryCodes:
    """The part of the vocabulary the search asks about factory codes."""

    def __init__(self, codes: set[str]):
        self.factory_codes = {"china_factory_66": tuple(codes)}

    def factory_codes_of(self, manufacturer_code: str, country: str = "") -> tuple[str, ...]:
        return self.factory_codes["china_factory_66"]

    def manufacturer(self, text):
        return None

    def calibre(self, text):
        return None
