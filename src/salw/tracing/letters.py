"""The printable trace request letter, in the recipient's language where salw has it."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from salw.tracing import policies
from salw.tracing.models import TraceRequest

LETTER_TEMPLATE = "tracing/trace_request_letter.html"
FALLBACK_LANGUAGE = "en"


def letter_language(requested: str) -> str:
    """The requested language if the interface offers it, else English.

    A language offered without a translation catalogue still falls back to English text
    through gettext, one string at a time.
    """
    offered = {code for code, _ in settings.LANGUAGES}
    requested = (requested or "").lower()
    if requested in offered:
        return requested
    base = requested.split("-")[0]
    return base if base in offered else FALLBACK_LANGUAGE


def trace_request_letter(actor, *, request: TraceRequest) -> str:
    """HTML of the letter, ready to print (A4, print stylesheet inline)."""
    policies.trace_request_letter(actor, request=request)
    language = letter_language(request.language)
    with translation.override(language):
        return render_to_string(LETTER_TEMPLATE, {
            "request": request,
            "language": language,
            "bidi": translation.get_language_bidi(),
        })
