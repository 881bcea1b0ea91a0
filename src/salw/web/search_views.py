"""Marking search: what an officer reads off a weapon -> the registry records it may be.

Results come from tracing.matching.identify, limited to what the officer may see, and
refresh as the officer types (htmx), so a misread character can be tried again at once.
"""

from __future__ import annotations

from django.shortcuts import render

from salw.core.translation import translated
from salw.registry import selectors
from salw.tracing.domain import WeaponDescription
from salw.tracing.matching import identify
from salw.web import permissions
from salw.web.forms import MarkingSearchForm

RESULTS_SHOWN = 20


def _description(data: dict) -> WeaponDescription:
    return WeaponDescription(
        serial_number=data["serial"], manufacturer=data["manufacturer"], model=data["model"],
        calibre=data["calibre"], weapon_type=data["weapon_type"],
        country_of_manufacture=data["country"], year_of_manufacture=data["year"])


def _results(user, form: MarkingSearchForm) -> list[dict]:
    matches = identify(_description(form.cleaned_data), top=RESULTS_SHOWN, actor=user)
    weapons = selectors.weapons_visible_to(user).select_related("weapon_type").in_bulk(
        [match.weapon_id for match in matches])
    # identify already keeps to what the user may see; the lookup above makes sure of it.
    return [{"match": match, "weapon": weapons[match.weapon_id],
             "explanation": [translated(line) for line in match.explanation]}  # in the reader's language
            for match in matches if match.weapon_id in weapons]


@permissions.requires(permissions.may_read_registry)
def marking_search(request):
    form = MarkingSearchForm(request.GET or None)
    searched = form.is_bound and form.is_valid() and form.has_something_to_search()
    context = {"form": form, "searched": searched,
               "results": _results(request.user, form) if searched else []}
    htmx = request.headers.get("HX-Request") == "true"
    return render(request, "web/marking_search.html#results" if htmx else "web/marking_search.html", context)
