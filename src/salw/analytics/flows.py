"""The flow model: each traced seized weapon from its origin to its point of diversion to the
place it was seized, and the aggregates analysts read it by.

Every query starts from ``Scope``: only seizures recorded in the actor's jurisdictions count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, NamedTuple

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from salw.analytics import boundaries
from salw.analytics.date_sql import DaysBetween
from salw.analytics.domain import (
    LEGAL_TRANSFER_EVENTS,
    days_between,
    diversion_date,
    few_cases_note,
    is_few,
    line_width,
    time_to_crime,
)
from salw.analytics.memo import per_data_state
from salw.analytics.scope import Scope
from salw.analytics.together import counted_together
from salw.core.translation import translated
from salw.registry.models import Event, Weapon
from salw.tracing import codes
from salw.tracing.matching import OPERATING_THRESHOLD
from salw.tracing.models import ItemMatch, SeizedItem, Seizure, TraceOutcome

UNKNOWN = ""
RECORD_LIMIT = 500


@dataclass
class Breakdown:
    """One aggregate as a table: the API returns it as JSON, the web as CSV/XLSX and charts."""

    name: str
    columns: list[str]
    rows: list[dict[str, Any]]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _counted(name: str, columns: list[str], rows: list[dict[str, Any]], extra_notes: list[str] = ()) -> Breakdown:
    for row in rows:
        row["few_cases"] = is_few(row["weapons"])
    note = translated(few_cases_note(row["weapons"] for row in rows))
    return Breakdown(name, [*columns, "weapons", "few_cases"], rows, [*extra_notes, *([note] if note else [])])


def seized_weapons(scope: Scope) -> QuerySet[SeizedItem]:
    """Weapons (not parts or ammunition) of the seizures the scope counts.

    Chosen by the seizure's jurisdiction and date copied onto each item, so that a count by the
    seizure's place and year needs no join (salw.tracing.seizure_copies)."""
    return _of_seized_weapons(SeizedItem.objects.all(), scope, item="")


def _of_seized_weapons(queryset: QuerySet, scope: Scope, item: str = "item__") -> QuerySet:
    """``queryset`` limited to the seized weapons in scope; ``item``: the path from its records to the item."""
    voided_seizures = Seizure.objects.filter(voided_at__isnull=False).values("id")
    queryset = queryset.filter(**{f"{item}voided_at__isnull": True, f"{item}item_kind": codes.WEAPON}).exclude(
        **{f"{item}seizure_id__in": voided_seizures})
    queryset = scope.limit(queryset, f"{item}seizure_jurisdiction_id")
    return scope.within_period(queryset, f"{item}seizure_occurred_on")


def traced_outcomes(scope: Scope) -> QuerySet[TraceOutcome]:
    """The current outcome of every seized weapon in scope that tracing has coded."""
    return _of_seized_weapons(TraceOutcome.objects.filter(voided_at__isnull=True), scope)


# --- the two counts every flow aggregate reads ------------------------------------------------

# The fields of the two counts are in the order the database groups by: the ones with the most
# distinct values first, so that the sort compares fewer columns (a tenth to a quarter faster).

class TracedGroup(NamedTuple):
    diversion_admin1: str
    year: int | None
    weapon_type: str
    mechanism: str
    seizure_admin1: str
    diversion_country: str
    holder_country: str
    seizure_country: str
    outcome: str
    holder_type: str | None  # None: no last legal holder on record
    weapons: int

    @property
    def placed(self) -> bool:
        """Whether the outcome names where the weapon left legal hands (or its holder's country)."""
        return bool(self.diversion_country or self.diversion_admin1 or self.holder_country)

    @property
    def from_country(self) -> str:
        # Where the weapon left legal hands, or failing that the country of its last legal holder.
        return self.diversion_country or self.holder_country


class SeizedGroup(NamedTuple):
    # In the order of the index the count is read from (seized_weapon_counts_idx).
    seizure_country: str
    seizure_admin1: str
    year: int | None
    country_of_manufacture: str
    weapons: int


