"""UNODC Illicit Arms Flows Questionnaire tables and SDG indicator 16.4.2.

Weapons seized, found or surrendered in the period (antiques, parts and ammunition excluded)
by type, legal justification, criminal context and place; tracing results; parts and
ammunition by quantity; SDG 16.4.2 exactly as tracing.selectors.sdg_16_4_2 computes it. The
questionnaire's own table layout is unverified (domain reference §6).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from salw.reporting import domain
from salw.reporting.domain import Cell
from salw.reporting.framework import (
    GroupedTable,
    Indicator,
    IndicatorTable,
    LabelColumn,
    ReportDefinition,
    ValueColumn,
    count,
    total,
)
from salw.reporting.instruments import sources
from salw.reporting.instruments.labels import (
    code_or_not_recorded,
    country_label,
    iafq_label,
    iafq_order,
)


def _kind(kind: str):
    return lambda fact: fact.kind == kind


BY_KIND = (ValueColumn("seized", _("Seized"), count(_kind("seized"))),
           ValueColumn("found", _("Found"), count(_kind("found"))),
           ValueColumn("surrendered", _("Surrendered"), count(_kind("surrendered"))),
           ValueColumn("total", _("Total"), count()))


def weapons_table(key: str, title, group_by, label_column: LabelColumn, **options) -> GroupedTable:
    return GroupedTable(key=key, title=title, source="seized_weapons", group_by=group_by,
                        label_columns=(label_column,), columns=BY_KIND, total_label=_("Total"), **options)


def _line_kind(seizure_kind: str):
    return lambda fact: fact.seizure_kind == seizure_kind


@dataclass(frozen=True)
class IndicatorCaseFact:
    record_id: str
    traced: bool


def sdg_cases(context):
    from salw.tracing.selectors import sdg_16_4_2

    figure = sdg_16_4_2(context.actor, period_start=context.period.start, period_end=context.period.end,
                        jurisdiction=context.jurisdiction)
    traced = {case.item_id for case in figure.numerator_cases}
    return [IndicatorCaseFact(domain.record_id("seized_item", case.item_id), case.item_id in traced)
            for case in figure.denominator_cases]


def percent_traced(facts) -> Cell:
    """100 x numerator / denominator, as SDG 16.4.2 defines it; the ids are the numerator's."""
    traced = [fact.record_id for fact in facts if fact.traced]
    return Cell(round(100 * len(traced) / len(facts), 1) if facts else None, traced)


class IafqReport(ReportDefinition):
    instrument = domain.IAFQ
    title = _("UNODC Illicit Arms Flows Questionnaire: seized, found and surrendered arms, and SDG "
              "indicator 16.4.2")
    sections = (
        weapons_table("by_type", _("Arms seized, found and surrendered, by type"),
                      lambda fact: (domain.iafq_type(fact.weapon_type),),
                      LabelColumn("type", _("Type of weapon"), iafq_label),
                      fill=lambda context: [(code,) for code in domain.IAFQ_TYPES], order=iafq_order),
        weapons_table("by_legal_justification", _("By legal justification of the seizure"),
                      lambda fact: (fact.legal_justification,),
                      LabelColumn("justification", _("Legal justification"), code_or_not_recorded),
                      order=lambda codes, context: codes),
        weapons_table("by_criminal_context", _("By criminal context"),
                      lambda fact: (fact.criminal_context,),
                      LabelColumn("context", _("Criminal context"), code_or_not_recorded),
                      order=lambda codes, context: codes),
        GroupedTable(key="by_location", title=_("By place of seizure"), source="seized_weapons",
                     group_by=lambda fact: (fact.country, fact.admin1),
                     label_columns=(LabelColumn("country", _("Country"), country_label),
                                    LabelColumn("admin1", _("Region / province"), code_or_not_recorded)),
                     columns=BY_KIND, total_label=_("Total"), order=lambda codes, context: codes),
        GroupedTable(key="tracing_results", title=_("Tracing results"), source="seized_weapons",
                     group_by=lambda fact: (fact.outcome or "not_coded",),
                     label_columns=(LabelColumn("outcome", _("Outcome of tracing"), code_or_not_recorded),),
                     columns=(ValueColumn("weapons", _("Weapons"), count()),
                              ValueColumn("traced", _("Illicit origin established"),
                                          count(lambda fact: fact.traced)),
                              ValueColumn("requested", _("With a trace request sent"),
                                          count(lambda fact: fact.trace_requested))),
                     total_label=_("Total"), order=lambda codes, context: codes),
        GroupedTable(key="parts_ammunition", title=_("Parts and ammunition (quantities)"),
                     source="seized_lines", group_by=lambda fact: (fact.item_kind,),
                     label_columns=(LabelColumn("item", _("Item"), code_or_not_recorded),),
                     columns=(ValueColumn("seized", _("Seized"), total("quantity", _line_kind("seized"))),
                              ValueColumn("found", _("Found"), total("quantity", _line_kind("found"))),
                              ValueColumn("surrendered", _("Surrendered"),
                                          total("quantity", _line_kind("surrendered")))),
                     order=lambda codes, context: codes),
        IndicatorTable("sdg_16_4_2", _("SDG indicator 16.4.2"), value_title=_("Value"), indicators=(
            Indicator("numerator", _("Arms whose illicit origin was traced or established (numerator)"),
                      "sdg_cases", count(lambda fact: fact.traced)),
            Indicator("denominator", _("Arms seized, found or surrendered (denominator)"), "sdg_cases", count()),
            Indicator("percent", _("Proportion traced or established, %"), "sdg_cases", percent_traced),
        )),
    )
    loaders = {**sources.COMMON, "seized_weapons": sources.seized_weapons, "seized_lines": sources.seized_lines,
               "sdg_cases": sdg_cases}

    def notes(self, context, report):
        return [_("Weapons are counted one by one in the period of their seizure; antiques, parts and "
                  "ammunition are not weapons. Trace outcomes are those known when the report was made.")]
