"""The audit log: who did what to which object, in the same transaction as the write."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from salw.core.chain import ChainBreak, ChainCursor, verify_chain
from salw.core.hashing import canonical_json, canonical_value
from salw.core.models import AuditEntry

AUDIT_CHAIN = "audit"


def actor_identity(actor: Any) -> tuple[str, str]:
    """(id, display name) for a user, a system actor, or anything with a name."""
    if actor is None:
        return "", "system"
    if getattr(actor, "pk", None) is not None:
        return str(actor.pk), actor.get_username()
    return str(getattr(actor, "id", "")), str(getattr(actor, "name", actor))


def audit_record(*, actor: Any, action: str, object_type: str = "", object_id: Any = "",
                 changes: dict[str, Any] | None = None) -> AuditEntry:
    """Append one audit entry. Call inside the transaction that makes the change."""
    actor_id, actor_name = actor_identity(actor)
    fields = {
        "at": timezone.now(),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "action": action,
        "object_type": object_type,
        "object_id": canonical_value(object_id) if object_id != "" else "",
        "changes": canonical_json(
            {key: canonical_value(value) for key, value in (changes or {}).items()}
        ) if changes else "",
    }
    with transaction.atomic():
        cursor = ChainCursor(AUDIT_CHAIN)
        seq, previous, entry_hash = cursor.next(fields)
        entry = AuditEntry.objects.create(seq=seq, prev_hash=previous, entry_hash=entry_hash, **fields)
        cursor.save()
    return entry


def audit_verify() -> list[ChainBreak]:
    rows = AuditEntry.objects.order_by("seq").values(*AuditEntry.HASHED_FIELDS, "prev_hash", "entry_hash")
    return list(verify_chain(AUDIT_CHAIN, rows.iterator(chunk_size=5000), AuditEntry.HASHED_FIELDS))
