"""Tracing pages: the printable trace request letter."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import path

from salw.core.errors import NotFound, PermissionRefused
from salw.tracing import letters, selectors


@login_required
def trace_request_letter(request, request_id):
    try:
        trace_request = selectors.trace_request_for(request.user, request_id)
        html = letters.trace_request_letter(request.user, request=trace_request)
    except (NotFound, PermissionRefused):
        raise Http404("no such trace request") from None
    return HttpResponse(html)


urlpatterns = [
    path("requests/<uuid:request_id>/letter/", trace_request_letter, name="trace_request_letter"),
]
