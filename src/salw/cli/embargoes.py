"""``salw embargo``: the dated list of UN arms embargoes that ATT Article 6(1) assessments check."""

from __future__ import annotations

import json
from datetime import date

import click

from salw.cli.bootstrap import require_initialised
from salw.cli.output import refusals_reported
from salw.cli.params import ISO_DATE
from salw.licensing.embargoes import SCOPES


@click.group("embargo")
def embargo_group():
    """UN Security Council arms embargoes: list, add, end, verify, withdraw; check an application."""


def embargo_document(entry) -> dict:
    today = date.today()
    return {"id": str(entry.id), "country": entry.country, "regime": entry.regime, "resolution": entry.resolution,
            "scope": entry.scope, "starts_on": entry.starts_on.isoformat(),
            "ends_on": entry.ends_on.isoformat() if entry.ends_on else None, "ended_by": entry.ended_by,
            "covers_exports_from": entry.covers_exports_from, "in_force_today": entry.as_rule().in_force_on(today),
            "verified_on": entry.verified_on.isoformat() if entry.verified_on else None,
            "source_url": entry.source_url, "notes": entry.notes}


def _entry(actor, entry_id):
    from salw.core.errors import NotFound
    from salw.licensing.selectors import embargo_for

    try:
        return embargo_for(actor, entry_id)
    except NotFound:
        raise NotFound(f"no arms embargo entry {entry_id}; `salw embargo list --all` shows the ids") from None


@embargo_group.command("list")
@click.option("--in-force-on", "day", type=ISO_DATE, default=None,
              help="Entries in force on this day (default: today).")
@click.option("--all", "everything", is_flag=True, help="Every entry, ended ones too.")
@click.option("--country", default="", help="Only this country (ISO alpha-3).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def embargo_list_command(day, everything, country, output_format):
    """Embargoes in force today (or on a day, or all of them)."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.selectors import embargo_list

    in_force_on = None if everything else (day or date.today())
    entries = [embargo_document(entry) for entry in embargo_list(SystemActor(), in_force_on=in_force_on,
                                                                 country=country)]
    if output_format == "json":
        click.echo(json.dumps(entries, indent=2, ensure_ascii=False))
        return
    if not entries:
        click.echo("No embargo entries.")
    for entry in entries:
        period = f"{entry['starts_on']} to {entry['ends_on'] or '(in force)'}"
        verified = f"verified {entry['verified_on']}" if entry["verified_on"] else "NOT VERIFIED"
        two_way = ", two-way" if entry["covers_exports_from"] else ""
        click.echo(f"{entry['country']}  {entry['scope']:<9} {period:<26} {entry['resolution']:<22} "
                   f"{verified}{two_way}  {entry['regime']}  [{entry['id']}]")


@embargo_group.command("add")
@click.option("--country", required=True, help="ISO alpha-3 code of the embargoed country.")
@click.option("--regime", required=True, help="The sanctions regime, e.g. 'South Sudan sanctions (2206 Committee)'.")
@click.option("--resolution", required=True, help="The resolution that imposed it, e.g. 'S/RES/2428 (2018)'.")
@click.option("--scope", type=click.Choice(SCOPES), required=True,
              help="all: every supply; non_state: non-governmental entities and armed groups; listed: listed "
                   "individuals and entities.")
@click.option("--from", "starts_on", type=ISO_DATE, required=True, help="Day it was imposed.")
@click.option("--until", "ends_on", type=ISO_DATE, default=None, help="Day it was lifted.")
@click.option("--ended-by", default="", help="The resolution that lifted it.")
@click.option("--two-way", is_flag=True, help="Also bans procurement from the country.")
@click.option("--source-url", default="")
@click.option("--notes", default="")
@click.option("--verified-on", type=ISO_DATE, default=None,
              help="Day it was checked against the official list.")
def embargo_add(country, regime, resolution, scope, starts_on, ends_on, ended_by, two_way, source_url, notes,
                verified_on):
    """Add an embargo; applications it covers today are flagged for reassessment."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.selectors import reassessment_flags_raised_by
    from salw.licensing.services import embargo_record

    with refusals_reported():
        entry = embargo_record(actor=SystemActor(), country=country, regime=regime, resolution=resolution,
                               scope=scope, starts_on=starts_on, ends_on=ends_on, ended_by=ended_by,
                               covers_exports_from=two_way, source_url=source_url, notes=notes,
                               verified_on=verified_on)
    flagged = reassessment_flags_raised_by(entry).count()
    click.echo(f"Added {entry} [{entry.id}]; {flagged} application(s) flagged for reassessment.")


@embargo_group.command("end")
@click.argument("entry_id", type=click.UUID)
@click.option("--on", "ends_on", type=ISO_DATE, required=True, help="Last day it was in force.")
@click.option("--by", "ended_by", required=True, help="The resolution that lifted it.")
def embargo_end_command(entry_id, ends_on, ended_by):
    """Record that an embargo was lifted."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.services import embargo_end

    actor = SystemActor()
    with refusals_reported():
        entry = embargo_end(actor=actor, embargo=_entry(actor, entry_id), ends_on=ends_on, ended_by=ended_by)
    click.echo(f"Ended: {entry}")


@embargo_group.command("verify")
@click.argument("entry_id", type=click.UUID)
@click.option("--on", "verified_on", type=ISO_DATE, default=None, help="Default: today.")
@click.option("--source-url", default="", help="Where the official text was checked.")
def embargo_verify_command(entry_id, verified_on, source_url):
    """Record that an entry was checked against the Security Council's official list."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.services import embargo_verify

    actor = SystemActor()
    with refusals_reported():
        entry = embargo_verify(actor=actor, embargo=_entry(actor, entry_id),
                               verified_on=verified_on or date.today(), source_url=source_url)
    click.echo(f"Verified on {entry.verified_on}: {entry}")


@embargo_group.command("withdraw")
@click.argument("entry_id", type=click.UUID)
@click.option("--reason", required=True, help="Why the entry was wrong (an embargo that ended is ended instead).")
def embargo_withdraw(entry_id, reason):
    """Withdraw an entry made in error."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.services import embargo_void

    actor = SystemActor()
    with refusals_reported():
        entry = embargo_void(actor=actor, embargo=_entry(actor, entry_id), reason=reason)
    click.echo(f"Withdrawn: {entry}")


@embargo_group.command("check")
@click.argument("reference")
@click.option("--on", "day", type=ISO_DATE, default=None, help="Default: today.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def embargo_check(reference, day, output_format):
    """The embargoes that cover a licence application's parties on a day."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.licensing.selectors import application_by_reference, application_embargo_findings

    with refusals_reported():
        application = application_by_reference(SystemActor(), reference)
    findings = application_embargo_findings(application, day or date.today())
    if output_format == "json":
        click.echo(json.dumps([{"prohibits": finding.prohibits, "party_role": finding.party.role,
                                "party_name": finding.party.name, "country": finding.party.country,
                                "resolution": finding.embargo.resolution, "scope": finding.embargo.scope,
                                "message": finding.message} for finding in findings], indent=2, ensure_ascii=False))
        return
    if not findings:
        click.echo(f"{application.reference}: no UN arms embargo covers its parties on {day or date.today()}.")
    for finding in findings:
        click.echo(("PROHIBITED  " if finding.prohibits else "CHECK       ") + finding.message)


def register(cli: click.Group) -> None:
    cli.add_command(embargo_group)
