"""Reads of country context: indicator trends, the panel behind the risk model, explained scores."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext as _

from salw.context import policies
from salw.context.backtest import backtest
from salw.context.domain import (
    CODES_OUTSIDE_ISO,
    CONFLICT_INTENSITY,
    INDICATORS,
    SOURCE_DEFINITIONS,
    WGI_CODES,
)
from salw.context.fitting import CONFLICT_INCIDENCE
from salw.context.loader import shipped_model_specs
from salw.context.models import ConflictYear, CountryYearValue, DataRelease, Indicator, RiskModelFit
from salw.context.risk import (
    DiversionEvidence,
    Panel,
    RiskExplanation,
    RiskModel,
    economic_weakness,
    explain_year,
    governance_weakness,
    years_read,
)
from salw.core.errors import NotFound, ValidationFailed
from salw.tracing.selectors import diversion_evidence_by_country
from salw.vocabularies.models import Country, LandBorder
from salw.vocabularies.selectors import names_in_language

DEFAULT_TARGET = CONFLICT_INCIDENCE


def known_country_codes() -> set[str]:
    return set(Country.objects.values_list("iso3", flat=True)) | set(CODES_OUTSIDE_ISO)


def country_names() -> dict[str, str]:
    """Country names in the active language (English where no translation is shipped)."""
    return {**CODES_OUTSIDE_ISO, **names_in_language("country", translation.get_language() or "en")}


def release_already_imported(source: str, sha256: str) -> bool:
    return DataRelease.objects.filter(source=source, sha256=sha256).exists()


def current_release_versions() -> dict[str, str]:
    latest = {}
    for source, version in DataRelease.objects.order_by("imported_at", "pk").values_list("source", "version"):
        latest[source] = version
    return latest


def context_panel(first_year: int | None = None, last_year: int | None = None) -> Panel:
    """Every stored value (optionally only some years) and the land borders, as plain lookups."""
    panel = Panel()
    rows = CountryYearValue.objects.all()
    if first_year is not None:
        rows = rows.filter(year__gte=first_year)
    if last_year is not None:
        rows = rows.filter(year__lte=last_year)
    for code, country, year, value, release in rows.values_list(
            "indicator_id", "country", "year", "value", "release__version").iterator(chunk_size=20000):
        panel.add(code, country, year, value, release)
    for country, neighbour, km in LandBorder.objects.filter(point_contact_only=False) \
            .values_list("country_id", "neighbour_id", "shared_border_km"):
        panel.neighbours.setdefault(country, []).append((neighbour, km or 0.0))
    return panel


def fit_year_range(panel: Panel) -> tuple[int, int]:
    """Feature years the fit can use: from the first governance year to the year before the last conflict year."""
    governance_years = set().union(*(panel.years(code) for code in WGI_CODES))
    conflict_years = panel.years(CONFLICT_INTENSITY)
    if not governance_years or not conflict_years:
        raise ValidationFailed(_("no governance or conflict data is loaded: import WGI and UCDP first"))
    return min(governance_years), max(conflict_years) - 1


# --- risk models ----------------------------------------------------------------------------------

def _version_number(version: str) -> int:
    match = re.search(r"-v(\d+)$", version)
    return int(match.group(1)) if match else 0


def risk_model_specs() -> list[dict]:
    """Every model this installation can use: shipped with the package, then fitted here."""
    fitted = [json.loads(spec) for spec in RiskModelFit.objects.order_by("fitted_at").values_list("spec", flat=True)]
    return [*shipped_model_specs(), *fitted]


def next_model_version(target: str) -> str:
    numbers = [_version_number(spec["version"]) for spec in risk_model_specs() if spec["target"] == target]
    return f"{target}-v{max(numbers, default=0) + 1}"


def risk_model(version: str | None = None) -> RiskModel:
    """The model asked for, or by default the latest version for the default target."""
    specs = risk_model_specs()
    if version:
        chosen = next((spec for spec in specs if spec["version"] == version), None)
        if chosen is None:
            if not specs:
                raise NotFound(_("no risk model %(version)r; models: none") % {"version": version})
            raise NotFound(_("no risk model %(version)r; models: %(models)s") % {
                "version": version, "models": ", ".join(spec["version"] for spec in specs)})
        return RiskModel.from_spec(chosen)
    candidates = [spec for spec in specs if spec["target"] == DEFAULT_TARGET] or specs
    if not candidates:
        raise NotFound(_("no risk model: run `salw context fit-risk` first"))
    return RiskModel.from_spec(max(candidates, key=lambda spec: _version_number(spec["version"])))


# --- country context --------------------------------------------------------------------------

@dataclass
class IndicatorSeries:
    code: str
    name: str
    unit: str
    source: str
    source_name: str
    version: str
    licence: str
    higher_is_worse: bool
    points: list[tuple[int, float, str]] = field(default_factory=list)  # (year, value, release)

    @property
    def years(self) -> list[int]:
        return [year for year, _, _ in self.points]

    @property
    def latest(self) -> tuple[int, float, str] | None:
        return self.points[-1] if self.points else None


@dataclass
class CountryContext:
    country: str
    name: str
    indicators: list[IndicatorSeries]
    conflicts: list[ConflictYear]
    neighbours: list[tuple[str, str, float | None, bool]]  # (iso3, name, shared km, point contact only)
    releases: dict[str, str]


def _require_country(iso3: str) -> str:
    iso3 = (iso3 or "").strip().upper()
    if iso3 not in known_country_codes():
        raise NotFound(_("%(code)r is not a known ISO 3166-1 alpha-3 country code") % {"code": iso3})
    return iso3


def country_context(actor, iso3: str) -> CountryContext:
    policies.context_read(actor)
    iso3 = _require_country(iso3)
    names = country_names()
    series = {indicator.code: IndicatorSeries(indicator.code, indicator.name, indicator.unit, indicator.source,
                                              indicator.source_name, indicator.version, indicator.licence,
                                              indicator.higher_is_worse)
              for indicator in Indicator.objects.all()}
    for code, year, value, release in CountryYearValue.objects.filter(country=iso3).order_by("indicator_id", "year") \
            .values_list("indicator_id", "year", "value", "release__version"):
        series[code].points.append((year, value, release))
    order = {indicator.code: position for position, indicator in enumerate(INDICATORS)}
    neighbours = [(row.neighbour_id, names.get(row.neighbour_id, row.neighbour_id), row.shared_border_km,
                   row.point_contact_only)
                  for row in LandBorder.objects.filter(country_id=iso3).order_by("-shared_border_km")]
    return CountryContext(
        country=iso3, name=names.get(iso3, iso3),
        indicators=sorted(series.values(), key=lambda item: order.get(item.code, 99)),
        conflicts=list(ConflictYear.objects.filter(country=iso3).order_by("-year", "conflict_id")),
        neighbours=neighbours,
        releases={source: f"{SOURCE_DEFINITIONS[source].name} {version}"
                  for source, version in current_release_versions().items()},
    )


# --- explained risk ---------------------------------------------------------------------------

def default_risk_year() -> int:
    """The latest year with governance data: the most recent year the model can describe well."""
    latest = CountryYearValue.objects.filter(indicator_id__in=WGI_CODES).order_by("-year") \
        .values_list("year", flat=True).first()
    if latest is None:
        raise NotFound(_("no country context is loaded: run `salw init` or `salw context import`"))
    return latest


def _described_countries(panel: Panel, model: RiskModel, year: int) -> list[str]:
    """Countries the year's ranking covers: those with governance or economic data."""
    return sorted(iso3 for iso3 in panel.countries()
                  if governance_weakness(panel, iso3, year, model.max_data_age_years).value is not None
                  or economic_weakness(panel, iso3, year, model.max_data_age_years).value is not None)


