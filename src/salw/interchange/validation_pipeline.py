"""Reading and validating a registry file, in a second process when the file is large.

Parsing and checking cells is half the work of an import and needs no database, so
on a machine with two cores a helper process does it while the main process writes.
Both paths yield the same batches; small files stay in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import queue as queue_module
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from salw.core.errors import Problem
from salw.interchange.registry_format import RecordValidator, RegistryRecord
from salw.interchange.tables import UnreadableFile, open_table

BATCH_ROWS = 2000
PARALLEL_FROM_BYTES = 4_000_000
QUEUE_BATCHES = 8


@dataclass
class Batch:
    items: list[tuple[int, RegistryRecord | None, list[Problem]]]
    bytes_read: int


def _batches_in_process(path: Path, encoding: str | None, delimiter: str | None,
                        validator: RecordValidator) -> Iterator[Batch]:
    table = open_table(path, encoding=encoding, delimiter=delimiter)
    try:
        items = []
        for row_number, cells in table.rows:
            if not any(cells):
                continue
            record, problems = validator.validate(row_number, cells)
            items.append((row_number, record, problems))
            if len(items) >= BATCH_ROWS:
                yield Batch(items, table.progress())
                items = []
        yield Batch(items, table.size_bytes)
    finally:
        table.close()


_FIELDS = RegistryRecord.__slots__
# Cells that repeat from row to row; the rest (ids, serials, places) are new in nearly every row.
_REPEATING = [index for index, name in enumerate(_FIELDS)
              if name not in ("row", "record_id", "serial_number", "serial_key", "fingerprint", "latitude",
                              "longitude")]


def _packed(batch: Batch) -> tuple:
    """Plain tuples pickle several times faster than dataclass instances.

    Most cells repeat from row to row (source, country, maker, model, holder, date): handing
    pickle one object per distinct value lets it send each once and refer back to it after, which
    makes the message a fraction of the size and the reading process's unpickling much cheaper.
    """
    shared: dict = {}
    return ([(row, _shared_values(record, shared) if record else None, problems)
             for row, record, problems in batch.items], batch.bytes_read)


def _shared_values(record: RegistryRecord, shared: dict) -> tuple:
    values = [getattr(record, name) for name in _FIELDS]
    for index in _REPEATING:
        value = values[index]
        # Keyed with the type: 1 == 1.0 == True, and each must arrive as what it was.
        values[index] = shared.setdefault((value.__class__, value), value)
    return tuple(values)


def _unpacked(packed: tuple) -> Batch:
    items, bytes_read = packed
    return Batch([(row, RegistryRecord(*values) if values else None, problems) for row, values, problems in items],
                 bytes_read)


def _speak(language: str | None) -> None:
    """Write this process's messages in the importing process's language (None: untranslated)."""
    if not language:
        translation.deactivate_all()
        return
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()
    translation.activate(language)


def _worker(path, encoding, delimiter, validator, out, parent_pid, language) -> None:
    # Never wait at exit for unsent data: if the importer was killed, nobody will read it.
    out.cancel_join_thread()
    _speak(language)

    def parent_alive() -> bool:
        return os.getppid() == parent_pid

    def send(message) -> bool:
        while True:
            if not parent_alive():
                return False  # the importer is gone (killed): stop quietly
            try:
                out.put(message, timeout=1)
                return True
            except queue_module.Full:
                continue

    try:
        for batch in _batches_in_process(path, encoding, delimiter, validator):
            if not send(("batch", _packed(batch))):
                return
        send(("done", None))
    except UnreadableFile as error:
        send(("error", error.problem))
    # Stay until the importer has read everything and ends this process (or is itself gone).
    while parent_alive():
        time.sleep(0.2)


def validated_batches(path: Path, *, encoding: str | None, delimiter: str | None,
                      validator: RecordValidator) -> Iterator[Batch]:
    parallel = (os.cpu_count() or 1) > 1 and Path(path).stat().st_size >= PARALLEL_FROM_BYTES
    if not parallel:
        yield from _batches_in_process(path, encoding, delimiter, validator)
        return
    context = multiprocessing.get_context("spawn")
    out = context.Queue(maxsize=QUEUE_BATCHES)
    process = context.Process(target=_worker, args=(str(path), encoding, delimiter, validator, out, os.getpid(),
                                                    translation.get_language()), daemon=True)
    process.start()
    try:
        while True:
            try:
                kind, payload = out.get(timeout=5)
            except queue_module.Empty:
                if not process.is_alive():
                    raise RuntimeError(_("the file-reading process stopped unexpectedly")) from None
                continue
            if kind == "batch":
                yield _unpacked(payload)
            elif kind == "error":
                raise UnreadableFile(payload)
            else:
                return
    finally:
        if process.is_alive():
            process.terminate()
        process.join(timeout=5)
