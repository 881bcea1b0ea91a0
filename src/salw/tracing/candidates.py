"""The candidate index: every registry record's marking signatures and identifying fields.

Finding the weapon behind a misread serial is two steps: this index returns the few thousand
records at most that *could* be it (they share a deletion signature with one reading of the
query), then ``search`` scores those exactly. The index holds plain numpy columns so that ten
million records take about a gigabyte and a lookup is a handful of binary searches.

Records are added in batches as the registry changes; an added batch goes to a small side
table that is merged into the main one when it grows, so no import ever rebuilds the index.
A changed or voided record's old row is retired and its new version added.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from salw.tracing.domain import marking_key
from salw.tracing.signatures import record_signatures

FORMAT_VERSION = 3
# Folded keys are also kept as fixed-width rows of character codes, read from the start and from
# the end, so that thousands of candidates can be pre-ranked without making Python strings.
SKETCH_WIDTH = 12
# Side-table size (as a share of the main table) above which the two are merged.
MERGE_SHARE = 0.05
MERGE_MINIMUM = 200_000

# Identifying fields kept per record, as codes into a per-field table of distinct values.
FIELD_NAMES = ("manufacturer", "model", "calibre", "weapon_type", "country_of_manufacture",
               "year_of_manufacture", "jurisdiction")


@dataclass
class RecordBatch:
    """Records to add, one list per column, all the same length."""

    weapon_ids: list[bytes]  # 16-byte UUIDs
    serial_keys: list[str]
    fields: dict[str, list] = field(default_factory=dict)  # FIELD_NAMES -> values (hashable)
    factory_codes: list[tuple[str, ...]] | None = None  # codes that may precede each serial

    def __len__(self) -> int:
        return len(self.weapon_ids)


class _Growable:
    """A numpy column that grows by doubling, so batches append in amortised constant time."""

    def __init__(self, dtype, data: np.ndarray | None = None):
        self.data = np.empty(1024, dtype=dtype) if data is None else data
        self.size = 0 if data is None else len(data)

    def extend(self, values: np.ndarray) -> None:
        needed = self.size + len(values)
        if needed > len(self.data):
            grown = np.empty(max(needed, 2 * len(self.data)), dtype=self.data.dtype)
            grown[: self.size] = self.data[: self.size]
            self.data = grown
        self.data[self.size: needed] = values
        self.size = needed

    @property
    def values(self) -> np.ndarray:
        return self.data[: self.size]


class _ValueTable:
    """Distinct values of one field; code 0 is "unknown"."""

    def __init__(self, values: Sequence | None = None):
        self.values: list = list(values) if values else [None]
        self.codes = {value: code for code, value in enumerate(self.values)}

    def code(self, value) -> int:
        if value is None or value == "":
            return 0
        code = self.codes.get(value)
        if code is None:
            code = self.codes[value] = len(self.values)
            self.values.append(value)
        return code


class CandidateIndex:
    def __init__(self) -> None:
        self._weapon_ids = _Growable("S16")
        self._key_bytes = _Growable(np.uint8)
        self._key_ends = _Growable(np.int64)
        self._heads = _Growable(np.uint8)  # SKETCH_WIDTH codes a row: the folded key's start
        self._tails = _Growable(np.uint8)  # ... and its end, last character first
        self._key_lengths = _Growable(np.uint8)
        self._retired = _Growable(np.bool_)
        self._columns = {name: _Growable(np.int32) for name in FIELD_NAMES}
        self.tables = {name: _ValueTable() for name in FIELD_NAMES}
        self._main = (np.empty(0, np.uint32), np.empty(0, np.uint32))  # sorted hashes, rows
        self._side = (np.empty(0, np.uint32), np.empty(0, np.uint32))
        self._side_parts: list[tuple[np.ndarray, np.ndarray]] = []
        self._row_of: dict[bytes, int] = {}
        self._id_order: np.ndarray | None = None  # rows sorted by weapon id, main part only
        self.watermark: str = ""  # newest change already in the index (ISO timestamp)
        # Versions (change times) of records read near the watermark, which are read again.
        self.recent: dict[bytes, object] = {}
        self.owner: str = ""  # identity of the database the index describes

    # --- size -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return self._weapon_ids.size

    @property
    def active(self) -> int:
        return int(len(self) - np.count_nonzero(self._retired.values))

    @property
    def signature_count(self) -> int:
        return len(self._main[0]) + len(self._side[0]) + sum(len(h) for h, _ in self._side_parts)

    def nbytes(self) -> int:
        arrays = [self._weapon_ids.values, self._key_bytes.values, self._key_ends.values,
                  self._heads.values, self._tails.values, self._key_lengths.values,
                  self._retired.values, *self._main, *self._side,
                  *(column.values for column in self._columns.values())]
        arrays += [array for part in self._side_parts for array in part]
        if self._id_order is not None:
            arrays.append(self._id_order)
        return int(sum(array.nbytes for array in arrays))

    # --- changes --------------------------------------------------------------------------

    def add(self, batch: RecordBatch, *, settle: bool = True) -> None:
        """Add a batch; ``settle=False`` defers sorting to ``finish()`` (for building in bulk)."""
        if not len(batch):
            return
        first = len(self)
        self.retire(batch.weapon_ids)
        self._weapon_ids.extend(np.array(batch.weapon_ids, dtype="S16"))
        encoded = [key.encode("utf-8") for key in batch.serial_keys]
        lengths = np.fromiter((len(key) for key in encoded), dtype=np.int64, count=len(encoded))
        start = self._key_ends.values[-1] if self._key_ends.size else 0
        self._key_ends.extend(start + np.cumsum(lengths))
        self._key_bytes.extend(np.frombuffer(b"".join(encoded), dtype=np.uint8))
        folded = [marking_key(key) for key in batch.serial_keys]
        heads, tails, key_lengths = sketch(folded)
        self._heads.extend(heads.ravel())
        self._tails.extend(tails.ravel())
        self._key_lengths.extend(key_lengths)
        self._retired.extend(np.zeros(len(batch), dtype=np.bool_))
        for name in FIELD_NAMES:
            table = self.tables[name]
            values = batch.fields.get(name) or [None] * len(batch)
            codes = np.fromiter((table.code(value) for value in values), dtype=np.int32,
                                count=len(batch))
            self._columns[name].extend(codes)
        for offset, weapon_id in enumerate(batch.weapon_ids):
            self._row_of[weapon_id] = first + offset
        codes = None
        if batch.factory_codes:
            codes = [tuple(marking_key(code) for code in record) for record in batch.factory_codes]
        hashes, owners = record_signatures(folded, codes)
        self._side_parts.append((hashes, (owners + first).astype(np.uint32)))
        if settle:
            self._settle_side()

    def remember_recent(self, versions: list[tuple[bytes, object]], since) -> None:
        """Keep the versions of records changed at or after ``since`` (they will be read again)."""
        self.recent = {key: version for key, version in self.recent.items() if version >= since}
        self.recent.update((key, version) for key, version in versions if version >= since)

    def finish(self) -> None:
        """Sort everything added with ``settle=False`` into the main table."""
        self._merge_all()

    def retire(self, weapon_ids: Sequence[bytes]) -> None:
        rows = self.rows_of(weapon_ids)
        if len(rows):
            self._retired.values[rows] = True

    def rows_of(self, weapon_ids: Sequence[bytes]) -> np.ndarray:
        """Active rows of these weapons (those the index holds)."""
        found = [self._row_of[weapon_id] for weapon_id in weapon_ids if weapon_id in self._row_of]
        order = self._id_order
        if order is not None and len(order) and len(weapon_ids):
            # Earlier versions of a record are retired rows with the same id, sorted next to it.
            ids = self._weapon_ids.values[: len(order)]
            wanted = np.array(weapon_ids, dtype="S16")
            low = np.searchsorted(ids, wanted, side="left", sorter=order)
            high = np.searchsorted(ids, wanted, side="right", sorter=order)
            for start, stop in zip(low[high > low], high[high > low], strict=True):
                found.extend(int(row) for row in order[start:stop])
        rows = np.unique(np.array(found, dtype=np.int64))
        return rows[~self._retired.values[rows]]

    def _settle_side(self) -> None:
        side_size = sum(len(hashes) for hashes, _ in self._side_parts) + len(self._side[0])
        if side_size > max(MERGE_MINIMUM, MERGE_SHARE * len(self._main[0])):
            self._merge_all()
        else:
            self._side = _sorted_table([self._side, *self._side_parts])
            self._side_parts = []

    def _merge_all(self) -> None:
        self._main = _sorted_table([self._main, self._side, *self._side_parts])
        self._side = (np.empty(0, np.uint32), np.empty(0, np.uint32))
        self._side_parts = []
        self._id_order = np.argsort(self._weapon_ids.values, kind="stable").astype(np.uint32)
        self._row_of = {}

    # --- reading --------------------------------------------------------------------------

    def rows_sharing(self, probes: np.ndarray, *, max_rows: int, max_posting: int | None = None
                     ) -> np.ndarray:
        """Active rows that hold any of the probe signatures, smallest postings first."""
        starts, stops, sources = [], [], []
        for hashes, _rows in (self._main, self._side):
            if not len(hashes):
                continue
            low = np.searchsorted(hashes, probes, side="left")
            high = np.searchsorted(hashes, probes, side="right")
            hit = high > low
            starts.append(low[hit])
            stops.append(high[hit])
            sources.append(np.full(int(hit.sum()), len(sources)))
        if not starts:
            return np.empty(0, np.int64)
        tables = [rows for hashes, rows in (self._main, self._side) if len(hashes)]
        low, high, source = np.concatenate(starts), np.concatenate(stops), np.concatenate(sources)
        sizes = high - low
        order = np.argsort(sizes, kind="stable")
        if max_posting is not None:
            order = order[sizes[order] <= max_posting]
        budget = np.cumsum(sizes[order])
        order = order[: max(1, int(np.searchsorted(budget, max_rows, side="right")))]
        found = [tables[source[i]][low[i]: high[i]] for i in order]
        if not found:
            return np.empty(0, np.int64)
        rows = np.unique(np.concatenate(found)).astype(np.int64)
        return rows[~self._retired.values[rows]]

    def serial_key(self, row: int) -> str:
        ends = self._key_ends.values
        start = ends[row - 1] if row else 0
        return bytes(self._key_bytes.values[start: ends[row]]).decode("utf-8")

    def sketches(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(heads, tails, lengths) of these rows' folded keys: see ``sketch``."""
        heads = self._heads.values.reshape(-1, SKETCH_WIDTH)
        tails = self._tails.values.reshape(-1, SKETCH_WIDTH)
        return heads[rows], tails[rows], self._key_lengths.values[rows]

    def retired_rows(self) -> np.ndarray:
        return self._retired.values

    def column(self, name: str) -> np.ndarray:
        return self._columns[name].values

    def value(self, name: str, code: int):
        return self.tables[name].values[code]

    def weapon_id(self, row: int) -> bytes:
        # numpy's fixed-width bytes drop trailing NUL bytes, which a UUID may end with.
        return bytes(self._weapon_ids.values[row]).ljust(16, b"\0")

    # --- files ----------------------------------------------------------------------------

    def save(self, directory: Path) -> None:
        self._merge_all()
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {"weapon_ids": self._weapon_ids.values, "key_bytes": self._key_bytes.values,
                  "key_ends": self._key_ends.values, "retired": self._retired.values,
                  "heads": self._heads.values, "tails": self._tails.values,
                  "key_lengths": self._key_lengths.values,
                  "hashes": self._main[0], "rows": self._main[1], "id_order": self._id_order}
        arrays.update({f"column_{name}": column.values for name, column in self._columns.items()})
        for name, array in arrays.items():
            with (directory / f"{name}.npy.part").open("wb") as handle:
                np.save(handle, array, allow_pickle=False)
        (directory / "manifest.json.part").write_text(json.dumps({
            "format_version": FORMAT_VERSION, "records": len(self), "watermark": self.watermark,
            "owner": self.owner,
            "tables": {name: table.values for name, table in self.tables.items()},
        }), encoding="utf-8")
        # Renamed last, so a crash mid-save leaves the previous index whole.
        for name in arrays:
            (directory / f"{name}.npy.part").replace(directory / f"{name}.npy")
        (directory / "manifest.json.part").replace(directory / "manifest.json")

    @classmethod
    def load(cls, directory: Path) -> CandidateIndex | None:
        """The index saved in ``directory``, or None when there is none or it is of another format."""
        try:
            manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
            if manifest.get("format_version") != FORMAT_VERSION:
                return None
            arrays = {path.name[:-4]: np.load(path, allow_pickle=False)
                      for path in directory.glob("*.npy")}
        except (OSError, ValueError):
            return None
        index = cls()
        index._weapon_ids = _Growable("S16", arrays["weapon_ids"])
        index._key_bytes = _Growable(np.uint8, arrays["key_bytes"])
        index._key_ends = _Growable(np.int64, arrays["key_ends"])
        index._heads = _Growable(np.uint8, arrays["heads"])
        index._tails = _Growable(np.uint8, arrays["tails"])
        index._key_lengths = _Growable(np.uint8, arrays["key_lengths"])
        index._retired = _Growable(np.bool_, arrays["retired"].copy())
        index._columns = {name: _Growable(np.int32, arrays[f"column_{name}"]) for name in FIELD_NAMES}
        index.tables = {name: _ValueTable(_tuples(values)) for name, values in manifest["tables"].items()}
        index._main = (arrays["hashes"], arrays["rows"])
        index._id_order = arrays["id_order"]
        index.watermark, index.owner = manifest["watermark"], manifest["owner"]
        return index


