"""Pure rules of reports: periods, the report model (cells that remember their records), hashing.

A report is sections of rows; each row has label cells (category, partner State...) and value
cells. Every value cell keeps the ids of the records it counts ("event:12", "weapon:<uuid>",
"seized_item:<uuid>", "trace_request:<uuid>"), so any figure can be traced back to records.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

ATT = "att"
UNROCA = "unroca"
POA = "poa"
IAFQ = "iafq"
INSTRUMENTS = (ATT, UNROCA, POA, IAFQ)

# Why a row of a submitted report may be left out (ATT Art 13(3); the ATT template's tick box).
COMMERCIALLY_SENSITIVE = "commercially_sensitive"
NATIONAL_SECURITY = "national_security"
WITHHOLDING_REASONS = (COMMERCIALLY_SENSITIVE, NATIONAL_SECURITY)

MODEL_VERSION = 1
RECORD_KINDS = ("event", "weapon", "seized_item", "trace_request", "delivery_line")


@dataclass(frozen=True)
class Period:
    """A calendar year, the period of every instrument salw reports to."""

    year: int

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)

    def contains(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def record_id(kind: str, key: Any) -> str:
    if kind not in RECORD_KINDS:
        raise ValueError(f"unknown record kind {kind!r}")
    return f"{kind}:{key}"


def split_record_id(text: str) -> tuple[str, str]:
    kind, _, key = text.partition(":")
    if kind not in RECORD_KINDS or not key:
        raise ValueError(f"not a record id: {text!r}")
    return kind, key


@dataclass
class Cell:
    value: int | float | str | None
    record_ids: list[str] = field(default_factory=list)


@dataclass
class Row:
    key: str
    labels: list[str]
    cells: dict[str, Cell]
    note: str = ""
    withheld: str = ""  # one of WITHHOLDING_REASONS, or ""


@dataclass
class Column:
    key: str
    title: str


@dataclass
class Section:
    key: str
    title: str
    label_columns: list[Column]
    value_columns: list[Column]
    rows: list[Row]
    note: str = ""
    nil_text: str = ""  # shown instead of rows when the section has no records (a "nil report")

    @property
    def is_nil(self) -> bool:
        return bool(self.nil_text) and not any(
            row.cells.get(column.key) and row.cells[column.key].record_ids
            for row in self.rows for column in self.value_columns)

    def row(self, key: str) -> Row | None:
        return next((row for row in self.rows if row.key == key), None)

    def cell(self, row_key: str, column_key: str) -> Cell | None:
        row = self.row(row_key)
        return row.cells.get(column_key) if row else None


@dataclass
class NarrativePart:
    key: str
    title: str
    text: str


@dataclass
class Report:
    instrument: str
    title: str
    year: int
    jurisdiction_code: str
    jurisdiction_name: str
    sections: list[Section]
    notes: list[str] = field(default_factory=list)
    narrative: list[NarrativePart] = field(default_factory=list)
    language: str = "en"
    generated_at: str = ""
    model_version: int = MODEL_VERSION

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    @property
    def withheld_reasons(self) -> list[str]:
        found = {row.withheld for section in self.sections for row in section.rows if row.withheld}
        return [reason for reason in WITHHOLDING_REASONS if reason in found]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["data_hash"] = self.data_hash()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        sections = [
            Section(
                key=s["key"], title=s["title"],
                label_columns=[Column(**c) for c in s["label_columns"]],
                value_columns=[Column(**c) for c in s["value_columns"]],
                rows=[Row(key=r["key"], labels=list(r["labels"]),
                          cells={k: Cell(**c) for k, c in r["cells"].items()},
                          note=r.get("note", ""), withheld=r.get("withheld", "")) for r in s["rows"]],
                note=s.get("note", ""), nil_text=s.get("nil_text", ""),
            ) for s in data["sections"]
        ]
        return cls(instrument=data["instrument"], title=data["title"], year=data["year"],
                   jurisdiction_code=data["jurisdiction_code"], jurisdiction_name=data["jurisdiction_name"],
                   sections=sections, notes=list(data.get("notes", [])),
                   narrative=[NarrativePart(**part) for part in data.get("narrative", [])],
                   language=data.get("language", "en"), generated_at=data.get("generated_at", ""),
                   model_version=data.get("model_version", MODEL_VERSION))

    def data_hash(self) -> str:
        """SHA-256 of the figures and the records behind them, whatever the language or the hour.

        Two reports with the same hash count the same records into the same cells.
        """
        content = {
            "instrument": self.instrument, "year": self.year, "jurisdiction": self.jurisdiction_code,
            "sections": [
                {"key": section.key, "rows": [
                    {"key": row.key, "withheld": row.withheld,
                     "cells": {key: [cell.value, sorted(cell.record_ids)]
                               for key, cell in sorted(row.cells.items())}}
                    for row in section.rows]}
                for section in self.sections
            ],
            "narrative": [[part.key, part.text] for part in self.narrative],
        }
        text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def days_late(occurred_on: date | None, recorded_on: date | None) -> int | None:
    """Days between something happening and its being recorded (None when either is unknown)."""
    if occurred_on is None or recorded_on is None:
        return None
    return max((recorded_on - occurred_on).days, 0)


def timeliness(delays: list[int | None], within_days: int) -> tuple[int, int]:
    """(recorded on time, with a known delay): the DHIS2 habit of "on time" reporting."""
    known = [delay for delay in delays if delay is not None]
    return sum(delay <= within_days for delay in known), len(known)


# --- categories ------------------------------------------------------------------------------

# The UNROCA SALW form's rows, in the form's order (domain reference §1.3).
UNROCA_ROWS = ("SA1", "SA2", "SA3", "SA4", "SA5", "SA6", "LW1", "LW2", "LW3", "LW4", "LW5", "LW6", "LW7")

# IAFQ weapon types (layout unverified: domain reference §6). Longest vocabulary prefix wins.
IAFQ_TYPES = ("pistol", "revolver", "pistol_or_revolver", "rifle", "assault_rifle", "shotgun",
              "submachine_gun", "machine_gun", "light_weapon", "other", "unknown")
_IAFQ_BY_PREFIX = (
    ("sa_revolver_pistol.pistol", "pistol"), ("sa_revolver_pistol.revolver", "revolver"),
    ("sa_revolver_pistol", "pistol_or_revolver"), ("sa_rifle_carbine", "rifle"),
    ("sa_assault_rifle", "assault_rifle"), ("sa_other.shotgun", "shotgun"), ("sa_smg", "submachine_gun"),
    ("sa_lmg", "machine_gun"), ("lw_hmg", "machine_gun"), ("lw_", "light_weapon"), ("x_", "light_weapon"),
    ("sa_other", "other"), ("unknown", "unknown"),
)


def iafq_type(weapon_type: str) -> str:
    for prefix, kind in _IAFQ_BY_PREFIX:
        if weapon_type == prefix or weapon_type.startswith(prefix if prefix.endswith("_") else prefix + "."):
            return kind
    return "unknown" if not weapon_type else "other"


def order_of(code: str, order: tuple[str, ...]) -> int:
    """Position in a fixed order; unknown codes go last."""
    return order.index(code) if code in order else len(order)
