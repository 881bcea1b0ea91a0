"""The non-state armed groups view: weapons the registry links to each group, by type and origin.

A weapon is linked to a group when the group holds it now or held it in any recorded event;
each group comes with the source of that attribution and its confidence grade (A-F).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.utils.translation import gettext as _

from salw.analytics.domain import few_cases_note, is_few
from salw.analytics.flows import Breakdown
from salw.analytics.memo import per_data_state
from salw.analytics.scope import Scope
from salw.core.translation import translated
from salw.registry.models import Actor, Event, Weapon

ARMED_GROUP = "non_state_armed_group"


def _linked_weapons(scope: Scope) -> dict[Any, set]:
    """Group id -> ids of weapons in scope linked to it."""
    groups = Actor.objects.filter(holder_type=ARMED_GROUP, voided_at__isnull=True)
    weapons = scope.limit(Weapon.objects.filter(voided_at__isnull=True), "jurisdiction_id")
    linked = defaultdict(set)
    for group_id, weapon_id in weapons.filter(holder__in=groups).values_list("holder_id", "id"):
        linked[group_id].add(weapon_id)
    voided = Event.objects.filter(voids__isnull=False).values("voids_id")
    events = scope.within_period(
        Event.objects.filter(holder__in=groups, weapon__in=weapons).exclude(seq__in=voided), "occurred_on")
    for group_id, weapon_id in events.values_list("holder_id", "weapon_id"):
        linked[group_id].add(weapon_id)
    return linked


@per_data_state
def armed_groups(scope: Scope) -> Breakdown:
    linked = _linked_weapons(scope)
    weapon_ids = set().union(*linked.values()) if linked else set()
    described = {weapon_id: (weapon_type or "unknown", made_in or "unknown") for weapon_id, weapon_type, made_in in
                 Weapon.objects.filter(id__in=weapon_ids).values_list("id", "weapon_type_id", "country_of_manufacture")}
    rows = []
    for group in Actor.objects.filter(id__in=linked).order_by("name"):
        types = Counter(described[weapon][0] for weapon in linked[group.id])
        origins = Counter(described[weapon][1] for weapon in linked[group.id])
        rows.append({"group": group.name, "group_id": str(group.id), "country": group.country,
                     "source": group.source, "confidence": group.confidence or "",
                     "weapons": len(linked[group.id]),
                     "by_type": dict(sorted(types.items())), "by_origin": dict(sorted(origins.items())),
                     "few_cases": is_few(len(linked[group.id]))})
    rows.sort(key=lambda row: (-row["weapons"], row["group"]))
    note = translated(few_cases_note(row["weapons"] for row in rows))
    return Breakdown("armed_groups", ["group", "group_id", "country", "source", "confidence", "weapons", "by_type",
                                      "by_origin", "few_cases"], rows,
                     [_("confidence: the source's reliability grade, A (reliable) to F (cannot be judged)"),
                      *([note] if note else [])])
