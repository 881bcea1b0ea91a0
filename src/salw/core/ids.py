"""Time-ordered UUIDs.

Random UUID4 keys scatter inserts across the whole primary-key index; at millions
of weapons that makes every import slower than the one before. Version-7 UUIDs
start with a millisecond timestamp, so new rows land at the end of the index.
"""

from __future__ import annotations

import random
import threading
import time
import uuid

_lock = threading.Lock()
_last_millis = 0
_counter = 0
# Uniqueness comes from the timestamp and the counter; the random tail only has to differ
# between processes, so a fast generator seeded from the operating system is enough.
_random = random.Random()


def uuid7() -> uuid.UUID:
    return uuid.UUID(int=_uuid7_int())


def uuid7_hex() -> str:
    """``uuid7().hex`` without the UUID object, for bulk writes: both databases take the hex form
    in a UUID column, and the hash chain hashes a UUID as this same text."""
    return f"{_uuid7_int():032x}"


def _uuid7_int() -> int:
    global _last_millis, _counter
    with _lock:
        millis = time.time_ns() // 1_000_000
        if millis <= _last_millis:
            # Same millisecond (or the clock stepped back): keep order with a counter.
            _counter += 1
            if _counter > 0xFFF:
                _last_millis += 1
                _counter = 0
            millis = _last_millis
        else:
            _counter = 0
            _last_millis = millis
        counter = _counter
    return (millis & 0xFFFFFFFFFFFF) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | _random.getrandbits(62)
