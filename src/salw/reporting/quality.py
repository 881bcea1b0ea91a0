"""The data-quality view before a report is submitted (the DHIS2 habit).

It lists what would make a report wrong or incomplete, so the reporting officer fixes the
records, not the spreadsheet:

- records missing a field a report needs (weapon type, serial, the date of an event...);
- records that cannot be classified (a transfer with no UNROCA category or no partner State,
  an international transfer recorded as a domestic "transferred" event);
- counts per reporting unit (the jurisdictions at the bottom of the tree) and month;
- completeness: the share of unit-months with any record, of all unit-months of the year;
- timeliness: the share of events and seizures recorded within N days of happening.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, time, timedelta
from datetime import timezone as dt_timezone
from typing import Any

from django.utils.translation import gettext as _

from salw.reporting import domain, policies
from salw.reporting.domain import Period
from salw.reporting.selectors import home_country, reporting_jurisdiction
from salw.reporting.transfers import TransferQuery, transfer_facts

DEFAULT_TIMELY_DAYS = 30
SAMPLE = 100  # record ids listed per problem; the count is always complete


@dataclass
class Problem:
    key: str
    description: str
    count: int
    record_ids: list[str]


@dataclass
class UnitCounts:
    jurisdiction_code: str
    jurisdiction_name: str
    months: list[int]  # records per month, January first

    @property
    def total(self) -> int:
        return sum(self.months)


@dataclass
class DataQuality:
    year: int
    jurisdiction_code: str
    timely_days: int
    missing: list[Problem] = field(default_factory=list)
    unclassifiable: list[Problem] = field(default_factory=list)
    units: list[UnitCounts] = field(default_factory=list)
    timely: int = 0
    with_known_delay: int = 0

    @property
    def completeness(self) -> float | None:
        unit_months = 12 * len(self.units)
        return domain.share(sum(1 for unit in self.units for n in unit.months if n), unit_months)

    @property
    def timeliness(self) -> float | None:
        return domain.share(self.timely, self.with_known_delay)

    @property
    def problem_count(self) -> int:
        return sum(problem.count for problem in self.missing + self.unclassifiable)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for unit, counted in zip(data["units"], self.units, strict=True):
            unit["total"] = counted.total
        data.update(completeness=self.completeness, timeliness=self.timeliness, problem_count=self.problem_count)
        return data


def _problem(key: str, description: str, record_ids: list[str]) -> Problem:
    return Problem(key, description, len(record_ids), record_ids[:SAMPLE])


def data_quality(actor, *, year: int, jurisdiction=None, timely_days: int = DEFAULT_TIMELY_DAYS) -> DataQuality:
    from salw.core.models import Jurisdiction
    from salw.registry.models import Event, Weapon
    from salw.tracing.models import SeizedItem, Seizure

    jurisdiction = jurisdiction or reporting_jurisdiction()
    policies.data_quality_read(actor, jurisdiction=jurisdiction)
    period, path = Period(year), jurisdiction.path
    quality = DataQuality(year=year, jurisdiction_code=jurisdiction.code, timely_days=timely_days)
    cutoff = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=dt_timezone.utc)

    weapons = Weapon.objects.filter(voided_at__isnull=True, jurisdiction__path__startswith=path)
    events = Event.objects.filter(weapon__isnull=False, weapon__voided_at__isnull=True,
                                  weapon__jurisdiction__path__startswith=path, voided_by__isnull=True) \
        .exclude(event_type__in=("voided", "record_corrected", "registered"))
    events_in_year = events.filter(occurred_on__gte=period.start, occurred_on__lte=period.end)
    items = SeizedItem.objects.filter(voided_at__isnull=True, seizure__voided_at__isnull=True,
                                      seizure__jurisdiction__path__startswith=path,
                                      seizure__occurred_on__gte=period.start, seizure__occurred_on__lte=period.end)

    def ids(queryset, kind: str, field_name: str = "id") -> list[str]:
        return [domain.record_id(kind, key) for key in queryset.order_by(field_name).values_list(field_name, flat=True)]

    quality.missing = [problem for problem in (
        _problem("weapon_without_type", _("weapons on the register with no weapon type"),
                 ids(weapons.filter(weapon_type__isnull=True), "weapon")),
        _problem("weapon_without_serial", _("weapons with no serial number whose marking is not recorded as "
                 "obliterated"), ids(weapons.filter(serial_number="").exclude(marking_status="obliterated"), "weapon")),
        _problem("event_without_date", _("lifecycle events recorded in the year with no date of occurrence"),
                 ids(events.filter(occurred_on__isnull=True, recorded_at__gte=cutoff - timedelta(days=366),
                                   recorded_at__lt=cutoff), "event", "seq")),
        _problem("seized_weapon_without_type", _("seized, found or surrendered weapons with no weapon type"),
                 ids(items.filter(item_kind="weapon", weapon_type=""), "seized_item")),
        _problem("seizure_without_place", _("seized items whose seizure has no country or region"),
                 ids(items.filter(seizure__country="", seizure__admin1=""), "seized_item")),
        _problem("seizure_without_context", _("seized weapons whose seizure has no criminal context yet"),
                 ids(items.filter(item_kind="weapon", seizure__criminal_context=""), "seized_item")),
    ) if problem.count]

    transfers = transfer_facts(TransferQuery(period, path, home_country(jurisdiction)))
    domestic = home_country(jurisdiction)
    transferred_abroad = events_in_year.filter(event_type="transferred", counterparty__country__gt="") \
        .exclude(counterparty__country=domestic)
    quality.unclassifiable = [problem for problem in (
        _problem("transfer_without_category", _("exports or imports of weapons with no UNROCA SALW category "
                 "(no weapon type, or a type outside the UNROCA rows)"),
                 [fact.record_id for fact in transfers if not fact.unroca]),
        _problem("transfer_without_partner", _("exports or imports with no partner State (record the "
                 "counterparty and its country)"), [fact.record_id for fact in transfers if not fact.partner_country]),
        _problem("transfer_abroad_as_domestic", _("\"transferred\" events with a foreign counterparty: record "
                 "them as exported or imported"), ids(transferred_abroad, "event", "seq")),
    ) if problem.count]

    tree = list(Jurisdiction.objects.filter(path__startswith=path).order_by("path"))
    parents = {node.parent_id for node in tree}
    by_unit = {node.id: UnitCounts(node.code, node.name, [0] * 12) for node in tree}
    leaves = {node.id for node in tree if node.id not in parents}
    delays = []
    for jurisdiction_id, occurred_on, recorded_at in events_in_year.values_list(
            "weapon__jurisdiction_id", "occurred_on", "recorded_at").iterator(chunk_size=20000):
        by_unit[jurisdiction_id].months[occurred_on.month - 1] += 1
        delays.append(domain.days_late(occurred_on, recorded_at.date()))
    for jurisdiction_id, occurred_on, created_at in Seizure.objects.filter(
            voided_at__isnull=True, jurisdiction__path__startswith=path, occurred_on__gte=period.start,
            occurred_on__lte=period.end).values_list("jurisdiction_id", "occurred_on", "created_at"):
        by_unit[jurisdiction_id].months[occurred_on.month - 1] += 1
        delays.append(domain.days_late(occurred_on, created_at.date()))
    # Reporting units: the bottom of the tree, plus any higher jurisdiction that keeps records itself.
    quality.units = [unit for key, unit in by_unit.items() if key in leaves or unit.total]
    quality.timely, quality.with_known_delay = domain.timeliness(delays, timely_days)
    return quality