def sketch(keys: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Fixed-width character codes of keys from their start and from their end, and their lengths.

    A code is one byte (distinct characters may share one: the sketch only pre-ranks), 0 pads.
    "?" keeps a code of its own so that it can match anything.
    """
    heads = np.zeros((len(keys), SKETCH_WIDTH), dtype=np.uint8)
    tails = np.zeros((len(keys), SKETCH_WIDTH), dtype=np.uint8)
    for row, key in enumerate(keys):
        codes = [character_code(char) for char in key]
        head, tail = codes[:SKETCH_WIDTH], codes[::-1][:SKETCH_WIDTH]
        heads[row, : len(head)] = head
        tails[row, : len(tail)] = tail
    lengths = np.fromiter((min(len(key), 255) for key in keys), dtype=np.uint8, count=len(keys))
    return heads, tails, lengths


def character_code(char: str) -> int:
    return 1 + ord(char) % 254


def _tuples(values: list) -> list:
    # JSON has no tuples: (text, code) pairs come back as lists.
    return [tuple(value) if isinstance(value, list) else value for value in values]


def _sorted_table(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """One table of (hash, row) pairs sorted by hash, from several (each sorted or not)."""
    hashes = np.concatenate([part[0] for part in parts]).astype(np.uint64)
    rows = np.concatenate([part[1] for part in parts]).astype(np.uint64)
    # Hash and row packed in one word sort together in one pass, with half the memory of argsort.
    packed = (hashes << np.uint64(32)) | rows
    del hashes, rows
    packed.sort()
    return (packed >> np.uint64(32)).astype(np.uint32), packed.astype(np.uint32)
