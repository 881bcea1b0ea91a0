"""/audit: the hash-chained audit log, for national auditors and administrators."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Router, Schema

from salw.accounts.domain import AUDIT_READ
from salw.accounts.selectors import audit_entries
from salw.api.authentication import acting_user, requires_scope
from salw.api.errors import error_responses
from salw.api.pagination import PageQuery, keyset_page

router = Router(tags=["audit"])


class AuditEntryOut(Schema):
    seq: int
    at: datetime
    actor_id: str
    actor_name: str
    action: str
    object_type: str
    object_id: str
    changes: dict[str, Any]
    entry_hash: str


class AuditPage(Schema):
    items: list[AuditEntryOut]
    next_cursor: str | None


class AuditFilters(Schema):
    action: str | None = None
    object_id: str | None = None


def _stored_object_id(text: str) -> str:
    # The log stores uuids as bare hex; accept them as callers usually write them.
    try:
        return UUID(text.strip()).hex
    except ValueError:
        return text.strip()


@router.get("/audit", **requires_scope(AUDIT_READ),
            response={200: AuditPage, **error_responses(400)}, summary="Audit entries, oldest first")
def audit_list(request: HttpRequest, filters: Query[AuditFilters], page: Query[PageQuery]):
    entries = audit_entries(acting_user(request))
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.object_id:
        entries = entries.filter(object_id=_stored_object_id(filters.object_id))
    rows, next_cursor = keyset_page(entries, page, key="seq", parse=int)
    items = [{"seq": e.seq, "at": e.at, "actor_id": e.actor_id, "actor_name": e.actor_name, "action": e.action,
              "object_type": e.object_type, "object_id": e.object_id,
              "changes": json.loads(e.changes) if e.changes else {}, "entry_hash": e.entry_hash} for e in rows]
    return {"items": items, "next_cursor": next_cursor}
