"""The navigation bar: only the pages the signed-in user may open."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from salw.analytics.policies import may_read as may_read_analytics
from salw.licensing.policies import may_read_embargoes
from salw.licensing.policies import may_view as may_read_licensing
from salw.web import permissions

register = template.Library()

PAGES = (
    ("dashboard", _("Dashboard"), permissions.may_read_registry),
    ("weapon_list", _("Registry"), permissions.may_read_registry),
    ("weapon_register", _("Register a weapon"), permissions.may_capture),
    ("import_upload", _("Import"), permissions.may_capture),
    ("marking_search", _("Marking search"), permissions.may_read_registry),
    ("licensing_applications", _("Licensing"), may_read_licensing),
    ("licensing_reassessments", _("Reassessments"), may_read_licensing),
    ("licensing_embargoes", _("Arms embargoes"), may_read_embargoes),
    ("analytics_map", _("Analytics"), may_read_analytics),
    ("audit_log", _("Audit log"), permissions.may_read_audit),
)


@register.simple_tag(takes_context=True)
def navigation(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = [{"url": reverse(name), "label": label, "current": False}
             for name, label, allowed in PAGES if allowed(user)]
    # The longest matching address wins: /weapons/new/ is "Register a weapon", not "Registry".
    matching = [item for item in items
                if request.path == item["url"] or (item["url"] != "/" and request.path.startswith(item["url"]))]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["current"] = True
    return items
