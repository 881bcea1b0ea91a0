"""``salw trace-request export|import|reminders``, ``salw trace reminders`` and ``salw sdg16``."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from salw.cli.bootstrap import require_initialised
from salw.cli.output import EXIT_REFUSED, refuse_error


def _jurisdiction(code: str | None):
    if not code:
        return None
    from salw.core.models import Jurisdiction

    jurisdiction = Jurisdiction.objects.filter(code=code).first()
    if jurisdiction is None:
        raise click.BadParameter(f"no jurisdiction with code {code!r}", param_hint="--jurisdiction")
    return jurisdiction


@click.group("trace-request")
def trace_request_group():
    """Exchange trace requests and replies with other installations by file."""


@trace_request_group.command("export")
@click.argument("reference")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_request(reference, output):
    """Write the message for a request sent from here, or for the reply to one received here."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.core.errors import SalwError
    from salw.tracing.message import message_text
    from salw.tracing.selectors import trace_request_by_reference
    from salw.tracing.services import trace_message_export

    actor = SystemActor()
    try:
        content = trace_message_export(actor=actor, request=trace_request_by_reference(actor, reference))
    except SalwError as error:
        refuse_error(error)
        return
    output.write_text(message_text(content), encoding="utf-8")
    click.echo(f"{content['kind']} {reference} written to {output}", err=True)


@trace_request_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--jurisdiction", "jurisdiction_code", default=None,
              help="Jurisdiction that handles a received request (default: national).")
def import_message(file, jurisdiction_code):
    """Read a message from another installation: all of it, or nothing. Re-importing is a no-op."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.core.errors import SalwError
    from salw.tracing.services import trace_message_import

    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        click.echo(f"{file.name}: cannot read the file ({error}); nothing was stored.", err=True)
        sys.exit(EXIT_REFUSED)
    try:
        result = trace_message_import(actor=SystemActor(), text=text, file_name=file.name,
                                      jurisdiction=_jurisdiction(jurisdiction_code))
    except SalwError as error:
        refuse_error(error)
        return
    state = "stored" if result.created else "already imported, nothing changed"
    click.echo(f"{file.name}: {result.kind} {result.request.reference} {state}.")


@click.command("reminders")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Count overdue days as of this date (default: today).")
def reminders(today):
    """List trace requests still unanswered after their due date, the longest overdue first."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.tracing.selectors import overdue_trace_requests

    as_of: date | None = today.date() if today else None
    overdue = overdue_trace_requests(SystemActor(), today=as_of)
    if not overdue:
        click.echo("No overdue trace requests.")
        return
    from django.utils import timezone

    as_of = as_of or timezone.localdate()
    for request in overdue:
        days = (as_of - request.due_on).days
        click.echo(f"{request.reference}  to {request.recipient_country} {request.recipient_agency}".rstrip()
                   + f"  sent {request.sent_on}, due {request.due_on}, {days} days overdue ({request.status})")


trace_request_group.add_command(reminders)


@click.command("sdg16")
@click.option("--year", type=int, required=True, help="Calendar year of the seizures counted.")
@click.option("--jurisdiction", "jurisdiction_code", default=None, help="Jurisdiction code (default: national).")
@click.option("--as-of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Count only what was recorded by this date (default: today).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
def sdg16(year, jurisdiction_code, as_of, output_format):
    """SDG indicator 16.4.2: share of seized, found or surrendered arms whose illicit origin was established."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.core.errors import SalwError
    from salw.tracing.selectors import sdg_16_4_2

    try:
        figure = sdg_16_4_2(SystemActor(), period_start=date(year, 1, 1), period_end=date(year, 12, 31),
                            jurisdiction=_jurisdiction(jurisdiction_code),
                            as_of=as_of.date() if as_of else None)
    except SalwError as error:
        refuse_error(error)
        return
    if output_format == "json":
        click.echo(json.dumps(figure.as_dict(), ensure_ascii=False))
        return
    value = "no arms recorded" if figure.value_percent is None else f"{figure.value_percent:.1f}%"
    click.echo(f"SDG 16.4.2, {year}, {figure.jurisdiction} (as of {figure.as_of}): "
               f"{figure.numerator} of {figure.denominator} arms traced or established = {value}")
    for case in figure.numerator_cases:
        click.echo(f"  {case.seizure_date}  {case.case_reference or '-'}  {case.serial_number or '(no serial)'}"
                   f"  {case.outcome}")


def register(group: click.Group) -> None:
    group.add_command(trace_request_group)
    group.add_command(sdg16)
    # "salw trace" belongs to the identification commands; reminders join that group when it
    # exists, and start it otherwise.
    trace = group.commands.get("trace")
    if isinstance(trace, click.Group):
        trace.add_command(reminders)
    else:
        trace = click.Group("trace", help="Identify seized weapons and follow up trace requests.")
        trace.add_command(reminders)
        group.add_command(trace)
