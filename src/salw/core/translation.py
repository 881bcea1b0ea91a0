"""Messages of the pure rules (salw.core.message) in the active language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext

from salw.core.message import Message


def translated(text: str, labels: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """``text`` in the active language when the rules marked it for translation; other text as it is.

    ``labels`` names, per placeholder, the translated labels of the codes it may hold (a status
    code becomes the status's name in the reader's language)."""
    if not isinstance(text, Message):
        return text
    labels = labels or {}
    params = {}
    for key, value in text.params.items():
        if isinstance(value, Message):
            value = translated(value)
        elif key in labels and value in labels[key]:
            value = str(labels[key][value])
        params[key] = value
    return gettext(text.template) % params
