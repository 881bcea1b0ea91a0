"""Appending lifecycle events to the hash chain, one at a time or a million in a batch."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from salw.core.audit import actor_identity
from salw.core.bulk import BulkWriter
from salw.core.chain import ChainCursor
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
        self.writer = BulkWriter(Event, ["seq", *_CONTENT_FIELDS, "prev_hash", "entry_hash"],
                                 chunk_size=chunk_size)
        self.defaults = {name: None for name in _CONTENT_FIELDS}
        self.defaults.update(holder_type="", location_country="", location_admin1="", document_ref="",
                             note="", details="", reason="", recorded_by_id=self.recorded_by_id,
                             recorded_by_name=self.recorded_by_name, recorded_at=self.recorded_at,
                             import_batch_id=self.import_batch_id)

    def append(self, **fields: Any) -> int:
        """Queue one event; returns its sequence number (its identity)."""
        values = {**self.defaults, **fields}
        if len(values) != len(self.defaults):
            raise TypeError(f"unknown event fields: {sorted(set(fields) - set(self.defaults))}")
        ordered = [values.get(name) for name in _SORTED_HASHED]
        seq, previous, entry_hash = self.cursor.next_ordered(_SORTED_NAMES_TEXT, ordered, _SEQ_INDEX)
        self.writer.add((seq, *[values[name] for name in _CONTENT_FIELDS], previous, entry_hash))
        return seq

    def flush(self) -> None:
        self.writer.flush()

    def close(self) -> None:
        self.writer.flush()
        self.cursor.save()
