"""Pages: the registry overview with a serial search, and a weapon's timeline."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from salw.core.errors import NotFound
from salw.interchange.demo_loader import demo_present
from salw.registry import selectors


@login_required
def home(request):
    query = request.GET.get("serial", "").strip()
    results = list(selectors.weapons_by_serial(request.user, query)) if query else []
    return render(request, "web/home.html", {
        "counts": selectors.registry_counts(request.user),
        "query": query,
        "results": results,
        "synthetic_demo": demo_present(),
    })


@login_required
def weapon_detail(request, weapon_id):
    try:
        weapon = selectors.weapon_for(request.user, weapon_id)
    except NotFound:
        raise Http404("no such weapon") from None
    return render(request, "web/weapon_detail.html", {
        "weapon": weapon,
        "timeline": selectors.weapon_timeline(weapon),
    })
