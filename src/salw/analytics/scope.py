"""The jurisdictions an actor's analytics count over, and the filters every aggregate takes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from salw.analytics import policies
from salw.analytics.domain import Period
from salw.core.access import visible_jurisdiction_paths, within_paths
from salw.core.models import Jurisdiction


@dataclass(frozen=True)
class Scope:
    """Jurisdiction ids the actor may count over; None means the whole installation."""

    jurisdiction_ids: frozenset | None
    period: Period = field(default_factory=Period)

    def limit(self, queryset: QuerySet, jurisdiction_field: str) -> QuerySet:
        if self.jurisdiction_ids is None:
            return queryset
        return queryset.filter(**{f"{jurisdiction_field}__in": list(self.jurisdiction_ids)})

    def within_period(self, queryset: QuerySet, date_field: str) -> QuerySet:
        if self.period.start is not None:
            queryset = queryset.filter(**{f"{date_field}__gte": self.period.start})
        if self.period.end is not None:
            queryset = queryset.filter(**{f"{date_field}__lte": self.period.end})
        return queryset


def analytics_scope(actor, *, first_year: int | None = None, last_year: int | None = None,
                    jurisdiction_code: str = "") -> Scope:
    """Refuses actors without an analytics role; otherwise the ids of what they may count.

    Ids rather than a path prefix in every query: the tree has tens of nodes, the tables it
    filters have millions of rows, and an ``IN`` on the foreign key needs no join.
    """
    policies.analytics_read(actor)
    paths = visible_jurisdiction_paths(actor, policies.ANALYTICS_READERS)
    period = Period(first_year, last_year)
    jurisdictions = Jurisdiction.objects.filter(voided_at__isnull=True)
    if jurisdiction_code:
        chosen = jurisdictions.filter(code=jurisdiction_code).first()
        if chosen is None:
            return Scope(frozenset(), period)
        jurisdictions = jurisdictions.filter(path__startswith=chosen.path)
    elif paths is None:
        return Scope(None, period)
    jurisdictions = within_paths(jurisdictions, paths, "path")
    return scope_over(frozenset(jurisdictions.values_list("id", flat=True)), period)


def scope_over(jurisdiction_ids: frozenset, period: Period) -> Scope:
    """A scope over these jurisdictions; over all of them, one without a filter.

    A national analyst may count everything: a list of every jurisdiction in each query would only
    make the database check each record against it (and at a million weapons, choose worse plans)."""
    if jurisdiction_ids and jurisdiction_ids == frozenset(Jurisdiction.objects.values_list("id", flat=True)):
        return Scope(None, period)
    return Scope(jurisdiction_ids, period)
