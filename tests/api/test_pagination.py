"""Keyset pagination: every item exactly once, in key order, even while others write."""

from __future__ import annotations

from salw.core.models import AuditEntry
from salw.registry.services import weapon_register
from salw.vocabularies.models import Country


def _register(actor, jurisdiction, count: int, start: int = 0) -> list[str]:
    return [str(weapon_register(actor=actor, jurisdiction=jurisdiction, record_id=f"P-{n}",
                                serial_number=f"PG{n:04d}").id) for n in range(start, start + count)]


def _walk(api, path: str, limit: int, key: str = "id", params: dict | None = None,
          between_pages=None) -> list:
    seen, cursor, pages = [], None, 0
    while True:
        query = {"limit": limit, **(params or {})}
        if cursor:
            query["cursor"] = cursor
        response = api.get(path, query)
        assert response.status_code == 200, response.content
        page = response.json()
        assert len(page["items"]) <= limit
        seen.extend(item[key] for item in page["items"])
        cursor = page["next_cursor"]
        pages += 1
        if cursor is None:
            return seen
        assert page["items"], "a page with a next cursor must not be empty"
        if between_pages:
            between_pages(pages)


def test_pages_cover_every_weapon_once_in_order(caller, national_admin, system_actor, eastern):
    registered = _register(system_actor, eastern, 23)
    seen = _walk(caller(national_admin), "/weapons", limit=5)
    assert seen == sorted(registered)


def test_an_exact_multiple_of_the_page_size_ends_without_an_empty_page(caller, national_admin, system_actor,
                                                                         eastern):
    registered = _register(system_actor, eastern, 10)
    api = caller(national_admin)
    first = api.get("/weapons", {"limit": 10}).json()
    assert [item["id"] for item in first["items"]] == registered and first["next_cursor"] is None


def test_writes_between_pages_neither_repeat_nor_skip(caller, national_admin, system_actor, eastern):
    registered = _register(system_actor, eastern, 12)
    added = []

    def write(page_number):
        added.extend(_register(system_actor, eastern, 2, start=100 + 2 * page_number))

    seen = _walk(caller(national_admin), "/weapons", limit=4, between_pages=write)
    assert len(seen) == len(set(seen))
    assert set(registered) <= set(seen) and set(seen) <= set(registered) | set(added)
    # New weapons get later uuid7 keys, so a reader who keeps paging reaches them too.
    assert set(added) <= set(seen)


def test_filters_and_pages_combine(caller, national_admin, system_actor, eastern, northern):
    east = _register(system_actor, eastern, 7)
    weapon_register(actor=system_actor, jurisdiction=northern, record_id="N-77", serial_number="NN1")
    assert _walk(caller(national_admin), "/weapons", limit=3, params={"jurisdiction": "SL-E"}) == sorted(east)


def test_audit_pages_follow_the_sequence(caller, make_user, national, system_actor, eastern):
    auditor = make_user("auditor", ("auditor", national, "view"))
    _register(system_actor, eastern, 6)
    seqs = _walk(caller(auditor), "/audit", limit=7, key="seq")
    assert seqs == list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))


def test_vocabulary_pages(caller, east_registrar):
    codes = _walk(caller(east_registrar), "/vocabularies/countries", limit=100, key="iso3")
    # The database's own order: on PostgreSQL that follows the collation, not Python's sort.
    assert codes == list(Country.objects.filter(retired_at__isnull=True).order_by("iso3")
                         .values_list("iso3", flat=True))
    assert len(codes) > 200
