"""Report definitions as small declarative classes, and the builder that turns them into a Report.

A definition lists sections. A ``GroupedTable`` groups facts into rows (by category, partner
State...) and measures each column over the facts of a row; an ``IndicatorTable`` has one row
per indicator, each with its own facts and measure. Every measure returns the figure together
with the record ids it counted, so drill-down is never computed separately from the figure.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext

from salw.reporting.domain import Cell, Column, NarrativePart, Period, Report, Row, Section

Fact = Any
Predicate = Callable[[Fact], bool]
Measure = Callable[[Sequence[Fact]], Cell]


# --- measures --------------------------------------------------------------------------------

def _kept(facts: Sequence[Fact], where: Predicate | None) -> list[Fact]:
    return [fact for fact in facts if where is None or where(fact)]


def count(where: Predicate | None = None) -> Measure:
    def measure(facts):
        kept = _kept(facts, where)
        return Cell(len(kept), [fact.record_id for fact in kept])
    return measure


def count_distinct(attribute: str, where: Predicate | None = None) -> Measure:
    """Distinct values of an attribute (e.g. weapons behind several events); ids are those values."""
    def measure(facts):
        values = sorted({getattr(fact, attribute) for fact in _kept(facts, where)})
        return Cell(len(values), values)
    return measure


def total(attribute: str, where: Predicate | None = None) -> Measure:
    """Sum of a quantity; None when no record states it (a value that is not known is not zero)."""
    def measure(facts):
        known = [fact for fact in _kept(facts, where) if getattr(fact, attribute) is not None]
        if not known:
            return Cell(None, [])
        amount = sum(getattr(fact, attribute) for fact in known)
        return Cell(float(amount) if not isinstance(amount, int) else amount,
                    [fact.record_id for fact in known])
    return measure


def median_of(attribute: str, where: Predicate | None = None) -> Measure:
    def measure(facts):
        known = [fact for fact in _kept(facts, where) if getattr(fact, attribute) is not None]
        if not known:
            return Cell(None, [])
        return Cell(float(statistics.median(getattr(fact, attribute) for fact in known)),
                    [fact.record_id for fact in known])
    return measure


def distinct_text(attribute: str, limit: int = 5) -> Measure:
    """A short description: the distinct values of a text attribute, most frequent first."""
    def measure(facts):
        tally: dict[str, int] = {}
        for fact in facts:
            text = getattr(fact, attribute)
            if text:
                tally[text] = tally.get(text, 0) + 1
        names = sorted(tally, key=lambda text: (-tally[text], text))
        shown = ", ".join(names[:limit]) + (", …" if len(names) > limit else "")
        return Cell(shown, [])
    return measure


# --- context ---------------------------------------------------------------------------------

@dataclass
class ReportContext:
    """What a definition needs to build one report: who, which period, where, and the facts."""

    actor: Any
    period: Period
    jurisdiction: Any
    home_country: str
    language: str
    loaders: dict[str, Callable[[ReportContext], list[Fact]]]
    annotations: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    narrative: dict[str, str] = field(default_factory=dict)
    _cache: dict[str, list[Fact]] = field(default_factory=dict)

    def facts(self, source: str) -> list[Fact]:
        if source not in self._cache:
            self._cache[source] = self.loaders[source](self)
        return self._cache[source]


Labeller = Callable[[str, ReportContext], str]


def code_label(code: str, context: ReportContext) -> str:
    return code


@dataclass(frozen=True)
class LabelColumn:
    key: str
    title: Any
    label: Labeller = code_label


@dataclass(frozen=True)
class ValueColumn:
    key: str
    title: Any
    measure: Measure


@dataclass(frozen=True)
class GroupedTable:
    """Rows are the groups of ``group_by``; ``fill`` adds rows (e.g. every UNROCA category) that
    show even when no record falls in them, unless a row already starts with the same codes."""

    key: str
    title: Any
    source: str
    group_by: Callable[[Fact], tuple[str, ...]]
    label_columns: tuple[LabelColumn, ...]
    columns: tuple[ValueColumn, ...]
    where: Predicate | None = None
    fill: Callable[[ReportContext], list[tuple[str, ...]]] | None = None
    order: Callable[[tuple[str, ...], ReportContext], Any] | None = None
    note: Any = ""
    nil_text: Any = ""
    total_label: Any = ""

    def build(self, context: ReportContext) -> Section:
        facts = _kept(context.facts(self.source), self.where)
        groups: dict[tuple[str, ...], list[Fact]] = {}
        for fact in facts:
            groups.setdefault(tuple(self.group_by(fact)), []).append(fact)
        if self.fill:
            for codes in self.fill(context):
                if not any(existing[:len(codes)] == codes for existing in groups):
                    groups[codes] = []
        keys = sorted(groups, key=(lambda codes: self.order(codes, context)) if self.order else None)
        rows = [self._row(codes, groups[codes], context) for codes in keys]
        if self.total_label and rows:
            # A withheld row's figures would be the total minus the rows shown (ATT Art 13(3)):
            # the total counts the rows shown only, and says so.
            shown = [fact for codes, row in zip(keys, rows, strict=True) if not row.withheld
                     for fact in groups[codes]]
            withheld = any(row.withheld for row in rows)
            labels = [str(self.total_label)] + [""] * (len(self.label_columns) - 1)
            rows.append(Row(key="total", labels=labels,
                            cells={column.key: column.measure(shown if withheld else facts)
                                   for column in self.columns},
                            note=gettext("rows withheld under Article 13(3) are not counted in this total")
                            if withheld else ""))
        return Section(key=self.key, title=str(self.title),
                       label_columns=[Column(c.key, str(c.title)) for c in self.label_columns],
                       value_columns=[Column(c.key, str(c.title)) for c in self.columns],
                       rows=rows, note=str(self.note), nil_text=str(self.nil_text))

    def _row(self, codes: tuple[str, ...], facts: list[Fact], context: ReportContext) -> Row:
        key = "/".join(codes).rstrip("/")
        note, withheld = context.annotations.get((self.key, key), ("", ""))
        padded = codes + ("",) * (len(self.label_columns) - len(codes))
        labels = [column.label(code, context) for column, code in zip(self.label_columns, padded, strict=True)]
        return Row(key=key, labels=labels, cells={c.key: c.measure(facts) for c in self.columns},
                   note=note, withheld=withheld)


@dataclass(frozen=True)
class Indicator:
    key: str
    title: Any
    source: str
    measure: Measure


@dataclass(frozen=True)
class IndicatorTable:
    key: str
    title: Any
    indicators: tuple[Indicator, ...]
    value_title: Any
    note: Any = ""

    def build(self, context: ReportContext) -> Section:
        rows = []
        for indicator in self.indicators:
            note, withheld = context.annotations.get((self.key, indicator.key), ("", ""))
            rows.append(Row(key=indicator.key, labels=[str(indicator.title)],
                            cells={"value": indicator.measure(context.facts(indicator.source))},
                            note=note, withheld=withheld))
        return Section(key=self.key, title=str(self.title), label_columns=[Column("indicator", "")],
                       value_columns=[Column("value", str(self.value_title))], rows=rows,
                       note=str(self.note))


@dataclass(frozen=True)
class NarrativeHeading:
    key: str
    title: Any


class ReportDefinition:
    """One instrument's report: its title, its sections, its narrative parts and its notes."""

    instrument: str = ""
    title: Any = ""
    sections: tuple[GroupedTable | IndicatorTable, ...] = ()
    narrative: tuple[NarrativeHeading, ...] = ()
    loaders: dict[str, Callable[[ReportContext], list[Fact]]] = {}

    def notes(self, context: ReportContext, report: Report) -> list[str]:
        return []

    def build(self, context: ReportContext, *, generated_at: str) -> Report:
        report = Report(
            instrument=self.instrument, title=str(self.title), year=context.period.year,
            jurisdiction_code=context.jurisdiction.code, jurisdiction_name=context.jurisdiction.name,
            sections=[section.build(context) for section in self.sections],
            narrative=[NarrativePart(heading.key, str(heading.title), context.narrative.get(heading.key, ""))
                       for heading in self.narrative],
            language=context.language, generated_at=generated_at,
        )
        report.notes = [str(note) for note in self.notes(context, report)]
        return report
