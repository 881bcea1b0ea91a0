"""The context risk score: a logistic model whose terms are named, explainable components.

    logit = intercept + sum over terms of coefficient x (value - mean) / sd
    score = 1 / (1 + exp(-logit))

Each component's value is oriented so that higher means riskier. A component whose data is
missing contributes nothing (it is excluded from the sum, and the explanation says so); the fit
treats missing values the same way, so the score shown is exactly the model that was tested.
Pure rules: no Django, no numpy.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from salw.context.domain import (
    CONFLICT_INTENSITY,
    GDP_PER_CAPITA,
    WGI_CODES,
    indicator_source_names,
)

GOVERNANCE_WEAKNESS = "governance_weakness"
ECONOMIC_WEAKNESS = "economic_weakness"
CONFLICT_IN_COUNTRY = "conflict_in_country"
CONFLICT_IN_NEIGHBOURS = "conflict_in_neighbours"
NEIGHBOUR_WEAKNESS = "neighbour_weakness"
CONFLICT_HISTORY = "conflict_history"
DIVERSION_EVIDENCE = "diversion_evidence"

FITTED_COMPONENTS = (GOVERNANCE_WEAKNESS, ECONOMIC_WEAKNESS, CONFLICT_IN_COUNTRY, CONFLICT_IN_NEIGHBOURS,
                     NEIGHBOUR_WEAKNESS, CONFLICT_HISTORY)
# Armed conflict recurs: a country's own recent past is the strongest sign of a new conflict
# (see docs/context.md for how the window was chosen).
CONFLICT_HISTORY_YEARS = 20

COMPONENT_LABELS = {
    GOVERNANCE_WEAKNESS: "Governance weakness",
    ECONOMIC_WEAKNESS: "Economic weakness",
    CONFLICT_IN_COUNTRY: "Armed conflict in the country",
    CONFLICT_IN_NEIGHBOURS: "Armed conflict in land neighbours",
    NEIGHBOUR_WEAKNESS: "Neighbours' governance weakness, weighted by shared border",
    CONFLICT_HISTORY: f"Armed conflict in the country in the past {CONFLICT_HISTORY_YEARS} years",
    DIVERSION_EVIDENCE: "This state's own evidence of diversion",
}
COMPONENT_DEFINITIONS = {
    GOVERNANCE_WEAKNESS: "minus the mean of the six WGI estimates (higher = weaker state)",
    ECONOMIC_WEAKNESS: "minus the natural logarithm of GDP per capita (constant 2015 USD)",
    CONFLICT_IN_COUNTRY: "highest UCDP intensity of conflicts located in the country (0 none, 1 minor, 2 war)",
    CONFLICT_IN_NEIGHBOURS: "number of land neighbours with an active UCDP armed conflict",
    NEIGHBOUR_WEAKNESS: "land neighbours' governance weakness, averaged with shared border length (km) as weight",
    CONFLICT_HISTORY: f"number of the {CONFLICT_HISTORY_YEARS} years up to the data year with an active UCDP armed "
                      "conflict located in the country (years the state did not exist are not counted)",
    DIVERSION_EVIDENCE: "ln(1 + weapons traced by this installation whose point of diversion is in the country "
                        "or whose last legal holder was there)",
}


@dataclass(frozen=True)
class Observation:
    value: float
    year: int
    release: str


@dataclass
class Panel:
    """Country-year values as plain lookups: ``values[indicator][iso3][year]``."""

    values: dict[str, dict[str, dict[int, Observation]]] = field(default_factory=dict)
    # iso3 -> [(neighbour iso3, shared border km)], land borders only (no point contacts).
    neighbours: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    source_names: dict[str, str] = field(default_factory=indicator_source_names)

    def add(self, indicator: str, iso3: str, year: int, value: float, release: str = "") -> None:
        self.values.setdefault(indicator, {}).setdefault(iso3, {})[year] = Observation(value, year, release)

    def latest(self, indicator: str, iso3: str, year: int, max_age: int) -> Observation | None:
        """The value in ``year``, else the most recent one at most ``max_age`` years older."""
        series = self.values.get(indicator, {}).get(iso3)
        if not series:
            return None
        for candidate in range(year, year - max_age - 1, -1):
            if candidate in series:
                return series[candidate]
        return None

    def countries(self) -> set[str]:
        return {iso3 for series in self.values.values() for iso3 in series}

    def years(self, indicator: str) -> set[int]:
        return {year for series in self.values.get(indicator, {}).values() for year in series}


@dataclass(frozen=True)
class ComponentValue:
    """A component's raw value (higher = riskier), or None when missing, with where it came from."""

    value: float | None
    year: int | None = None
    source: str = ""
    note: str = ""


