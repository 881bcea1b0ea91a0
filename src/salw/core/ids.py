"""Time-ordered UUIDs.

Random UUID4 keys scatter inserts across the whole primary-key index; at millions
of weapons that makes every import slower than the one before. Version-7 UUIDs
start with a millisecond timestamp, so new rows land at the end of the index.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_millis = 0
_counter = 0


def uuid7() -> uuid.UUID:
    global _last_millis, _counter
    with _lock:
        millis = time.time_ns() // 1_000_000
        if millis <= _last_millis:
            # Same millisecond (or clock stepped back): keep order with a counter.
            _counter += 1
            millis = _last_millis
        else:
            _counter = 0
            _last_millis = millis
        counter = _counter & 0xFFF
        if counter == 0xFFF:
            _last_millis += 1
    random_bits = int.from_bytes(os.urandom(8), "big") & 0x3FFFFFFFFFFFFFFF
    value = (millis & 0xFFFFFFFFFFFF) << 80
    value |= 0x7 << 76
    value |= counter << 64
    value |= 0b10 << 62
    value |= random_bits
    return uuid.UUID(int=value)
