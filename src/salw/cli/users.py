"""``salw users create|list|disable``."""

from __future__ import annotations

import os
import sys

import click

from salw.cli.bootstrap import require_initialised
from salw.cli.output import refuse


@click.group()
def users():
    """Manage user accounts."""


@users.command("create")
@click.argument("username")
@click.option("--email", default="")
@click.option("--role", "roles", multiple=True,
              help="ROLE@JURISDICTION_CODE[:capture|view], e.g. registrar@SL-E:capture. Repeatable.")
@click.option("--password-env", default="SALW_USER_PASSWORD", show_default=True,
              help="Environment variable holding the password (otherwise asked).")
def users_create(username, email, roles, password_env):
    """Create a user with role assignments."""
    require_initialised()
    from salw.accounts.services import user_create
    from salw.core.access import SystemActor
    from salw.core.models import Jurisdiction

    assignments = []
    for text in roles:
        role, _, rest = text.partition("@")
        code, _, scope = rest.partition(":")
        jurisdiction = Jurisdiction.objects.filter(code=code).first()
        if jurisdiction is None:
            raise click.BadParameter(f"no jurisdiction with code {code!r}", param_hint="--role")
        assignments.append((role, jurisdiction, scope or "view"))
    password = os.environ.get(password_env)
    if not password:
        if not sys.stdin.isatty():
            refuse(f"no password: set {password_env} or run on a terminal")
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    user_create(actor=SystemActor(), username=username, password=password, email=email, roles=assignments)
    click.echo(f"User {username!r} created.")


@users.command("list")
def users_list():
    """List users and their role assignments."""
    require_initialised()
    from salw.accounts.selectors import users_with_roles

    for user, assignments in users_with_roles():
        state = "active" if user.is_active else "disabled"
        roles = ", ".join(f"{a.role}@{a.jurisdiction.code}:{a.scope}" for a in assignments) or "-"
        click.echo(f"{user.username:<24} {state:<9} {roles}")


@users.command("disable")
@click.argument("username")
def users_disable(username):
    """Disable a user (accounts are never deleted: the audit log refers to them)."""
    require_initialised()
    from salw.accounts.services import user_disable
    from salw.core.access import SystemActor

    user_disable(actor=SystemActor(), username=username)
    click.echo(f"User {username!r} disabled.")


def register(group: click.Group) -> None:
    group.add_command(users)
