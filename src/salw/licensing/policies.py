"""Who may do what in transfer control: one policy per service, same name.

Licensing officers and administrators capture within their jurisdiction; analysts and
auditors read there. Every write is checked against the application's jurisdiction.
"""

from salw.core.access import CAPTURE, VIEW, holds, require
from salw.core.roles import ADMINISTRATOR, ANALYST, AUDITOR, LICENSING_OFFICER, TRACING_OFFICER

LICENSING_WRITERS = (ADMINISTRATOR, LICENSING_OFFICER)
LICENSING_READERS = (ADMINISTRATOR, LICENSING_OFFICER, ANALYST, AUDITOR)


def may_view(actor, jurisdiction=None) -> bool:
    return holds(actor, LICENSING_READERS, scope=VIEW, jurisdiction=jurisdiction)


def may_capture(actor, jurisdiction=None) -> bool:
    return holds(actor, LICENSING_WRITERS, scope=CAPTURE, jurisdiction=jurisdiction)


def applications_read(actor) -> None:
    require(may_view(actor), "only licensing officers, analysts, auditors and administrators may read licence "
                             "applications")


def _capture(actor, jurisdiction, what: str) -> None:
    require(may_capture(actor, jurisdiction),
            f"you may not {what} in {getattr(jurisdiction, 'name', 'this jurisdiction')}")


def application_create(actor, *, jurisdiction) -> None:
    _capture(actor, jurisdiction, "receive licence applications")


def party_add(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, "add parties to applications")


def application_item_add(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, "add items to applications")


def end_user_document_add(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, "add end-user documents")


def end_user_document_verify(actor, *, document) -> None:
    _capture(actor, document.application.jurisdiction, "record the verification of end-user documents")


def application_submit(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, "submit applications")


def assessment_start(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, "assess applications")


def assessment_save(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, "assess applications")


def application_decide(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, "decide on applications")


def licence_issue(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, "issue licences")


def delivery_record(actor, *, licence) -> None:
    _capture(actor, licence.application.jurisdiction, "record deliveries")


def delivery_check(actor, *, delivery) -> None:
    _capture(actor, delivery.licence.application.jurisdiction, "record delivery checks")


def licence_revoke(actor, *, licence) -> None:
    _capture(actor, licence.application.jurisdiction, "revoke licences")


def licence_suspend(actor, *, licence) -> None:
    _capture(actor, licence.application.jurisdiction, "suspend licences")


def licence_reinstate(actor, *, licence) -> None:
    _capture(actor, licence.application.jurisdiction, "reinstate licences")


def licence_expire(actor, *, licence) -> None:
    _capture(actor, licence.application.jurisdiction, "close expired licences")


# The embargo list is national reference data: only administrators keep it.
def _administrator(actor, what: str) -> None:
    require(holds(actor, (ADMINISTRATOR,), scope=CAPTURE), f"only an administrator may {what}")


def embargo_record(actor) -> None:
    _administrator(actor, "add arms embargoes")


def embargo_end(actor) -> None:
    _administrator(actor, "end arms embargoes")


def embargo_verify(actor) -> None:
    _administrator(actor, "verify arms embargoes")


def embargo_void(actor) -> None:
    _administrator(actor, "withdraw arms embargoes")


def embargoes_seed_load(actor) -> None:
    _administrator(actor, "load the arms embargo list")


def may_read_embargoes(actor) -> bool:
    return holds(actor, LICENSING_READERS, scope=VIEW)


def embargoes_read(actor) -> None:
    require(may_read_embargoes(actor), "only licensing officers, analysts, auditors and administrators may read the "
                                       "arms embargo list")


# Those who code trace outcomes (tracing.policies.TRACING_WRITERS).
TRACE_OUTCOME_CODERS = (ADMINISTRATOR, TRACING_OFFICER)


def reassessment_flags_raise(actor) -> None:
    """Raised as the consequence of a trace outcome, in whatever jurisdiction the licence is,
    because the licensing officers there must hear of it: whoever codes outcomes raises them."""
    require(holds(actor, TRACE_OUTCOME_CODERS, scope=CAPTURE), "only those who code trace outcomes raise "
                                                               "reassessment flags from them")


def reassessment_resolve(actor, *, flag) -> None:
    _capture(actor, flag.application.jurisdiction, "reassess applications")
