"""/me: who the API takes the caller to be, and what the caller may do."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from salw.accounts.domain import TOKEN_SCOPES
from salw.api.errors import error_responses

router = Router(tags=["account"])


class RoleOut(Schema):
    role: str
    jurisdiction: str
    jurisdiction_name: str
    scope: str


class TokenOut(Schema):
    prefix: str
    name: str
    expires_at: datetime


class MeOut(Schema):
    username: str
    authenticated_by: str
    roles: list[RoleOut]
    scopes: list[str]
    token: TokenOut | None


@router.get("/me", response={200: MeOut, **error_responses()})
def me(request: HttpRequest):
    caller = request.auth
    roles = caller.user.role_assignments.select_related("jurisdiction").order_by("role", "jurisdiction__path")
    token = caller.token
    return {
        "username": caller.user.get_username(),
        "authenticated_by": "token" if token else "session",
        "roles": [{"role": a.role, "jurisdiction": a.jurisdiction.code, "jurisdiction_name": a.jurisdiction.name,
                   "scope": a.scope} for a in roles],
        "scopes": token.scope_list if token else list(TOKEN_SCOPES),
        "token": {"prefix": token.prefix, "name": token.name, "expires_at": token.expires_at} if token else None,
    }
