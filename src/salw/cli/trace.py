"""``salw trace match`` and ``salw trace index``: identify described weapons against the registry."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from salw.cli.bootstrap import require_initialised
from salw.cli.output import EXIT_REFUSED, print_problems, progress


@click.group("trace")
def trace_group():
    """Identify seized or found weapons against the registry."""


@trace_group.command("match")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 100),
              help="Candidates per query, at most.")
@click.option("--format", "output_format", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write here instead of standard output.")
@click.option("--encoding", default=None, help="Text encoding (default: detected).")
@click.option("--delimiter", default=None, help="Column separator (default: detected).")
@click.option("--allow-extra-columns", is_flag=True, help="Ignore columns outside the query format.")
def trace_match(file, top, output_format, output, encoding, delimiter, allow_extra_columns):
    """Best registry candidates for each query row of FILE (interchange format §2), in input order."""
    require_initialised()
    from salw.interchange.trace_queries import read_trace_queries
    from salw.tracing.matching import current_index, identify_many

    queries, problems = read_trace_queries(file, encoding=encoding, delimiter=delimiter,
                                           allow_extra_columns=allow_extra_columns)
    if problems:
        print_problems(problems, len(problems))
        click.echo(f"{file.name}: refused, {len(problems)} problem(s); nothing was matched.", err=True)
        sys.exit(EXIT_REFUSED)
    with progress("Updating the search index", None) as advance:
        current_index(progress=advance)
    handle = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        write = _writer(handle, output_format)
        results = identify_many((query.description for query in queries), top=top)
        with progress(f"Matching {file.name}", len(queries)) as advance:
            for done, (query, candidates) in enumerate(zip(queries, results, strict=True), start=1):
                write(query.query_id, candidates)
                advance(done)
    finally:
        if output:
            handle.close()


def _writer(handle, output_format: str):
    if output_format == "jsonl":
        def write(query_id, candidates):
            handle.write(json.dumps({
                "query_id": query_id,
                "candidates": [{"record_id": match.record_id, "score": match.score, "source": match.source}
                               for match in candidates],
            }, ensure_ascii=False) + "\n")
        return write
    table = csv.writer(handle)
    table.writerow(["query_id", "rank", "record_id", "score", "source"])

    def write_rows(query_id, candidates):
        if not candidates:
            table.writerow([query_id, "", "", "", ""])
        for rank, match in enumerate(candidates, start=1):
            table.writerow([query_id, rank, match.record_id, f"{match.score:.4f}", match.source])
    return write_rows


@trace_group.command("index")
@click.option("--rebuild", is_flag=True, help="Build the search index again from the registry.")
def trace_index(rebuild):
    """Bring the marking search index up to date (it also catches up by itself before a search)."""
    require_initialised()
    from salw.tracing.matching import current_index, rebuild_index, save_index

    with progress("Indexing the registry", None) as advance:
        if rebuild:
            index = rebuild_index(progress=advance)
        else:
            index = current_index(progress=advance)
            save_index(index)
    click.echo(f"{index.active} records indexed, {index.signature_count} signatures, "
               f"{index.nbytes() / 1e6:.0f} MB")


def register(cli: click.Group) -> None:
    cli.add_command(trace_group)
