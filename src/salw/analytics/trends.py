"""Trends per year: losses, seizures, traces and diversion mechanisms; weapon types over time."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from django.db.models.functions import Coalesce, TruncDate
from django.utils.translation import gettext as _

from salw.analytics.date_sql import counts_per_year
from salw.analytics.domain import few_cases_note, is_few
from salw.analytics.flows import Breakdown, seized_weapons, traced_outcomes
from salw.analytics.maps import loss_events
from salw.analytics.memo import per_data_state
from salw.analytics.scope import Scope
from salw.analytics.together import counted_together
from salw.core.translation import translated
from salw.tracing import codes
from salw.tracing.models import TraceRequest


def _by_year(queryset, date_field: str) -> Counter:
    return Counter({year: count for (year,), count in counts_per_year(queryset, date_field).items()})


def trace_requests(scope: Scope):
    requests = TraceRequest.objects.filter(voided_at__isnull=True, direction=codes.OUTGOING)
    requests = scope.limit(requests, "jurisdiction_id").annotate(
        requested_on=Coalesce("sent_on", TruncDate("created_at")))
    return scope.within_period(requests, "requested_on")


@per_data_state
def yearly_trends(scope: Scope) -> Breakdown:
    """One row per year: weapons lost or stolen, weapons seized, trace requests sent."""
    losses, seized, traces = counted_together(lambda: _by_year(loss_events(scope), "occurred_on"),
                                              lambda: _by_year(seized_weapons(scope), "seizure_occurred_on"),
                                              lambda: _by_year(trace_requests(scope), "requested_on"))
    years = sorted(set(losses) | set(seized) | set(traces))
    rows = [{"year": year, "losses": losses[year], "seizures": seized[year], "traces": traces[year],
             "few_cases": any(is_few(count) for count in (losses[year], seized[year], traces[year]))}
            for year in years]
    note = translated(few_cases_note([*losses.values(), *seized.values(), *traces.values()]))
    return Breakdown("trends", ["year", "losses", "seizures", "traces", "few_cases"], rows, [note] if note else [])


def _crossed(rows, name: str, key_column: str) -> Breakdown:
    """Year x category counts as one row per year and one column per category."""
    table: dict[int, Counter] = defaultdict(Counter)
    for year, key, count in rows:
        if year is not None:
            table[year][key or "unknown"] += count
    keys = sorted({key for counts in table.values() for key in counts})
    result = [{"year": year, **{key: table[year][key] for key in keys}} for year in sorted(table)]
    note = translated(few_cases_note(count for counts in table.values() for count in counts.values()))
    return Breakdown(name, ["year", *keys], result,
                     [_("columns: %(columns)s") % {"columns": key_column}, *([note] if note else [])])


@per_data_state
def mechanisms_by_year(scope: Scope) -> Breakdown:
    per_year = counts_per_year(traced_outcomes(scope).exclude(diversion_mechanism=""), "item__seizure_occurred_on",
                               "diversion_mechanism")
    rows = [(year, mechanism, count) for (year, mechanism), count in per_year.items()]
    return _crossed(rows, "mechanisms_by_year", _("diversion mechanism, by year of seizure"))


@per_data_state
def weapon_types_by_year(scope: Scope) -> Breakdown:
    per_year = counts_per_year(seized_weapons(scope), "seizure_occurred_on", "weapon_type")
    rows = [(year, weapon_type, count) for (year, weapon_type), count in per_year.items()]
    return _crossed(rows, "weapon_types_by_year", _("weapon type of seized weapons, by year of seizure"))


@per_data_state
def all_trends(scope: Scope) -> dict[str, Any]:
    breakdowns = counted_together(lambda: yearly_trends(scope), lambda: mechanisms_by_year(scope),
                                  lambda: weapon_types_by_year(scope))
    return {"period": scope.period.describe(), "breakdowns": [breakdown.as_dict() for breakdown in breakdowns]}
