"""Identify a described weapon against the registry: the index kept current, scoped to the actor.

The candidate index lives in memory (and in ``<data dir>/trace-index`` between runs). Before
each search it catches up with the weapons changed since its watermark, so records added by an
import or a form are found at once without rebuilding anything.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db import connection

from salw.core.access import visible_jurisdiction_paths, within_paths
from salw.core.models import Jurisdiction
from salw.core.roles import REGISTRY_READERS
from salw.registry.models import Weapon
from salw.tracing.candidates import CandidateIndex, RecordBatch
from salw.tracing.domain import WeaponDescription
from salw.tracing.search import MarkingSearch
from salw.vocabularies.selectors import vocabulary_resolver

# Score at or above which a candidate is presented as "probably this weapon". Scores are shares
# of the probability among all records in contention (see search._share), so 0.4 already means
# "clearly ahead of every other record"; bench/trace_match.py measures the right answers accepted
# and the unregistered weapons wrongly matched at each threshold.
OPERATING_THRESHOLD = 0.4

BATCH_SIZE = 50_000
# After catching up with this many changed records the index is saved, so the next process to
# start loads it rather than reading them all again.
SAVE_AFTER = 100_000
# SQLite has one writer at a time, so rows committed after the index last looked carry later
# change times than any it has seen. PostgreSQL runs writers side by side: a transaction still
# open may commit rows stamped before the newest one the index read, so it looks back that far.
NO_LOOK_BACK = timedelta(0)

_FIELDS = ("id", "serial_key", "manufacturer_text", "manufacturer_id", "model", "calibre_text",
           "calibre_id", "weapon_type_id", "country_of_manufacture", "year_of_manufacture",
           "jurisdiction_id", "voided_at", "updated_at")


@dataclass(frozen=True)
class Match:
    weapon_id: uuid.UUID
    source: str
    record_id: str
    score: float
    explanation: list[str]
    status: str = ""


_lock = threading.RLock()
_index: CandidateIndex | None = None


def identify(description: WeaponDescription, *, top: int = 10, actor=None) -> list[Match]:
    """The registry records most likely to be the described weapon, best first.

    ``actor=None`` searches the whole registry (system work such as matching a seizure);
    otherwise only what the actor may see.
    """
    return next(identify_many([description], top=top, actor=actor))


def identify_many(descriptions: Iterable[WeaponDescription], *, top: int = 10, actor=None
                  ) -> Iterator[list[Match]]:
    """identify() for each description in turn, the index brought up to date once."""
    with _lock:
        index = current_index()
        search = _search_of(index)
        allowed = _allowed_codes(index, actor)
    for description in descriptions:
        with _lock:
            candidates = search.match(description, top=top, allowed=allowed)
            weapon_ids = [uuid.UUID(bytes=index.weapon_id(candidate.row)) for candidate in candidates]
        found = {weapon.id: weapon for weapon in
                 Weapon.objects.filter(id__in=weapon_ids).only("id", "source", "record_id", "status")}
        yield [Match(weapon_id, found[weapon_id].source, found[weapon_id].record_id,
                     round(candidate.score, 4), candidate.explanation, found[weapon_id].status)
               for weapon_id, candidate in zip(weapon_ids, candidates, strict=True) if weapon_id in found]


_search: MarkingSearch | None = None


def _search_of(index: CandidateIndex) -> MarkingSearch:
    """One search per index, so what it learns of field values is kept between queries."""
    global _search
    if _search is None or _search.index is not index:
        _search = MarkingSearch(index, vocabulary_resolver())
    return _search


def current_index(progress: Callable[[int], None] | None = None) -> CandidateIndex:
    """The index of this database, loaded or built, caught up with the latest changes."""
    global _index
    with _lock:
        owner = _database_identity()
        if _index is None or _index.owner != owner:
            _index = _opened(owner)
        if catch_up(_index, progress) >= SAVE_AFTER:
            save_index(_index)
        return _index


def rebuild_index(progress: Callable[[int], None] | None = None) -> CandidateIndex:
    global _index
    with _lock:
        _index = CandidateIndex()
        _index.owner = _database_identity()
        catch_up(_index, progress)
        save_index(_index)
        return _index


def save_index(index: CandidateIndex) -> None:
    if _index_directory() is not None:
        index.save(_index_directory())


def forget_index() -> None:
    """Drop the in-memory index (tests roll the database back under it)."""
    global _index
    with _lock:
        _index = None


def catch_up(index: CandidateIndex, progress: Callable[[int], None] | None = None) -> int:
    """Add the weapons changed since the index's watermark; returns how many were read."""
    look_back = _look_back()
    changes = Weapon.objects.all()
    if index.watermark:
        watermark = datetime.fromisoformat(index.watermark)
        changes = (changes.filter(updated_at__gte=watermark - look_back) if look_back
                   else changes.filter(updated_at__gt=watermark))
    # A first build adds everything unsorted and sorts once at the end.
    settle = bool(index.watermark)
    seen = 0
    batch: list = []
    rows = changes.order_by("updated_at").values_list(*_FIELDS, named=True)
    for row in rows.iterator(chunk_size=BATCH_SIZE):
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            seen += _apply(index, batch, settle, look_back)
            batch = []
            if progress:
                progress(seen)
    seen += _apply(index, batch, settle, look_back)
    if not settle:
        index.finish()
    return seen


