"""Reading trace query files (interchange.md §2): one described weapon per row."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from salw.core.errors import Problem
from salw.interchange.tables import UnreadableFile, normalise_header, open_table
from salw.tracing.domain import WeaponDescription

QUERY_COLUMNS = ("query_id", "serial_number", "manufacturer", "model", "calibre", "weapon_type",
                 "country_of_manufacture", "year_of_manufacture")
MAX_PROBLEMS = 200


@dataclass(frozen=True)
class TraceQuery:
    query_id: str
    description: WeaponDescription


def read_trace_queries(path: Path, *, encoding: str | None = None, delimiter: str | None = None,
                       allow_extra_columns: bool = False) -> tuple[list[TraceQuery], list[Problem]]:
    """All queries of the file, or the problems that stop it being read (then no queries).

    Only ``query_id`` is required: every other cell is what an officer saw and may be empty,
    misread or partly unreadable, so it is passed on as written, never refused.
    """
    try:
        table = open_table(Path(path), encoding=encoding, delimiter=delimiter)
    except UnreadableFile as error:
        return [], [error.problem]
    try:
        header = [normalise_header(name) for name in table.header]
        while header and not header[-1]:
            header.pop()
        problems = _header_problems(table.name, header, allow_extra_columns)
        if problems:
            return [], problems
        queries, seen = [], {}
        for row_number, cells in table.rows:
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header):]):
                problems.append(Problem(file=table.name, row=row_number,
                                        column=_("cell %(position)s") % {"position": len(header) + 1},
                                        message=_("%(cells)s cells but the header has %(columns)s columns")
                                        % {"cells": len(cells), "columns": len(header)}))
                continue
            values = dict(zip(header, (cell.strip() for cell in cells), strict=False))
            query_id = values.get("query_id", "")
            if not query_id:
                problems.append(Problem(file=table.name, row=row_number, column="query_id",
                                        message=_("query_id is empty")))
            elif query_id in seen:
                problems.append(Problem(file=table.name, row=row_number, column="query_id",
                                        message=_("query_id %(query_id)r already used on row %(row)s")
                                        % {"query_id": query_id, "row": seen[query_id]}))
            else:
                seen[query_id] = row_number
                queries.append(TraceQuery(query_id, _description(values)))
            if len(problems) >= MAX_PROBLEMS:
                break
    except UnreadableFile as error:
        problems.append(error.problem)
    finally:
        table.close()
    return ([], problems) if problems else (queries, [])


def _header_problems(file_name: str, header: list[str], allow_extra: bool) -> list[Problem]:
    problems = []
    if "query_id" not in header:
        problems.append(Problem(file=file_name, row=1, message=_("the header has no query_id column")))
    for position, name in enumerate(header, start=1):
        if name not in QUERY_COLUMNS and not allow_extra:
            problems.append(Problem(file=file_name, row=1, column=name,
                                    message=_("unknown column; expected some of %(columns)s")
                                    % {"columns": ", ".join(QUERY_COLUMNS)}))
        elif name and header.index(name) != position - 1:
            problems.append(Problem(file=file_name, row=1, column=name,
                                    message=_("the column appears twice (cell %(position)s)") % {"position": position}))
    return problems


def _description(values: dict[str, str]) -> WeaponDescription:
    return WeaponDescription(
        serial_number=values.get("serial_number", ""),
        manufacturer=values.get("manufacturer", ""),
        model=values.get("model", ""),
        calibre=values.get("calibre", ""),
        weapon_type=values.get("weapon_type", ""),
        country_of_manufacture=values.get("country_of_manufacture", ""),
        year_of_manufacture=values.get("year_of_manufacture") or None,
    )
