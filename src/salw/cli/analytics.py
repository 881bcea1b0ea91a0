"""``salw analytics export``: the whole dataset as Parquet (or CSV) tables for DuckDB, pandas or Spark."""

from __future__ import annotations

import json
from pathlib import Path

import click

from salw.cli.bootstrap import require_initialised


@click.group("analytics")
def analytics_group():
    """Analytics of holdings, losses, seizures and illicit flows."""


@analytics_group.command("export")
@click.option("--format", "file_format", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory to write one file per table into (created if missing).")
@click.option("--jurisdiction", default="", help="Only this jurisdiction (code) and those below it.")
@click.option("--first-year", type=click.IntRange(1900, 2200), default=None, help="First year of seizures counted.")
@click.option("--last-year", type=click.IntRange(1900, 2200), default=None, help="Last year of seizures counted.")
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def analytics_export(file_format, out_dir, jurisdiction, first_year, last_year, as_json):
    """Write weapons, events, seized weapons, flows and armed groups to OUT, one file per table."""
    require_initialised()
    from salw.analytics.dataset import dataset_export
    from salw.analytics.scope import analytics_scope
    from salw.core.access import SystemActor

    scope = analytics_scope(SystemActor(), first_year=first_year, last_year=last_year,
                            jurisdiction_code=jurisdiction)
    written = dataset_export(scope, out_dir, file_format)
    if as_json:
        click.echo(json.dumps(written, indent=2))
        return
    for table, summary in written.items():
        click.echo(f"{table:>15}: {summary['rows']:>9} rows -> {out_dir / summary['file']}")


def register(cli: click.Group) -> None:
    cli.add_command(analytics_group)
