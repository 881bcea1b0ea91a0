"""Counting independent aggregates at the same time, each on its own database connection.

A page of analytics asks for several grouped counts that share nothing but their filters. The
database does the work with the interpreter's lock released, so on two cores two counts take
little longer than one, on SQLite as on PostgreSQL.

The counting threads live as long as the process and keep their connections: a new SQLite
connection starts with an empty page cache and would read every page of the tables again.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import DatabaseError, connection, connections
from django.utils import translation

WORKERS = 2

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_this_thread = threading.local()


def counted_together(*counts: Callable[[], Any]) -> list[Any]:
    """The answers of ``counts``, in order.

    They run one after another inside a transaction (another connection would not see the rows
    this one has written and not yet committed) and inside a counting thread (all of them may be
    busy: waiting on a count none is free to start would never end)."""
    if len(counts) < 2 or connection.in_atomic_block or getattr(_this_thread, "counting", False):
        return [count() for count in counts]
    pool = _the_pool()
    # The copied context carries the state of the data being counted; the language is per thread.
    language = translation.get_language()
    futures = [pool.submit(_count_here, contextvars.copy_context(), language, count) for count in counts[1:]]
    first = counts[0]()
    return [first, *(future.result() for future in futures)]


def _the_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="salw-count")
        return _pool


def _count_here(context: contextvars.Context, language: str | None, count: Callable[[], Any]) -> Any:
    _this_thread.counting = True
    try:
        return context.run(_in_language, language, count)
    except DatabaseError:
        connections.close_all()  # a broken connection is opened afresh for the next count
        raise
    finally:
        _this_thread.counting = False


def _in_language(language: str | None, count: Callable[[], Any]) -> Any:
    # Inside the copied context: outside it, the language set here would not be the one read.
    with translation.override(language):
        return count()


def stop() -> None:
    """Close the counting threads' connections and end the threads (before a database is dropped)."""
    global _pool
    with _pool_lock:
        pool, _pool = _pool, None
    if pool is None:
        return
    # Each thread waits for the others, so every one of them takes exactly one closing task.
    everyone = threading.Barrier(WORKERS)

    def close_this_threads_connections() -> None:
        everyone.wait(timeout=30)
        connections.close_all()

    for _ in range(WORKERS):
        pool.submit(close_this_threads_connections)
    pool.shutdown(wait=True)
