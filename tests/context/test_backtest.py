"""The backtest: strict time split, onset population, calibration, and the figures on the shipped data."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

import numpy as np
import pytest
from django.test import Client

from salw.accounts.services import token_create
from salw.context.backtest import PERSISTENCE, calibration_table, rolling_forecasts
from salw.context.domain import CONFLICT_INTENSITY, WGI_CODES
from salw.context.fitting import CONFLICT_ONSET, PLAIN_LOGISTIC, SCORE, Rows, outcome_in
from salw.context.risk import Panel
from salw.context.selectors import backtest_year_range, risk_backtest
from salw.core.errors import PermissionRefused, ValidationFailed
from tests.api.conftest import ApiCaller


def synthetic_rows(seed: int = 7) -> Rows:
    rng = np.random.default_rng(seed)
    years = np.repeat(np.arange(2000, 2016), 80)
    features = rng.normal(size=(len(years), 4))
    outcomes = (features[:, 0] + rng.normal(size=len(years)) > 1.2).astype(float)
    return Rows([f"C{i % 80}" for i in range(len(years))], years, outcomes, outcomes.copy(),
                {SCORE: features, PLAIN_LOGISTIC: features[:, :2].copy()})


def test_a_test_year_is_forecast_only_from_outcomes_known_when_the_forecast_is_made():
    rows = synthetic_rows()
    test_year, horizon = 2010, 2
    before = rolling_forecasts(rows, horizon, range(test_year, test_year + 1), l2=1.0)

    # Everything after the forecast is made (outcome years 2009 onwards) is rewritten: no effect.
    later = rows.outcome_years > test_year - horizon
    rewritten = Rows(rows.countries, rows.outcome_years, np.where(later, 1 - rows.outcomes, rows.outcomes),
                     rows.persistence, {name: np.where(later[:, None] & (rows.outcome_years != test_year)[:, None],
                                                       matrix * 5 + 3, matrix)
                                        for name, matrix in rows.features.items()})
    after = rolling_forecasts(rewritten, horizon, range(test_year, test_year + 1), l2=1.0)
    for name in (SCORE, PLAIN_LOGISTIC):
        np.testing.assert_allclose(after.probabilities[name], before.probabilities[name])

    # The outcomes of 2008 were known: changing them changes the forecast.
    known = rows.outcome_years == test_year - horizon
    flipped = Rows(rows.countries, rows.outcome_years, np.where(known, 1 - rows.outcomes, rows.outcomes),
                   rows.persistence, rows.features)
    changed = rolling_forecasts(flipped, horizon, range(test_year, test_year + 1), l2=1.0)
    assert not np.allclose(changed.probabilities[SCORE], before.probabilities[SCORE])
    assert before.test_years == [2010] and len(before.outcomes) == 80


def test_years_without_enough_history_to_fit_are_skipped_not_faked():
    rows = synthetic_rows()
    forecasts = rolling_forecasts(rows, 1, range(1995, 2003), l2=1.0)
    assert forecasts.test_years[0] > 2000  # 1995-2000 have no earlier outcomes to fit on
    assert set(np.unique(forecasts.outcome_years)) == set(forecasts.test_years)
    assert all(len(forecasts.probabilities[name]) == len(forecasts.outcomes)
               for name in (SCORE, PLAIN_LOGISTIC, PERSISTENCE))


def test_onset_is_counted_only_where_the_year_before_was_at_peace():
    panel = Panel()
    for year, intensity in {2000: 0, 2001: 1, 2002: 1, 2003: 0, 2004: 2}.items():
        panel.add(CONFLICT_INTENSITY, "LBR", year, float(intensity))
    assert [outcome_in(panel, CONFLICT_ONSET, "LBR", year) for year in range(2000, 2006)] == \
        [None, 1, None, None, 1, None]
    assert [outcome_in(panel, "conflict_incidence", "LBR", year) for year in range(2000, 2006)] == \
        [0, 1, 1, 0, 1, None]


def test_calibration_bands_compare_the_mean_forecast_with_what_happened():
    probabilities = np.array([0.01, 0.01, 0.03, 0.3, 0.35, 0.9, 1.0])
    outcomes = np.array([0, 0, 1, 0, 1, 1, 1], dtype=float)
    assert calibration_table(outcomes, probabilities) == [
        {"from": 0.0, "to": 0.02, "n": 2, "positives": 0, "mean_forecast": 0.01, "observed": 0.0},
        {"from": 0.02, "to": 0.05, "n": 1, "positives": 1, "mean_forecast": 0.03, "observed": 1.0},
        {"from": 0.2, "to": 0.4, "n": 2, "positives": 1, "mean_forecast": 0.325, "observed": 0.5},
        {"from": 0.6, "to": 1.0, "n": 2, "positives": 2, "mean_forecast": 0.95, "observed": 1.0},
    ]


def test_a_newer_conflict_release_extends_the_test_years():
    panel = Panel()
    for iso3 in ("SLE", "LBR"):
        for year in range(1996, 2023):
            panel.add(WGI_CODES[0], iso3, year, -1.0)
            panel.add(CONFLICT_INTENSITY, iso3, year, 0.0)
    assert backtest_year_range(panel) == (2008, 2022)
    panel.add(CONFLICT_INTENSITY, "SLE", 2023, 1.0)
    assert backtest_year_range(panel) == (2008, 2023)


@pytest.mark.usefixtures("shipped_context")
def test_on_the_shipped_data_the_score_beats_both_baselines_and_forecasts_onset(system_actor):
    result = risk_backtest(system_actor, first_year=2008, last_year=2021)
    plain = result["baselines"][PLAIN_LOGISTIC]
    for key in ("incidence", "onset"):
        for horizon in ("h1", "h2"):
            mine, theirs = result[key][horizon], plain[key][horizon]
            persistence = result["baselines"][PERSISTENCE][key][horizon]
            assert mine["n"] == theirs["n"] == persistence["n"] > 1000
            assert mine["auc"] >= theirs["auc"] and mine["brier"] <= theirs["brier"], (key, horizon)
            assert mine["auc"] > persistence["auc"] and mine["brier"] < persistence["brier"]
            assert sum(band["n"] for band in mine["calibration"]) == mine["n"]
            assert result["test_years"][key][horizon] == list(range(2008, 2022))
    assert result["onset"]["h1"]["auc"] >= 0.90 and result["onset"]["h2"]["auc"] >= 0.90
    assert result["settings"]["data_releases"]["ucdp"] == "23.1"


@pytest.mark.usefixtures("shipped_context")
def test_test_years_beyond_the_loaded_outcomes_are_refused(system_actor, registrar):
    with pytest.raises(ValidationFailed, match="no armed-conflict outcomes after 2022"):
        risk_backtest(system_actor, first_year=2010, last_year=2024)
    with pytest.raises(ValidationFailed, match="after the last"):
        risk_backtest(system_actor, first_year=2015, last_year=2010)
    with pytest.raises(PermissionRefused):
        risk_backtest(registrar)


@pytest.mark.usefixtures("shipped_context")
def test_the_backtest_page_the_figure_and_the_api(client, analyst, registrar, system_actor):
    client.force_login(analyst)
    page = client.get("/context/backtest/?from=2010&to=2021")
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<tr") == 1 + 12 and "2010–2021" in html
    figure = client.get("/context/backtest/calibration.svg?from=2010&to=2021&download=1")
    assert figure["Content-Type"] == "image/svg+xml" and "attachment" in figure["Content-Disposition"]
    svg = ElementTree.fromstring(figure.content)
    assert len(svg.findall(".//{http://www.w3.org/2000/svg}polyline")) == 8  # 4 panels x 2 forecasts
    refused = client.get("/context/backtest/?from=2010&to=2030")
    assert "no armed-conflict outcomes after 2022" in refused.content.decode()

    _, plain = token_create(actor=system_actor, user=analyst, scopes=["context:read"], days=1)
    body = ApiCaller(Client(), plain).get("/context/backtest?first_year=2010&last_year=2021").json()
    assert body["settings"]["test_years"] == [2010, 2021]
    assert set(body["onset"]) == {"h1", "h2"} and set(body["baselines"]) == {PERSISTENCE, PLAIN_LOGISTIC}
    assert body["incidence"]["h1"]["calibration"][0]["from"] == 0.0

    client.force_login(registrar)
    assert client.get("/context/backtest/").status_code == 403


def test_the_command_prints_the_table_writes_json_and_the_figure(salw_cli, tmp_path):
    salw_cli.init("SLE")
    figure = tmp_path / "calibration.svg"
    table = salw_cli.run("context", "backtest", "--test-years", "2008-2021", "--figure", str(figure)).stdout
    assert "test years 2008-2021" in table and "baseline: plain logistic on raw indicators" in table
    assert ElementTree.parse(figure).getroot().tag.endswith("svg")
    body = json.loads(salw_cli.run("context", "backtest", "--test-years", "2008-2021", "--format", "json").stdout)
    assert set(body) >= {"incidence", "onset", "baselines"}
    assert set(body["incidence"]["h2"]) >= {"auc", "brier", "n", "positives"}
    refused = salw_cli.run("context", "backtest", "--test-years", "2021-2008", check=2)
    assert "2021-2008" in refused.stderr
