"""Figures for the dashboard, every one computed over what the user may see.

Only the dashboard uses them, so they live here rather than in registry.selectors; each
starts from selectors.weapons_visible_to, so none can count outside the user's jurisdiction.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from salw.analytics.memo import per_data_state
from salw.registry import domain, selectors
from salw.registry.models import HOLDER_TYPE_LABELS, Event, Weapon
from salw.vocabularies.selectors import names_in_language

# Weapons no longer in anyone's lawful hands are not holdings.
NOT_HELD = (domain.LOST, domain.STOLEN, domain.DESTROYED, domain.EXPORTED)
# A recovered weapon stays an open trace case until a "traced" event closes it.
RECOVERED = (domain.SEIZED, domain.FOUND)
COMPLETENESS_FIELDS = (("serial", _("Serial")), ("maker", _("Manufacturer")), ("model", _("Model")),
                       ("calibre", _("Calibre")), ("type", _("Type")), ("location", _("Location")))
LOW_COMPLETENESS = 80


@dataclass
class Tally:
    label: str
    count: int
    share: float  # of the largest count, for the bar length


@dataclass
class Completeness:
    jurisdiction: str
    weapons: int
    shares: list[tuple[str, int]]  # (field label, percent), in the order of COMPLETENESS_FIELDS


def _tallies(rows) -> list[Tally]:
    rows = [(label or "", count) for label, count in rows]
    largest = max((count for _, count in rows), default=0) or 1
    return [Tally(label, count, round(100 * count / largest)) for label, count in rows]


def _held(weapons: QuerySet[Weapon]) -> QuerySet[Weapon]:
    return weapons.exclude(status__in=NOT_HELD)


def holdings_by_weapon_type(weapons: QuerySet[Weapon]) -> list[Tally]:
    rows = (_held(weapons).values_list("weapon_type_id").annotate(n=Count("id")).order_by("-n"))
    names = names_in_language("weapon_type", translation.get_language())
    return _tallies((names.get(code, code) if code else "", n) for code, n in rows)


def holdings_by_holder_type(weapons: QuerySet[Weapon]) -> list[Tally]:
    rows = _held(weapons).values_list("holder_type").annotate(n=Count("id")).order_by("-n")
    return _tallies((HOLDER_TYPE_LABELS.get(holder_type, holder_type), n) for holder_type, n in rows)


def _standing_events(weapons: QuerySet[Weapon]) -> QuerySet[Event]:
    # Voided events were mistakes: they count for nothing.
    return Event.objects.filter(weapon__in=weapons, voided_by__isnull=True)


def events_in_year(weapons: QuerySet[Weapon], event_types: tuple[str, ...], year: int) -> dict[str, int]:
    happened_that_year = Q(occurred_on__year=year) | Q(occurred_on__isnull=True, recorded_at__year=year)
    rows = (_standing_events(weapons).filter(happened_that_year, event_type__in=event_types)
            .values_list("event_type").annotate(n=Count("seq")))
    counts = dict.fromkeys(event_types, 0)
    counts.update(dict(rows))
    return counts


def open_traces(weapons: QuerySet[Weapon]) -> int:
    traced = Event.objects.filter(event_type="traced", voided_by__isnull=True).values("weapon_id")
    return weapons.filter(status__in=RECOVERED).exclude(id__in=traced).count()


def completeness_by_jurisdiction(weapons: QuerySet[Weapon]) -> list[Completeness]:
    rows = (weapons.values("jurisdiction__path", "jurisdiction__name")
            .annotate(total=Count("id"),
                      serial=Count("id", filter=~Q(serial_number="")),
                      maker=Count("id", filter=~Q(manufacturer_text="")),
                      model=Count("id", filter=~Q(model="")),
                      calibre=Count("id", filter=~Q(calibre_text="")),
                      type=Count("id", filter=Q(weapon_type__isnull=False)),
                      location=Count("id", filter=~Q(location_admin1="") | Q(latitude__isnull=False)))
            .order_by("jurisdiction__path"))
    return [Completeness(row["jurisdiction__name"], row["total"],
                         [(label, round(100 * row[name] / row["total"])) for name, label in COMPLETENESS_FIELDS])
            for row in rows if row["total"]]


# Counting a large registry takes seconds: the figures are counted once per state of the data and
# per user, and never served once anything they count has changed (see analytics.memo).
@per_data_state
def dashboard_figures(user, year: int) -> dict:
    weapons = selectors.weapons_visible_to(user)
    this_year = events_in_year(weapons, (domain.LOST, domain.STOLEN, domain.SEIZED), year)
    return {
        "year": year,
        "weapons": weapons.count(),
        "lost_this_year": this_year[domain.LOST],
        "stolen_this_year": this_year[domain.STOLEN],
        "seized_this_year": this_year[domain.SEIZED],
        "open_traces": open_traces(weapons),
        "by_weapon_type": holdings_by_weapon_type(weapons),
        "by_holder_type": holdings_by_holder_type(weapons),
        "completeness": completeness_by_jurisdiction(weapons),
        "completeness_fields": COMPLETENESS_FIELDS,
        "low_completeness": LOW_COMPLETENESS,
    }
