"""Pure rules of a trace request's life (ISACS 05.31): statuses, transitions, due dates.

    draft -> sent -> acknowledged -> answered | partial | unable_to_trace -> closed

A reply may come without an acknowledgement, a partial reply may be completed later, and a
request can be closed at any point (withdrawn, or given up when no reply comes).
"""

from __future__ import annotations

from datetime import date, timedelta

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


def transition_problem(current: str, target: str) -> str | None:
    """Why a request in ``current`` cannot move to ``target``; None when it can."""
    if target not in TRANSITIONS:
        return f"unknown trace request status {target!r}"
    if current not in TRANSITIONS:
        return f"unknown trace request status {current!r}"
    if target in TRANSITIONS[current]:
        return None
    allowed = ", ".join(sorted(TRANSITIONS[current])) or "nothing (it is closed)"
    return f"a {current} trace request cannot become {target}; it can become: {allowed}"


def due_date(sent_on: date, response_days: int) -> date:
    """The day a reply is due: a local policy, since the ITI sets no fixed deadline."""
    return sent_on + timedelta(days=response_days)


def is_overdue(status: str, due_on: date | None, today: date) -> bool:
    """Still waiting for a reply and past the due date (the due date itself is not late)."""
    return status in AWAITING_REPLY and due_on is not None and today > due_on
