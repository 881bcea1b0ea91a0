"""Reading releases of the country-context sources (UCDP/PRIO, WGI, Gapminder economy).

A newer release in the same layout as the shipped file is accepted, so a ministry can update
without a new salw release. The whole file is checked first; every problem names the file, row
and column; a file with any problem stores nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext as _

from salw.context import selectors
from salw.context.domain import (
    ECONOMY,
    INDICATORS,
    UCDP,
    WGI,
    ConflictYearRecord,
    GwCrosswalk,
    IndicatorValue,
    ReleaseData,
    conflict_indicator_values,
    country_conflict_years,
    indicators_of,
    locate_conflicts,
    parse_gw_codes,
)
from salw.context.loader import gw_crosswalk, shipped_release
from salw.context.services import context_release_import
from salw.core.errors import Problem, ValidationFailed
from salw.interchange.tables import UnreadableFile, file_sha256, normalise_header, open_table

MAX_PROBLEMS = 1000
YEARS = range(1800, 2200)

UCDP_COLUMNS = ("conflict_id", "location", "side_a", "side_b", "year", "intensity_level", "type_of_conflict",
                "gwno_a", "gwno_b", "gwno_loc", "version")
COUNTRY_COLUMNS = ("iso_a3", "year")
REQUIRED_COLUMNS = {
    UCDP: UCDP_COLUMNS,
    WGI: COUNTRY_COLUMNS + tuple(indicator.column for indicator in indicators_of(WGI)),
    ECONOMY: COUNTRY_COLUMNS + tuple(indicator.column for indicator in indicators_of(ECONOMY)),
}
# Plausible ranges, to catch a shifted column or a unit mix-up rather than to judge the data.
VALUE_RANGES = {
    "wgi": (-5.0, 5.0),
    "gdp_per_capita": (0.0, 1e6),
    "population": (0.0, 1e10),
    "population_density": (0.0, 1e5),
}


class _Problems(list):
    def add(self, file: str, row: int | None, column: str | None, message: str, value: str | None = None):
        if len(self) < MAX_PROBLEMS:
            self.append(Problem(message=message, file=file, row=row, column=column, value=value))


def _integer(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() else None


def _number(text: str) -> float | None:
    try:
        number = float(text.strip())
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def read_context_release(source: str, path: Path, *, version: str = "", encoding: str | None = None,
                         delimiter: str | None = None, known_codes: set[str] | None = None,
                         crosswalk: GwCrosswalk | None = None) -> tuple[ReleaseData | None, list[Problem]]:
    """The release FILE holds, checked whole; (None, problems) when anything is wrong."""
    path = Path(path)
    if source not in REQUIRED_COLUMNS:
        return None, [Problem(file=path.name, message=_("unknown source %(source)r; sources: %(sources)s")
                              % {"source": source, "sources": ", ".join(REQUIRED_COLUMNS)})]
    try:
        table = open_table(path, encoding=encoding, delimiter=delimiter)
    except UnreadableFile as error:
        return None, [error.problem]
    problems = _Problems()
    try:
        header = [normalise_header(name) for name in table.header]
        missing = [column for column in REQUIRED_COLUMNS[source] if column not in header]
        if missing:
            for column in missing:
                problems.add(table.name, 1, column, _("required column missing (a %(source)s file has the "
                                                      "columns %(columns)s)")
                             % {"source": source, "columns": ", ".join(REQUIRED_COLUMNS[source])})
            return None, problems
        position = {name: header.index(name) for name in REQUIRED_COLUMNS[source]}

        def cell(cells: list[str], column: str) -> str:
            index = position[column]
            return cells[index].strip() if index < len(cells) else ""

        release = ReleaseData(source=source, version=version, file_name=table.name, sha256=file_sha256(path),
                              first_year=0, last_year=0)
        reader = _read_conflicts if source == UCDP else _read_country_values
        reader(table, cell, release, problems, known_codes if known_codes is not None
               else selectors.known_country_codes(), crosswalk or gw_crosswalk())
    except UnreadableFile as error:
        problems.add(error.problem.file, error.problem.row, error.problem.column, error.problem.message)
    finally:
        table.close()
    if not problems and not release.values:
        problems.add(table.name, None, None, _("the file holds no data rows"))
    return (None, problems) if problems else (release, [])


def _read_country_values(table, cell: Callable, release: ReleaseData, problems: _Problems, known_codes: set[str],
                         crosswalk: GwCrosswalk) -> None:
    indicators = [indicator for indicator in INDICATORS if indicator.source == release.source]
    seen: dict[tuple[str, int], int] = {}
    skipped = 0
    for row, cells in table.rows:
        if not any(text.strip() for text in cells):
            continue
        iso3, year_text = cell(cells, "iso_a3").upper(), cell(cells, "year")
        year = _integer(year_text)
        if year is None or year not in YEARS:
            problems.add(table.name, row, "year", _("expected a year such as 2021"), year_text)
            continue
        if not iso3:
            skipped += 1  # a unit the source has no ISO code for (a region, a territory)
            continue
        if iso3 not in known_codes:
            problems.add(table.name, row, "iso_a3", _("not an ISO 3166-1 alpha-3 code known to salw"), iso3)
            continue
        if (iso3, year) in seen:
            problems.add(table.name, row, "year", _("%(country)s %(year)s already appears in row %(row)s")
                         % {"country": iso3, "year": year, "row": seen[(iso3, year)]})
            continue
        seen[(iso3, year)] = row
        release.country_years.add((iso3, year))
        for indicator in indicators:
            text = cell(cells, indicator.column)
            if not text:
                continue  # missing stays missing
            value = _number(text)
            low, high = VALUE_RANGES["wgi" if release.source == WGI else indicator.code]
            if value is None:
                problems.add(table.name, row, indicator.column, _("expected a number"), text)
            elif not low <= value <= high:
                problems.add(table.name, row, indicator.column, _("expected a value between %(low)s and %(high)s")
                             % {"low": f"{low:g}", "high": f"{high:g}"}, text)
            else:
                release.values.append(IndicatorValue(iso3, year, indicator.code, value))
    years = [year for _country, year in seen]
    release.first_year, release.last_year = (min(years), max(years)) if years else (0, 0)
    release.version = release.version or f"data to {release.last_year}"
    if skipped:
        release.notes.append(_("%(count)s row(s) without an ISO code (regions, territories) left out")
                             % {"count": skipped})


def _read_conflicts(table, cell: Callable, release: ReleaseData, problems: _Problems, known_codes: set[str],
                    crosswalk: GwCrosswalk) -> None:
    records, versions = [], set()
    for row, cells in table.rows:
        if not any(text.strip() for text in cells):
            continue
        numbers = {}
        for column, allowed in (("conflict_id", None), ("year", YEARS), ("intensity_level", (1, 2)),
                                ("type_of_conflict", (1, 2, 3, 4))):
            text = cell(cells, column)
            number = _integer(text)
            if number is None or (allowed is not None and number not in allowed):
                if allowed is None or allowed is YEARS:
                    expected = _("expected a whole number")
                else:
                    expected = _("expected one of %(choices)s") % {"choices": ", ".join(map(str, allowed))}
                problems.add(table.name, row, column, expected, text)
            numbers[column] = number
        try:
            gw_codes = parse_gw_codes(cell(cells, "gwno_loc"))
        except ValueError:
            problems.add(table.name, row, "gwno_loc", _("expected Gleditsch-Ward codes separated by commas"),
                         cell(cells, "gwno_loc"))
            continue
        if not gw_codes:
            problems.add(table.name, row, "gwno_loc", _("no location: a conflict needs at least one GW code"))
        for code in gw_codes:
            if not crosswalk.knows(code):
                problems.add(table.name, row, "gwno_loc", _("Gleditsch-Ward code %(code)s is not in the crosswalk")
                             % {"code": code}, cell(cells, "gwno_loc"))
        if cell(cells, "version"):
            versions.add(cell(cells, "version"))
        if None in numbers.values():
            continue
        records.append(ConflictYearRecord(
            conflict_id=numbers["conflict_id"], year=numbers["year"], location=cell(cells, "location"),
            side_a=cell(cells, "side_a"), side_b=cell(cells, "side_b"), gwno_a=cell(cells, "gwno_a"),
            gwno_b=cell(cells, "gwno_b"), intensity=numbers["intensity_level"],
            type_of_conflict=numbers["type_of_conflict"], gwno_loc=tuple(gw_codes)))
    if len(versions) > 1 and not release.version:
        problems.add(table.name, None, "version", _("the file mixes releases: %(versions)s")
                     % {"versions": ", ".join(sorted(versions))})
    if problems or not records:
        return
    located, unplaced = locate_conflicts(records, crosswalk)
    release.first_year = min(record.year for record in records)
    release.last_year = max(record.year for record in records)
    summary = country_conflict_years(located, crosswalk, release.first_year, release.last_year)
    release.conflicts = located
    release.values = conflict_indicator_values(summary)
    release.country_years = set(summary)
    release.version = release.version or (versions.pop() if versions else f"data to {release.last_year}")
    if unplaced:
        codes = sorted({code for _record, code in unplaced})
        release.notes.append(_("%(count)s conflict location(s) in states without an ISO code (GW %(codes)s) left out")
                             % {"count": len(unplaced), "codes": ", ".join(str(code) for code in codes)})


def context_file_import(*, actor, source: str, path: Path, version: str = "", encoding: str | None = None,
                        delimiter: str | None = None) -> dict:
    """Check FILE whole and, only when nothing is wrong, store it (raises ValidationFailed otherwise)."""
    release, problems = read_context_release(source, path, version=version, encoding=encoding,
                                             delimiter=delimiter)
    if problems:
        raise ValidationFailed(problems)
    return context_release_import(actor=actor, release=release)


def context_shipped_load(*, actor) -> list[dict]:
    """Load the releases shipped with salw (each is skipped when already imported)."""
    known_codes, crosswalk = selectors.known_country_codes(), gw_crosswalk()
    summaries = []
    for source in (UCDP, WGI, ECONOMY):
        path, version = shipped_release(source)
        if selectors.release_already_imported(source, file_sha256(path)):
            continue
        release, problems = read_context_release(source, path, version=version, known_codes=known_codes,
                                                 crosswalk=crosswalk)
        if problems:
            raise ValidationFailed(problems)
        summaries.append(context_release_import(actor=actor, release=release))
    return summaries
