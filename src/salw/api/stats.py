"""/stats: the counts of `salw stats --format json`, limited to what the caller may see."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from salw.accounts.domain import REGISTRY_READ
from salw.api.authentication import acting_user, requires_scope
from salw.api.errors import error_responses
from salw.tracing.selectors import installation_counts

router = Router(tags=["registry"])


@router.get("/stats", **requires_scope(REGISTRY_READ),
            response={200: dict[str, int], **error_responses()},
            summary="Counts of weapons, events, seizures and traces")
def stats(request: HttpRequest):
    return installation_counts(acting_user(request))
