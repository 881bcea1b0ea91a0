"""Aggregates computed once per state of the data and per question, then answered from memory.

Counting a million-weapon registry takes seconds; maps and charts ask the same questions many
times between two writes. Every write to salw's records is audited in its own transaction and
every change to a weapon is an event, so the newest audit entry, the newest event and the newest
weapon change (each read from an index) tell whether anything an aggregate counts has changed:
an answer is never served once the data behind it has moved.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.core.cache import cache
from django.db.models import Max
from django.utils import translation

from salw.analytics.scope import Scope
from salw.core.models import AuditEntry
from salw.registry.models import Event, Weapon

CACHE_SECONDS = 6 * 3600
# The state read by the outermost remembered call: the aggregates it asks for in turn (a page of
# several) are keyed on the same state instead of reading it again each.
_state_of_this_question: ContextVar[tuple | None] = ContextVar("analytics_data_state", default=None)


def data_state() -> tuple:
    return (AuditEntry.objects.aggregate(newest=Max("seq"))["newest"],
            Event.objects.aggregate(newest=Max("seq"))["newest"],
            Weapon.objects.aggregate(newest=Max("updated_at"))["newest"])


def _part(value: Any) -> Any:
    """A stable, comparable stand-in for an argument: who is asking and what they may count matter."""
    if isinstance(value, Scope):
        ids = None if value.jurisdiction_ids is None else sorted(str(pk) for pk in value.jurisdiction_ids)
        return ("scope", ids, value.period.start, value.period.end)
    if hasattr(value, "pk") or hasattr(value, "is_system"):
        return ("actor", str(getattr(value, "pk", None) or getattr(value, "name", "")))
    return value


class _InProcess:
    """The few newest answers, kept as the objects they are (a cache would copy them each time)."""

    def __init__(self, size: int):
        self.size = size
        self.answers: OrderedDict[str, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self.lock:
            answer = self.answers.get(key)
            if answer is not None:
                self.answers.move_to_end(key)
            return answer

    def clear(self) -> None:
        with self.lock:
            self.answers.clear()

    def set(self, key: str, answer: Any, _timeout=None) -> None:
        with self.lock:
            self.answers[key] = answer
            self.answers.move_to_end(key)
            while len(self.answers) > self.size:
                self.answers.popitem(last=False)


_in_process = _InProcess(size=16)


def forget_all() -> None:
    """Drop every remembered answer (tests between rolled-back states; benchmarks timing a cold count)."""
    cache.clear()
    _in_process.clear()


def per_data_state(function: Callable | None = None, *, in_process: bool = False) -> Callable:
    """``in_process``: for large, immutable intermediate counts that several aggregates read in turn;
    pickling them into the cache and back would cost a good part of counting them. They hold no
    words, so one answer serves every language."""
    store = _in_process if in_process else cache

    def decorate(function: Callable) -> Callable:
        @functools.wraps(function)
        def remembered(*args, **kwargs):
            question = (function.__module__, function.__qualname__, [_part(arg) for arg in args],
                        sorted((name, _part(value)) for name, value in kwargs.items()),
                        None if in_process else translation.get_language())
            state = _state_of_this_question.get()
            outermost = state is None
            if outermost:
                state = data_state()
            key = "analytics:" + hashlib.sha256(repr((question, state)).encode()).hexdigest()
            answer = store.get(key)
            if answer is None:
                token = _state_of_this_question.set(state) if outermost else None
                try:
                    answer = function(*args, **kwargs)
                finally:
                    if token is not None:
                        _state_of_this_question.reset(token)
                store.set(key, answer, CACHE_SECONDS)
            return answer

        return remembered

    return decorate(function) if function is not None else decorate
