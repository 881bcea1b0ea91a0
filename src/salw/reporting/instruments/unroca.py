"""UNROCA standardized form for reporting international transfers of SALW.

Every sub-category of the form is listed, with the partner State, the number of items, the
State of origin when it is not the exporter, a description and comments. The intermediate
location is not recorded yet and stays empty.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from salw.reporting import domain
from salw.reporting.framework import (
    GroupedTable,
    LabelColumn,
    ReportDefinition,
    ValueColumn,
    distinct_text,
    total,
)
from salw.reporting.instruments import sources
from salw.reporting.instruments.att import unclassified_table
from salw.reporting.instruments.labels import country_label, unroca_label, unroca_order
from salw.reporting.transfers import EXPORT, IMPORT


def _every_category(context):
    return [(code,) for code in domain.UNROCA_ROWS]


def form_table(key: str, title, direction: str, partner_title) -> GroupedTable:
    return GroupedTable(
        key=key, title=title, source="transfers",
        where=lambda fact: fact.direction == direction and bool(fact.unroca) and bool(fact.partner_country),
        group_by=lambda fact: (fact.unroca, fact.partner_country, fact.origin_country),
        label_columns=(LabelColumn("category", _("Category (I-VII)"), unroca_label),
                       LabelColumn("partner", partner_title, country_label),
                       LabelColumn("origin", _("State of origin (if not exporter)"), country_label)),
        columns=(ValueColumn("items", _("Number of items"), total("quantity")),
                 ValueColumn("description", _("Description of item"), distinct_text("description"))),
        fill=_every_category, order=unroca_order,
    )


class UnrocaReturn(ReportDefinition):
    instrument = domain.UNROCA
    title = _("United Nations Register of Conventional Arms: international transfers of small arms and "
              "light weapons")
    sections = (
        form_table("exports", _("Exports"), EXPORT, _("Final importer State(s)")),
        form_table("imports", _("Imports"), IMPORT, _("Exporter State(s)")),
        unclassified_table(),
    )
    loaders = {**sources.COMMON, "transfers": sources.transfers}

    def notes(self, context, report):
        return [_("Actual transfers, counted from the national records; sub-categories with no transfers "
                  "are listed empty, as on the form.")]