@per_data_state(in_process=True)
def traced_groups(scope: Scope) -> tuple[TracedGroup, ...]:
    """Traced weapons in scope counted once by every dimension the aggregates break them down by.

    One grouped pass instead of one per aggregate: a page that shows them all counts once."""
    rows = (traced_outcomes(scope)
            .values_list("diversion_admin1", "item__seizure_year", "item__weapon_type", "diversion_mechanism",
                         "item__seizure_admin1", "diversion_country", "last_legal_holder_country",
                         "item__seizure_country", "outcome", "last_legal_holder__holder_type")
            .annotate(weapons=Count("*")).order_by())
    return tuple(TracedGroup(*row) for row in rows)


@per_data_state(in_process=True)
def seized_groups(scope: Scope) -> tuple[SeizedGroup, ...]:
    """Seized weapons in scope (traced or not), counted once by place, year and origin."""
    rows = (seized_weapons(scope)
            .values_list("seizure_country", "seizure_admin1", "seizure_year", "country_of_manufacture")
            .annotate(weapons=Count("*")).order_by())
    return tuple(SeizedGroup(*row) for row in rows)


def _both_counts(scope: Scope) -> tuple[tuple[TracedGroup, ...], tuple[SeizedGroup, ...]]:
    traced, seized = counted_together(lambda: traced_groups(scope), lambda: seized_groups(scope))
    return traced, seized


def _tally(groups, key) -> Counter:
    counts: Counter = Counter()
    for group in groups:
        counts[key(group)] += group.weapons
    return counts


# --- aggregates ------------------------------------------------------------------------------------

@per_data_state
def by_country_pair(scope: Scope) -> Breakdown:
    pairs = _tally((group for group in traced_groups(scope) if group.placed),
                   lambda group: (group.from_country, group.seizure_country))
    rows = [{"from_country": origin, "to_country": destination,
             "cross_border": bool(origin and destination and origin != destination), "weapons": weapons}
            for (origin, destination), weapons in sorted(pairs.items(), key=lambda pair: (-pair[1], pair[0]))]
    return _counted("country_pairs", ["from_country", "to_country", "cross_border"], rows,
                    [_("from_country: the country of the point of diversion, else of the last legal holder")])


def _area(country: str, admin1: str) -> str:
    return boundaries.admin1_code(country, admin1) or f"{country}:{admin1}"


@per_data_state
def by_admin1(scope: Scope) -> Breakdown:
    """Per admin-1 area: traced weapons diverted there, and seized weapons seized there."""
    traced, seized = _both_counts(scope)
    diverted = _tally((group for group in traced if group.diversion_admin1),
                      lambda group: _area(group.diversion_country, group.diversion_admin1))
    seized = _tally((group for group in seized if group.seizure_admin1),
                    lambda group: _area(group.seizure_country, group.seizure_admin1))
    areas = boundaries.admin1_areas()
    rows = []
    for code in sorted(set(diverted) | set(seized)):
        area = areas.get(code)
        rows.append({"area": code, "name": area.name if area else code.split(":", 1)[-1],
                     "country": area.country if area else code.split(":", 1)[0],
                     "diverted_here": diverted[code], "seized_here": seized[code],
                     "weapons": diverted[code] + seized[code]})
    rows.sort(key=lambda row: (-row["weapons"], row["area"]))
    return _counted("admin1_areas", ["area", "name", "country", "diverted_here", "seized_here"], rows,
                    [_("area: Natural Earth admin-1 code; 'COUNTRY:text' when the record names no shipped area")])


def _grouped(groups, key, name: str, column: str) -> Breakdown:
    counts = _tally(groups, lambda group: key(group) or UNKNOWN)
    rows = [{column: value, "weapons": weapons}
            for value, weapons in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))]
    return _counted(name, [column], rows)


@per_data_state
def by_mechanism(scope: Scope) -> Breakdown:
    return _grouped((group for group in traced_groups(scope) if group.mechanism), lambda group: group.mechanism,
                    "diversion_mechanisms", "mechanism")