def _year_explanations(model: RiskModel, year: int, evidence, also: tuple[str, ...] = ()):
    panel = context_panel(year - years_read(model.max_data_age_years), year)
    return explain_year(panel, model, year, _described_countries(panel, model, year), evidence, also)


# The state's own evidence of diversion, read from its trace outcomes within what the actor may see.
FROM_TRACES = object()


def _evidence(actor, given) -> Mapping[str, DiversionEvidence] | None:
    """``given`` evidence (None: not consulted), or by default what this installation's traces hold."""
    if given is FROM_TRACES:
        return diversion_evidence_by_country(actor)
    return given


def country_risk(actor, iso3: str, *, year: int | None = None, model_version: str | None = None,
                 diversion_evidence=FROM_TRACES) -> RiskExplanation:
    """One country's score for a year, every component explained.

    ``diversion_evidence`` (country -> weapons traced to a point of diversion there) is read from
    this installation's traces unless given; None means not consulted.
    """
    policies.context_read(actor)
    diversion_evidence = _evidence(actor, diversion_evidence)
    iso3 = _require_country(iso3)
    model = risk_model(model_version)
    year = year or default_risk_year()
    return _year_explanations(model, year, diversion_evidence, also=(iso3,))[iso3]


def risk_ranking(actor, *, year: int | None = None, model_version: str | None = None,
                 diversion_evidence=FROM_TRACES) -> list[RiskExplanation]:
    """Every described country's score for a year, riskiest first (evidence as in country_risk)."""
    policies.context_read(actor)
    diversion_evidence = _evidence(actor, diversion_evidence)
    model = risk_model(model_version)
    year = year or default_risk_year()
    explanations = _year_explanations(model, year, diversion_evidence)
    return sorted(explanations.values(), key=lambda item: (-item.score, item.country))


