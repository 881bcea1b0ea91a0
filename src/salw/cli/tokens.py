"""``salw tokens create|list|revoke`` and ``salw api schema``: the API's credentials and contract."""

from __future__ import annotations

from pathlib import Path

import click

from salw.cli.bootstrap import require_initialised


@click.group()
def tokens():
    """Issue, list and revoke API tokens for other systems."""


@tokens.command("create")
@click.option("--user", "username", required=True, help="The user the token acts as (with their roles).")
@click.option("--scope", "scopes", multiple=True, required=True,
              help="What the token may do: registry:read, registry:write, tracing:read, tracing:write, "
                   "reports:read, context:read, audit:read. Repeatable.")
@click.option("--days", type=int, default=None, help="Days until the token expires (default 90, at most 366).")
@click.option("--name", default="", help="What the token is for, e.g. the calling system's name.")
def tokens_create(username, scopes, days, name):
    """Issue a token. It is printed once, on standard output, and cannot be shown again."""
    require_initialised()
    from salw.accounts.domain import DEFAULT_TOKEN_DAYS
    from salw.accounts.selectors import user_by_username
    from salw.accounts.services import token_create
    from salw.core.access import SystemActor

    requested = [part for scope in scopes for part in scope.replace(",", " ").split()]
    token, plain = token_create(actor=SystemActor(), user=user_by_username(username), scopes=requested,
                                days=days or DEFAULT_TOKEN_DAYS, name=name)
    click.echo(f"Token {token.prefix} for {username} ({token.scopes}), expires "
               f"{token.expires_at:%Y-%m-%d %H:%M} UTC. Store it now: it is not shown again.", err=True)
    click.echo(plain)


@tokens.command("list")
def tokens_list():
    """List tokens (prefix, user, scopes, state); never the tokens themselves."""
    require_initialised()
    from django.utils import timezone

    from salw.accounts.selectors import tokens_visible_to
    from salw.core.access import SystemActor

    now = timezone.now()
    for token in tokens_visible_to(SystemActor()):
        last_used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
        click.echo(f"{token.prefix}  {token.user.get_username():<20} {token.state(now):<8} "
                   f"expires {token.expires_at:%Y-%m-%d}  last used {last_used:<16}  {token.scopes}"
                   + (f"  ({token.name})" if token.name else ""))


@tokens.command("revoke")
@click.argument("prefix")
def tokens_revoke(prefix):
    """Revoke the token with this prefix; it stops working at once."""
    require_initialised()
    from salw.accounts.selectors import token_by_prefix
    from salw.accounts.services import token_revoke
    from salw.core.access import SystemActor

    actor = SystemActor()
    token_revoke(actor=actor, token=token_by_prefix(actor, prefix))
    click.echo(f"Token {prefix} revoked.")


@click.group("api")
def api_group():
    """The REST API served at /api/v1."""


@api_group.command("schema")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output). The repository keeps it in docs/openapi.json.")
def api_schema(output):
    """Write the OpenAPI document of the API."""
    from salw.api.openapi_document import openapi_text

    text = openapi_text()
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"OpenAPI document written to {output}", err=True)


def register(group: click.Group) -> None:
    group.add_command(tokens)
    group.add_command(api_group)
