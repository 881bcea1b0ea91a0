"""Reads of accounts, API tokens and the audit log."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.accounts import domain, policies
from salw.accounts.models import ApiToken, RoleAssignment
from salw.core.access import CAPTURE, holds, is_system
from salw.core.errors import NotFound
from salw.core.models import AuditEntry
from salw.core.roles import ADMINISTRATOR
from salw.core.selectors import national_jurisdiction


def administrators_exist() -> bool:
    return RoleAssignment.objects.filter(role=ADMINISTRATOR, user__is_active=True).exists()


def users_with_roles():
    User = get_user_model()
    for user in User.objects.order_by("username"):
        yield user, list(RoleAssignment.objects.filter(user=user).select_related("jurisdiction"))


def user_by_username(username: str):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise NotFound(_("no user %(username)r") % {"username": username})
    return user


def tokens_visible_to(actor) -> QuerySet[ApiToken]:
    """Administrators see every token (never the secret); anyone else sees their own."""
    tokens = ApiToken.objects.select_related("user").order_by("created_at")
    if is_system(actor) or holds(actor, [ADMINISTRATOR], scope=CAPTURE):
        return tokens
    if getattr(actor, "pk", None) is None:
        return tokens.none()
    return tokens.filter(user=actor)


def token_by_prefix(actor, prefix: str) -> ApiToken:
    token = tokens_visible_to(actor).filter(prefix=prefix.strip()).first()
    if token is None:
        raise NotFound(_("no token with prefix %(prefix)r") % {"prefix": prefix})
    return token


def token_authenticate(plain: str) -> tuple[ApiToken | None, str]:
    """(token, "") for a token that may be used now, else (None, why not)."""
    prefix = domain.token_prefix(plain.strip())
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first() if prefix else None
    if token is None or not domain.token_matches(plain.strip(), token.token_hash):
        return None, _("unknown token")
    state = token.state(timezone.now())
    if state == "revoked":
        return None, _("token %(prefix)s is revoked") % {"prefix": token.prefix}
    if state == "expired":
        return None, _("token %(prefix)s is expired") % {"prefix": token.prefix}
    if not token.user.is_active:
        return None, _("the user of token %(prefix)s is disabled") % {"prefix": token.prefix}
    return token, ""


def audit_entries(actor) -> QuerySet[AuditEntry]:
    policies.audit_log_read(actor, national=national_jurisdiction())
    return AuditEntry.objects.order_by("seq")
