"""Writes to user accounts and role assignments."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from salw.accounts import policies
from salw.accounts.models import RoleAssignment
from salw.core.access import CAPTURE, VIEW
from salw.core.audit import audit_record
from salw.core.errors import NotFound, ValidationFailed
from salw.core.roles import ROLE_CHOICES

ROLE_CODES = {code for code, _ in ROLE_CHOICES}


def user_create(*, actor, username: str, password: str, email: str = "", roles=()) -> object:
    """Create an account; ``roles`` is a list of (role, jurisdiction, scope)."""
    policies.user_create(actor)
    User = get_user_model()
    username = username.strip()
    if not username:
        raise ValidationFailed("a user name is required")
    for role, _, scope in roles:
        if role not in ROLE_CODES:
            raise ValidationFailed(f"unknown role {role!r}; roles: {', '.join(sorted(ROLE_CODES))}")
        if scope not in (CAPTURE, VIEW):
            raise ValidationFailed(f"scope must be capture or view, not {scope!r}")
    try:
        validate_password(password, User(username=username, email=email))
    except ValidationError as error:
        raise ValidationFailed("password: " + " ".join(error.messages)) from None
    with transaction.atomic():
        if User.objects.filter(username=username).exists():
            raise ValidationFailed(f"user {username!r} already exists")
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
            raise NotFound(f"no user {username!r}")
        User.objects.filter(pk=user.pk).update(is_active=False)
        audit_record(actor=actor, action="user_disable", object_type="user", object_id=user.pk,
                     changes={"username": username})
