"""``salw import registry``, ``salw export registry``, ``salw stats``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from salw.cli.bootstrap import require_initialised
from salw.cli.output import EXIT_REFUSED, print_problems, progress


@click.group("import")
def import_group():
    """Import records from files."""


@import_group.command("registry")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--source", default="local", show_default=True,
              help="Name of the system the records come from; record_id is unique within it.")
@click.option("--jurisdiction", "jurisdiction_code", default=None,
              help="Code of the jurisdiction the records belong to (default: national).")
@click.option("--encoding", default=None, help="Text encoding (default: detected; e.g. utf-8, utf-16, cp1252).")
@click.option("--delimiter", default=None, help="Column separator (default: detected from the header).")
@click.option("--date-format", default=None, help="How dates are written, e.g. dd/mm/yyyy (default ISO).")
@click.option("--dry-run", is_flag=True, help="Check the whole file and report; change nothing.")
@click.option("--allow-extra-columns", is_flag=True, help="Ignore columns outside the registry format.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def import_registry(file, source, jurisdiction_code, encoding, delimiter, date_format, dry_run,
                    allow_extra_columns, output_format):
    """Import weapons from a CSV or XLSX file (interchange format §1). All or nothing."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.core.models import Jurisdiction
    from salw.interchange.services import registry_import

    jurisdiction = None
    if jurisdiction_code:
        jurisdiction = Jurisdiction.objects.filter(code=jurisdiction_code).first()
        if jurisdiction is None:
            raise click.BadParameter(f"no jurisdiction with code {jurisdiction_code!r}", param_hint="--jurisdiction")
    if delimiter == "\\t":
        delimiter = "\t"
    with progress(f"Importing {file.name}", file.stat().st_size if file.exists() else None) as advance:
        report = registry_import(actor=SystemActor(), path=file, source=source, jurisdiction=jurisdiction,
                                 encoding=encoding, delimiter=delimiter, date_format=date_format,
                                 dry_run=dry_run, allow_extra_columns=allow_extra_columns,
                                 on_progress=advance)
    if output_format == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    if not report.ok:
        if output_format == "text":
            print_problems(report.problems, report.problem_count)
        click.echo(f"{file.name}: refused, {report.problem_count} problem(s); nothing was changed.", err=True)
        sys.exit(EXIT_REFUSED)
    if output_format == "text":
        verb = "would create" if dry_run else "created"
        click.echo(f"{file.name}: {report.rows} rows checked ({report.encoding or 'xlsx'}); "
                   f"{verb} {report.created}, updated {report.updated}, unchanged {report.unchanged}."
                   + (" Dry run: nothing was changed." if dry_run else ""))


@click.group("export")
def export_group():
    """Export records to files."""


@export_group.command("registry")
@click.option("--format", "file_format", type=click.Choice(["csv", "xlsx"]), default="csv", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_registry(file_format, output):
    """Export the registry in the §1 columns (re-importable into another installation)."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.interchange.services import registry_export
    from salw.registry.selectors import weapons_visible_to

    actor = SystemActor()
    total = weapons_visible_to(actor).count()
    done = 0
    with progress(f"Exporting to {output.name}", total) as advance:
        def on_row():
            nonlocal done
            done += 1
            if done % 1000 == 0:
                advance(done)

        count = registry_export(actor=actor, path=output, file_format=file_format, on_row=on_row)
    click.echo(f"{count} weapons written to {output}", err=True)


@click.command()
@click.option("--format", "output_format", type=click.Choice(["json", "text"]), default="text")
def stats(output_format):
    """Counts of weapons, events, seizures and traces."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.tracing.selectors import installation_counts

    counts = installation_counts(SystemActor())
    if output_format == "json":
        click.echo(json.dumps(counts))
    else:
        for name, value in counts.items():
            click.echo(f"{name:>10}  {value}")


def register(group: click.Group) -> None:
    group.add_command(import_group)
    group.add_command(export_group)
    group.add_command(stats)
