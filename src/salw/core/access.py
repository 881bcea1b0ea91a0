"""The access policy engine: role x jurisdiction x scope.

A user holds role assignments (``user.role_assignments``): a role, a jurisdiction
and a scope (``capture`` lets the user change records, ``view`` only read them).
An assignment covers its jurisdiction and everything below it in the tree.
Policies (one per service, in each app's ``policies.py``) ask this module.
"""

from __future__ import annotations

import getpass
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from salw.core.errors import PermissionRefused

CAPTURE = "capture"
VIEW = "view"


@dataclass(frozen=True)
class SystemActor:
    """Whoever runs the command line on the machine that holds the data: full rights, audited by name."""

    name: str = field(default_factory=lambda: "cli:" + _os_user())
    id: str = ""
    is_system: bool = True

    def __str__(self) -> str:
        return self.name


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (containers): still audit something
        return "unknown"


def is_system(actor: Any) -> bool:
    return bool(getattr(actor, "is_system", False))


def _assignments(actor: Any) -> Iterable[Any]:
    cached = getattr(actor, "_salw_assignments", None)
    if cached is None:
        manager = getattr(actor, "role_assignments", None)
        cached = list(manager.select_related("jurisdiction")) if manager is not None else []
        try:
            actor._salw_assignments = cached
        except AttributeError:
            pass
    return cached


def holds(actor: Any, roles: Iterable[str], *, scope: str = VIEW, jurisdiction: Any = None) -> bool:
    """True when the actor holds one of ``roles`` with ``scope`` over ``jurisdiction``.

    A ``capture`` assignment also grants ``view``. With no jurisdiction given,
    any assignment of the role anywhere is enough (e.g. to open a create form).
    """
    if actor is None:
        return False
    if is_system(actor):
        return True
    if not getattr(actor, "is_active", False):
        return False
    roles = set(roles)
    for assignment in _assignments(actor):
        if assignment.role not in roles:
            continue
        if scope == CAPTURE and assignment.scope != CAPTURE:
            continue
        if jurisdiction is None or jurisdiction.path.startswith(assignment.jurisdiction.path):
            return True
    return False


def visible_jurisdiction_paths(actor: Any, roles: Iterable[str]) -> list[str] | None:
    """Path prefixes the actor may see for these roles; None means everything."""
    if is_system(actor):
        return None
    roles = set(roles)
    return [a.jurisdiction.path for a in _assignments(actor) if a.role in roles]


def within_paths(queryset, paths: list[str] | None, path_field: str = "jurisdiction__path"):
    """The rows of ``queryset`` whose jurisdiction lies under one of ``paths`` (None: all rows)."""
    from django.db.models import Q

    if paths is None:
        return queryset
    if not paths:
        return queryset.none()
    scope = Q()
    for path in paths:
        scope |= Q(**{f"{path_field}__startswith": path})
    return queryset.filter(scope)


def within_visible(queryset, actor: Any, roles: Iterable[str], path_field: str = "jurisdiction__path"):
    """The rows of ``queryset`` in the jurisdictions where the actor holds one of ``roles``."""
    return within_paths(queryset, visible_jurisdiction_paths(actor, roles), path_field)


def require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionRefused(message)


def refusal(jurisdiction, named: str, unnamed: str | None = None) -> str:
    """``named`` (translated) with the jurisdiction's name as ``%(jurisdiction)s``; without a
    jurisdiction, ``unnamed``, or else ``named`` with "this jurisdiction"."""
    if hasattr(jurisdiction, "name"):
        return named % {"jurisdiction": jurisdiction.name}
    return unnamed if unnamed is not None else named % {"jurisdiction": gettext("this jurisdiction")}
