"""The language switcher's choices."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def language_choices():
    """(code, name) for every offered language, each name written in its own language.

    Django's ``get_available_languages`` passes the names through gettext, which would show
    "English" as "Anglais" on a French page: a reader looks for their language's own name.
    """
    return list(settings.LANGUAGES)
