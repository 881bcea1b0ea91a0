"""Vocabulary entries (countries, weapon types) named in the reader's language."""

from __future__ import annotations

from django import template
from django.utils import translation

from salw.vocabularies.selectors import names_in_language

register = template.Library()


def vocabulary_names(request, vocabulary: str) -> dict[str, str]:
    """Every name of one vocabulary in the active language, read once per request: a list
    page names fifty weapons' types with one query, not fifty."""
    language = translation.get_language()
    cache = request.__dict__.setdefault("_vocabulary_names", {}) if request is not None else {}
    key = (vocabulary, language)
    if key not in cache:
        cache[key] = names_in_language(vocabulary, language)
    return cache[key]


@register.simple_tag(takes_context=True)
def vocabulary_name(context, vocabulary: str, code: str | None, default: str = "") -> str:
    """``{% vocabulary_name "country" weapon.country_of_manufacture %}``: the name, or the
    code itself when the vocabulary does not know it, or ``default`` when there is no code."""
    if not code:
        return default
    return vocabulary_names(context.get("request"), vocabulary).get(code, code)
