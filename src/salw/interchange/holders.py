"""Finding or creating the holder named on each imported row, a batch at a time."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from django.utils import timezone

from salw.core.bulk import BulkWriter
from salw.core.ids import uuid7
from salw.registry.models import Actor

CACHE_SIZE = 100_000


class HolderCache:
    """Holder ids by (holder type, name key); bounded, so ten million civilian names still fit."""

    def __init__(self):
        self.ids: OrderedDict[tuple[str, str], object] = OrderedDict()
        self.writer = BulkWriter(Actor, ["id", "created_at", "void_reason", "holder_type", "name", "name_key",
                                         "country", "identifiers", "source", "confidence"],
                                 chunk_size=None)

    @staticmethod
    def key(record) -> tuple[str, str] | None:
        return record.holder_key

    def prepare(self, records: Iterable) -> None:
        """Make sure every holder named in ``records`` has an id, creating actors as needed."""
        wanted: dict[tuple[str, str], object] = {}
        for record in records:
            key = self.key(record)
            if key is not None and key not in self.ids:
                wanted.setdefault(key, record)
        if not wanted:
            return
        by_type: dict[str, list[str]] = {}
        for holder_type, key in wanted:
            by_type.setdefault(holder_type, []).append(key)
        for holder_type, keys in by_type.items():
            for start in range(0, len(keys), 900):
                rows = Actor.objects.filter(holder_type=holder_type, name_key__in=keys[start:start + 900])
                for actor_id, key in rows.values_list("id", "name_key"):
                    self._remember((holder_type, key), actor_id)
                    wanted.pop((holder_type, key), None)
        now = timezone.now()
        for (holder_type, key), record in wanted.items():
            actor_id = uuid7()
            self.writer.add((actor_id, now, "", holder_type, record.holder_name, key, "", "", "", ""))
            self._remember((holder_type, key), actor_id)

    def _remember(self, key, actor_id) -> None:
        self.ids[key] = actor_id
        self.ids.move_to_end(key)
        if len(self.ids) > CACHE_SIZE:
            self.ids.popitem(last=False)

    def holder_id(self, record):
        key = self.key(record)
        return self.ids.get(key) if key else None

    def flush(self) -> None:
        self.writer.flush()
