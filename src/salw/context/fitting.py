"""Fitting the risk model: L2-regularised logistic regression on the country-year panel.

Year t's components (with the same lookback the score uses) predict the target in t+1. The
model is fitted on the earlier feature years only and tested on the later ones it never saw,
and the coefficients written are the ones tested. Pure: numpy, no Django.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from salw.context.domain import CONFLICT_INTENSITY, GDP_PER_CAPITA, POPULATION_DENSITY
from salw.context.risk import (
    COMPONENT_FUNCTIONS,
    FITTED_COMPONENTS,
    Panel,
    conflict_in_neighbours,
    governance_weakness,
)

CONFLICT_INCIDENCE = "conflict_incidence"
CONFLICT_ONSET = "conflict_onset"
TARGETS = {
    CONFLICT_INCIDENCE: "an active UCDP/PRIO armed conflict (>= 25 battle deaths) located in the country "
                        "in year t+1",
    CONFLICT_ONSET: "an active UCDP/PRIO armed conflict located in the country in year t+1, when there was "
                    "none in year t (country-years already in conflict are left out)",
}


def outcome_in(panel: Panel, target: str, iso3: str, outcome_year: int) -> int | None:
    """1/0 for the target in ``outcome_year``; None when the country-year is not in its population.

    Onset is a conflict in a country that had none the year before, so country-years whose
    previous year was already in conflict (or not covered) are not at risk of onset.
    """
    observed = panel.latest(CONFLICT_INTENSITY, iso3, outcome_year, 0)
    if observed is None:
        return None
    if target == CONFLICT_ONSET:
        previous = panel.latest(CONFLICT_INTENSITY, iso3, outcome_year - 1, 0)
        if previous is None or previous.value >= 1:
            return None
    return int(observed.value >= 1)


FeatureFunction = Callable[[Panel, str, int, int], list[float | None]]

SCORE = "score"
PLAIN_LOGISTIC = "plain_logistic"
PLAIN_FEATURES = ("governance_estimate", "log_gdp_per_capita", "log_population_density",
                  "neighbours_in_conflict", "own_conflict_intensity")


def score_features(panel: Panel, iso3: str, year: int, max_age: int) -> list[float | None]:
    """The named components, as the score reads them."""
    return [COMPONENT_FUNCTIONS[name](panel, iso3, year, max_age).value for name in FITTED_COMPONENTS]


def plain_features(panel: Panel, iso3: str, year: int, max_age: int) -> list[float | None]:
    """Raw indicators for the comparison model of the backtest (see ``PLAIN_FEATURES``)."""
    weakness = governance_weakness(panel, iso3, year, max_age).value
    gdp = panel.latest(GDP_PER_CAPITA, iso3, year, max_age)
    density = panel.latest(POPULATION_DENSITY, iso3, year, max_age)
    own = panel.latest(CONFLICT_INTENSITY, iso3, year, max_age)
    return [None if weakness is None else -weakness,
            math.log(gdp.value) if gdp and gdp.value > 0 else None,
            math.log(density.value) if density and density.value > 0 else None,
            conflict_in_neighbours(panel, iso3, year, max_age).value,
            own.value if own else None]


FEATURE_FUNCTIONS: dict[str, FeatureFunction] = {SCORE: score_features, PLAIN_LOGISTIC: plain_features}
FEATURE_NAMES = {SCORE: FITTED_COMPONENTS, PLAIN_LOGISTIC: PLAIN_FEATURES}


@dataclass
class Rows:
    """The country-years of one target and horizon: outcome, persistence and each model's raw features."""

    countries: list[str]
    outcome_years: np.ndarray
    outcomes: np.ndarray
    persistence: np.ndarray  # conflict in the year the forecast is made (the naive baseline)
    features: dict[str, np.ndarray]  # model -> raw feature matrix, NaN where missing


def panel_rows(panel: Panel, target: str, outcome_years: range, max_age: int, horizon: int = 1,
               models: tuple[str, ...] = (SCORE,)) -> Rows:
    """Every country-year of the target's population in ``outcome_years``, with the features of
    year ``outcome year - horizon``. Countries the context data does not describe (neither
    governance nor economy) are left out."""
    countries, years, outcomes, persistence = [], [], [], []
    features: dict[str, list[list[float]]] = {name: [] for name in models}
    for outcome_year in outcome_years:
        feature_year = outcome_year - horizon
        for iso3 in sorted(panel.countries()):
            outcome = outcome_in(panel, target, iso3, outcome_year)
            if outcome is None:
                continue
            components = score_features(panel, iso3, feature_year, max_age)
            if all(value is None for value in components[:2]):
                continue
            current = panel.latest(CONFLICT_INTENSITY, iso3, feature_year, 0)
            countries.append(iso3)
            years.append(outcome_year)
            outcomes.append(outcome)
            persistence.append(float(current is not None and current.value >= 1))
            for name in models:
                values = components if name == SCORE else FEATURE_FUNCTIONS[name](panel, iso3, feature_year,
                                                                                   max_age)
                features[name].append([math.nan if value is None else value for value in values])
    return Rows(countries, np.array(years, dtype=int), np.array(outcomes, dtype=float),
                np.array(persistence, dtype=float),
                {name: np.array(rows, dtype=float).reshape(len(countries), len(FEATURE_NAMES[name]))
                 for name, rows in features.items()})


