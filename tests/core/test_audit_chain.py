"""The audit log and the event log detect every change made outside salw."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from salw.core.audit import audit_record, audit_verify
from salw.core.models import AuditEntry
from salw.core.triggers import APPEND_ONLY_TABLES, set_append_only
from salw.registry.selectors import event_chain_breaks
from salw.registry.services import event_record, weapon_register

# Both databases report the refusal as an integrity error (SQLite RAISE(ABORT), PostgreSQL SQLSTATE 23001).
DATABASE_REFUSALS = IntegrityError


def _outside_salw(sql: str, params=()) -> None:
    """Change a table the way someone with raw database access would: triggers dropped first."""
    for table in APPEND_ONLY_TABLES:
        set_append_only(connection, table, enabled=False)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    for table in APPEND_ONLY_TABLES:
        set_append_only(connection, table, enabled=True)


@pytest.fixture
def five_entries(db, system_actor):
    start = AuditEntry.objects.count()
    for number in range(5):
        audit_record(actor=system_actor, action="test_action", object_type="thing", object_id=str(number),
                     changes={"n": number})
    return [entry.seq for entry in AuditEntry.objects.order_by("seq")[start:]]


def test_untouched_chain_verifies(five_entries):
    assert audit_verify() == []


def test_changed_entry_is_named(five_entries):
    target = five_entries[2]
    _outside_salw("UPDATE core_auditentry SET changes = %s WHERE seq = %s", ['{"n":99}', target])
    breaks = audit_verify()
    assert [(b.seq, b.reason) for b in breaks] == [(target, "content was changed after it was written")]


def test_changed_actor_is_named(five_entries):
    target = five_entries[0]
    _outside_salw("UPDATE core_auditentry SET actor_name = %s WHERE seq = %s", ["someone-else", target])
    assert audit_verify()[0].seq == target


def test_removed_entry_is_named(five_entries):
    target = five_entries[1]
    _outside_salw("DELETE FROM core_auditentry WHERE seq = %s", [target])
    breaks = audit_verify()
    assert len(breaks) == 1 and breaks[0].seq == target and "removed" in breaks[0].reason


def test_removed_last_entry_is_detected_by_the_head(five_entries):
    _outside_salw("DELETE FROM core_auditentry WHERE seq = %s", [five_entries[-1]])
    breaks = audit_verify()
    assert len(breaks) == 1 and "removed" in breaks[0].reason


def test_reordered_entries_are_named(five_entries):
    first, second = five_entries[1], five_entries[2]
    _outside_salw("UPDATE core_auditentry SET seq = -1 WHERE seq = %s", [first])
    _outside_salw("UPDATE core_auditentry SET seq = %s WHERE seq = %s", [first, second])
    _outside_salw("UPDATE core_auditentry SET seq = %s WHERE seq = -1", [second])
    breaks = audit_verify()
    assert breaks and breaks[0].seq == first


def test_audit_rows_refuse_update_and_delete(five_entries):
    for sql in ("UPDATE core_auditentry SET action = 'x' WHERE seq = %s", "DELETE FROM core_auditentry WHERE seq = %s"):
        with pytest.raises(DATABASE_REFUSALS), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [five_entries[0]])
    assert audit_verify() == []


@pytest.fixture
def weapon_with_events(db, system_actor, national):
    weapon = weapon_register(actor=system_actor, jurisdiction=national, record_id="T-1", serial_number="AB123",
                             status="in_service")
    event_record(actor=system_actor, weapon=weapon, event_type="lost")
    event_record(actor=system_actor, weapon=weapon, event_type="found")
    return weapon


def test_event_rows_refuse_update_and_delete(weapon_with_events):
    for sql in ("UPDATE registry_event SET note = 'x' WHERE weapon_id = %s",
                "DELETE FROM registry_event WHERE weapon_id = %s"):
        with pytest.raises(DATABASE_REFUSALS), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [weapon_with_events.id.hex if connection.vendor == "sqlite" else weapon_with_events.id])
    assert event_chain_breaks() == []


def test_changed_event_is_named(weapon_with_events):
    event = weapon_with_events.events.order_by("seq")[1]
    _outside_salw("UPDATE registry_event SET event_type = 'found' WHERE seq = %s", [event.seq])
    breaks = event_chain_breaks()
    assert [b.seq for b in breaks] == [event.seq]


def test_removed_event_is_named(weapon_with_events):
    event = weapon_with_events.events.order_by("seq")[1]
    _outside_salw("DELETE FROM registry_event WHERE seq = %s", [event.seq])
    breaks = event_chain_breaks()
    assert breaks and breaks[0].seq == event.seq