def _apply(index: CandidateIndex, rows: list, settle: bool, look_back: timedelta) -> int:
    if not rows:
        return 0
    fresh = [row for row in rows if index.recent.get(row.id.bytes) != row.updated_at]
    index.retire([row.id.bytes for row in fresh if row.voided_at is not None])
    live = [row for row in fresh if row.voided_at is None]
    vocabulary = vocabulary_resolver()
    index.add(RecordBatch(
        weapon_ids=[row.id.bytes for row in live],
        serial_keys=[row.serial_key for row in live],
        fields={
            "manufacturer": [_named(row.manufacturer_text, row.manufacturer_id) for row in live],
            "model": [row.model for row in live],
            "calibre": [_named(row.calibre_text, row.calibre_id) for row in live],
            "weapon_type": [row.weapon_type_id for row in live],
            "country_of_manufacture": [row.country_of_manufacture for row in live],
            "year_of_manufacture": [row.year_of_manufacture for row in live],
            "jurisdiction": [str(row.jurisdiction_id) for row in live],
        },
        factory_codes=[vocabulary.factory_codes_of(row.manufacturer_id or "", row.country_of_manufacture)
                       for row in live],
    ), settle=settle)
    newest = rows[-1].updated_at
    index.remember_recent([(row.id.bytes, row.updated_at) for row in rows], newest - look_back)
    index.watermark = newest.isoformat()
    return len(rows)


def _named(text: str, code: str | None) -> tuple[str, str] | None:
    """A vocabulary field as the index keeps it: the text as written and its resolved code."""
    return (text, code or "") if (text or code) else None


def _look_back() -> timedelta:
    if connection.vendor != "postgresql":
        return NO_LOOK_BACK
    # A transaction still open may commit rows stamped before the newest one we read.
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(now() - xact_start), interval '0') FROM pg_stat_activity "
                       "WHERE datname = current_database() AND state <> 'idle' "
                       "AND pid <> pg_backend_pid()")
        open_for = cursor.fetchone()[0]
    return max(NO_LOOK_BACK, open_for)


def _allowed_codes(index: CandidateIndex, actor) -> np.ndarray | None:
    if actor is None:
        return None
    paths = visible_jurisdiction_paths(actor, REGISTRY_READERS)
    if paths is None:
        return None
    ids = within_paths(Jurisdiction.objects.all(), paths, "path").values_list("id", flat=True)
    table = index.tables["jurisdiction"].codes
    return np.array([table[str(i)] for i in ids if str(i) in table], dtype=np.int32)


def _database_identity() -> str:
    settings_dict = connection.settings_dict
    return f"{connection.vendor}:{settings_dict.get('HOST', '')}:{settings_dict['NAME']}"


def _index_directory() -> Path | None:
    data_dir = getattr(settings, "SALW_DATA_DIR", None)
    return Path(data_dir) / "trace-index" if data_dir else None


def _opened(owner: str) -> CandidateIndex:
    directory = _index_directory()
    index = CandidateIndex.load(directory) if directory is not None else None
    if index is None or index.owner != owner or not _still_describes(index):
        index = CandidateIndex()
        index.owner = owner
    return index


def _still_describes(index: CandidateIndex) -> bool:
    """False when the database was replaced under the saved index (a restore, a new init)."""
    if not index.watermark:
        return False
    older = Weapon.objects.filter(updated_at__lte=datetime.fromisoformat(index.watermark),
                                  voided_at__isnull=True).count()
    return older == index.active
