"""``salw analytics export``: the whole dataset as Parquet (or CSV) tables for DuckDB, pandas or Spark;
``salw analytics chart``: a trend or armed-group chart as an SVG file for a report."""

from __future__ import annotations

import json
from pathlib import Path

import click

from salw.analytics.domain import CHART_NAMES
from salw.cli.bootstrap import require_initialised


@click.group("analytics")
def analytics_group():
    """Analytics of holdings, losses, seizures and illicit flows."""


def scope_options(command):
    """--jurisdiction, --first-year and --last-year, read into the analytics scope they describe."""
    command = click.option("--last-year", type=click.IntRange(1900, 2200), default=None,
                           help="Last year counted.")(command)
    command = click.option("--first-year", type=click.IntRange(1900, 2200), default=None,
                           help="First year counted.")(command)
    return click.option("--jurisdiction", default="", help="Only this jurisdiction (code) and those below it.")(command)


def _scope(jurisdiction: str, first_year: int | None, last_year: int | None):
    require_initialised()
    from salw.analytics.scope import analytics_scope
    from salw.core.access import SystemActor

    return analytics_scope(SystemActor(), first_year=first_year, last_year=last_year, jurisdiction_code=jurisdiction)


@analytics_group.command("export")
@click.option("--format", "file_format", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory to write one file per table into (created if missing).")
@scope_options
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def analytics_export(file_format, out_dir, jurisdiction, first_year, last_year, as_json):
    """Write weapons, events, seized weapons, flows and armed groups to OUT, one file per table."""
    scope = _scope(jurisdiction, first_year, last_year)
    from salw.analytics.dataset import dataset_export

    written = dataset_export(scope, out_dir, file_format)
    if as_json:
        click.echo(json.dumps(written, indent=2))
        return
    for table, summary in written.items():
        click.echo(f"{table:>15}: {summary['rows']:>9} rows -> {out_dir / summary['file']}")


@analytics_group.command("chart")
@click.argument("name", type=click.Choice(CHART_NAMES))
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The SVG file to write.")
@scope_options
def analytics_chart(name, out_file, jurisdiction, first_year, last_year):
    """Draw chart NAME (trends, mechanisms_by_year, weapon_types_by_year, armed_groups) as an SVG file."""
    scope = _scope(jurisdiction, first_year, last_year)
    from salw.analytics.chart_files import chart_file

    out_file.write_text(chart_file(name, scope), encoding="utf-8")
    click.echo(f"{name} -> {out_file}")


def register(cli: click.Group) -> None:
    cli.add_command(analytics_group)