def _source(panel: Panel, indicator: str, observation: Observation | None) -> str:
    name = panel.source_names.get(indicator, indicator)
    return f"{name} {observation.release}".strip() if observation else name


def governance_weakness(panel: Panel, iso3: str, year: int, max_age: int) -> ComponentValue:
    # The six dimensions of one WGI year together, never mixed across years.
    for candidate in range(year, year - max_age - 1, -1):
        found = [panel.latest(code, iso3, candidate, 0) for code in WGI_CODES]
        present = [observation for observation in found if observation is not None]
        if present:
            note = "" if len(present) == len(WGI_CODES) else \
                f"mean of {len(present)} of the {len(WGI_CODES)} WGI dimensions (the others are missing)"
            return ComponentValue(-sum(o.value for o in present) / len(present), candidate,
                                  _source(panel, WGI_CODES[0], present[0]), note)
    return ComponentValue(None, None, _source(panel, WGI_CODES[0], None),
                          f"no WGI estimate for {year - max_age}-{year}")


def economic_weakness(panel: Panel, iso3: str, year: int, max_age: int) -> ComponentValue:
    observation = panel.latest(GDP_PER_CAPITA, iso3, year, max_age)
    if observation is None or observation.value <= 0:
        return ComponentValue(None, None, _source(panel, GDP_PER_CAPITA, None),
                              f"no GDP per capita for {year - max_age}-{year}")
    return ComponentValue(-math.log(observation.value), observation.year,
                          _source(panel, GDP_PER_CAPITA, observation))


def conflict_in_country(panel: Panel, iso3: str, year: int, max_age: int) -> ComponentValue:
    observation = panel.latest(CONFLICT_INTENSITY, iso3, year, max_age)
    if observation is None:
        return ComponentValue(None, None, _source(panel, CONFLICT_INTENSITY, None),
                              f"not covered by the conflict data for {year - max_age}-{year}")
    return ComponentValue(observation.value, observation.year, _source(panel, CONFLICT_INTENSITY, observation))


def _land_neighbours(panel: Panel, iso3: str) -> list[tuple[str, float]]:
    return panel.neighbours.get(iso3, [])


def conflict_in_neighbours(panel: Panel, iso3: str, year: int, max_age: int) -> ComponentValue:
    neighbours = _land_neighbours(panel, iso3)
    if not neighbours:
        return ComponentValue(None, None, "land borders", "no land neighbours: the term does not apply")
    at_war, known, years, unknown = [], 0, [], []
    for neighbour, _ in neighbours:
        observation = panel.latest(CONFLICT_INTENSITY, neighbour, year, max_age)
        if observation is None:
            unknown.append(neighbour)
            continue
        known += 1
        years.append(observation.year)
        if observation.value >= 1:
            at_war.append(neighbour)
    if not known:
        return ComponentValue(None, None, "land borders", "no conflict data for any land neighbour")
    note = ("in conflict: " + ", ".join(sorted(at_war))) if at_war else ""
    if unknown:
        note = "; ".join(filter(None, [note, "not covered: " + ", ".join(sorted(unknown))]))
    source = _source(panel, CONFLICT_INTENSITY, None) + " + land borders"
    return ComponentValue(float(len(at_war)), min(years), source, note)


