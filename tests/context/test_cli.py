"""`salw context ...`, the real command in a child process with an installation of its own."""

from __future__ import annotations

import json

from tests.context.conftest import write_csv


def test_show_import_and_fit_from_the_command_line(salw_cli, tmp_path):
    salw_cli.init("SLE")

    shown = json.loads(salw_cli.run("context", "show", "sle", "--year", "2000", "--format", "json", check=0).stdout)
    assert (shown["country"], shown["year"], shown["model_version"]) == ("SLE", 2000, "conflict_incidence-v2")
    assert {part["component"] for part in shown["components"]} >= {"governance_weakness", "neighbour_weakness"}
    text = salw_cli.run("context", "show", "ISL", check=0).stdout
    assert "missing" in text and "no land neighbours" in text

    bad = write_csv(tmp_path / "wgi_bad.csv", ["iso_a3", "year", "va_est", "pv_est", "ge_est", "rq_est", "rl_est",
                                                "cc_est"], [["SLE", "2023", "0", "weak", "0", "0", "0", "0"]])
    refused = salw_cli.run("context", "import", "wgi", bad, check=1)
    assert "wgi_bad.csv, row 2, column 'pv_est': expected a number" in refused.stderr
    assert "nothing was stored" in refused.stderr

    good = write_csv(tmp_path / "wgi_2024.csv", ["iso_a3", "year", "va_est", "pv_est", "ge_est", "rq_est",
                                                 "rl_est", "cc_est"], [["SLE", "2023", "0", "-0.1", "0", "0", "0", "0"]])
    imported = json.loads(salw_cli.run("context", "import", "wgi", good, "--release", "2024 update", "--format",
                                       "json", check=0).stdout)
    assert (imported["version"], imported["values"]) == ("2024 update", 6)

    output = tmp_path / "onset.json"
    fitted = salw_cli.run("context", "fit-risk", "--target", "conflict_onset", "--output", output, check=0)
    assert "conflict_onset-v3" in fitted.stdout and "Held out" in fitted.stdout
    spec = json.loads(output.read_text(encoding="utf-8"))
    assert spec["data_releases"]["wgi"] == "2024 update" and spec["held_out"]["auc"] > 0.5
    with_model = json.loads(salw_cli.run("context", "show", "SLE", "--model", "conflict_onset-v3", "--format",
                                         "json", check=0).stdout)
    assert with_model["target"] == "conflict_onset" and with_model["year"] == 2023

    ranking = salw_cli.run("context", "ranking", "--year", "2021", "--top", "5", check=0).stdout.splitlines()
    assert len(ranking) == 5
