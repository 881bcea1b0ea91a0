"""Pure rules of country context: the indicators, their sources, and UCDP conflicts as country-years.

Missing stays missing: a value that a source does not give is never stored or guessed. The one
place where an absence means zero is UCDP: a state that existed in a year the release covers,
with no conflict listed there, had no armed conflict (>= 25 battle deaths) that year.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

WGI = "wgi"
ECONOMY = "economy"
UCDP = "ucdp"
SOURCES = (UCDP, WGI, ECONOMY)


@dataclass(frozen=True)
class SourceDefinition:
    code: str
    name: str
    licence: str
    citation: str


SOURCE_DEFINITIONS = {
    WGI: SourceDefinition(
        WGI, "Worldwide Governance Indicators (World Bank)", "CC BY 4.0",
        "Kaufmann, Kraay & Mastruzzi, Worldwide Governance Indicators, World Bank"),
    ECONOMY: SourceDefinition(
        ECONOMY, "Gapminder Systema Globalis (World Bank and UN series)", "CC BY 4.0",
        "Gapminder, based on World Bank NY.GDP.PCAP.KD and UN World Population Prospects"),
    UCDP: SourceDefinition(
        UCDP, "UCDP/PRIO Armed Conflict Dataset", "CC BY 4.0",
        "Davies, Pettersson & Öberg (2023), JPR 60(4); Gleditsch et al. (2002), JPR 39(5)"),
}


@dataclass(frozen=True)
class IndicatorDefinition:
    code: str
    name: str
    unit: str
    source: str
    higher_is_worse: bool
    column: str = ""  # the column of the source file it is read from, when read directly


WGI_DIMENSIONS = {
    "va": "Voice and accountability",
    "pv": "Political stability and absence of violence/terrorism",
    "ge": "Government effectiveness",
    "rq": "Regulatory quality",
    "rl": "Rule of law",
    "cc": "Control of corruption",
}
WGI_CODES = tuple(f"wgi_{dimension}" for dimension in WGI_DIMENSIONS)

GDP_PER_CAPITA = "gdp_per_capita"
POPULATION = "population"
POPULATION_DENSITY = "population_density"
CONFLICT_COUNT = "ucdp_conflicts"
CONFLICT_INTENSITY = "ucdp_max_intensity"
CONFLICT_INTERNATIONALISED = "ucdp_internationalised"

INDICATORS: tuple[IndicatorDefinition, ...] = (
    *(IndicatorDefinition(f"wgi_{dimension}", f"{name} (estimate)", "index, about -2.5 (weak) to 2.5 (strong)",
                          WGI, False, f"{dimension}_est")
      for dimension, name in WGI_DIMENSIONS.items()),
    IndicatorDefinition(GDP_PER_CAPITA, "GDP per capita", "constant 2015 US dollars", ECONOMY, False,
                        "gdppercapita_us_inflation_adjusted"),
    IndicatorDefinition(POPULATION, "Population", "people", ECONOMY, False,
                        "total_population_with_projections"),
    IndicatorDefinition(POPULATION_DENSITY, "Population density", "people per km²", ECONOMY, False,
                        "population_density_per_square_km"),
    IndicatorDefinition(CONFLICT_COUNT, "Active armed conflicts located in the country", "conflicts", UCDP, True),
    IndicatorDefinition(CONFLICT_INTENSITY, "Highest conflict intensity",
                        "0 none, 1 minor (25-999 battle deaths), 2 war (>= 1,000)", UCDP, True),
    IndicatorDefinition(CONFLICT_INTERNATIONALISED, "Internationalised conflicts", "conflicts", UCDP, True),
)
INDICATORS_BY_CODE = {indicator.code: indicator for indicator in INDICATORS}
SHORT_SOURCE_NAMES = {WGI: "WGI", ECONOMY: "Gapminder", UCDP: "UCDP/PRIO ACD"}


def indicator_source_names() -> dict[str, str]:
    """Indicator code -> the short name of its source, as explanations cite it."""
    return {indicator.code: SHORT_SOURCE_NAMES[indicator.source] for indicator in INDICATORS}


def indicators_of(source: str) -> tuple[IndicatorDefinition, ...]:
    return tuple(indicator for indicator in INDICATORS if indicator.source == source)


# Codes the sources use that ISO 3166-1 does not (or no longer) assign: World Bank codes and ISO
# 3166-3 codes of dissolved states, which UCDP conflicts map to through the Gleditsch-Ward list.
CODES_OUTSIDE_ISO = {
    "XKX": "Kosovo (World Bank code)",
    "ANT": "Netherlands Antilles (dissolved 2010)",
    "CSK": "Czechoslovakia (dissolved 1992)",
    "DDR": "German Democratic Republic (dissolved 1990)",
    "YMD": "South Yemen (dissolved 1990)",
    "YUG": "Yugoslavia / Serbia and Montenegro (dissolved 2006)",
}


# --- UCDP conflicts as country-years ---------------------------------------------------------

INTERSTATE = 2
INTERNATIONALISED_INTRASTATE = 4
# The Gleditsch-Ward list's last update ends every surviving state on this date.
GW_LIST_OPEN_END = date(2017, 12, 31)


@dataclass(frozen=True)
class GwState:
    gwcode: int
    iso3: str
    start: date
    end: date

    def existed_in(self, year: int) -> bool:
        last_year = 9999 if self.end >= GW_LIST_OPEN_END else self.end.year
        return self.start.year <= year <= last_year


@dataclass
class GwCrosswalk:
    """Gleditsch-Ward state codes to ISO alpha-3, by period (GW 340 was Serbia twice)."""

    states: list[GwState] = field(default_factory=list)

    def iso3_for(self, gwcode: int, year: int) -> str:
        """The ISO code of the state ``gwcode`` in ``year``; "" for a state with no ISO code."""
        periods = [state for state in self.states if state.gwcode == gwcode]
        for state in periods:
            if state.existed_in(year):
                return state.iso3
        # UCDP may date a conflict a little outside the state's listed period: the code still
        # names one place, so the nearest period's country is the honest reading.
        return min(periods, key=lambda state: min(abs(state.start.year - year), abs(state.end.year - year))).iso3 \
            if periods else ""

    def knows(self, gwcode: int) -> bool:
        return any(state.gwcode == gwcode for state in self.states)

    def countries_in(self, year: int) -> set[str]:
        return {state.iso3 for state in self.states if state.iso3 and state.existed_in(year)}


def parse_gw_codes(text: str) -> list[int]:
    """``"651, 666"`` -> ``[651, 666]``; raises ValueError on anything that is not a list of codes."""
    parts = [part.strip() for part in (text or "").split(",")]
    if not any(parts):
        return []
    return [int(part) for part in parts]


@dataclass(frozen=True)
class ConflictYearRecord:
    """One row of the UCDP/PRIO conflict-level file: one conflict in one year."""

    conflict_id: int
    year: int
    location: str
    side_a: str
    side_b: str
    gwno_a: str
    gwno_b: str
    intensity: int
    type_of_conflict: int
    gwno_loc: tuple[int, ...]

    @property
    def internationalised(self) -> bool:
        return self.type_of_conflict == INTERNATIONALISED_INTRASTATE

    def non_state_sides(self) -> list[str]:
        """The armed groups fighting: the sides that are not governments (no GW code of their own)."""
        sides = []
        for names, gwno in ((self.side_a, self.gwno_a), (self.side_b, self.gwno_b)):
            if names and not gwno.strip():
                sides.extend(name.strip() for name in names.split(",") if name.strip())
        return sides


@dataclass(frozen=True)
class ConflictLocated:
    """A conflict-year placed in one country (a conflict fought in several states is in each)."""

    country: str
    record: ConflictYearRecord


@dataclass
class CountryConflictYear:
    country: str
    year: int
    conflicts: int = 0
    max_intensity: int = 0
    internationalised: int = 0
    non_state_sides: list[str] = field(default_factory=list)


def locate_conflicts(records: Iterable[ConflictYearRecord],
                     crosswalk: GwCrosswalk) -> tuple[list[ConflictLocated], list[tuple[ConflictYearRecord, int]]]:
    """Each conflict-year in each country of its ``gwno_loc``; and the (record, code)s with no ISO country."""
    located, unplaced = [], []
    for record in records:
        seen = set()
        for gwcode in record.gwno_loc:
            iso3 = crosswalk.iso3_for(gwcode, record.year)
            if not iso3:
                unplaced.append((record, gwcode))
            elif iso3 not in seen:
                seen.add(iso3)
                located.append(ConflictLocated(iso3, record))
    return located, unplaced


def country_conflict_years(located: Iterable[ConflictLocated], crosswalk: GwCrosswalk,
                           first_year: int, last_year: int) -> dict[tuple[str, int], CountryConflictYear]:
    """Every state-year the release covers: its conflicts, or zero where UCDP lists none."""
    summary: dict[tuple[str, int], CountryConflictYear] = {}
    for year in range(first_year, last_year + 1):
        for iso3 in crosswalk.countries_in(year):
            summary[(iso3, year)] = CountryConflictYear(iso3, year)
    conflict_ids: dict[tuple[str, int], set[int]] = {}
    for item in located:
        key = (item.country, item.record.year)
        entry = summary.setdefault(key, CountryConflictYear(*key))
        ids = conflict_ids.setdefault(key, set())
        if item.record.conflict_id in ids:
            continue
        ids.add(item.record.conflict_id)
        entry.conflicts += 1
        entry.max_intensity = max(entry.max_intensity, item.record.intensity)
        entry.internationalised += int(item.record.internationalised)
        for side in item.record.non_state_sides():
            if side not in entry.non_state_sides:
                entry.non_state_sides.append(side)
    return summary


# --- a release ready to store ----------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorValue:
    country: str
    year: int
    indicator: str
    value: float


@dataclass
class ReleaseData:
    """What one file of one source says, checked and converted, ready for the import service."""

    source: str
    version: str
    file_name: str
    sha256: str
    first_year: int
    last_year: int
    values: list[IndicatorValue] = field(default_factory=list)
    # The country-years this release speaks for: their stored values of the source's
    # indicators are replaced, blanks included (a value the new release withdraws is removed).
    country_years: set[tuple[str, int]] = field(default_factory=set)
    conflicts: list[ConflictLocated] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def conflict_indicator_values(summary: dict[tuple[str, int], CountryConflictYear]) -> list[IndicatorValue]:
    values = []
    for (country, year), entry in sorted(summary.items()):
        values += [IndicatorValue(country, year, CONFLICT_COUNT, entry.conflicts),
                   IndicatorValue(country, year, CONFLICT_INTENSITY, entry.max_intensity),
                   IndicatorValue(country, year, CONFLICT_INTERNATIONALISED, entry.internationalised)]
    return values
