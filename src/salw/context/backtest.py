"""The backtest: the risk score as a forecast of armed conflict, tested the way it would have been used.

For each test year Y and horizon h (1 or 2 years), the forecast is made from the data of year
Y - h, with a model fitted only on country-years whose outcome was known by then (outcome year
<= Y - h). Nothing from year Y - h + 1 onwards enters the fit or the features, so every test
year is a genuine out-of-sample forecast; a newer UCDP release simply adds test years.

Two baselines are scored on exactly the same country-years:
- persistence: "conflict in the year the forecast is made" (1 or 0);
- plain logistic: the same fitting method on raw indicators (governance, log GDP per capita, log
  population density, land neighbours in conflict, own conflict intensity) instead of the
  named components.

Pure: numpy, no Django.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from salw.context.fitting import (
    CONFLICT_INCIDENCE,
    CONFLICT_ONSET,
    PLAIN_LOGISTIC,
    SCORE,
    Rows,
    auc,
    brier,
    fit_logistic,
    panel_rows,
    predict,
    standardisation,
    standardised_matrix,
)
from salw.context.risk import Panel

HORIZONS = (1, 2)
PERSISTENCE = "persistence"
FORECASTS = (SCORE, PERSISTENCE, PLAIN_LOGISTIC)
FORECAST_LABELS = {
    SCORE: "explained risk score (the named components)",
    PERSISTENCE: "baseline: conflict in the year the forecast is made",
    PLAIN_LOGISTIC: "baseline: plain logistic on raw indicators",
}
TARGET_KEYS = {CONFLICT_INCIDENCE: "incidence", CONFLICT_ONSET: "onset"}
CALIBRATION_BINS = (0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 1.0)
# The fit needs some positive cases behind it; earlier test years are skipped, not faked.
MINIMUM_TRAINING_POSITIVES = 10


def _fitted_forecast(training: np.ndarray, outcomes: np.ndarray, testing: np.ndarray, l2: float) -> np.ndarray:
    means, sds = standardisation(training)
    intercept, coefficients = fit_logistic(standardised_matrix(training, means, sds), outcomes, l2)
    return predict(standardised_matrix(testing, means, sds), intercept, coefficients)


@dataclass
class Forecasts:
    """Every out-of-sample forecast of one target and horizon, row-aligned with ``outcomes``."""

    outcome_years: np.ndarray
    outcomes: np.ndarray
    probabilities: dict[str, np.ndarray]
    test_years: list[int]


def rolling_forecasts(rows: Rows, horizon: int, test_years: range, l2: float) -> Forecasts:
    """For each test year, fit on outcomes known when the forecast is made, forecast that year."""
    years, outcomes, kept_years = [], [], []
    probabilities: dict[str, list[np.ndarray]] = {name: [] for name in FORECASTS}
    for test_year in test_years:
        known = rows.outcome_years <= test_year - horizon
        tested = rows.outcome_years == test_year
        if not tested.any() or rows.outcomes[known].sum() < MINIMUM_TRAINING_POSITIVES:
            continue
        kept_years.append(test_year)
        years.append(rows.outcome_years[tested])
        outcomes.append(rows.outcomes[tested])
        probabilities[PERSISTENCE].append(rows.persistence[tested])
        for name in (SCORE, PLAIN_LOGISTIC):
            probabilities[name].append(_fitted_forecast(rows.features[name][known], rows.outcomes[known],
                                                        rows.features[name][tested], l2))

    def joined(parts: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(parts) if parts else np.array([])

    return Forecasts(joined(years), joined(outcomes), {name: joined(parts) for name, parts in probabilities.items()},
                     kept_years)


def calibration_table(outcomes: np.ndarray, probabilities: np.ndarray,
                      bins: tuple[float, ...] = CALIBRATION_BINS) -> list[dict]:
    """Forecast against observed frequency in fixed probability bands (empty bands left out)."""
    table = []
    for low, high in zip(bins, bins[1:], strict=False):
        inside = (probabilities >= low) & ((probabilities < high) | ((high == bins[-1]) & (probabilities <= high)))
        if not inside.any():
            continue
        table.append({"from": low, "to": high, "n": int(inside.sum()), "positives": int(outcomes[inside].sum()),
                      "mean_forecast": round(float(probabilities[inside].mean()), 4),
                      "observed": round(float(outcomes[inside].mean()), 4)})
    return table


def evaluation(outcomes: np.ndarray, probabilities: np.ndarray) -> dict:
    area = auc(outcomes, probabilities) if len(outcomes) else None
    return {"auc": None if area is None else round(area, 4),
            "brier": round(brier(outcomes, probabilities), 4) if len(outcomes) else None,
            "n": int(len(outcomes)), "positives": int(outcomes.sum()),
            "calibration": calibration_table(outcomes, probabilities)}


def backtest(panel: Panel, *, test_years: range, max_age: int, l2: float,
             first_outcome_year: int) -> dict:
    """AUC, Brier and calibration for incidence and onset, one and two years ahead.

    ``{"incidence": {"h1": {...}, "h2": {...}}, "onset": {...}, "baselines": {"persistence": {...},
    "plain_logistic": {...}}, "test_years": {...}}``: the score's figures at the top, each
    baseline's in the same shape under "baselines".
    """
    result: dict = {"baselines": {PERSISTENCE: {}, PLAIN_LOGISTIC: {}}, "test_years": {}}
    for target, key in TARGET_KEYS.items():
        result[key] = {}
        result["test_years"][key] = {}
        for baseline in (PERSISTENCE, PLAIN_LOGISTIC):
            result["baselines"][baseline][key] = {}
        for horizon in HORIZONS:
            rows = panel_rows(panel, target, range(first_outcome_year, test_years.stop), max_age, horizon,
                              models=(SCORE, PLAIN_LOGISTIC))
            forecasts = rolling_forecasts(rows, horizon, test_years, l2)
            label = f"h{horizon}"
            result[key][label] = evaluation(forecasts.outcomes, forecasts.probabilities[SCORE])
            for baseline in (PERSISTENCE, PLAIN_LOGISTIC):
                result["baselines"][baseline][key][label] = evaluation(forecasts.outcomes,
                                                                      forecasts.probabilities[baseline])
            result["test_years"][key][label] = forecasts.test_years
    return result
