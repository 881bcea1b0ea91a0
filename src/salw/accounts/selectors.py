"""Reads of accounts."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from salw.accounts.models import RoleAssignment
from salw.core.roles import ADMINISTRATOR


def administrators_exist() -> bool:
    return RoleAssignment.objects.filter(role=ADMINISTRATOR, user__is_active=True).exists()


def users_with_roles():
    User = get_user_model()
    for user in User.objects.order_by("username"):
        yield user, list(RoleAssignment.objects.filter(user=user).select_related("jurisdiction"))