def neighbour_weakness(panel: Panel, iso3: str, year: int, max_age: int) -> ComponentValue:
    neighbours = _land_neighbours(panel, iso3)
    if not neighbours:
        return ComponentValue(None, None, "land borders", "no land neighbours: the term does not apply")
    weighted, total_km, years, unknown = 0.0, 0.0, [], []
    for neighbour, km in neighbours:
        weakness = governance_weakness(panel, neighbour, year, max_age)
        if weakness.value is None or km <= 0:
            unknown.append(neighbour)
            continue
        weighted += km * weakness.value
        total_km += km
        years.append(weakness.year)
    if not total_km:
        return ComponentValue(None, None, "land borders", "no governance data for any land neighbour")
    note = ("left out for lack of data: " + ", ".join(sorted(unknown))) if unknown else ""
    source = _source(panel, WGI_CODES[0], None) + " + land borders (shared km)"
    return ComponentValue(weighted / total_km, min(years), source, note)


def years_read(max_age: int) -> int:
    """How many years before the data year the components read: what a panel must hold."""
    return max(max_age, CONFLICT_HISTORY_YEARS - 1)


def conflict_history(panel: Panel, iso3: str, year: int, max_age: int) -> ComponentValue:
    window = range(year - CONFLICT_HISTORY_YEARS + 1, year + 1)
    series = panel.values.get(CONFLICT_INTENSITY, {}).get(iso3, {})
    covered = [series[past] for past in window if past in series]
    if not covered:
        return ComponentValue(None, None, _source(panel, CONFLICT_INTENSITY, None),
                              f"not covered by the conflict data for {window.start}-{year}")
    in_conflict = [observation.year for observation in covered if observation.value >= 1]
    notes = []
    if in_conflict:
        notes.append(f"in conflict in {len(in_conflict)} year(s), latest {max(in_conflict)}")
    if len(covered) < len(window):
        notes.append(f"{len(covered)} of the {len(window)} years covered")
    latest = covered[-1]
    return ComponentValue(float(len(in_conflict)), latest.year, _source(panel, CONFLICT_INTENSITY, latest),
                          "; ".join(notes))


COMPONENT_FUNCTIONS = {
    GOVERNANCE_WEAKNESS: governance_weakness,
    ECONOMIC_WEAKNESS: economic_weakness,
    CONFLICT_IN_COUNTRY: conflict_in_country,
    CONFLICT_IN_NEIGHBOURS: conflict_in_neighbours,
    NEIGHBOUR_WEAKNESS: neighbour_weakness,
    CONFLICT_HISTORY: conflict_history,
}


@dataclass(frozen=True)
class DiversionEvidence:
    """Weapons this installation traced to a point of diversion in one country."""

    weapons: int
    latest_year: int | None = None


def diversion_evidence_value(evidence: Mapping[str, DiversionEvidence | tuple[int, int | None]] | None,
                             iso3: str) -> ComponentValue:
    source = "trace outcomes recorded in this installation"
    if evidence is None:
        return ComponentValue(None, None, source, "trace outcomes were not consulted")
    found = evidence.get(iso3)
    if isinstance(found, tuple):
        found = DiversionEvidence(*found)
    if found is None or not found.weapons:
        return ComponentValue(0.0, None, source, "no traced weapon diverted here or from a holder here")
    return ComponentValue(math.log1p(found.weapons), found.latest_year, source,
                          f"{found.weapons} weapon(s) traced to a point of diversion or a last legal holder here")


# --- the model ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    component: str
    coefficient: float
    mean: float = 0.0
    sd: float = 1.0
    declared: bool = False  # a stated assumption, not estimated from data
    basis: str = ""


@dataclass(frozen=True)
class RiskModel:
    """A versioned risk model as written by ``salw context fit-risk`` (see docs/context.md)."""

    version: str
    target: str
    intercept: float
    terms: tuple[Term, ...]
    max_data_age_years: int
    spec: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_spec(cls, spec: dict) -> RiskModel:
        terms = [Term(item["component"], float(item["coefficient"]), float(item["mean"]), float(item["sd"]))
                 for item in spec["terms"]]
        terms += [Term(item["component"], float(item["coefficient"]), declared=True, basis=item.get("basis", ""))
                  for item in spec.get("declared_terms", [])]
        unknown = [term.component for term in terms if term.component not in COMPONENT_LABELS]
        if unknown:
            raise ValueError(f"unknown component(s) in the risk model: {', '.join(unknown)}")
        return cls(spec["version"], spec["target"], float(spec["intercept"]), tuple(terms),
                   int(spec["max_data_age_years"]), spec)


