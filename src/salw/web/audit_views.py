"""The audit log, read-only, for national auditors and administrators."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_safe

from salw.accounts.selectors import audit_entries
from salw.web import permissions
from salw.web.forms import AuditFilterForm
from salw.web.keyset import keyset_page, parse_key


@require_safe
@permissions.requires(permissions.may_read_audit)
def audit_log(request):
    entries = audit_entries(request.user)
    actions = entries.order_by("action").values_list("action", flat=True).distinct()
    form = AuditFilterForm(request.GET, actions=actions)
    form.is_valid()  # an invalid filter is dropped; the valid ones still apply
    if form.cleaned_data.get("action"):
        entries = entries.filter(action=form.cleaned_data["action"])
    if form.cleaned_data.get("user"):
        entries = entries.filter(actor_name__icontains=form.cleaned_data["user"].strip())
    page = keyset_page(entries, key="seq", after=parse_key(request.GET.get("after"), int),
                       before=parse_key(request.GET.get("before"), int), size=50)
    htmx = request.headers.get("HX-Request") == "true"
    return render(request, "web/audit_log.html#results" if htmx else "web/audit_log.html",
                  {"form": form, "page": page})
