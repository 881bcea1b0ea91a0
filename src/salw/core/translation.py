"""Messages of the pure rules (salw.core.message) in the active language."""

from __future__ import annotations

from django.utils.translation import gettext

from salw.core.message import Message


def translated(text: str) -> str:
    """``text`` in the active language when the rules marked it for translation; other text as it is."""
    if not isinstance(text, Message):
        return text
    params = {key: translated(value) if isinstance(value, Message) else value for key, value in text.params.items()}
    return gettext(text.template) % params
