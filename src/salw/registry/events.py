"""Appending lifecycle events to the hash chain, one at a time or a million in a batch."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from salw.core.audit import actor_identity
from salw.core.bulk import BulkWriter
from salw.core.chain import ChainCursor
from salw.core.hashing import hashed_text
from salw.registry.models import Event

EVENT_CHAIN = "event"
_CONTENT_FIELDS = [name for name in Event.HASHED_FIELDS if name != "seq"]
_SORTED_HASHED = sorted(Event.HASHED_FIELDS)
_SORTED_NAMES_TEXT = "\x1f".join(_SORTED_HASHED)
_SEQ_INDEX = _SORTED_HASHED.index("seq")


class EventWriter:
    """Gives each event its place in the chain; ``close()`` writes what is pending and moves the head.

    Use inside the transaction that makes the change, so that a failure leaves neither
    events nor a moved head behind.
    """

    def __init__(self, *, actor, import_batch_id=None, chunk_size: int | None = 2000):
        self.recorded_by_id, self.recorded_by_name = actor_identity(actor)
        self.import_batch_id = import_batch_id
        self.recorded_at = timezone.now()
        self.cursor = ChainCursor(EVENT_CHAIN)
        columns = ["seq", *_CONTENT_FIELDS, "prev_hash", "entry_hash"]
        self.writer = BulkWriter(Event, columns, chunk_size=chunk_size)
        defaults = {name: None for name in _CONTENT_FIELDS}
        defaults.update(holder_type="", location_country="", location_admin1="", document_ref="",
                        note="", details="", reason="", recorded_by_id=self.recorded_by_id,
                        recorded_by_name=self.recorded_by_name, recorded_at=self.recorded_at,
                        import_batch_id=self.import_batch_id)
        # An import appends a million events that differ in a handful of fields: the rest is
        # hashed and converted for the database once, here, and copied per event.
        self.hash_texts = [hashed_text(defaults.get(name)) for name in _SORTED_HASHED]
        self.row_values = self.writer.converted([None, *[defaults[name] for name in _CONTENT_FIELDS], "", ""])
        self.places = {name: (_SORTED_HASHED.index(name), columns.index(name),
                              self.writer.converter_at(columns.index(name)))
                       for name in _CONTENT_FIELDS}

    def append(self, **fields: Any) -> int:
        """Queue one event; returns its sequence number (its identity)."""
        texts = self.hash_texts.copy()
        row = self.row_values.copy()
        try:
            for name, value in fields.items():
                text_index, column_index, convert = self.places[name]
                texts[text_index] = value if type(value) is str else hashed_text(value)
                row[column_index] = convert(value) if convert else value
        except KeyError:
            raise TypeError(f"unknown event fields: {sorted(set(fields) - set(self.places))}") from None
        seq, previous, entry_hash = self.cursor.next_texts(_SORTED_NAMES_TEXT, texts, _SEQ_INDEX)
        row[0], row[-2], row[-1] = seq, previous, entry_hash
        self.writer.add_converted(tuple(row))
        return seq

    def flush(self) -> None:
        self.writer.flush()

    def close(self) -> None:
        self.writer.flush()
        self.cursor.save()
