"""Which of the offered interface languages to use for a document written for someone else."""

from __future__ import annotations

from django.utils import translation

FALLBACK_LANGUAGE = "en"


def offered_language(requested: str | None) -> str:
    """The requested language, or its base ("pt-BR" -> "pt"), if offered; else English.

    A language offered without a catalogue for some text still falls back to English through
    gettext, one string at a time.
    """
    try:
        return translation.get_supported_language_variant((requested or "").lower())
    except LookupError:
        return FALLBACK_LANGUAGE
