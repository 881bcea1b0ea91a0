"""Reading tabular files as people really send them: CSV in any common encoding and separator, XLSX.

Rows come out as (row number, list of cell strings), numbered as a spreadsheet shows
them (the header is row 1), so every message can point at the cell to fix.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.utils.translation import gettext as _

from salw.core.errors import Problem

ZIP_MAGIC = b"PK\x03\x04"
CANDIDATE_DELIMITERS = [",", ";", "\t", "|"]
# Large enough for any honest cell, small enough that a runaway quote cannot eat the memory.
CSV_FIELD_LIMIT = 1_000_000


class UnreadableFile(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.describe())


def _unreadable(name: str, message: str, row: int | None = None) -> UnreadableFile:
    return UnreadableFile(Problem(file=name, row=row, message=message))


def normalise_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", (name or "").strip().lstrip("\ufeff").strip().casefold())


class _CountingReader(io.RawIOBase):
    """Counts bytes read, so progress can be shown without seeking."""

    def __init__(self, raw):
        self.raw = raw
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self.raw.readinto(buffer)
        self.bytes_read += count or 0
        return count


@dataclass
class Table:
    name: str
    kind: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    header: list[str] = field(default_factory=list)
    size_bytes: int = 0
    rows: Iterator[tuple[int, list[str]]] = iter(())
    progress: Callable[[], int] = lambda: 0
    close: Callable[[], None] = lambda: None


def detect_encoding(path: Path) -> str:
    """BOM first; then UTF-16 by its NUL pattern; then strict UTF-8 over the whole file; else cp1252."""
    with path.open("rb") as handle:
        start = handle.read(4096)
        if start.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if start.startswith(codecs.BOM_UTF16_LE) or start.startswith(codecs.BOM_UTF16_BE):
            return "utf-16"
        if len(start) >= 4:
            even_nuls = start[0::2].count(0)
            odd_nuls = start[1::2].count(0)
            half = len(start) // 2
            if odd_nuls > half * 0.4 and even_nuls < half * 0.05:
                return "utf-16-le"
            if even_nuls > half * 0.4 and odd_nuls < half * 0.05:
                return "utf-16-be"
        handle.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def undecodable_line_problem(path: Path, encoding: str) -> Problem:
    """Locate the first line that does not decode, for the message (decoding itself runs in chunks)."""
    decoder = codecs.getincrementaldecoder(encoding)()
    line_number = 1
    reason = _("undecodable bytes")
    with path.open("rb") as handle:
        for raw_line in handle:
            try:
                line_number += decoder.decode(raw_line).count("\n")
            except UnicodeDecodeError as error:
                reason = error.reason
                break
    return Problem(file=path.name, row=line_number,
                   message=_("not readable as %(encoding)s (%(reason)s); give the file's encoding with "
                             "--encoding, e.g. --encoding cp1252") % {"encoding": encoding, "reason": reason})


def _choose_delimiter(header_line: str) -> str:
    counts = {delimiter: header_line.count(delimiter) for delimiter in CANDIDATE_DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def open_table(path: Path, *, encoding: str | None = None, delimiter: str | None = None) -> Table:
    path = Path(path)
    name = path.name
    if not path.exists():
        raise _unreadable(name, _("file not found"))
    size = path.stat().st_size
    if size == 0:
        raise _unreadable(name, _("the file is empty"))
    with path.open("rb") as handle:
        magic = handle.read(4)
    if magic == ZIP_MAGIC or path.suffix.lower() in {".xlsx", ".xlsm"}:
        return _open_xlsx(path, size)
    return _open_csv(path, size, encoding, delimiter)


def _usable_delimiter(delimiter: str) -> bool:
    return len(delimiter) == 1 and delimiter not in '"\r\n'


def _open_csv(path: Path, size: int, encoding: str | None, delimiter: str | None) -> Table:
    name = path.name
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise _unreadable(name, _("unknown encoding %(encoding)r") % {"encoding": encoding}) from None
    if delimiter and not _usable_delimiter(delimiter):
        raise _unreadable(name, _("the delimiter must be one character other than a quote or a line break, "
                                  "not %(delimiter)r") % {"delimiter": delimiter})
    chosen = encoding or detect_encoding(path)
    raw = path.open("rb")
    counter = _CountingReader(raw)
    text = io.TextIOWrapper(io.BufferedReader(counter, 1 << 20), encoding=chosen, newline="",
                            errors="strict")
    try:
        first_line = text.readline()
    except UnicodeDecodeError:
        raw.close()
        raise UnreadableFile(undecodable_line_problem(path, chosen)) from None
    if not first_line.strip():
        raw.close()
        raise _unreadable(name, _("the first line (the header) is empty"), row=1)
    chosen_delimiter = delimiter or _choose_delimiter(first_line)
    csv.field_size_limit(CSV_FIELD_LIMIT)
    header = next(csv.reader([first_line], delimiter=chosen_delimiter))
    reader = csv.reader(text, delimiter=chosen_delimiter, strict=False)

    def rows() -> Iterator[tuple[int, list[str]]]:
        row_number = 1
        try:
            for cells in reader:
                row_number += 1
                yield row_number, cells
        except UnicodeDecodeError:
            raise UnreadableFile(undecodable_line_problem(path, chosen)) from None
        except csv.Error as error:
            raise _unreadable(name, _("broken CSV: %(error)s") % {"error": error}, row=row_number + 1) from None

    return Table(name=name, kind="csv", encoding=chosen, delimiter=chosen_delimiter,
                 header=header, size_bytes=size, rows=rows(),
                 progress=lambda: counter.bytes_read, close=raw.close)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if not value.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _open_xlsx(path: Path, size: int) -> Table:
    import zipfile

    from openpyxl import load_workbook

    name = path.name
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise _unreadable(name, _("not a readable XLSX workbook (%(error)s)") % {"error": error}) from None
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    header_row = next(iterator, None)
    if header_row is None:
        workbook.close()
        raise _unreadable(name, _("the workbook's first sheet is empty"))
    header = [_cell_text(value) for value in header_row]
    while header and not header[-1]:
        header.pop()
    state = {"row": 1}

    def rows() -> Iterator[tuple[int, list[str]]]:
        for values in iterator:
            state["row"] += 1
            yield state["row"], [_cell_text(value) for value in values]

    total_rows = sheet.max_row or 1
    return Table(name=name, kind="xlsx", header=header, size_bytes=size, rows=rows(),
                 progress=lambda: int(size * state["row"] / total_rows), close=workbook.close)


def file_sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()

