"""``salw verify-audit``: detect any change to the audit log or the lifecycle events."""

from __future__ import annotations

import sys

import click

from salw.cli.bootstrap import require_initialised
from salw.cli.output import EXIT_REFUSED


@click.command("verify-audit")
def verify_audit():
    """Check the hash chains; exit 1 naming the first bad entry."""
    require_initialised()
    from salw.core.audit import audit_verify
    from salw.registry.selectors import event_chain_breaks

    breaks = audit_verify() + event_chain_breaks()
    if breaks:
        for chain_break in breaks:
            click.echo(f"TAMPERED {chain_break.describe()}", err=True)
        sys.exit(EXIT_REFUSED)
    from salw.core.models import ChainHead

    heads = {head.name: head.seq for head in ChainHead.objects.all()}
    click.echo(f"OK: {heads.get('audit', 0)} audit entries and {heads.get('event', 0)} events verified.")


def register(group: click.Group) -> None:
    group.add_command(verify_audit)
