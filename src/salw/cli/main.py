"""The ``salw`` command. Bare ``salw`` serves the web app."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from salw import __version__
from salw.cli import (
    analytics,
    audit,
    backup,
    context,
    embargoes,
    licensing,
    registry,
    reports,
    serve,
    setup,
    tokens,
    trace,
    tracing_requests,
    users,
)
from salw.cli.bootstrap import start_django
from salw.cli.output import EXIT_REFUSED


class DefaultGroup(click.Group):
    """A group that runs ``serve`` when no sub-command is given."""

    default_command = "serve"

    def parse_args(self, ctx, args):
        if not any(arg in self.commands for arg in args) and "--help" not in args \
                and "--version" not in args:
            args = [*args, self.default_command]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup)
@click.version_option(__version__, prog_name="salw")
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), envvar="SALW_DATA_DIR",
              help="Where this installation's data lives (default: the per-user data directory).")
@click.pass_context
def cli(ctx, data_dir):
    """salw: national control system for small arms and light weapons."""
    ctx.ensure_object(dict)
    start_django(data_dir)


for module in (serve, setup, registry, audit, backup, users, trace, tokens, context, reports, licensing,
               embargoes, analytics):
    module.register(cli)
tracing_requests.register(cli)  # after "trace", so that reminders join that group


def main() -> None:
    from salw.core.errors import SalwError

    try:
        cli(standalone_mode=True)
    except SalwError as error:
        click.echo(str(error), err=True)
        sys.exit(EXIT_REFUSED)


if __name__ == "__main__":
    main()
