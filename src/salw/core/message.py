"""Messages of the pure rules: English text that remembers how to say itself in other languages.

The rule modules may not import Django, so they cannot translate; they mark each sentence with
``gettext_noop`` (which makemessages collects) and return a ``Message``. Stored or compared it is
the English text; ``salw.core.translation.translated`` gives it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def gettext_noop(message: str) -> str:
    """Mark an English sentence for the translators; the layer that shows it translates it."""
    return message


class Message(str):
    """The English sentence, with its template and the values of its placeholders."""

    template: str
    params: Mapping[str, Any]

    def __new__(cls, template: str, params: Mapping[str, Any] | None = None) -> Message:
        params = dict(params or {})
        message = super().__new__(cls, template % params)
        message.template, message.params = template, params
        return message

    def __getnewargs__(self) -> tuple[str, Mapping[str, Any]]:
        return self.template, self.params
