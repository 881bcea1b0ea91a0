"""Who must hear that a seized item matches a registry weapon.

The users holding a tracing officer, registrar or administrator role, with capture scope, over
any of: the weapon's jurisdiction, the jurisdiction where its loss or theft was recorded (the
site or holder of that event), and the jurisdiction of its last legal holder.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from salw.accounts.models import RoleAssignment
from salw.core.access import CAPTURE
from salw.core.roles import ADMINISTRATOR, REGISTRAR, TRACING_OFFICER
from salw.registry.domain import OUT_OF_CONTROL
from salw.registry.models import Event, Weapon

ALERTED_ROLES = (TRACING_OFFICER, REGISTRAR, ADMINISTRATOR)
LEGAL_HOLDER_TYPES = frozenset({"state_armed_forces", "state_law_enforcement", "state_other",
                                "licensed_civilian", "dealer", "manufacturer", "broker"})


def responsible_jurisdiction_paths(weapon: Weapon) -> set[str]:
    paths = {weapon.jurisdiction.path}
    voided = set(Event.objects.filter(weapon=weapon, voids__isnull=False).values_list("voids_id", flat=True))
    events = [event for event in Event.objects.filter(weapon=weapon).select_related(
        "holder__jurisdiction", "site__jurisdiction").order_by("seq") if event.seq not in voided]
    losses = [event for event in events if event.event_type in OUT_OF_CONTROL]
    if losses:
        loss = losses[-1]
        for jurisdiction in (_site_jurisdiction(loss), _holder_jurisdiction(loss)):
            if jurisdiction is not None:
                paths.add(jurisdiction.path)
        events = [event for event in events if event.seq < loss.seq]
    legal_holders = [event for event in events
                     if event.holder is not None and event.holder.holder_type in LEGAL_HOLDER_TYPES]
    if legal_holders and legal_holders[-1].holder.jurisdiction is not None:
        paths.add(legal_holders[-1].holder.jurisdiction.path)
    return paths


def _site_jurisdiction(event: Event):
    return event.site.jurisdiction if event.site is not None else None


def _holder_jurisdiction(event: Event):
    return event.holder.jurisdiction if event.holder is not None else None


def _covering_paths(path: str) -> list[str]:
    """The path and every ancestor's: "/A/B/" -> ["/A/", "/A/B/"]."""
    parts = [part for part in path.split("/") if part]
    return ["/" + "/".join(parts[: size]) + "/" for size in range(1, len(parts) + 1)]


def responsible_users(weapon: Weapon) -> list:
    covering = sorted({prefix for path in responsible_jurisdiction_paths(weapon)
                       for prefix in _covering_paths(path)})
    user_ids = (RoleAssignment.objects
                .filter(role__in=ALERTED_ROLES, scope=CAPTURE, jurisdiction__path__in=covering,
                        voided_at__isnull=True)
                .values_list("user_id", flat=True))
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("username"))
