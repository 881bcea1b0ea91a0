"""The dashboard: the state of the registry within the user's jurisdiction, at a glance."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from salw.interchange.demo_loader import demo_present
from salw.web import dashboard_queries, permissions


@permissions.requires(permissions.may_read_registry)
def dashboard(request):
    figures = dashboard_queries.dashboard_figures(request.user, timezone.localdate().year)
    return render(request, "web/dashboard.html", {**figures, "synthetic_demo": demo_present()})
