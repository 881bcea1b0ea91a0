"""Programme of Action / International Tracing Instrument national report.

The quantitative parts come from the records; the narrative parts (point of contact, laws,
stockpile management...) are texts kept in the app (NarrativeSection) and shown as
placeholders until written. Section order after the online template's first section is
unverified (domain reference §6).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from salw.reporting import domain
from salw.reporting.framework import (
    GroupedTable,
    Indicator,
    IndicatorTable,
    LabelColumn,
    NarrativeHeading,
    ReportDefinition,
    ValueColumn,
    count,
    median_of,
)
from salw.reporting.instruments import sources
from salw.reporting.instruments.labels import country_label

NUMBER = _("Number")


def _outgoing(fact):
    return fact.direction == "outgoing"


def _incoming(fact):
    return fact.direction == "incoming"


def _event(*types: str):
    return lambda fact: fact.event_type in types


def _from_state_stocks(fact):
    return fact.event_type in ("lost", "stolen") and fact.holder_type.startswith("state_")


class PoaNationalReport(ReportDefinition):
    instrument = domain.POA
    title = _("National report on the implementation of the Programme of Action on small arms and light "
              "weapons and the International Tracing Instrument")
    narrative = (
        NarrativeHeading("point_of_contact", _("National point of contact and coordination agency")),
        NarrativeHeading("laws", _("Laws, regulations and administrative procedures")),
        NarrativeHeading("marking", _("Marking (ITI section III)")),
        NarrativeHeading("record_keeping", _("Record-keeping (ITI section IV)")),
        NarrativeHeading("tracing_cooperation", _("Cooperation in tracing (ITI section V)")),
        NarrativeHeading("stockpile_management", _("Stockpile management and security")),
        NarrativeHeading("collection_destruction", _("Collection and destruction")),
        NarrativeHeading("brokering", _("Brokering")),
        NarrativeHeading("assistance", _("International cooperation and assistance")),
    )
    sections = (
        IndicatorTable("marking_records", _("Marking and record-keeping"), value_title=NUMBER, indicators=(
            Indicator("weapons_registered", _("Weapons entered in the national register in the period"),
                      "weapons_registered", count()),
            Indicator("weapons_on_register", _("Weapons on the national register at the end of the period"),
                      "weapons_on_register", count()),
            Indicator("weapons_marked", _("Weapons marked in the period"), "marked_weapons", count()),
        )),
        IndicatorTable("tracing", _("Tracing requests"), value_title=NUMBER, indicators=(
            Indicator("requests_sent", _("Trace requests sent"), "trace_requests", count(_outgoing)),
            Indicator("requests_sent_replied", _("of which replied to"), "trace_requests",
                      count(lambda fact: _outgoing(fact) and fact.replied)),
            Indicator("requests_sent_answered", _("of which fully answered"), "trace_requests",
                      count(lambda fact: _outgoing(fact) and fact.answered)),
            Indicator("median_days_to_reply", _("Median days from sending to the first reply"),
                      "trace_requests", median_of("reply_days", _outgoing)),
            Indicator("requests_received", _("Trace requests received"), "trace_requests", count(_incoming)),
            Indicator("requests_received_replied", _("of which replied to"), "trace_requests",
                      count(lambda fact: _incoming(fact) and fact.replied)),
        )),
        GroupedTable(
            key="tracing_by_state", title=_("Trace requests sent, by requested State"), source="trace_requests",
            where=_outgoing, group_by=lambda fact: (fact.recipient_country,),
            label_columns=(LabelColumn("recipient", _("Requested State"), country_label),),
            columns=(ValueColumn("sent", _("Sent"), count()),
                     ValueColumn("replied", _("Replied to"), count(lambda fact: fact.replied)),
                     ValueColumn("answered", _("Fully answered"), count(lambda fact: fact.answered)),
                     ValueColumn("median_days", _("Median days to reply"), median_of("reply_days"))),
            order=lambda codes, context: tuple(country_label(code, context) for code in codes),
        ),
        IndicatorTable("collection_destruction", _("Collection, seizure and destruction"), value_title=NUMBER,
                       indicators=(
            Indicator("seized", _("Weapons seized"), "seized_weapons", count(lambda fact: fact.kind == "seized")),
            Indicator("found", _("Weapons found"), "seized_weapons", count(lambda fact: fact.kind == "found")),
            Indicator("surrendered", _("Weapons surrendered (collected)"), "seized_weapons",
                      count(lambda fact: fact.kind == "surrendered")),
            Indicator("destroyed", _("Weapons destroyed"), "events", count(_event("destroyed"))),
            Indicator("deactivated", _("Weapons deactivated"), "events", count(_event("deactivated"))),
        )),
        IndicatorTable("stockpile_losses", _("Stockpile losses and thefts"), value_title=NUMBER, indicators=(
            Indicator("lost", _("Weapons reported lost"), "events", count(_event("lost"))),
            Indicator("stolen", _("Weapons reported stolen"), "events", count(_event("stolen"))),
            Indicator("from_state_stocks", _("of which from state stocks"), "events", count(_from_state_stocks)),
        )),
    )
    loaders = {
        **sources.COMMON, "weapons_on_register": sources.weapons_on_register,
        "weapons_registered": sources.weapons_registered, "marked_weapons": sources.marked_weapons,
        "trace_requests": sources.trace_requests, "seized_weapons": sources.seized_weapons,
        "events": sources.disposal_and_loss_events,
    }

    def notes(self, context, report):
        return [_("Seized, found and surrendered weapons are those recorded in tracing, antiques excluded; "
                  "destructions, losses and thefts are the registry's lifecycle events of the period.")]
