"""Fitting the risk model: L2-regularised logistic regression on the country-year panel.

Year t's components (with the same lookback the score uses) predict the target in t+1. The
model is fitted on the earlier feature years only and tested on the later ones it never saw,
and the coefficients written are the ones tested. Pure: numpy, no Django.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from salw.context.domain import CONFLICT_INTENSITY
from salw.context.risk import COMPONENT_FUNCTIONS, FITTED_COMPONENTS, Panel

CONFLICT_INCIDENCE = "conflict_incidence"
CONFLICT_ONSET = "conflict_onset"
TARGETS = {
    CONFLICT_INCIDENCE: "an active UCDP/PRIO armed conflict (>= 25 battle deaths) located in the country "
                        "in year t+1",
    CONFLICT_ONSET: "an active UCDP/PRIO armed conflict located in the country in year t+1, when there was "
                    "none in year t (country-years already in conflict are left out)",
}


@dataclass
class Design:
    rows: list[tuple[str, int]]  # (country, feature year)
    features: np.ndarray  # raw component values, NaN where missing
    outcomes: np.ndarray
    persistence: np.ndarray  # conflict in year t (the naive baseline's forecast)


def target_outcome(panel: Panel, target: str, iso3: str, year: int) -> int | None:
    """1/0 for the target in year+1, None when the row does not belong to the target's population."""
    following = panel.latest(CONFLICT_INTENSITY, iso3, year + 1, 0)
    if following is None:
        return None
    happened = int(following.value >= 1)
    if target == CONFLICT_ONSET:
        current = panel.latest(CONFLICT_INTENSITY, iso3, year, 0)
        if current is None or current.value >= 1:
            return None
    return happened


def build_design(panel: Panel, target: str, years: range, max_age: int) -> Design:
    rows, features, outcomes, persistence = [], [], [], []
    countries = sorted(panel.countries())
    for year in years:
        for iso3 in countries:
            outcome = target_outcome(panel, target, iso3, year)
            if outcome is None:
                continue
            values = [COMPONENT_FUNCTIONS[name](panel, iso3, year, max_age).value for name in FITTED_COMPONENTS]
            if all(value is None for value in values[:2]):
                continue  # neither governance nor economy: a state the context data does not describe
            current = panel.latest(CONFLICT_INTENSITY, iso3, year, 0)
            rows.append((iso3, year))
            features.append([math.nan if value is None else value for value in values])
            outcomes.append(outcome)
            persistence.append(float(current is not None and current.value >= 1))
    return Design(rows, np.array(features, dtype=float).reshape(len(rows), len(FITTED_COMPONENTS)),
                  np.array(outcomes, dtype=float), np.array(persistence, dtype=float))


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
    training = build_design(panel, target, range(first_year, holdout_from), max_age)
    testing = build_design(panel, target, range(holdout_from, last_year + 1), max_age)
    if len(training.rows) < 20 or training.outcomes.sum() < 2:
        raise ValueError(f"too little data to fit: {len(training.rows)} country-years, "
                         f"{int(training.outcomes.sum())} with the outcome, in {first_year}-{holdout_from - 1}")
    means, sds = standardisation(training.features)
    intercept, coefficients = fit_logistic(standardised_matrix(training.features, means, sds),
                                           training.outcomes, l2)
    train_p = predict(standardised_matrix(training.features, means, sds), intercept, coefficients)
    test_p = predict(standardised_matrix(testing.features, means, sds), intercept, coefficients) \
        if testing.rows else np.array([])
    names = FITTED_COMPONENTS
    return FitResult(
        intercept=intercept,
        coefficients={name: float(value) for name, value in zip(names, coefficients, strict=True)},
        means={name: float(value) for name, value in zip(names, means, strict=True)},
        sds={name: float(value) for name, value in zip(names, sds, strict=True)},
        missing_share={name: round(float(np.isnan(training.features[:, i]).mean()), 4)
                       for i, name in enumerate(names)},
        training={"feature_years": [first_year, holdout_from - 1], **statistics(training.outcomes, train_p)},
        held_out={"feature_years": [holdout_from, last_year], **statistics(testing.outcomes, test_p)},
        persistence_baseline={"feature_years": [holdout_from, last_year],
                              **statistics(testing.outcomes, testing.persistence)},
    )
