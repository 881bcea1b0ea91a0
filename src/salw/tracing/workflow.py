"""Pure rules of a trace request's life (ISACS 05.31): statuses, transitions, due dates.

    draft -> sent -> acknowledged -> answered | partial | unable_to_trace -> closed

A reply may come without an acknowledgement, a partial reply may be completed later, and a
request can be closed at any point (withdrawn, or given up when no reply comes).
"""

from __future__ import annotations

from datetime import date, timedelta

from salw.core.message import Message, gettext_noop

DRAFT = "draft"
SENT = "sent"
ACKNOWLEDGED = "acknowledged"
ANSWERED = "answered"
PARTIAL = "partial"
UNABLE_TO_TRACE = "unable_to_trace"
CLOSED = "closed"

STATUSES = (DRAFT, SENT, ACKNOWLEDGED, ANSWERED, PARTIAL, UNABLE_TO_TRACE, CLOSED)
REPLY_RESULTS = (ANSWERED, PARTIAL, UNABLE_TO_TRACE)
AWAITING_REPLY = frozenset({SENT, ACKNOWLEDGED})

TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({SENT, CLOSED}),
    SENT: frozenset({ACKNOWLEDGED, ANSWERED, PARTIAL, UNABLE_TO_TRACE, CLOSED}),
    ACKNOWLEDGED: frozenset({ANSWERED, PARTIAL, UNABLE_TO_TRACE, CLOSED}),
    PARTIAL: frozenset({ANSWERED, UNABLE_TO_TRACE, CLOSED}),
    ANSWERED: frozenset({CLOSED}),
    UNABLE_TO_TRACE: frozenset({CLOSED}),
    CLOSED: frozenset(),
}


def transition_problem(current: str, target: str) -> Message | None:
    """Why a request in ``current`` cannot move to ``target``; None when it can."""
    for status in (target, current):
        if status not in TRANSITIONS:
            return Message(gettext_noop("unknown trace request status %(status)r"), {"status": status})
    if target in TRANSITIONS[current]:
        return None
    if not TRANSITIONS[current]:
        return Message(gettext_noop("a %(current)s trace request cannot become %(target)s; "
                                    "it can become: nothing (it is closed)"), {"current": current, "target": target})
    return Message(gettext_noop("a %(current)s trace request cannot become %(target)s; it can become: %(allowed)s"),
                   {"current": current, "target": target, "allowed": ", ".join(sorted(TRANSITIONS[current]))})


def due_date(sent_on: date, response_days: int) -> date:
    """The day a reply is due: a local policy, since the ITI sets no fixed deadline."""
    return sent_on + timedelta(days=response_days)


def is_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Still waiting for a reply and past the due date (the due date itself is not late)."""
    return status in AWAITING_REPLY and due_on is not None and today > due_on
