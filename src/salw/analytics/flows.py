"""The flow model: each traced seized weapon from its origin to its point of diversion to the
place it was seized, and the aggregates analysts read it by.

Every query starts from ``Scope``: only seizures recorded in the actor's jurisdictions count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from salw.analytics import boundaries
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
from salw.analytics.yearly import counts_per_year
from salw.core.translation import translated
from salw.registry.models import Event, Weapon
from salw.tracing import codes
from salw.tracing.matching import OPERATING_THRESHOLD
from salw.tracing.models import ItemMatch, SeizedItem, TraceOutcome

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
    """Weapons (not parts or ammunition) of the seizures the scope counts."""
    items = SeizedItem.objects.filter(voided_at__isnull=True, item_kind=codes.WEAPON,
                                      seizure__voided_at__isnull=True)
    items = scope.limit(items, "seizure__jurisdiction_id")
    return scope.within_period(items, "seizure__occurred_on")


def traced_outcomes(scope: Scope) -> QuerySet[TraceOutcome]:
    """The current outcome of every seized weapon in scope that tracing has coded."""
    outcomes = TraceOutcome.objects.filter(voided_at__isnull=True, item__voided_at__isnull=True,
                                           item__item_kind=codes.WEAPON, item__seizure__voided_at__isnull=True)
    outcomes = scope.limit(outcomes, "item__seizure__jurisdiction_id")
    return scope.within_period(outcomes, "item__seizure__occurred_on")


def _from_country():
    # Where the weapon left legal hands, or failing that the country of its last legal holder.
    return Case(When(diversion_country="", then=F("last_legal_holder_country")),
                default=F("diversion_country"), output_field=CharField())


def _with_place(outcomes: QuerySet[TraceOutcome]) -> QuerySet[TraceOutcome]:
    return outcomes.exclude(Q(diversion_country="") & Q(diversion_admin1="") & Q(last_legal_holder_country=""))


# --- aggregates ------------------------------------------------------------------------------------

@per_data_state
def by_country_pair(scope: Scope) -> Breakdown:
    grouped = (_with_place(traced_outcomes(scope)).annotate(from_country=_from_country())
               .values("from_country", "item__seizure__country").annotate(weapons=Count("id"))
               .order_by("-weapons", "from_country", "item__seizure__country"))
    rows = [{"from_country": row["from_country"], "to_country": row["item__seizure__country"],
             "cross_border": bool(row["from_country"] and row["item__seizure__country"]
                                  and row["from_country"] != row["item__seizure__country"]),
             "weapons": row["weapons"]} for row in grouped]
    return _counted("country_pairs", ["from_country", "to_country", "cross_border"], rows,
                    [_("from_country: the country of the point of diversion, else of the last legal holder")])


@per_data_state
def by_admin1(scope: Scope) -> Breakdown:
    """Per admin-1 area: traced weapons diverted there, and seized weapons seized there."""
    diverted = Counter()
    for row in (traced_outcomes(scope).exclude(diversion_admin1="")
                .values("diversion_country", "diversion_admin1").annotate(n=Count("id"))):
        diverted[boundaries.admin1_code(row["diversion_country"], row["diversion_admin1"])
                 or f"{row['diversion_country']}:{row['diversion_admin1']}"] += row["n"]
    seized = Counter()
    for row in (seized_weapons(scope).exclude(seizure__admin1="")
                .values("seizure__country", "seizure__admin1").annotate(n=Count("id"))):
        seized[boundaries.admin1_code(row["seizure__country"], row["seizure__admin1"])
               or f"{row['seizure__country']}:{row['seizure__admin1']}"] += row["n"]
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


def _grouped(outcomes_or_items: QuerySet, field_name: str, name: str, column: str) -> Breakdown:
    grouped = (outcomes_or_items.values(field_name).annotate(weapons=Count("id")).order_by("-weapons", field_name))
    rows = [{column: row[field_name] or UNKNOWN, "weapons": row["weapons"]} for row in grouped]
    return _counted(name, [column], rows)


@per_data_state
def by_mechanism(scope: Scope) -> Breakdown:
    return _grouped(traced_outcomes(scope).exclude(diversion_mechanism=""), "diversion_mechanism",
                    "diversion_mechanisms", "mechanism")


@per_data_state
def by_weapon_type(scope: Scope) -> Breakdown:
    return _grouped(traced_outcomes(scope), "item__weapon_type", "weapon_types", "weapon_type")


@per_data_state
def by_holder_type(scope: Scope) -> Breakdown:
    """The kind of holder weapons were diverted from (the last legal holder's type)."""
    return _grouped(traced_outcomes(scope).exclude(last_legal_holder__isnull=True),
                    "last_legal_holder__holder_type", "holder_types", "holder_type")


@per_data_state
def by_origin(scope: Scope) -> Breakdown:
    """Seized weapons (traced or not) by the country that made them."""
    return _grouped(seized_weapons(scope), "country_of_manufacture", "origins", "country_of_manufacture")


@per_data_state
def by_period(scope: Scope) -> Breakdown:
    """Per year of seizure: weapons seized, of which traced, of which with an established diversion."""
    seized = Counter({year: count for (year,), count in
                      counts_per_year(seized_weapons(scope), "seizure__occurred_on").items()})
    traced, diverted = Counter(), Counter()
    for (year, outcome), count in counts_per_year(traced_outcomes(scope), "item__seizure__occurred_on",
                                                  "outcome").items():
        traced[year] += count
        if outcome == "diversion_established":
            diverted[year] += count
    rows = [{"year": year, "seized": seized[year], "traced": traced[year], "diversion_established": diverted[year],
             "weapons": seized[year]} for year in sorted(seized)]
    return _counted("periods", ["year", "seized", "traced", "diversion_established"], rows)


def _measured_from_diversion(outcomes: QuerySet[TraceOutcome]) -> QuerySet[TraceOutcome]:
    """Outcomes whose point of diversion dates the start: a known date on or before the seizure."""
    return (outcomes.annotate(diverted_by=Coalesce("diversion_to", "diversion_from"))
            .filter(diverted_by__isnull=False, diverted_by__lte=F("item__seizure__occurred_on")))


@per_data_state
def time_to_crime_summary(scope: Scope) -> dict[str, Any]:
    """Days from the point of diversion (else the last legal transfer on record) to the seizure."""
    durations: list[tuple[int, str]] = []
    # Only dates come back: at a hundred thousand seizures, turning ids into UUIDs would cost more than the query.
    for diverted_by, seized_on in _measured_from_diversion(traced_outcomes(scope)).values_list(
            "diverted_by", "item__seizure__occurred_on"):
        durations.append((days_between(diverted_by, seized_on), "diversion"))
    for days in _days_since_legal_transfer(scope).values():
        durations.append((days, "legal_transfer"))
    summary = time_to_crime(durations).as_dict()
    summary["notes"] = ([_("few cases: read the median as an example, not a trend")]
                        if summary["few_cases"] else [])
    return summary


def _best_matches(scope: Scope, item_ids=None, unmeasured_only: bool = False) -> dict:
    """item id -> (registry weapon id, seizure date) of its best match above the operating threshold.

    ``unmeasured_only`` leaves out items whose trace outcome already dates the diversion."""
    matches = ItemMatch.objects.filter(voided_at__isnull=True, score__gte=OPERATING_THRESHOLD,
                                       item__voided_at__isnull=True, item__item_kind=codes.WEAPON,
                                       item__seizure__voided_at__isnull=True)
    matches = scope.within_period(scope.limit(matches, "item__seizure__jurisdiction_id"), "item__seizure__occurred_on")
    if item_ids is not None:
        matches = matches.filter(item_id__in=list(item_ids))
    if unmeasured_only:
        dated = _measured_from_diversion(TraceOutcome.objects.filter(voided_at__isnull=True,
                                                                     item_id=OuterRef("item_id")))
        matches = matches.exclude(Exists(dated))
    best = {}
    for item_id, weapon_id, seized_on in matches.order_by("item_id", "-score").values_list(
            "item_id", "weapon_id", "item__seizure__occurred_on"):
        best.setdefault(str(item_id), (weapon_id, seized_on))
    return best


def _days_since_legal_transfer(scope: Scope) -> dict:
    best = _best_matches(scope, unmeasured_only=True)
    if not best:
        return {}
    transfers = defaultdict(list)
    for weapon_id, day in (Event.objects.filter(weapon_id__in={weapon for weapon, _seized_on in best.values()},
                                                 event_type__in=LEGAL_TRANSFER_EVENTS, occurred_on__isnull=False)
                           .values_list("weapon_id", "occurred_on")):
        transfers[weapon_id].append(day)
    days = {}
    for item_id, (weapon_id, seized_on) in best.items():
        before = [day for day in transfers.get(weapon_id, []) if day <= seized_on]
        if before:
            days[item_id] = (seized_on - max(before)).days
    return days


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
    grouped = (_with_place(traced_outcomes(scope))
               .values("diversion_country", "diversion_admin1", "last_legal_holder_country",
                       "item__seizure__country", "item__seizure__admin1").annotate(n=Count("id")))
    for row in grouped:
        start, end = _line_ends(row["diversion_country"], row["diversion_admin1"], row["last_legal_holder_country"],
                                row["item__seizure__country"], row["item__seizure__admin1"])
        if start is None or end is None:
            unplaced += row["n"]
            continue
        key = f"{start.code}>{end.code}"
        counts[key] += row["n"]
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
    weapon_ids = {weapon for weapon, _seized_on in best.values()}
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
        match = best.get(record.item_id)
        if match:
            record.registry_holder_types = sorted(holders[match[0]])
            record.armed_groups = sorted(groups[match[0]])


@per_data_state
def flow_summary(scope: Scope) -> dict[str, Any]:
    return {"period": scope.period.describe(),
            "breakdowns": [breakdown.as_dict() for breakdown in (
                by_country_pair(scope), by_admin1(scope), by_period(scope), by_weapon_type(scope),
                by_mechanism(scope), by_holder_type(scope), by_origin(scope))],
            "time_to_crime": time_to_crime_summary(scope)}


BREAKDOWNS = {"country_pairs": by_country_pair, "admin1_areas": by_admin1, "periods": by_period,
              "weapon_types": by_weapon_type, "diversion_mechanisms": by_mechanism, "holder_types": by_holder_type,
              "origins": by_origin}
