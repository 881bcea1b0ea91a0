"""The API object: authentication, errors and the routers of every area, mounted at /api/v1.

A new capability adds one module with its router and schemas, and one line in ``ROUTERS``.
"""

from __future__ import annotations

from ninja import NinjaAPI

from salw.api import (
    account,
    analytics,
    audit,
    context,
    imports,
    licensing,
    reports,
    stats,
    tracing,
    vocabularies,
    weapons,
)
from salw.api.authentication import BearerToken, BrowserSession
from salw.api.docs import LocalSwagger
from salw.api.errors import install_error_handlers

DESCRIPTION = """\
The salw REST API. Every operation acts as a user, with that user's roles and jurisdictions:
a browser through its login session (writes need the X-CSRFToken header), another system
through a token issued by an administrator (`salw tokens create`), sent as
`Authorization: Bearer <token>` and limited to the token's scopes.

Lists are paged by key: pass the `next_cursor` of one page as `cursor` to get the next;
`next_cursor` is null on the last page. Every error has the same shape:
`{"error": {"code": ..., "message": ..., "details": [...]}}`.
"""

ROUTERS = (account.router, weapons.router, stats.router, vocabularies.router, imports.router, audit.router,
           tracing.router, context.router, reports.router, analytics.router,
           licensing.router)


class SalwApi(NinjaAPI):
    def get_openapi_operation_id(self, operation) -> str:
        # The view's own name (weapon_list, event_record...), stable for generated clients.
        return operation.view_func.__name__


def build_api() -> NinjaAPI:
    api = SalwApi(
        title="salw API", version="1", description=DESCRIPTION, urls_namespace="api-v1",
        auth=[BearerToken(), BrowserSession()], docs=LocalSwagger(),
    )
    install_error_handlers(api)
    for router in ROUTERS:
        api.add_router("", router)
    return api


api = build_api()
