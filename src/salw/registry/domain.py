"""Pure rules of a weapon's life: statuses, event types, transitions, projection, serial keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from salw.core.message import Message, gettext_noop

# Statuses of the interchange contract (interchange.md §1) plus "deactivated".
IN_SERVICE = "in_service"
IN_STORAGE = "in_storage"
LOST = "lost"
STOLEN = "stolen"
SEIZED = "seized"
SURRENDERED = "surrendered"
FOUND = "found"
DESTROYED = "destroyed"
EXPORTED = "exported"
DEACTIVATED = "deactivated"

STATUSES = (IN_SERVICE, IN_STORAGE, LOST, STOLEN, SEIZED, SURRENDERED, FOUND, DESTROYED,
            EXPORTED, DEACTIVATED)
IMPORTABLE_STATUSES = STATUSES[:-1]
OUT_OF_CONTROL = frozenset({LOST, STOLEN})
TERMINAL = frozenset({DESTROYED})

HOLDER_TYPES = (
    "state_armed_forces", "state_law_enforcement", "state_other", "licensed_civilian", "dealer",
    "manufacturer", "broker", "non_state_armed_group", "criminal_group", "unknown",
)
IMPORTABLE_HOLDER_TYPES = tuple(t for t in HOLDER_TYPES if t != "broker")
MARKING_STATUSES = ("legible", "partly_obliterated", "obliterated")

# Event type -> the status a weapon has after it (None: status unchanged).
EVENT_STATUS: dict[str, str | None] = {
    "registered": None,
    "manufactured": IN_STORAGE,
    "marked": None,
    "imported": IN_STORAGE,
    "issued": IN_SERVICE,
    "transferred": None,
    "stored": IN_STORAGE,
    "relocated": None,
    "inventoried": None,
    "lost": LOST,
    "stolen": STOLEN,
    "found": FOUND,
    "seized": SEIZED,
    "surrendered": SURRENDERED,
    "traced": None,
    "deactivated": DEACTIVATED,
    "destroyed": DESTROYED,
    "exported": EXPORTED,
    "record_corrected": None,
    "voided": None,
}
EVENT_TYPES = tuple(EVENT_STATUS)

# The event that brings a weapon into a status, used when a record only states the status.
STATUS_EVENT = {
    IN_SERVICE: "issued", IN_STORAGE: "stored", LOST: "lost", STOLEN: "stolen", SEIZED: "seized",
    SURRENDERED: "surrendered", FOUND: "found", DESTROYED: "destroyed", EXPORTED: "exported",
    DEACTIVATED: "deactivated",
}

# Events that change nothing physical and are allowed whatever the status.
BOOKKEEPING_EVENTS = frozenset({"registered", "record_corrected", "voided", "traced", "marked",
                                "inventoried"})


def transition_problem(current_status: str | None, event_type: str) -> Message | None:
    """Why ``event_type`` cannot happen to a weapon in ``current_status``; None when it can."""
    if event_type not in EVENT_STATUS:
        return Message(gettext_noop("unknown event type %(event_type)r"), {"event_type": event_type})
    if event_type in BOOKKEEPING_EVENTS or current_status is None:
        return None
    if current_status in TERMINAL:
        return Message(gettext_noop("the weapon is recorded as %(status)s; void that event first "
                                    "if it was recorded in error"), {"status": current_status})
    return None


@dataclass(frozen=True)
class EventFacts:
    """What the projection needs to know of one event."""

    seq: int
    event_type: str
    occurred_on: date | None
    holder_id: object | None
    holder_type: str
    location: tuple | None
    voided: bool


@dataclass
class WeaponState:
    status: str | None = None
    status_date: date | None = None
    holder_id: object | None = None
    holder_type: str = ""
    location: tuple | None = None


def project(events: Iterable[EventFacts]) -> WeaponState:
    """Current state = the events, applied in order of date then recording, skipping voided ones."""
    ordered = sorted(
        (event for event in events if not event.voided and event.event_type != "voided"),
        key=lambda event: (event.occurred_on or date.min, event.seq),
    )
    state = WeaponState()
    for event in ordered:
        new_status = EVENT_STATUS.get(event.event_type)
        if new_status is not None:
            state.status = new_status
            state.status_date = event.occurred_on
        if event.holder_id is not None or event.holder_type:
            state.holder_id = event.holder_id
            state.holder_type = event.holder_type
        if event.location is not None:
            state.location = event.location
    return state


# --- serial keys -----------------------------------------------------------------------------

# Characters that look alike across scripts collapse to one Latin/digit form, so that a
# Cyrillic "Н" read as Latin "H" still meets the registered serial.
_LOOKALIKES = str.maketrans({
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S", "Ү": "Y",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})
_SEPARATORS = re.compile(r"[\s\-_./\\:,;'\"`´·•|()\[\]{}#№]+")


def fold_digits(text: str) -> str:
    """Arabic-Indic, Persian and other Unicode decimal digits -> ASCII digits."""
    out = []
    for ch in text:
        if ch.isdigit() and not ch.isascii():
            try:
                out.append(str(unicodedata.decimal(ch)))
                continue
            except ValueError:
                pass
        out.append(ch)
    return "".join(out)


def _without_marks(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def serial_key(serial: str) -> str:
    """Search key of a serial: upper case, no accents or separators, one script, ASCII digits.

    Unreadable characters (``?`` and ``*``) are kept: they are wildcards for tracing.
    """
    if not serial:
        return ""
    if serial.isascii():
        return _SEPARATORS.sub("", serial.upper())
    text = _without_marks(_without_marks(serial).upper())
    text = fold_digits(text).translate(_LOOKALIKES)
    return _SEPARATORS.sub("", text)
