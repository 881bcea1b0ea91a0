"""Pure rules of the analytics: periods, small-count notes, time-to-crime, map geometry.

Nothing here touches the database, so every figure's arithmetic can be checked by hand.
"""

from __future__ import annotations

import bisect
import itertools
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from salw.core.message import Message, gettext_noop

# Below this many cases a figure is shown with a note: one seizure more or less changes it a lot.
FEW_CASES = 5

# Events through which a weapon leaves state or licensed control.
LOSS_EVENTS = ("lost", "stolen")
# Statuses in which a weapon is counted as held (in someone's legal keeping).
HELD_STATUSES = ("in_service", "in_storage")
# Events after which the registry knows who legally held the weapon last.
LEGAL_TRANSFER_EVENTS = ("manufactured", "imported", "issued", "transferred", "exported")

METRICS = ("holdings", "losses", "seizures", "risk")

# Words that decorate an area's name without telling areas apart ("Eastern Province" = "Eastern").
_AREA_WORDS = {"province", "county", "prefecture", "region", "district", "area", "state",
               "administrative", "zone", "division"}


@dataclass(frozen=True)
class Period:
    """Whole years, both ends included; None leaves that end open."""

    first_year: int | None = None
    last_year: int | None = None

    def contains(self, day: date | None) -> bool:
        if day is None:
            return self.first_year is None and self.last_year is None
        if self.first_year is not None and day.year < self.first_year:
            return False
        return self.last_year is None or day.year <= self.last_year

    @property
    def start(self) -> date | None:
        return date(self.first_year, 1, 1) if self.first_year is not None else None

    @property
    def end(self) -> date | None:
        return date(self.last_year, 12, 31) if self.last_year is not None else None

    def describe(self) -> str:
        if self.first_year is None and self.last_year is None:
            return "all years"
        if self.first_year == self.last_year:
            return str(self.first_year)
        return f"{self.first_year or '…'}–{self.last_year or '…'}"


# The charts salw draws, by the table behind each, and the drawing each table gets.
CHART_KINDS = {"trends": "lines", "mechanisms_by_year": "stacked", "weapon_types_by_year": "stacked",
               "armed_groups": "bars"}
CHART_NAMES = tuple(CHART_KINDS)


def is_few(count: int) -> bool:
    return 0 < count < FEW_CASES


def few_cases_note(counts: Iterable[int]) -> str:
    small = sum(1 for count in counts if is_few(count))
    if not small:
        return ""
    return Message(gettext_noop("%(small)s figure(s) rest on fewer than %(few)s cases: read them as examples, "
                                "not as a trend."), {"small": small, "few": FEW_CASES})


def diversion_date(diversion_from: date | None, diversion_to: date | None) -> date | None:
    """The last day by which the weapon had left legal hands: the end of the known interval.

    Measuring from the end gives the shortest time the weapon can have spent in illicit
    circulation, so a time-to-crime is never overstated.
    """
    return diversion_to or diversion_from


def days_between(start: date | None, end: date | None) -> int | None:
    if start is None or end is None or end < start:
        return None
    return (end - start).days


@dataclass(frozen=True)
class TimeToCrime:
    cases: int  # seized weapons with a known start and seizure date
    from_diversion: int  # of which measured from the point of diversion
    from_legal_transfer: int  # of which from the last legal transfer in the registry
    median_days: float | None
    p25_days: float | None
    p75_days: float | None
    few_cases: bool

    def as_dict(self) -> dict:
        return {"cases": self.cases, "from_diversion": self.from_diversion,
                "from_legal_transfer": self.from_legal_transfer, "median_days": self.median_days,
                "p25_days": self.p25_days, "p75_days": self.p75_days, "few_cases": self.few_cases}


def time_to_crime(from_diversion: Iterable[tuple[int, int]],
                  from_legal_transfer: Iterable[tuple[int, int]]) -> TimeToCrime:
    """Each argument: (days, weapons) pairs, how many seized weapons were seized that many days after
    their point of diversion, or after their last legal transfer.

    The quartiles are those of ``statistics.quantiles(method="inclusive")`` over one value per
    weapon, read from the counts without writing the values out (tens of thousands of them)."""
    diversion, legal_transfer = Counter(), Counter()
    for histogram, pairs in ((diversion, from_diversion), (legal_transfer, from_legal_transfer)):
        for days, weapons in pairs:
            histogram[days] += weapons
    counts = sorted((diversion + legal_transfer).items())
    cases = sum(weapons for _, weapons in counts)
    value_at = _sorted_values(counts)
    quartiles = [_inclusive_quantile(value_at, cases, i, 4) for i in (1, 2, 3)] if cases >= 2 else None
    return TimeToCrime(
        cases=cases,
        from_diversion=sum(diversion.values()),
        from_legal_transfer=sum(legal_transfer.values()),
        median_days=float(quartiles[1]) if quartiles else (float(counts[0][0]) if cases else None),
        p25_days=float(quartiles[0]) if quartiles else None,
        p75_days=float(quartiles[2]) if quartiles else None,
        few_cases=is_few(cases),
    )


def _sorted_values(counts: list[tuple[int, int]]):
    """``value_at(k)``: the k-th (from 0) of the values the sorted (value, times) pairs stand for."""
    ends = list(itertools.accumulate(times for _, times in counts))

    def value_at(position: int) -> int:
        return counts[bisect.bisect_right(ends, position)][0]

    return value_at


def _inclusive_quantile(value_at, size: int, i: int, n: int) -> float:
    # As statistics.quantiles(method="inclusive"): the i-th of n cut points, interpolated.
    j, delta = divmod(i * (size - 1), n)
    return (value_at(j) * (n - delta) + value_at(j + 1) * delta) / n if delta else value_at(j)


def area_key(name: str) -> str:
    """How an area's name is compared: no accents, no case, no 'Province'/'County' decoration."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(char for char in text if not unicodedata.combining(char)).casefold()
    words = [word for word in text.replace("-", " ").replace(".", " ").split() if word not in _AREA_WORDS]
    return " ".join(words)


def ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(longitude, latitude, absolute area) of a closed ring, by the shoelace formula."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        xs, ys = [point[0] for point in ring], [point[1] for point in ring]
        return sum(xs) / len(xs), sum(ys) / len(ys), 0.0
    return cx / (3 * area), cy / (3 * area), abs(area) / 2


def geometry_centroid(geometry: dict) -> tuple[float, float]:
    """(latitude, longitude) of the largest polygon's outer ring: where a label or line end sits.

    The largest part rather than the mean of all parts, so that a country with distant islands
    is anchored on its mainland.
    """
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    best = max((ring_centroid(polygon[0]) for polygon in polygons), key=lambda found: found[2])
    return round(best[1], 4), round(best[0], 4)


def grid_cell(latitude: float, longitude: float, cell_degrees: float) -> tuple[int, int]:
    return math.floor(latitude / cell_degrees), math.floor(longitude / cell_degrees)


def line_width(count: int, largest: int) -> float:
    """Pixel width of a flow line: 2 for one weapon, up to 12 for the largest flow shown."""
    if largest <= 1:
        return 2.0
    return round(2 + 10 * math.sqrt((count - 1) / (largest - 1)), 2)
