"""ATT annual report: exports and imports of category VIII (small arms and light weapons).

Layout after the ATT provisional reporting template (2017): one table of exports and one of
imports, SALW by the UNROCA sub-categories, number of items and/or value, the final importing
(or exporting) State, a description and comments; nil reports; the note that commercially
sensitive or national-security data was withheld (Art 13(3)).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from salw.reporting import domain
from salw.reporting.framework import (
    GroupedTable,
    Indicator,
    IndicatorTable,
    LabelColumn,
    ReportDefinition,
    ValueColumn,
    count,
    distinct_text,
    total,
)
from salw.reporting.instruments import sources
from salw.reporting.instruments.labels import country_label, unroca_label, unroca_order
from salw.reporting.transfers import EXPORT, IMPORT


def _reportable(direction: str):
    return lambda fact: fact.direction == direction and bool(fact.unroca) and bool(fact.partner_country)


def transfer_table(key: str, title, direction: str, partner_title, nil_text) -> GroupedTable:
    return GroupedTable(
        key=key, title=title, source="transfers", where=_reportable(direction),
        group_by=lambda fact: (fact.unroca, fact.partner_country),
        label_columns=(LabelColumn("category", _("Category / sub-category"), unroca_label),
                       LabelColumn("partner", partner_title, country_label)),
        columns=(ValueColumn("items", _("Number of items"), total("quantity")),
                 ValueColumn("value", _("Value"), total("value")),
                 ValueColumn("description", _("Description of items"), distinct_text("description"))),
        order=unroca_order, nil_text=nil_text, total_label=_("Total"),
    )


def unclassified_table() -> IndicatorTable:
    return IndicatorTable(
        key="not_reported", title=_("Records left out of the tables (fix them in the data-quality view)"),
        value_title=_("Records"),
        indicators=(
            Indicator("no_category", _("Transfers of weapons without a UNROCA SALW category"), "transfers",
                      count(lambda fact: not fact.unroca)),
            Indicator("no_partner", _("Transfers without a partner State"), "transfers",
                      count(lambda fact: bool(fact.unroca) and not fact.partner_country)),
        ),
    )


class AttAnnualReport(ReportDefinition):
    instrument = domain.ATT
    title = _("Arms Trade Treaty annual report: exports and imports of small arms and light weapons")
    sections = (
        transfer_table("exports", _("Exports: category VIII, small arms and light weapons"), EXPORT,
                       _("Final importing State"),
                       _("Nil report: no exports of small arms and light weapons in the reporting period.")),
        transfer_table("imports", _("Imports: category VIII, small arms and light weapons"), IMPORT,
                       _("Exporting State"),
                       _("Nil report: no imports of small arms and light weapons in the reporting period.")),
        unclassified_table(),
    )
    loaders = {**sources.COMMON, "transfers": sources.transfers}

    def notes(self, context, report):
        notes = [_("Actual exports and imports (Article 13(3)), counted from the national records.")]
        if not any(fact.value is not None for fact in context.facts("transfers")):
            notes.append(_("Values are not recorded; the number of items is reported."))
        if report.withheld_reasons:
            notes.append(_("Commercially sensitive and/or national security-related information has been "
                           "withheld in accordance with Article 13(3)."))
        return notes
