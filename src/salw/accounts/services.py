"""Writes to user accounts, role assignments and API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from salw.accounts import domain, policies
from salw.accounts.models import ApiToken, RoleAssignment
from salw.core.access import CAPTURE, VIEW
from salw.core.audit import actor_identity, audit_record
from salw.core.errors import NotFound, ValidationFailed
from salw.core.roles import ROLE_CHOICES
from salw.core.translation import translated

ROLE_CODES = {code for code, _label in ROLE_CHOICES}


def user_create(*, actor, username: str, password: str, email: str = "", roles=()) -> object:
    """Create an account; ``roles`` is a list of (role, jurisdiction, scope)."""
    policies.user_create(actor)
    User = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationFailed(_("a user name is required"))
    for role, _jurisdiction, scope in roles:
        if role not in ROLE_CODES:
            raise ValidationFailed(_("unknown role %(role)r; roles: %(roles)s") % {
                "role": role, "roles": ", ".join(sorted(ROLE_CODES))})
        if scope not in (CAPTURE, VIEW):
            raise ValidationFailed(_("scope must be capture or view, not %(scope)r") % {"scope": scope})
    try:
        validate_password(password, User(username=username, email=email))
    except ValidationError as error:
        raise ValidationFailed(_("password: %(problems)s") % {"problems": " ".join(error.messages)}) from None
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise ValidationFailed(_("user %(username)r already exists") % {"username": username})
        user = User.objects.create_user(username=username, email=email, password=password)
        for role, jurisdiction, scope in roles:
            RoleAssignment.objects.create(user=user, role=role, jurisdiction=jurisdiction, scope=scope)
        audit_record(actor=actor, action="user_create", object_type="user", object_id=user.pk,
                     changes={"username": username,
                              "roles": [f"{r}@{j.code}:{s}" for r, j, s in roles]})
    return user


def user_disable(*, actor, username: str) -> None:
    policies.user_disable(actor)
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is None:
            raise NotFound(_("no user %(username)r") % {"username": username})
        User.objects.filter(pk=user.pk).update(is_active=False)
        audit_record(actor=actor, action="user_disable", object_type="user", object_id=user.pk,
                     changes={"username": username})


def token_create(*, actor, user, scopes: list[str], days: int = domain.DEFAULT_TOKEN_DAYS,
                 name: str = "") -> tuple[ApiToken, str]:
    """Issue a token for ``user``; returns (token, plain text). The plain text is never stored."""
    policies.token_create(actor, user=user)
    problems = domain.scope_problems(scopes)
    if problems:
        raise ValidationFailed("; ".join(translated(problem) for problem in problems))
    if not 1 <= days <= domain.MAX_TOKEN_DAYS:
        raise ValidationFailed(_("a token lasts from 1 to %(max_days)s days, not %(days)s") % {
            "max_days": domain.MAX_TOKEN_DAYS, "days": days})
    if not user.is_active:
        raise ValidationFailed(_("user %(username)r is disabled") % {"username": user.get_username()})
    plain, prefix = domain.token_generate()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, name=name.strip(), prefix=prefix, token_hash=domain.token_hash(plain),
            scopes=domain.scopes_text(scopes), created_by_name=actor_identity(actor)[1],
            expires_at=timezone.now() + timedelta(days=days),
        )
        audit_record(actor=actor, action="token_create", object_type="api_token", object_id=token.id,
                     changes={"prefix": prefix, "user": user.get_username(), "scopes": token.scopes,
                              "expires_at": token.expires_at, "name": token.name})
    return token, plain


def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    policies.token_revoke(actor, token=token)
    if token.revoked_at is not None:
        raise ValidationFailed(_("token %(prefix)s is already revoked") % {"prefix": token.prefix})
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.revoked_by_name = actor_identity(actor)[1]
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=token.revoked_at,
                                                     revoked_by_name=token.revoked_by_name)
        audit_record(actor=actor, action="token_revoke", object_type="api_token", object_id=token.id,
                     changes={"prefix": token.prefix, "user": token.user.get_username()})
    return token


# Stamping every request would turn each read into a write; once a minute tells an
# administrator just as well whether a token is still in use.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_record_use(*, actor, token: ApiToken) -> None:
    """Note when a token was last used. A usage stamp, not a change to any record: not audited."""
    policies.token_record_use(actor, token=token)
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
