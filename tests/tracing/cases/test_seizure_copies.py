"""Each seized item carries its seizure's date, place and jurisdiction, the way analytics count it."""

from __future__ import annotations

from datetime import date

from salw.tracing import seizure_copies
from salw.tracing.models import SeizedItem, Seizure
from salw.tracing.services import seized_item_add
from tests.tracing.cases.builders import record_seizure, weapon_item


def _copies(item: SeizedItem) -> tuple:
    return (item.seizure_occurred_on, item.seizure_year, item.seizure_country, item.seizure_admin1,
            item.seizure_jurisdiction_id)


def test_items_recorded_with_a_seizure_or_added_later_carry_its_fields(people, eastern, fake_matching):
    seizure = record_seizure(people.east_officer, eastern, date(2023, 12, 31), [weapon_item("KT-1"), weapon_item("KT-2")])
    later = seized_item_add(actor=people.east_officer, seizure=seizure, **weapon_item("KT-3"))

    expected = (date(2023, 12, 31), 2023, "SLE", eastern.name, eastern.id)
    assert [_copies(item) for item in SeizedItem.objects.filter(seizure=seizure)] == [expected] * 3
    assert _copies(SeizedItem.objects.get(pk=later.pk)) == expected


def test_refill_copies_every_item_from_its_own_seizure(people, eastern, northern, fake_matching):
    # As after restoring a backup taken before items carried the copies.
    first = record_seizure(people.east_officer, eastern, date(2021, 3, 4), [weapon_item("KT-1")])
    second = record_seizure(people.north_officer, northern, date(2019, 7, 8), [weapon_item("KT-2")])
    SeizedItem.objects.update(seizure_occurred_on=None, seizure_year=None, seizure_country="", seizure_admin1="",
                              seizure_jurisdiction=None)

    assert seizure_copies.refill(SeizedItem, Seizure) == 2

    assert _copies(SeizedItem.objects.get(seizure=first)) == (date(2021, 3, 4), 2021, "SLE", eastern.name, eastern.id)
    assert _copies(SeizedItem.objects.get(seizure=second)) == (date(2019, 7, 8), 2019, "SLE", northern.name,
                                                               northern.id)
