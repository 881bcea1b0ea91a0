"""The printable trace request letter, in the recipient's language where salw has it."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from salw.core.languages import offered_language
from salw.registry.models import MARKING_STATUS_LABELS, STATUS_LABELS
from salw.tracing import codes, policies
from salw.tracing.models import TraceRequest
from salw.vocabularies.selectors import names_in_language

LETTER_TEMPLATE = "tracing/trace_request_letter.html"

PRIORITY_LABELS = {codes.ROUTINE: _("routine"), codes.URGENT: _("urgent")}
CHANNEL_LABELS = {
    "national_point_of_contact": _("national point of contact"),
    "interpol_iarms": _("INTERPOL iARMS"),
    "manufacturer": _("manufacturer"),
    "exporter": _("exporter"),
    "other": _("other"),
}


def trace_request_letter(actor, *, request: TraceRequest) -> str:
    """HTML of the letter, ready to print (A4; the print stylesheet is tracing/letter.css)."""
    policies.trace_request_letter(actor, request=request)
    language = offered_language(request.language)
    with translation.override(language):
        return render_to_string(LETTER_TEMPLATE, {
            "request": request,
            "labels": letter_labels(request, language),
            "language": language,
            "bidi": translation.get_language_bidi(),
        })


def letter_labels(request: TraceRequest, language: str) -> dict[str, str]:
    """The request's coded fields as words of the letter's language.

    A country keeps its ISO code beside its name: the recipient's records are keyed by the code.
    """
    countries = names_in_language("country", language)
    weapon_types = names_in_language("weapon_type", language)

    def country(code: str) -> str:
        return f"{countries[code]} ({code})" if code in countries else code

    return {
        "priority": PRIORITY_LABELS.get(request.priority, request.priority),
        "channel": CHANNEL_LABELS.get(request.channel, request.channel),
        "marking_status": MARKING_STATUS_LABELS.get(request.marking_status, request.marking_status),
        "seizure_kind": STATUS_LABELS.get(request.seizure_kind, request.seizure_kind),
        "weapon_type": weapon_types.get(request.weapon_type, request.weapon_type),
        "country_of_manufacture": country(request.country_of_manufacture),
        "requesting_country": country(request.requesting_country),
        "recipient_country": country(request.recipient_country),
        "seizure_country": country(request.seizure_country),
    }