@per_data_state
def by_weapon_type(scope: Scope) -> Breakdown:
    return _grouped(traced_groups(scope), lambda group: group.weapon_type, "weapon_types", "weapon_type")


@per_data_state
def by_holder_type(scope: Scope) -> Breakdown:
    """The kind of holder weapons were diverted from (the last legal holder's type)."""
    return _grouped((group for group in traced_groups(scope) if group.holder_type is not None),
                    lambda group: group.holder_type, "holder_types", "holder_type")


@per_data_state
def by_origin(scope: Scope) -> Breakdown:
    """Seized weapons (traced or not) by the country that made them."""
    return _grouped(seized_groups(scope), lambda group: group.country_of_manufacture, "origins",
                    "country_of_manufacture")


@per_data_state
def by_period(scope: Scope) -> Breakdown:
    """Per year of seizure: weapons seized, of which traced, of which with an established diversion."""
    traced_all, seized_all = _both_counts(scope)
    seized = _tally((group for group in seized_all if group.year is not None), lambda group: group.year)
    dated = [group for group in traced_all if group.year is not None]
    traced = _tally(dated, lambda group: group.year)
    diverted = _tally((group for group in dated if group.outcome == "diversion_established"),
                      lambda group: group.year)
    rows = [{"year": year, "seized": seized[year], "traced": traced[year], "diversion_established": diverted[year],
             "weapons": seized[year]} for year in sorted(seized)]
    return _counted("periods", ["year", "seized", "traced", "diversion_established"], rows)


def _measured_from_diversion(outcomes: QuerySet[TraceOutcome], seized_on=None) -> QuerySet[TraceOutcome]:
    """Outcomes whose point of diversion dates the start: a known date on or before the seizure
    (``seized_on``, by default the date of the outcome's own seizure)."""
    return (outcomes.annotate(diverted_by=Coalesce("diversion_to", "diversion_from"))
            .filter(diverted_by__isnull=False, diverted_by__lte=seized_on or F("item__seizure_occurred_on")))


@per_data_state
def time_to_crime_summary(scope: Scope) -> dict[str, Any]:
    """Days from the point of diversion (else the last legal transfer on record) to the seizure."""
    from_diversion, from_legal_transfer = counted_together(lambda: _days_from_diversion(scope),
                                                           lambda: _days_from_legal_transfer(scope))
    summary = time_to_crime(from_diversion, from_legal_transfer).as_dict()
    summary["notes"] = ([_("few cases: read the median as an example, not a trend")]
                        if summary["few_cases"] else [])
    return summary


# The database counts weapons per number of days: at a hundred thousand seizures, reading two
# dates per weapon into Python cost more than the query.

@per_data_state(in_process=True)
def _days_from_diversion(scope: Scope) -> tuple[tuple[int, int], ...]:
    """(days, weapons) from a dated point of diversion to the seizure."""
    per_days = (_measured_from_diversion(traced_outcomes(scope))
                .annotate(days=DaysBetween("diverted_by", "item__seizure_occurred_on"))
                .values_list("days").annotate(weapons=Count("pk")).order_by())
    return tuple(per_days)


def _best_matches_in(scope: Scope) -> QuerySet[ItemMatch]:
    """Each seized weapon's best registry match above the operating threshold, in scope.

    The best match of an item: none scores higher, and none scores the same with a smaller id."""
    matches = _of_seized_weapons(ItemMatch.objects.filter(voided_at__isnull=True, score__gte=OPERATING_THRESHOLD),
                                 scope)
    better = ItemMatch.objects.filter(voided_at__isnull=True, item_id=OuterRef("item_id")).filter(
        Q(score__gt=OuterRef("score")) | Q(score=OuterRef("score"), id__lt=OuterRef("id")))
    return matches.exclude(Exists(better))


