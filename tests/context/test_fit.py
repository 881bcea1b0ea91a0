"""`salw context fit-risk`: the model fitted on the panel, tested on later years, kept as a new version."""

from __future__ import annotations

import json

import numpy as np
import pytest

from salw.context.fitting import auc, brier, fit_logistic
from salw.context.loader import shipped_model_specs
from salw.context.models import RiskModelFit
from salw.context.risk import FITTED_COMPONENTS, RiskModel
from salw.context.selectors import risk_model
from salw.context.services import risk_model_fit
from salw.core.errors import PermissionRefused
from salw.core.models import AuditEntry


def test_auc_and_brier_on_hand_computed_cases():
    outcomes = np.array([0, 0, 1, 1])
    assert auc(outcomes, np.array([0.1, 0.4, 0.35, 0.8])) == pytest.approx(0.75)
    assert auc(outcomes, np.array([0.5, 0.5, 0.5, 0.5])) == pytest.approx(0.5)
    assert auc(np.array([1, 1]), np.array([0.2, 0.3])) is None
    assert brier(outcomes, np.array([0.0, 0.0, 1.0, 0.5])) == pytest.approx(0.0625)


def test_the_ridge_penalty_shrinks_coefficients_and_leaves_the_intercept_free():
    rng = np.random.default_rng(7)
    matrix = rng.normal(size=(400, 2))
    outcomes = (rng.random(400) < 1 / (1 + np.exp(-(0.5 + 2 * matrix[:, 0])))).astype(float)
    _, loose = fit_logistic(matrix, outcomes, l2=0.0)
    _, tight = fit_logistic(matrix, outcomes, l2=200.0)
    assert 1.5 < loose[0] < 2.6 and abs(loose[1]) < 0.4
    assert abs(tight[0]) < abs(loose[0])


@pytest.mark.usefixtures("shipped_context")
def test_fitting_writes_a_new_version_with_held_out_statistics(system_actor):
    spec = risk_model_fit(actor=system_actor, target="conflict_onset", holdout_years=5)
    assert spec["version"] == "conflict_onset-v3"  # v1 and v2 ship with the package
    assert spec["held_out"]["feature_years"] == [2017, 2021]
    assert spec["training"]["feature_years"] == [1996, 2016]
    assert spec["held_out"]["n"] > 500 and spec["held_out"]["positives"] > 5
    assert 0.5 < spec["held_out"]["auc"] <= 1 and 0 < spec["held_out"]["brier"] < 0.25
    assert spec["data_releases"] == {"ucdp": "23.1", "wgi": "2023 update (data to 2022)",
                                     "economy": "systema_globalis c63631a (data to 2023)"}
    assert [term["component"] for term in spec["terms"]] == list(FITTED_COMPONENTS)
    stored = RiskModelFit.objects.get(version="conflict_onset-v3")
    assert json.loads(stored.spec) == spec
    assert risk_model("conflict_onset-v3").intercept == pytest.approx(spec["intercept"])
    assert AuditEntry.objects.filter(action="risk_model_fit", object_id="conflict_onset-v3").exists()


@pytest.mark.usefixtures("shipped_context")
def test_the_shipped_models_are_what_fitting_the_shipped_data_gives(system_actor):
    shipped = {spec["version"]: spec for spec in shipped_model_specs()}["conflict_incidence-v2"]
    refitted = risk_model_fit(actor=system_actor, target="conflict_incidence")
    assert refitted["version"] == "conflict_incidence-v3"
    assert refitted["held_out"] == shipped["held_out"]
    for mine, theirs in zip(refitted["terms"], shipped["terms"], strict=True):
        assert mine["coefficient"] == pytest.approx(theirs["coefficient"], abs=1e-5)
    # The newest fit of the default target becomes the default model.
    assert risk_model().version == "conflict_incidence-v3"


def test_the_shipped_models_carry_their_test():
    for spec in shipped_model_specs():
        model = RiskModel.from_spec(spec)
        assert model.version.endswith(("-v1", "-v2"))
        assert spec["held_out"]["auc"] > spec["baseline_conflict_last_year"]["auc"]
        assert spec["held_out"]["brier"] < spec["baseline_conflict_last_year"]["brier"]


def test_only_an_administrator_fits(registrar, analyst):
    for user in (registrar, analyst):
        with pytest.raises(PermissionRefused):
            risk_model_fit(actor=user, target="conflict_incidence")
