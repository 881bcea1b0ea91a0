"""Who may do what in tracing: one policy per service, same name.

Tracing officers and administrators capture within their jurisdiction; every role that may
read the registry may read tracing records there.
"""

from salw.core.access import CAPTURE, VIEW, holds, require
from salw.core.roles import ADMINISTRATOR, REGISTRY_READERS, TRACING_OFFICER

TRACING_WRITERS = (ADMINISTRATOR, TRACING_OFFICER)
TRACING_READERS = REGISTRY_READERS


def _capture(actor, jurisdiction, what: str) -> None:
    require(holds(actor, TRACING_WRITERS, scope=CAPTURE, jurisdiction=jurisdiction),
            f"you may not {what} in {getattr(jurisdiction, 'name', 'this jurisdiction')}")


def may_view(actor, jurisdiction) -> bool:
    return holds(actor, TRACING_READERS, scope=VIEW, jurisdiction=jurisdiction)


def seizure_record(actor, *, jurisdiction) -> None:
    _capture(actor, jurisdiction, "record seizures")


def seized_item_add(actor, *, seizure) -> None:
    _capture(actor, seizure.jurisdiction, "add seized items")


def marking_photo_add(actor, *, item) -> None:
    _capture(actor, item.seizure.jurisdiction, "add photographs")


def alert_mark_read(actor, *, alert) -> None:
    require(getattr(actor, "pk", None) == alert.recipient_id, "this alert is addressed to someone else")


def alert_acknowledge(actor, *, alert) -> None:
    require(getattr(actor, "pk", None) == alert.recipient_id, "this alert is addressed to someone else")


def trace_request_create(actor, *, item) -> None:
    _capture(actor, item.seizure.jurisdiction, "prepare trace requests")


def trace_request_send(actor, *, request) -> None:
    _capture(actor, request.jurisdiction, "send trace requests")


def trace_request_acknowledge(actor, *, request) -> None:
    _capture(actor, request.jurisdiction, "record acknowledgements")


def trace_request_close(actor, *, request) -> None:
    _capture(actor, request.jurisdiction, "close trace requests")


def trace_response_record(actor, *, request) -> None:
    _capture(actor, request.jurisdiction, "record trace responses")


def trace_outcome_record(actor, *, item) -> None:
    _capture(actor, item.seizure.jurisdiction, "code trace outcomes")


def trace_message_import(actor, *, jurisdiction) -> None:
    _capture(actor, jurisdiction, "import trace messages")


def trace_message_export(actor, *, request) -> None:
    require(may_view(actor, request.jurisdiction),
            f"you may not export trace requests of {request.jurisdiction.name}")


def trace_request_letter(actor, *, request) -> None:
    require(may_view(actor, request.jurisdiction),
            f"you may not print trace requests of {request.jurisdiction.name}")


def sdg_indicator(actor, *, jurisdiction) -> None:
    require(may_view(actor, jurisdiction),
            f"you may not read tracing figures of {getattr(jurisdiction, 'name', 'this jurisdiction')}")