@per_data_state(in_process=True)
def _days_from_legal_transfer(scope: Scope) -> tuple[tuple[int, int], ...]:
    """(days, weapons) from the last legal transfer of the matched registry weapon to the seizure,
    for seized weapons whose trace outcome does not date the diversion.

    Counted from the matches rather than from the seized items: most seized weapons match nothing."""
    # The seizure's date from the outer query, which has joined the item already.
    dated = _measured_from_diversion(TraceOutcome.objects.filter(voided_at__isnull=True, item_id=OuterRef("item_id")),
                                     seized_on=OuterRef("item__seizure_occurred_on"))
    last_transfer = (Event.objects.filter(weapon_id=OuterRef("weapon_id"), event_type__in=LEGAL_TRANSFER_EVENTS,
                                          occurred_on__lte=OuterRef("item__seizure_occurred_on"))
                     .order_by("-occurred_on").values("occurred_on")[:1])
    # No filter on the transfer date: the database would look it up once for the filter and once
    # for the days. A weapon with no legal transfer on record counts under days None, left out here.
    per_days = (_best_matches_in(scope).exclude(Exists(dated))
                .annotate(days=DaysBetween(Subquery(last_transfer), "item__seizure_occurred_on"))
                .values_list("days").annotate(weapons=Count("pk")).order_by())
    return tuple((days, weapons) for days, weapons in per_days if days is not None)


def _best_matches(scope: Scope, item_ids) -> dict:
    """item id -> registry weapon id of its best match above the operating threshold."""
    best = _best_matches_in(scope).filter(item_id__in=list(item_ids))
    return {str(item_id): weapon_id for item_id, weapon_id in best.values_list("item_id", "weapon_id")}


# --- lines and the records behind them -------------------------------------------------------

def _line_ends(diversion_country: str, diversion_admin1: str, holder_country: str, seizure_country: str,
               seizure_admin1: str):
    start = boundaries.place_of(diversion_country or holder_country,
                                diversion_admin1 if diversion_country or not holder_country else "")
    end = boundaries.place_of(seizure_country, seizure_admin1)
    return start, end


@per_data_state
def flow_lines(scope: Scope) -> dict[str, Any]:
    """GeoJSON lines from each point of diversion to each place of seizure, width by weapons."""
    counts: Counter = Counter()
    ends = {}
    unplaced = 0
    for group in traced_groups(scope):
        if not group.placed:
            continue
        start, end = _line_ends(group.diversion_country, group.diversion_admin1, group.holder_country,
                                group.seizure_country, group.seizure_admin1)
        if start is None or end is None:
            unplaced += group.weapons
            continue
        key = f"{start.code}>{end.code}"
        counts[key] += group.weapons
        ends[key] = (start, end)
    largest = max(counts.values(), default=0)
    features = []
    for key, weapons in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])):
        start, end = ends[key]
        features.append({
            "type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[start.longitude, start.latitude],
                                                               [end.longitude, end.latitude]]},
            "properties": {"key": key, "from": start.code, "from_name": start.name, "to": end.code,
                           "to_name": end.name, "weapons": weapons, "few_cases": is_few(weapons),
                           "within_one_area": start.code == end.code, "width": line_width(weapons, largest)},
        })
    notes = [_("%(count)s traced weapon(s) name no place that the map knows") % {"count": unplaced}] if unplaced else []
    return {"type": "FeatureCollection", "features": features,
            "properties": {"period": scope.period.describe(), "notes": notes}}


@dataclass
class FlowRecord:
    item_id: str
    seizure_id: str
    case_reference: str
    jurisdiction: str
    seizure_date: date
    seizure_country: str
    seizure_admin1: str
    seizure_place: str
    serial_number: str
    weapon_type: str
    country_of_manufacture: str
    last_legal_holder_country: str
    last_legal_holder_type: str
    diversion_country: str
    diversion_admin1: str
    diversion_place: str
    diversion_from: date | None
    diversion_to: date | None
    diversion_mechanism: str
    outcome: str
    days_to_seizure: int | None
    registry_holder_types: list[str] = field(default_factory=list)
    armed_groups: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        values = asdict(self)
        for name in ("seizure_date", "diversion_from", "diversion_to"):
            values[name] = values[name].isoformat() if values[name] else None
        return values


