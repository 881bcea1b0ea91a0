"""Who is calling: a browser with a session (CSRF-checked) or another system with a bearer token.

Either way the caller acts as a user, with that user's role assignments; a token is further
limited to its scopes. An operation names the scope it needs with ``requires_scope``; the scope
is checked while authenticating, before the request is even parsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from salw.accounts.models import ApiToken
from salw.accounts.selectors import token_authenticate
from salw.accounts.services import token_record_use
from salw.core.errors import PermissionRefused


@dataclass(frozen=True)
class Caller:
    user: Any
    token: ApiToken | None = None

    @property
    def via(self) -> str:
        return f"token {self.token.prefix}" if self.token else "session"

    def allows(self, scope: str) -> bool:
        # A browser session is limited by the user's roles only; a token also by its scopes.
        return self.token is None or scope in self.token.scope_list


class BearerToken(HttpBearer):
    def __init__(self, scope: str | None = None):
        self.scope = scope
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        found, refusal = token_authenticate(token)
        if found is None:
            # A bad token is refused outright rather than falling back to the session.
            raise AuthenticationError(message=refusal)
        token_record_use(actor=found.user, token=found)
        caller = Caller(found.user, found)
        request.auth = caller  # so that a refusal is audited under the token's user
        if self.scope is not None and not caller.allows(self.scope):
            raise PermissionRefused(_("token %(prefix)s lacks the %(scope)s scope") % {
                "prefix": found.prefix, "scope": self.scope})
        return caller


class BrowserSession(APIKeyCookie):
    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None  # not logged in: a 401, not a CSRF failure
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise HttpError(403, _("CSRF check failed: send the csrftoken cookie's value in an "
                                   "X-CSRFToken header"))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller | None:
        return Caller(request.user) if request.user.is_authenticated else None


def requires_scope(scope: str) -> dict[str, Any]:
    """Route options of an operation that a token may call only with ``scope``."""
    return {"auth": [BearerToken(scope), BrowserSession()], "openapi_extra": {"x-token-scope": scope}}


def acting_user(request: HttpRequest):
    """The user the request acts as."""
    return request.auth.user
