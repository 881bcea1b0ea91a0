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


def per_data_state(function: Callable) -> Callable:
    @functools.wraps(function)
    def remembered(*args, **kwargs):
        question = (function.__module__, function.__qualname__, [_part(arg) for arg in args],
                    sorted((name, _part(value)) for name, value in kwargs.items()),
                    translation.get_language())
        state = _state_of_this_question.get()
        outermost = state is None
        if outermost:
            state = data_state()
        key = "analytics:" + hashlib.sha256(repr((question, state)).encode()).hexdigest()
        answer = cache.get(key)
        if answer is None:
            token = _state_of_this_question.set(state) if outermost else None
            try:
                answer = function(*args, **kwargs)
            finally:
                if token is not None:
                    _state_of_this_question.reset(token)
            cache.set(key, answer, CACHE_SECONDS)
        return answer

    return remembered