def standardise(term: Term, value: float) -> float:
    return (value - term.mean) / term.sd if term.sd else 0.0


def logistic(logit: float) -> float:
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    exp = math.exp(logit)
    return exp / (1.0 + exp)


@dataclass(frozen=True)
class ComponentExplanation:
    component: str
    label: str
    definition: str
    value: float | None
    standardised: float | None
    coefficient: float
    contribution: float | None  # None when missing: excluded from the sum
    percentile: float | None
    year: int | None
    source: str
    note: str
    declared: bool

    @property
    def missing(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class RiskExplanation:
    country: str
    year: int
    model_version: str
    target: str
    intercept: float
    components: tuple[ComponentExplanation, ...]
    logit: float
    score: float
    notes: tuple[str, ...]

    @property
    def missing_components(self) -> list[str]:
        return [component.component for component in self.components if component.missing]

    def as_dict(self) -> dict:
        data = asdict(self)
        data["components"] = [{**asdict(component), "missing": component.missing} for component in self.components]
        data["notes"] = list(self.notes)
        return data


def component_values(panel: Panel, model: RiskModel, iso3: str, year: int,
                     evidence: Mapping[str, DiversionEvidence] | None) -> dict[str, ComponentValue]:
    values = {}
    for term in model.terms:
        if term.component == DIVERSION_EVIDENCE:
            values[term.component] = diversion_evidence_value(evidence, iso3)
        else:
            values[term.component] = COMPONENT_FUNCTIONS[term.component](panel, iso3, year,
                                                                         model.max_data_age_years)
    return values


def percentile_of(value: float, population: list[float]) -> float:
    """Share of ``population`` below ``value`` (ties count half), in percent: 100 = riskiest."""
    if not population:
        return 0.0
    below = sum(1 for other in population if other < value)
    equal = sum(1 for other in population if other == value)
    return round(100.0 * (below + 0.5 * equal) / len(population), 1)


def explain(model: RiskModel, iso3: str, year: int, values: dict[str, ComponentValue],
            populations: dict[str, list[float]]) -> RiskExplanation:
    """The score of one country-year, with every term's part in it."""
    components, notes = [], []
    logit = model.intercept
    for term in model.terms:
        found = values[term.component]
        if found.value is None:
            standardised = contribution = percentile = None
            notes.append(f"{COMPONENT_LABELS[term.component]}: missing, left out of the score"
                         + (f" ({found.note})" if found.note else ""))
        else:
            standardised = standardise(term, found.value)
            contribution = term.coefficient * standardised
            logit += contribution
            percentile = percentile_of(found.value, populations.get(term.component, []))
        note = found.note
        if term.declared:
            note = "; ".join(filter(None, [note, "declared weight, not fitted: " + term.basis]))
        components.append(ComponentExplanation(
            term.component, COMPONENT_LABELS[term.component], COMPONENT_DEFINITIONS[term.component],
            found.value, standardised, term.coefficient, contribution, percentile, found.year, found.source,
            note, term.declared))
    return RiskExplanation(iso3, year, model.version, model.target, model.intercept, tuple(components),
                           logit, logistic(logit), tuple(notes))


def explain_year(panel: Panel, model: RiskModel, year: int, countries: list[str],
                 evidence: Mapping[str, DiversionEvidence] | None = None,
                 also: tuple[str, ...] = ()) -> dict[str, RiskExplanation]:
    """Every country's explanation for one year; percentiles rank among ``countries``.

    ``also`` are explained too without joining the ranking population (e.g. a country the data
    hardly describes, asked for by name).
    """
    wanted = list(dict.fromkeys([*countries, *also]))
    values = {iso3: component_values(panel, model, iso3, year, evidence) for iso3 in wanted}
    populations: dict[str, list[float]] = {}
    for iso3 in countries:
        for component, found in values[iso3].items():
            if found.value is not None:
                populations.setdefault(component, []).append(found.value)
    return {iso3: explain(model, iso3, year, values[iso3], populations) for iso3 in wanted}
