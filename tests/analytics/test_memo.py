"""Aggregates are counted once per state of the data: asked again, they come from memory; after any
write they are counted afresh; and one analyst's answer is never another's."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from salw.analytics import flows, maps
from salw.analytics.memo import data_state
from salw.analytics.scope import analytics_scope
from salw.tracing.services import seizure_record

pytestmark = pytest.mark.django_db


def _seized_in_sle(collection) -> int:
    return next(feature["properties"]["value"] for feature in collection["features"]
                if feature["properties"]["code"] == "SLE")


def test_asked_again_the_answer_comes_from_memory_until_something_is_written(picture, national_analyst,
                                                                             system_actor, eastern):
    scope = analytics_scope(national_analyst)
    first = maps.country_geojson(national_analyst, scope, "seizures")
    with CaptureQueriesContext(connection) as queries:
        again = maps.country_geojson(national_analyst, scope, "seizures")
    assert again == first and len(queries) == len(data_state())  # only the three "has anything changed" reads
    assert _seized_in_sle(first) == 5

    seizure_record(actor=system_actor, jurisdiction=eastern, kind="seized", occurred_on=date(2022, 3, 1),
                   legal_justification="illicit_possession", country="SLE",
                   items=[{"item_kind": "weapon", "serial_number": "NEW-1"}])
    assert _seized_in_sle(maps.country_geojson(national_analyst, scope, "seizures")) == 6


def test_each_analyst_gets_the_answer_for_what_they_may_count(picture, national_analyst, east_analyst,
                                                             north_analyst):
    counts = {user.username: sum(row["weapons"] for row in flows.by_admin1(analytics_scope(user)).rows
                                 if row["seized_here"])
              for user in (national_analyst, east_analyst, north_analyst)}
    again = {user.username: sum(row["weapons"] for row in flows.by_admin1(analytics_scope(user)).rows
                                if row["seized_here"])
             for user in (north_analyst, east_analyst, national_analyst)}
    assert counts == again
    assert counts["north-analyst"] < counts["east-analyst"] < counts["national-analyst"]


def test_the_counts_behind_the_flow_aggregates_serve_every_language(picture, national_analyst):
    from django.utils import translation

    scope = analytics_scope(national_analyst)
    english = flows.by_country_pair(scope)
    with translation.override("fr"), CaptureQueriesContext(connection) as queries:
        french = flows.by_country_pair(scope)
    assert len(queries) == len(data_state())  # the words are new, the count is not
    assert [row["weapons"] for row in french.rows] == [row["weapons"] for row in english.rows] == [2, 2, 1]
    assert french.notes != english.notes
