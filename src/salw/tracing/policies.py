"""Who may do what in tracing: one policy per service, same name.

Tracing officers and administrators capture within their jurisdiction; every role that may
read the registry may read tracing records there.
"""

from django.utils.translation import gettext as _

from salw.core.access import CAPTURE, VIEW, holds, refusal, require
from salw.core.roles import ADMINISTRATOR, REGISTRY_READERS, TRACING_OFFICER

TRACING_WRITERS = (ADMINISTRATOR, TRACING_OFFICER)
TRACING_READERS = REGISTRY_READERS


def _capture(actor, jurisdiction, named: str, unnamed: str) -> None:
    require(holds(actor, TRACING_WRITERS, scope=CAPTURE, jurisdiction=jurisdiction),
            refusal(jurisdiction, named, unnamed))


def may_view(actor, jurisdiction) -> bool:
    return holds(actor, TRACING_READERS, scope=VIEW, jurisdiction=jurisdiction)


def seizure_record(actor, *, jurisdiction) -> None:
    _capture(actor, jurisdiction, _("you may not record seizures in %(jurisdiction)s"),
             _("you may not record seizures in this jurisdiction"))


def seized_item_add(actor, *, seizure) -> None:
    _capture(actor, seizure.jurisdiction, _("you may not add seized items in %(jurisdiction)s"),
             _("you may not add seized items in this jurisdiction"))


def marking_photo_add(actor, *, item) -> None:
    _capture(actor, item.seizure.jurisdiction, _("you may not add photographs in %(jurisdiction)s"),
             _("you may not add photographs in this jurisdiction"))


def alert_mark_read(actor, *, alert) -> None:
    require(getattr(actor, "pk", None) == alert.recipient_id, _("this alert is addressed to someone else"))


def alert_acknowledge(actor, *, alert) -> None:
    require(getattr(actor, "pk", None) == alert.recipient_id, _("this alert is addressed to someone else"))


def trace_request_create(actor, *, item) -> None:
    _capture(actor, item.seizure.jurisdiction, _("you may not prepare trace requests in %(jurisdiction)s"),
             _("you may not prepare trace requests in this jurisdiction"))


def trace_request_send(actor, *, request) -> None:
    _capture(actor, request.jurisdiction, _("you may not send trace requests in %(jurisdiction)s"),
             _("you may not send trace requests in this jurisdiction"))


def trace_request_acknowledge(actor, *, request) -> None:
    _capture(actor, request.jurisdiction, _("you may not record acknowledgements in %(jurisdiction)s"),
             _("you may not record acknowledgements in this jurisdiction"))


def trace_request_close(actor, *, request) -> None:
    _capture(actor, request.jurisdiction, _("you may not close trace requests in %(jurisdiction)s"),
             _("you may not close trace requests in this jurisdiction"))


def trace_response_record(actor, *, request) -> None:
    _capture(actor, request.jurisdiction, _("you may not record trace responses in %(jurisdiction)s"),
             _("you may not record trace responses in this jurisdiction"))


def trace_outcome_record(actor, *, item) -> None:
    _capture(actor, item.seizure.jurisdiction, _("you may not code trace outcomes in %(jurisdiction)s"),
             _("you may not code trace outcomes in this jurisdiction"))


def trace_message_import(actor, *, jurisdiction) -> None:
    _capture(actor, jurisdiction, _("you may not import trace messages in %(jurisdiction)s"),
             _("you may not import trace messages in this jurisdiction"))


def trace_message_export(actor, *, request) -> None:
    require(may_view(actor, request.jurisdiction),
            _("you may not export trace requests of %(jurisdiction)s") % {"jurisdiction": request.jurisdiction.name})


def trace_request_letter(actor, *, request) -> None:
    require(may_view(actor, request.jurisdiction),
            _("you may not print trace requests of %(jurisdiction)s") % {"jurisdiction": request.jurisdiction.name})


def sdg_indicator(actor, *, jurisdiction) -> None:
    require(may_view(actor, jurisdiction),
            refusal(jurisdiction, _("you may not read tracing figures of %(jurisdiction)s"),
                     _("you may not read tracing figures of this jurisdiction")))
