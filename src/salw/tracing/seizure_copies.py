"""A seizure's date, place and jurisdiction, copied onto each of its items.

Analytics count seized weapons by where and when they were seized, a hundred thousand at a time.
Read from the item's own row, that count needs no join and comes out of one index already in group
order, in a tenth of the time. A seizure is never edited once recorded, so the copies cannot go stale.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.db.models.functions import ExtractYear

# item field -> seizure field
COPIED_FIELDS = {"seizure_occurred_on": "occurred_on", "seizure_country": "country",
                 "seizure_admin1": "admin1", "seizure_jurisdiction_id": "jurisdiction_id"}


def copy_onto(item, seizure) -> None:
    """Fill ``item``'s copies from ``seizure`` (before the item is first written)."""
    for item_field, seizure_field in COPIED_FIELDS.items():
        setattr(item, item_field, getattr(seizure, seizure_field))
    item.seizure_year = seizure.occurred_on.year if seizure.occurred_on else None


def refill(seized_item_model, seizure_model) -> int:
    """Set the copies of every item that has none from its seizure, in one statement; the number of items.

    Takes the model classes so that a migration can pass its historical ones."""
    own_seizure = seizure_model.objects.filter(pk=OuterRef("seizure_id"))
    copies = {item_field: Subquery(own_seizure.values(seizure_field)[:1])
              for item_field, seizure_field in COPIED_FIELDS.items()}
    copies["seizure_year"] = Subquery(own_seizure.annotate(year=ExtractYear("occurred_on")).values("year")[:1])
    return seized_item_model.objects.filter(seizure_occurred_on__isnull=True).update(**copies)
