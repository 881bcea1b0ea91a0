"""The explained score: components sum to it, missing data is shown and left out, neighbours spill over."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salw.context.domain import CONFLICT_INTENSITY, GDP_PER_CAPITA, WGI_CODES
from salw.context.risk import (
    CONFLICT_HISTORY,
    CONFLICT_HISTORY_YEARS,
    CONFLICT_IN_COUNTRY,
    CONFLICT_IN_NEIGHBOURS,
    DIVERSION_EVIDENCE,
    ECONOMIC_WEAKNESS,
    FITTED_COMPONENTS,
    GOVERNANCE_WEAKNESS,
    NEIGHBOUR_WEAKNESS,
    DiversionEvidence,
    Panel,
    RiskModel,
    conflict_history,
    explain_year,
    logistic,
    percentile_of,
)

COEFFICIENTS = {GOVERNANCE_WEAKNESS: 0.5, ECONOMIC_WEAKNESS: 0.2, CONFLICT_IN_COUNTRY: 2.0,
                CONFLICT_IN_NEIGHBOURS: 0.4, NEIGHBOUR_WEAKNESS: 0.3, CONFLICT_HISTORY: 0.25}


def model(coefficients=None, intercept: float = -2.5, evidence_weight: float = 0.5) -> RiskModel:
    coefficients = coefficients or COEFFICIENTS
    return RiskModel.from_spec({
        "version": "test-v1", "target": "conflict_incidence", "intercept": intercept, "max_data_age_years": 2,
        "terms": [{"component": name, "coefficient": coefficients[name], "mean": 0.3, "sd": 0.8}
                  for name in FITTED_COMPONENTS],
        "declared_terms": [{"component": DIVERSION_EVIDENCE, "coefficient": evidence_weight, "basis": "test"}],
    })


def mano_river(liberia_at_war: bool = False) -> Panel:
    """Sierra Leone with Liberia (234 km in this toy) and Guinea (652 km) as neighbours, and an island."""
    panel = Panel()
    governance = {"SLE": -0.9, "LBR": -1.4, "GIN": -1.0, "ISL": 1.4}
    for iso3, estimate in governance.items():
        for code in WGI_CODES:
            panel.add(code, iso3, 2003, estimate, "test")
        panel.add(GDP_PER_CAPITA, iso3, 2003, {"ISL": 50_000}.get(iso3, 500.0), "test")
        panel.add(CONFLICT_INTENSITY, iso3, 2003, 0.0, "test")
    if liberia_at_war:
        panel.add(CONFLICT_INTENSITY, "LBR", 2003, 2.0, "test")
    panel.neighbours = {"SLE": [("LBR", 234.0), ("GIN", 652.0)], "LBR": [("SLE", 234.0), ("GIN", 563.0)],
                        "GIN": [("SLE", 652.0), ("LBR", 563.0)]}
    return panel


def explanation(panel: Panel, iso3: str = "SLE", risk_model: RiskModel | None = None, evidence=None):
    return explain_year(panel, risk_model or model(), 2003, sorted(panel.countries()), evidence)[iso3]


def test_the_score_is_the_logistic_of_the_intercept_plus_the_contributions():
    found = explanation(mano_river(), evidence={})
    contributions = [c.contribution for c in found.components if c.contribution is not None]
    assert found.logit == pytest.approx(found.intercept + sum(contributions))
    assert found.score == pytest.approx(1 / (1 + math.exp(-found.logit)))


def test_each_contribution_is_the_coefficient_times_the_standardised_value():
    for component in explanation(mano_river(), evidence={}).components:
        assert component.contribution == pytest.approx(component.coefficient * component.standardised)
        if not component.declared:
            assert component.standardised == pytest.approx((component.value - 0.3) / 0.8)


def test_governance_weakness_is_minus_the_mean_estimate_and_economy_minus_log_gdp():
    found = {c.component: c for c in explanation(mano_river()).components}
    assert found[GOVERNANCE_WEAKNESS].value == pytest.approx(0.9)
    assert found[ECONOMIC_WEAKNESS].value == pytest.approx(-math.log(500))
    assert found[GOVERNANCE_WEAKNESS].year == 2003 and "WGI" in found[GOVERNANCE_WEAKNESS].source


def test_neighbour_weakness_is_weighted_by_shared_border_length():
    found = {c.component: c for c in explanation(mano_river()).components}
    assert found[NEIGHBOUR_WEAKNESS].value == pytest.approx((234 * 1.4 + 652 * 1.0) / (234 + 652))


def test_a_neighbour_at_war_raises_the_score():
    calm = explanation(mano_river(liberia_at_war=False))
    war = explanation(mano_river(liberia_at_war=True))
    calm_part = {c.component: c for c in calm.components}[CONFLICT_IN_NEIGHBOURS]
    war_part = {c.component: c for c in war.components}[CONFLICT_IN_NEIGHBOURS]
    assert (calm_part.value, war_part.value) == (0, 1)
    assert "LBR" in war_part.note
    assert war.score > calm.score


def test_missing_data_is_shown_as_missing_and_left_out_of_the_sum():
    panel = mano_river()
    del panel.values[GDP_PER_CAPITA]["SLE"]
    found = explanation(panel)
    economy = {c.component: c for c in found.components}[ECONOMIC_WEAKNESS]
    assert economy.missing and economy.value is None and economy.contribution is None
    assert any("Economic weakness: missing" in note for note in found.notes)
    assert found.logit == pytest.approx(found.intercept + sum(c.contribution for c in found.components
                                                              if c.contribution is not None))


def test_an_island_has_no_neighbour_terms_rather_than_safe_ones():
    found = {c.component: c for c in explanation(mano_river(), "ISL").components}
    assert found[CONFLICT_IN_NEIGHBOURS].missing and "no land neighbours" in found[CONFLICT_IN_NEIGHBOURS].note
    assert found[NEIGHBOUR_WEAKNESS].missing


def test_values_older_than_the_lookback_are_missing_and_the_year_used_is_shown():
    panel = mano_river()
    for code in WGI_CODES:
        panel.add(code, "SLE", 2000, -2.0, "old")
    found = {c.component: c for c in explain_year(panel, model(), 2004, ["SLE"])["SLE"].components}
    assert found[GOVERNANCE_WEAKNESS].year == 2003
    found = {c.component: c for c in explain_year(panel, model(), 2006, ["SLE"])["SLE"].components}
    assert found[GOVERNANCE_WEAKNESS].missing


def test_the_states_own_evidence_of_diversion_counts_with_its_declared_weight():
    without = explanation(mano_river(), evidence={})
    with_cases = explanation(mano_river(), evidence={"SLE": DiversionEvidence(weapons=12, latest_year=2002)})
    part = {c.component: c for c in with_cases.components}[DIVERSION_EVIDENCE]
    assert part.declared and part.value == pytest.approx(math.log1p(12)) and part.year == 2002
    assert with_cases.logit - without.logit == pytest.approx(0.5 * math.log1p(12))
    not_consulted = {c.component: c for c in explanation(mano_river(), evidence=None).components}
    assert not_consulted[DIVERSION_EVIDENCE].missing


def test_percentiles_rank_among_the_countries_of_the_year():
    assert percentile_of(3.0, [1.0, 2.0, 3.0, 4.0]) == 62.5
    found = {c.component: c for c in explanation(mano_river(), "LBR").components}
    assert found[GOVERNANCE_WEAKNESS].percentile == 87.5  # the weakest of four


finite = st.floats(min_value=-5, max_value=5, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(coefficients=st.fixed_dictionaries({name: finite for name in FITTED_COMPONENTS}), intercept=finite,
       estimate=st.floats(min_value=-2.5, max_value=2.5), gdp=st.floats(min_value=100, max_value=100_000),
       at_war=st.booleans(), drop_gdp=st.booleans())
def test_components_always_compose_the_score(coefficients, intercept, estimate, gdp, at_war, drop_gdp):
    panel = mano_river(liberia_at_war=at_war)
    for code in WGI_CODES:
        panel.add(code, "SLE", 2003, estimate)
    if drop_gdp:
        del panel.values[GDP_PER_CAPITA]["SLE"]
    else:
        panel.add(GDP_PER_CAPITA, "SLE", 2003, gdp)
    found = explanation(panel, risk_model=model(coefficients, intercept), evidence={})
    total = intercept + sum(c.contribution for c in found.components if not c.missing)
    assert found.logit == pytest.approx(total, abs=1e-9)
    assert found.score == pytest.approx(logistic(total), abs=1e-12)
    assert 0.0 <= found.score <= 1.0
    assert all((c.contribution is None) == c.missing for c in found.components)


def test_a_model_with_an_unknown_component_is_refused():
    with pytest.raises(ValueError, match="unknown component"):
        RiskModel.from_spec({"version": "x", "target": "t", "intercept": 0, "max_data_age_years": 1,
                             "terms": [{"component": "astrology", "coefficient": 1, "mean": 0, "sd": 1}]})


def test_conflict_history_counts_the_years_of_conflict_in_the_window_and_says_how_much_was_covered():
    panel = Panel()
    for year in range(1990, 2004):  # the state appears in the data in 1990: 14 of the 20 years covered
        panel.add(CONFLICT_INTENSITY, "SLE", year, 2.0 if 1991 <= year <= 1995 else 0.0, "test")
    panel.add(CONFLICT_INTENSITY, "SLE", 1980, 1.0, "test")  # outside 1984-2003: not counted
    found = conflict_history(panel, "SLE", 2003, 2)
    assert CONFLICT_HISTORY_YEARS == 20
    assert found.value == 5.0 and found.year == 2003
    assert "latest 1995" in found.note and "14 of the 20 years covered" in found.note
    assert conflict_history(panel, "SLE", 2015, 2).value == 0.0  # 1991-1995 have left the window
    assert conflict_history(panel, "LBR", 2003, 2).value is None  # never covered: missing, not 0


def test_past_conflict_raises_the_score_of_a_country_at_peace_today():
    calm, scarred = mano_river(), mano_river()
    for year in range(1991, 2002):
        scarred.add(CONFLICT_INTENSITY, "SLE", year, 2.0, "test")
    before = {c.component: c for c in explanation(calm, evidence={}).components}
    after = {c.component: c for c in explanation(scarred, evidence={}).components}
    assert before[CONFLICT_IN_COUNTRY].value == after[CONFLICT_IN_COUNTRY].value == 0.0
    assert (before[CONFLICT_HISTORY].value, after[CONFLICT_HISTORY].value) == (0.0, 11.0)
    assert explanation(scarred, evidence={}).score > explanation(calm, evidence={}).score
