"""``salw report att|unroca|poa|iafq``, ``salw report quality``, and the officer's own text in a report:
``salw report note`` (a row's comments and withholding) and ``salw report narrative``."""

from __future__ import annotations

import json
from pathlib import Path

import click

from salw.cli.bootstrap import require_initialised
from salw.cli.output import refusals_reported, refuse

INSTRUMENT_HELP = {
    "att": "Arms Trade Treaty annual report: SALW exports and imports.",
    "unroca": "UN Register of Conventional Arms: SALW transfers on the register's form.",
    "poa": "Programme of Action / International Tracing Instrument national report.",
    "iafq": "UNODC Illicit Arms Flows Questionnaire tables and SDG indicator 16.4.2.",
}


@click.group("report")
def report_group():
    """Make treaty and statistical reports from the records, and check the data first."""


def _instrument_command(instrument: str) -> click.Command:
    @click.command(instrument, help=INSTRUMENT_HELP[instrument])
    @click.option("--year", type=int, required=True, help="Calendar year reported on.")
    @click.option("--format", "output_format", type=click.Choice(["xlsx", "csv", "html", "json"]),
                  default="xlsx", show_default=True)
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
                  help="File to write.")
    @click.option("--jurisdiction", "jurisdiction_code", default=None,
                  help="Jurisdiction code (default: national).")
    @click.option("--language", default="en", show_default=True, help="Language of the report.")
    @click.option("--snapshot", is_flag=True,
                  help="Also save the report as the next numbered version, to reproduce it later.")
    def make_report(year, output_format, out, jurisdiction_code, language, snapshot):
        require_initialised()
        from salw.core.access import SystemActor
        from salw.reporting.renderers import render
        from salw.reporting.selectors import report_build, reporting_jurisdiction, snapshot_report
        from salw.reporting.services import report_snapshot_create

        actor = SystemActor()
        with refusals_reported():
            jurisdiction = reporting_jurisdiction(jurisdiction_code)
            if snapshot:
                saved = report_snapshot_create(actor=actor, instrument=instrument, year=year,
                                               jurisdiction=jurisdiction, language=language)
                report = snapshot_report(saved)
            else:
                report = report_build(actor, instrument=instrument, year=year, jurisdiction=jurisdiction,
                                      language=language)
        if output_format == "json":
            out.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        else:
            out.write_bytes(render(report, output_format))
        version = f", saved as version {saved.version}" if snapshot else ""
        click.echo(f"{instrument} {year} {report.jurisdiction_code} written to {out}{version} "
                   f"(data fingerprint {report.data_hash()[:12]}).", err=True)

    return make_report


for _instrument in INSTRUMENT_HELP:
    report_group.add_command(_instrument_command(_instrument))


@report_group.command("quality")
@click.option("--year", type=int, required=True, help="Calendar year to check.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--jurisdiction", "jurisdiction_code", default=None, help="Jurisdiction code (default: national).")
@click.option("--timely-days", type=click.IntRange(0, 3650), default=30, show_default=True,
              help="Events recorded within this many days of happening count as on time.")
def report_quality(year, output_format, jurisdiction_code, timely_days):
    """What to fix before submitting: missing fields, unclassifiable records, completeness, timeliness."""
    require_initialised()
    from salw.core.access import SystemActor
    from salw.reporting.quality import data_quality
    from salw.reporting.selectors import reporting_jurisdiction

    with refusals_reported():
        quality = data_quality(SystemActor(), year=year, jurisdiction=reporting_jurisdiction(jurisdiction_code),
                               timely_days=timely_days)
    if output_format == "json":
        click.echo(json.dumps(quality.as_dict(), ensure_ascii=False))
        return
    click.echo(f"Data quality, {year}, {quality.jurisdiction_code}: {quality.problem_count} record(s) to fix.")
    for problem in quality.missing + quality.unclassifiable:
        click.echo(f"  {problem.count:>6}  {problem.description}")
    click.echo(f"Completeness: {_percent(quality.completeness)} of unit-months with records "
               f"({len(quality.units)} reporting units).")
    click.echo(f"Timeliness: {_percent(quality.timeliness)} recorded within {timely_days} days "
               f"({quality.timely} of {quality.with_known_delay}).")
    for unit in quality.units:
        click.echo(f"  {unit.jurisdiction_code:<16} {unit.total:>7}  " + " ".join(f"{n:>4}" for n in unit.months))


WITHHOLDING_HELP = "commercially_sensitive or national_security (ATT Article 13(3)); '' for not withheld"