_RECORD_FIELDS = ("item_id", "item__seizure_id", "item__seizure__case_reference", "item__seizure__jurisdiction__code",
                  "item__seizure__occurred_on", "item__seizure__country", "item__seizure__admin1",
                  "item__seizure__place", "item__serial_number", "item__weapon_type", "item__country_of_manufacture",
                  "last_legal_holder_country", "last_legal_holder__holder_type", "diversion_country",
                  "diversion_admin1", "diversion_place", "diversion_from", "diversion_to", "diversion_mechanism",
                  "outcome")


def flow_records(scope: Scope, *, line_key: str = "", limit: int = RECORD_LIMIT) -> tuple[list[FlowRecord], int]:
    """The traced weapons behind one flow line (or all of them), and how many there are in total."""
    found, total = [], 0
    rows = traced_outcomes(scope).order_by("item__seizure__occurred_on", "item_id").values_list(*_RECORD_FIELDS)
    for row in rows.iterator(chunk_size=2000):
        (item_id, seizure_id, reference, jurisdiction, seized_on, country, admin1, place, serial, weapon_type, made_in,
         holder_country, holder_type, div_country, div_admin1, div_place, div_from, div_to, mechanism, outcome) = row
        if line_key:
            start, end = _line_ends(div_country, div_admin1, holder_country, country, admin1)
            if start is None or end is None or f"{start.code}>{end.code}" != line_key:
                continue
        total += 1
        if len(found) < limit:
            found.append(FlowRecord(
                str(item_id), str(seizure_id), reference, jurisdiction, seized_on, country, admin1, place, serial,
                weapon_type, made_in, holder_country, holder_type or "", div_country, div_admin1, div_place,
                div_from, div_to, mechanism, outcome, days_between(diversion_date(div_from, div_to), seized_on)))
    _add_involvement(scope, found)
    return found, total


def _add_involvement(scope: Scope, records: list[FlowRecord]) -> None:
    """Holder types and armed groups the registry knows for each record's matched weapon."""
    best = _best_matches(scope, item_ids=[record.item_id for record in records])
    weapon_ids = set(best.values())
    holders = defaultdict(set)
    groups = defaultdict(set)
    for weapon_id, holder_type, name in Event.objects.filter(weapon_id__in=weapon_ids).exclude(holder_type="") \
            .values_list("weapon_id", "holder_type", "holder__name"):
        holders[weapon_id].add(holder_type)
        if holder_type == "non_state_armed_group" and name:
            groups[weapon_id].add(name)
    for weapon_id, holder_type, name in Weapon.objects.filter(id__in=weapon_ids).exclude(holder_type="") \
            .values_list("id", "holder_type", "holder__name"):
        holders[weapon_id].add(holder_type)
        if holder_type == "non_state_armed_group" and name:
            groups[weapon_id].add(name)
    for record in records:
        weapon_id = best.get(record.item_id)
        if weapon_id:
            record.registry_holder_types = sorted(holders[weapon_id])
            record.armed_groups = sorted(groups[weapon_id])


@per_data_state
def flow_summary(scope: Scope) -> dict[str, Any]:
    # The four counts behind every part run at once, the longest first. The parts that read only the
    # traced weapons' count are made while the other counts are still running.
    traced_parts, *_ = counted_together(
        lambda: {part.name: part for part in (by_country_pair(scope), by_weapon_type(scope), by_mechanism(scope),
                                              by_holder_type(scope))},
        lambda: _days_from_legal_transfer(scope), lambda: seized_groups(scope), lambda: _days_from_diversion(scope))
    parts = {**traced_parts, **{part.name: part for part in (by_admin1(scope), by_period(scope), by_origin(scope))}}
    return {"period": scope.period.describe(),
            "breakdowns": [parts[name].as_dict() for name in BREAKDOWNS],
            "time_to_crime": time_to_crime_summary(scope)}


BREAKDOWNS = {"country_pairs": by_country_pair, "admin1_areas": by_admin1, "periods": by_period,
              "weapon_types": by_weapon_type, "diversion_mechanisms": by_mechanism, "holder_types": by_holder_type,
              "origins": by_origin}
