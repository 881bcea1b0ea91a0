"""``salw licence list|show`` in process, on the test database."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from salw.cli.licensing import licence_group
from salw.licensing import services
from tests.licensing.conftest import licensed, new_export

pytestmark = pytest.mark.django_db


def test_list_and_show_a_licence(officer, national):
    licence = licensed(officer, new_export(officer, national), quantities={1: 8})
    services.delivery_record(actor=officer, licence=licence, shipped_on=date(2023, 3, 1), transit_countries=["CIV"],
                             lines=[{"line": 1, "quantity": 5}])
    runner = CliRunner()
    listed = runner.invoke(licence_group, ["list"])
    assert listed.exit_code == 0, listed.output
    assert licence.number in listed.output and "partially_delivered" in listed.output
    shown = runner.invoke(licence_group, ["show", licence.number, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    document = json.loads(shown.output)
    assert [(q["licensed"], q["delivered"], q["remaining"]) for q in document["quantities"]] == [(8, 5, 3), (4, 0, 4)]
    # No country context is loaded here: the panel says so for each country instead of inventing a score.
    countries = {entry["country"]: entry for entry in document["risk_panel"]["countries"]}
    assert set(countries) == {"GHA", "CIV"} and countries["GHA"]["risk"] is None and countries["GHA"]["problem"]
    text = runner.invoke(licence_group, ["show", licence.number])
    assert "1. AKM assault rifle: 8, 5, 3" in text.output and "via CIV" in text.output
    assert "This State's own evidence of diversion: none recorded" in text.output
    missing = runner.invoke(licence_group, ["show", "NOPE"])
    assert missing.exit_code != 0
