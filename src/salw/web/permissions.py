"""Which pages a signed-in user may open, asked of the same access policy the services use.

The services check every write again; these checks only decide what to show and refuse early.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from salw.core.access import CAPTURE, holds, visible_jurisdiction_paths, within_paths
from salw.core.models import Jurisdiction
from salw.core.roles import AUDIT_READERS, REGISTRY_READERS, REGISTRY_WRITERS
from salw.core.selectors import national_jurisdiction


def may_read_registry(user) -> bool:
    return holds(user, REGISTRY_READERS)


def may_capture(user) -> bool:
    return holds(user, REGISTRY_WRITERS, scope=CAPTURE)


def may_capture_in(user, jurisdiction) -> bool:
    return holds(user, REGISTRY_WRITERS, scope=CAPTURE, jurisdiction=jurisdiction)


def may_read_audit(user) -> bool:
    national = national_jurisdiction()
    return national is not None and holds(user, AUDIT_READERS, jurisdiction=national)


def _within(paths: list[str] | None) -> QuerySet[Jurisdiction]:
    return within_paths(Jurisdiction.objects.filter(voided_at__isnull=True).order_by("path"), paths, "path")


def jurisdictions_visible_to(user) -> QuerySet[Jurisdiction]:
    return _within(visible_jurisdiction_paths(user, REGISTRY_READERS))


def jurisdictions_capturable_by(user) -> QuerySet[Jurisdiction]:
    if getattr(user, "is_system", False):
        return _within(None)
    paths = [assignment.jurisdiction.path
             for assignment in user.role_assignments.select_related("jurisdiction")
             if assignment.role in REGISTRY_WRITERS and assignment.scope == CAPTURE]
    return _within(paths)


def requires(check):
    """Sign-in first (redirect to the login page), then the check (403 when it fails)."""
    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)
        return login_required(checked)
    return decorator
