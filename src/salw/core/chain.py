"""Appending to and verifying a hash chain (audit log, lifecycle events).

Appends are serialised: on SQLite by the IMMEDIATE write transaction, on
PostgreSQL by locking the chain's head row until the transaction commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from salw.core.hashing import GENESIS_HASH, chain_hash, chain_hash_texts
from salw.core.models import ChainHead


class ChainCursor:
    """Hands out sequence numbers and hashes inside one transaction; ``save()`` moves the head."""

    def __init__(self, name: str):
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("chain appends must run inside a transaction")
        head = ChainHead.objects.select_for_update().filter(name=name).first()
        if head is None:
            head = ChainHead.objects.create(name=name, seq=0, head_hash=GENESIS_HASH)
        self._head = head
        self.seq = head.seq
        self.hash = head.head_hash

    def next(self, fields_without_seq: dict[str, Any]) -> tuple[int, str, str]:
        """Return (seq, prev_hash, entry_hash) for the next entry with these fields."""
        self.seq += 1
        previous = self.hash
        self.hash = chain_hash(previous, {**fields_without_seq, "seq": self.seq})
        return self.seq, previous, self.hash

    def next_texts(self, names_text: str, texts_with_seq_slot: list[str], seq_index: int) -> tuple[int, str, str]:
        """Like ``next`` for values already hashed to text in sorted-name order, with a slot for ``seq``."""
        self.seq += 1
        previous = self.hash
        texts_with_seq_slot[seq_index] = str(self.seq)
        self.hash = chain_hash_texts(previous, names_text, texts_with_seq_slot)
        return self.seq, previous, self.hash

    def save(self) -> None:
        if self.seq != self._head.seq:
            ChainHead.objects.filter(name=self._head.name).update(seq=self.seq, head_hash=self.hash)


@dataclass(frozen=True)
class ChainBreak:
    chain: str
    seq: int | None
    reason: str

    def describe(self) -> str:
        if self.seq is None:
            return _("%(chain)s: chain head: %(reason)s") % {"chain": self.chain, "reason": self.reason}
        return _("%(chain)s: entry %(seq)s: %(reason)s") % {"chain": self.chain, "seq": self.seq,
                                                             "reason": self.reason}


def verify_chain(name: str, rows: Iterable[dict[str, Any]], hashed_fields: tuple[str, ...]) -> Iterator[ChainBreak]:
    """Yield the first break in a chain read in ``seq`` order (at most one)."""
    expected_seq = 1
    previous = GENESIS_HASH
    for row in rows:
        seq = row["seq"]
        if seq != expected_seq:
            if seq > expected_seq:
                reason = _("expected entry %(expected)s, found %(seq)s: entries removed")
            else:
                reason = _("expected entry %(expected)s, found %(seq)s: entries duplicated or reordered")
            yield ChainBreak(name, expected_seq, reason % {"expected": expected_seq, "seq": seq})
            return
        if row["prev_hash"] != previous:
            yield ChainBreak(name, seq, _("does not follow the previous entry (removed, inserted or reordered)"))
            return
        recomputed = chain_hash(previous, {field: row[field] for field in hashed_fields})
        if recomputed != row["entry_hash"]:
            yield ChainBreak(name, seq, _("content was changed after it was written"))
            return
        previous = row["entry_hash"]
        expected_seq += 1
    head = ChainHead.objects.filter(name=name).first()
    last_seq = expected_seq - 1
    if head is None:
        if last_seq:
            yield ChainBreak(name, None, _("chain head is missing"))
        return
    if head.seq != last_seq or head.head_hash != previous:
        yield ChainBreak(name, head.seq if head.seq > last_seq else last_seq,
                         _("chain head says %(recorded)s entries but %(found)s were found: entries removed")
                         % {"recorded": head.seq, "found": last_seq})