def standardisation(features: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    means = np.nanmean(features, axis=0)
    sds = np.nanstd(features, axis=0)
    sds[~np.isfinite(sds) | (sds == 0)] = 1.0
    means[~np.isfinite(means)] = 0.0
    return means, sds


def standardised_matrix(features: np.ndarray, means: np.ndarray, sds: np.ndarray) -> np.ndarray:
    """Missing values become 0: the term drops out, exactly as in the score."""
    matrix = (features - means) / sds
    matrix[np.isnan(matrix)] = 0.0
    return matrix


def fit_logistic(matrix: np.ndarray, outcomes: np.ndarray, l2: float,
                 iterations: int = 100) -> tuple[float, np.ndarray]:
    """Newton's method on the penalised log-likelihood; the intercept is not penalised."""
    n, k = matrix.shape
    design = np.hstack([np.ones((n, 1)), matrix])
    weights = np.zeros(k + 1)
    penalty = np.full(k + 1, l2)
    penalty[0] = 0.0
    for _ in range(iterations):
        probabilities = 1.0 / (1.0 + np.exp(-(design @ weights)))
        gradient = design.T @ (probabilities - outcomes) + penalty * weights
        curvature = design.T @ (design * (probabilities * (1 - probabilities))[:, None]) + np.diag(penalty)
        step = np.linalg.solve(curvature + 1e-9 * np.eye(k + 1), gradient)
        weights -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return float(weights[0]), weights[1:]


def predict(matrix: np.ndarray, intercept: float, coefficients: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(intercept + matrix @ coefficients)))


def auc(outcomes: np.ndarray, scores: np.ndarray) -> float | None:
    """Area under the ROC curve (ties count half): the chance a positive outranks a negative."""
    positives = outcomes == 1
    n_pos, n_neg = int(positives.sum()), int((~positives).sum())
    if not n_pos or not n_neg:
        return None
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def brier(outcomes: np.ndarray, probabilities: np.ndarray) -> float:
    return float(np.mean((probabilities - outcomes) ** 2))


def log_loss(outcomes: np.ndarray, probabilities: np.ndarray) -> float:
    clipped = np.clip(probabilities, 1e-12, 1 - 1e-12)
    return float(-np.mean(outcomes * np.log(clipped) + (1 - outcomes) * np.log(1 - clipped)))


def statistics(outcomes: np.ndarray, probabilities: np.ndarray) -> dict:
    def rounded(value):
        return None if value is None else round(value, 4)

    return {"n": int(len(outcomes)), "positives": int(outcomes.sum()),
            "auc": rounded(auc(outcomes, probabilities)), "brier": rounded(brier(outcomes, probabilities)),
            "log_loss": rounded(log_loss(outcomes, probabilities))}


@dataclass
class FitResult:
    intercept: float
    coefficients: dict[str, float]
    means: dict[str, float]
    sds: dict[str, float]
    missing_share: dict[str, float]
    training: dict
    held_out: dict
    persistence_baseline: dict


def fit_risk_model(panel: Panel, *, target: str, first_year: int, holdout_from: int, last_year: int,
                   max_age: int, l2: float) -> FitResult:
    """Fit on feature years first_year..holdout_from-1, test on holdout_from..last_year."""
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}; targets: {', '.join(TARGETS)}")
    # Feature years become outcome years one later.
    training = panel_rows(panel, target, range(first_year + 1, holdout_from + 1), max_age)
    testing = panel_rows(panel, target, range(holdout_from + 1, last_year + 2), max_age)
    if len(training.countries) < 20 or training.outcomes.sum() < 2:
        raise ValueError(f"too little data to fit: {len(training.countries)} country-years, "
                         f"{int(training.outcomes.sum())} with the outcome, in {first_year}-{holdout_from - 1}")
    train_x, test_x = training.features[SCORE], testing.features[SCORE]
    means, sds = standardisation(train_x)
    intercept, coefficients = fit_logistic(standardised_matrix(train_x, means, sds), training.outcomes, l2)
    train_p = predict(standardised_matrix(train_x, means, sds), intercept, coefficients)
    test_p = predict(standardised_matrix(test_x, means, sds), intercept, coefficients) \
        if testing.countries else np.array([])
    names = FITTED_COMPONENTS
    return FitResult(
        intercept=intercept,
        coefficients={name: float(value) for name, value in zip(names, coefficients, strict=True)},
        means={name: float(value) for name, value in zip(names, means, strict=True)},
        sds={name: float(value) for name, value in zip(names, sds, strict=True)},
        missing_share={name: round(float(np.isnan(train_x[:, i]).mean()), 4)
                       for i, name in enumerate(names)},
        training={"feature_years": [first_year, holdout_from - 1], **statistics(training.outcomes, train_p)},
        held_out={"feature_years": [holdout_from, last_year], **statistics(testing.outcomes, test_p)},
        persistence_baseline={"feature_years": [holdout_from, last_year],
                              **statistics(testing.outcomes, testing.persistence)},
    )
