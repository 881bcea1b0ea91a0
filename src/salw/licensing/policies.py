"""Who may do what in transfer control: one policy per service, same name.

Licensing officers and administrators capture within their jurisdiction; analysts and
auditors read there. Every write is checked against the application's jurisdiction.
"""

from django.utils.translation import gettext as _

from salw.core.access import CAPTURE, VIEW, holds, refusal, require
from salw.core.roles import ADMINISTRATOR, ANALYST, AUDITOR, LICENSING_OFFICER, TRACING_OFFICER

LICENSING_WRITERS = (ADMINISTRATOR, LICENSING_OFFICER)
LICENSING_READERS = (ADMINISTRATOR, LICENSING_OFFICER, ANALYST, AUDITOR)


def may_view(actor, jurisdiction=None) -> bool:
    return holds(actor, LICENSING_READERS, scope=VIEW, jurisdiction=jurisdiction)


def may_capture(actor, jurisdiction=None) -> bool:
    return holds(actor, LICENSING_WRITERS, scope=CAPTURE, jurisdiction=jurisdiction)


def applications_read(actor) -> None:
    require(may_view(actor), _("only licensing officers, analysts, auditors and administrators may read licence "
                               "applications"))


def _capture(actor, jurisdiction, sentence: str) -> None:
    """``sentence``: translated, with a %(jurisdiction)s placeholder."""
    require(may_capture(actor, jurisdiction), refusal(jurisdiction, sentence))


def application_create(actor, *, jurisdiction) -> None:
    _capture(actor, jurisdiction, _("you may not receive licence applications in %(jurisdiction)s"))


def party_add(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, _("you may not add parties to applications in %(jurisdiction)s"))


def application_item_add(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, _("you may not add items to applications in %(jurisdiction)s"))


def end_user_document_add(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, _("you may not add end-user documents in %(jurisdiction)s"))


def end_user_document_verify(actor, *, document) -> None:
    _capture(actor, document.application.jurisdiction,
             _("you may not record the verification of end-user documents in %(jurisdiction)s"))


def application_submit(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, _("you may not submit applications in %(jurisdiction)s"))


def assessment_start(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, _("you may not assess applications in %(jurisdiction)s"))


def assessment_save(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, _("you may not assess applications in %(jurisdiction)s"))


def application_decide(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, _("you may not decide on applications in %(jurisdiction)s"))


def licence_issue(actor, *, application) -> None:
    _capture(actor, application.jurisdiction, _("you may not issue licences in %(jurisdiction)s"))


def delivery_record(actor, *, licence) -> None:
    _capture(actor, licence.application.jurisdiction, _("you may not record deliveries in %(jurisdiction)s"))


def delivery_check(actor, *, delivery) -> None:
    _capture(actor, delivery.licence.application.jurisdiction,
             _("you may not record delivery checks in %(jurisdiction)s"))


def licence_revoke(actor, *, licence) -> None:
    _capture(actor, licence.application.jurisdiction, _("you may not revoke licences in %(jurisdiction)s"))


def licence_suspend(actor, *, licence) -> None:
    _capture(actor, licence.application.jurisdiction, _("you may not suspend licences in %(jurisdiction)s"))


def licence_reinstate(actor, *, licence) -> None:
    _capture(actor, licence.application.jurisdiction, _("you may not reinstate licences in %(jurisdiction)s"))


def licence_expire(actor, *, licence) -> None:
    _capture(actor, licence.application.jurisdiction, _("you may not close expired licences in %(jurisdiction)s"))


# The embargo list is national reference data: only administrators keep it.
def _administrator(actor, refusal: str) -> None:
    require(holds(actor, (ADMINISTRATOR,), scope=CAPTURE), refusal)


def embargo_record(actor) -> None:
    _administrator(actor, _("only an administrator may add arms embargoes"))


def embargo_end(actor) -> None:
    _administrator(actor, _("only an administrator may end arms embargoes"))


def embargo_verify(actor) -> None:
    _administrator(actor, _("only an administrator may verify arms embargoes"))


def embargo_void(actor) -> None:
    _administrator(actor, _("only an administrator may withdraw arms embargoes"))


def embargoes_seed_load(actor) -> None:
    _administrator(actor, _("only an administrator may load the arms embargo list"))


def may_read_embargoes(actor) -> bool:
    return holds(actor, LICENSING_READERS, scope=VIEW)


def embargoes_read(actor) -> None:
    require(may_read_embargoes(actor), _("only licensing officers, analysts, auditors and administrators may read "
                                         "the arms embargo list"))


# Those who code trace outcomes (tracing.policies.TRACING_WRITERS).
TRACE_OUTCOME_CODERS = (ADMINISTRATOR, TRACING_OFFICER)


def reassessment_flags_raise(actor) -> None:
    """Raised as the consequence of a trace outcome, in whatever jurisdiction the licence is,
    because the licensing officers there must hear of it: whoever codes outcomes raises them."""
    require(holds(actor, TRACE_OUTCOME_CODERS, scope=CAPTURE),
            _("only those who code trace outcomes raise reassessment flags from them"))


def reassessment_resolve(actor, *, flag) -> None:
    _capture(actor, flag.application.jurisdiction, _("you may not reassess applications in %(jurisdiction)s"))