# --- the backtest ---------------------------------------------------------------------------------

DEFAULT_FIRST_TEST_YEAR = 2008


def backtest_year_range(panel: Panel) -> tuple[int, int]:
    """Test years possible on the loaded data: 2008 (or later) to the last year with conflict data."""
    first_feature_year, last_feature_year = fit_year_range(panel)
    return max(DEFAULT_FIRST_TEST_YEAR, first_feature_year + 2), last_feature_year + 1


def risk_backtest(actor, *, first_year: int | None = None, last_year: int | None = None,
                  max_data_age_years: int = 2, l2: float = 1.0) -> dict:
    """The score and its baselines as out-of-sample forecasts over the test years (see backtest.py)."""
    policies.context_read(actor)
    settings = (first_year, last_year, max_data_age_years, l2)
    # Same data, same settings, same result: a page view must not refit fifty models each time.
    key = "context-backtest:" + hashlib.sha256(json.dumps(
        [settings, sorted(DataRelease.objects.values_list("sha256", flat=True))]).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = _backtest(*settings)
        cache.set(key, found, BACKTEST_CACHE_SECONDS)
    return found


BACKTEST_CACHE_SECONDS = 24 * 3600


def _backtest(first_year: int | None, last_year: int | None, max_data_age_years: int, l2: float) -> dict:
    panel = context_panel()
    default_first, default_last = backtest_year_range(panel)
    first_year, last_year = first_year or default_first, last_year or default_last
    if first_year > last_year:
        raise ValidationFailed(_("test years %(first)s-%(last)s: the first year is after the last") % {
            "first": first_year, "last": last_year})
    if last_year > default_last:
        raise ValidationFailed(_("no armed-conflict outcomes after %(loaded)s are loaded; import a newer UCDP "
                                 "release to test %(year)s") % {"loaded": default_last, "year": last_year})
    result = backtest(panel, test_years=range(first_year, last_year + 1), max_age=max_data_age_years, l2=l2,
                      first_outcome_year=fit_year_range(panel)[0] + 1)
    result["settings"] = {"test_years": [first_year, last_year], "max_data_age_years": max_data_age_years,
                          "l2": l2, "data_releases": current_release_versions()}
    return result
