"""Loaders of the facts report definitions name as their sources (one read per report)."""

from __future__ import annotations

from dataclasses import dataclass

from salw.reporting import facts
from salw.reporting.transfers import TransferQuery, transfer_facts


@dataclass(frozen=True)
class RecordFact:
    """A record counted as such, with nothing else to group by."""

    record_id: str


def transfers(context):
    return transfer_facts(TransferQuery(period=context.period, jurisdiction_path=context.jurisdiction.path,
                                        home_country=context.home_country))


def seized_weapons(context):
    return facts.seized_weapon_facts(context.period, context.jurisdiction.path)


def seized_lines(context):
    return facts.seized_line_facts(context.period, context.jurisdiction.path)


def disposal_and_loss_events(context):
    return facts.event_facts(context.period, context.jurisdiction.path,
                             ("destroyed", "deactivated", "lost", "stolen", "found", "surrendered", "seized"))


def weapons_on_register(context):
    return facts.weapon_facts(context.jurisdiction.path, registered_by=context.period.end)


def weapons_registered(context):
    return [fact for fact in context.facts("weapons_on_register") if context.period.contains(fact.registered_on)]


def marked_weapons(context):
    return [RecordFact(record) for record in facts.marked_weapon_records(context.period, context.jurisdiction.path)]


def trace_requests(context):
    return facts.trace_request_facts(context.period, context.jurisdiction.path)


def country_names(context):
    from salw.vocabularies.models import Country, TranslatedName

    names = dict(Country.objects.values_list("iso3", "name"))
    names.update(TranslatedName.objects.filter(vocabulary="country", language=context.language)
                 .values_list("code", "name"))
    return names


COMMON = {"country_names": country_names}