@report_group.command("note")
@click.argument("instrument", type=click.Choice(list(INSTRUMENT_HELP)))
@click.option("--year", type=int, required=True, help="Calendar year of the report.")
@click.option("--section", required=True, help="Section key, as in the report's JSON (e.g. exports).")
@click.option("--row", "row_key", required=True, help="Row key, as in the report's JSON (e.g. SA4/GHA).")
@click.option("--note", default=None, help="The row's comments; '' removes it. Kept as it is when not given.")
@click.option("--withheld", default=None, help=f"Why the row's figures are withheld: {WITHHOLDING_HELP}. "
                                                "Kept as it is when not given.")
@click.option("--jurisdiction", "jurisdiction_code", default=None, help="Jurisdiction code (default: national).")
def report_note(instrument, year, section, row_key, note, withheld, jurisdiction_code):
    """Write a row's note (the comments column) and its withholding flag."""
    if note is None and withheld is None:
        raise click.UsageError("give --note, --withheld or both")
    require_initialised()
    from salw.core.access import SystemActor
    from salw.reporting.selectors import reporting_jurisdiction, row_annotations
    from salw.reporting.services import row_annotation_save

    with refusals_reported():
        jurisdiction = reporting_jurisdiction(jurisdiction_code)
        current_note, current_withheld = row_annotations(instrument=instrument, year=year, jurisdiction=jurisdiction) \
            .get((section, row_key), ("", ""))
        saved = row_annotation_save(actor=SystemActor(), instrument=instrument, year=year, section=section,
                                    row_key=row_key, note=current_note if note is None else note.strip(),
                                    withheld=current_withheld if withheld is None else withheld.strip(),
                                    jurisdiction=jurisdiction)
    click.echo(f"{instrument} {year} {jurisdiction.code}, {section} {row_key}: "
               f"note {saved.note!r}, {'withheld: ' + saved.withheld if saved.withheld else 'not withheld'}.")


@report_group.command("narrative")
@click.argument("instrument", type=click.Choice(list(INSTRUMENT_HELP)))
@click.option("--year", type=int, required=True, help="Calendar year of the report.")
@click.option("--part", "key", default=None, help="Narrative part to write (see --list).")
@click.option("--text", default=None, help="The part's text ('' empties it).")
@click.option("--file", "text_file", type=click.File("r", encoding="utf-8"), default=None,
              help="Read the part's text from this UTF-8 file ('-' for standard input).")
@click.option("--list", "list_parts", is_flag=True, help="Show the report's narrative parts and their text.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Format of --list.")
@click.option("--jurisdiction", "jurisdiction_code", default=None, help="Jurisdiction code (default: national).")
def report_narrative(instrument, year, key, text, text_file, list_parts, output_format, jurisdiction_code):
    """Write a narrative part of a report (--part with --text or --file), or --list the parts."""
    if list_parts == bool(key):
        raise click.UsageError("give either --list, or --part with --text or --file")
    if key and (text is None) == (text_file is None):
        raise click.UsageError("give the part's text with exactly one of --text or --file")
    require_initialised()
    from salw.core.access import SystemActor
    from salw.reporting.selectors import narrative_parts, reporting_jurisdiction
    from salw.reporting.services import narrative_section_save

    actor = SystemActor()
    with refusals_reported():
        jurisdiction = reporting_jurisdiction(jurisdiction_code)
        if list_parts:
            parts = narrative_parts(actor, instrument=instrument, year=year, jurisdiction=jurisdiction)
        else:
            if text_file is not None:
                try:
                    text = text_file.read()
                except UnicodeDecodeError as error:
                    refuse(f"{text_file.name}: not UTF-8 text ({error.reason} at byte {error.start})")
                    return
            saved = narrative_section_save(actor=actor, instrument=instrument, year=year, key=key,
                                           text=text.strip(), jurisdiction=jurisdiction)
    if not list_parts:
        click.echo(f"{instrument} {year} {jurisdiction.code}: narrative part {key} saved "
                   f"({len(saved.text)} characters).")
    elif output_format == "json":
        click.echo(json.dumps([{"key": part.key, "title": part.title, "text": part.text} for part in parts],
                              ensure_ascii=False))
    elif not parts:
        click.echo(f"The {instrument} report has no narrative parts.")
    else:
        for part in parts:
            click.echo(f"{part.key}: {part.title}")
            for line in (part.text or "(to be completed)").splitlines():
                click.echo(f"    {line}")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


def register(cli: click.Group) -> None:
    cli.add_command(report_group)
