"""``salw embargo ...`` and ``salw licence reassessments|reassess`` in process, on the test database."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from salw.cli.embargoes import embargo_group
from salw.cli.licensing import licence_group
from salw.licensing import services
from salw.licensing.models import ArmsEmbargo, ReassessmentFlag
from tests.licensing.conftest import SOUTH_SUDAN, licensed, new_export

pytestmark = pytest.mark.django_db



def test_the_administrator_keeps_the_list_from_the_command_line(officer, national, system_actor):
    licence = licensed(officer, new_export(officer, national, parties=SOUTH_SUDAN, reference="APP-SSD"))
    services.embargoes_seed_load(actor=system_actor)  # an installation upgraded with a licence to South Sudan
    assert ReassessmentFlag.objects.get().application_id == licence.application_id
    runner = CliRunner()

    in_2000 = json.loads(runner.invoke(embargo_group, ["list", "--in-force-on", "2000-01-01", "--format",
                                                       "json"]).output)
    assert {(entry["country"], entry["scope"]) for entry in in_2000} >= {("LBR", "all"), ("SLE", "non_state"),
                                                                         ("SOM", "all")} and \
        not any(entry["country"] in ("SSD", "PRK", "COD") for entry in in_2000)

    refused = runner.invoke(embargo_group, ["add", "--country", "ZZZ", "--regime", "x", "--resolution", "S/RES/1",
                                            "--scope", "all", "--from", "2020-01-01", "--until", "2019-01-01"])
    assert refused.exit_code == 1
    assert "ZZZ is not a known country" in refused.output and "before it starts" in refused.output

    # Mark the seeded South Sudan entry verified; then add a new one in force today: the licence is flagged.
    south_sudan = ArmsEmbargo.objects.get(country="SSD")
    verified = runner.invoke(embargo_group, ["verify", str(south_sudan.id), "--on", "2025-01-05"])
    assert verified.exit_code == 0, verified.output
    south_sudan.refresh_from_db()
    assert south_sudan.verified_on == date(2025, 1, 5)
    added = runner.invoke(embargo_group, ["add", "--country", "SSD", "--regime", "South Sudan sanctions",
                                          "--resolution", "S/RES/9999 (2026)", "--scope", "all", "--from",
                                          date.today().isoformat()])
    assert added.exit_code == 0, added.output
    assert "1 application(s) flagged for reassessment" in added.output
    checked = runner.invoke(embargo_group, ["check", "APP-SSD"])
    assert checked.output.count("PROHIBITED") == 4  # two entries x importer and end user
    entry_id = ArmsEmbargo.objects.get(resolution="S/RES/9999 (2026)").id
    assert runner.invoke(embargo_group, ["withdraw", str(entry_id), "--reason", "typed in error"]).exit_code == 0
    assert runner.invoke(embargo_group, ["end", str(south_sudan.id), "--on", "2026-01-01",
                                         "--by", "S/RES/9998 (2025)"]).exit_code == 0
    assert "no UN arms embargo" in runner.invoke(embargo_group, ["check", "APP-SSD"]).output

    flags = json.loads(runner.invoke(licence_group, ["reassessments", "--format", "json"]).output)
    assert [(flag["application"], flag["resolved_at"]) for flag in flags] == [("APP-SSD", None)] * 2
    unknown = runner.invoke(licence_group, ["reassess", flags[0]["id"], "--resolution", "maintained", "--note", " "])
    assert unknown.exit_code == 1 and "write what the reassessment found" in unknown.output
    done = runner.invoke(licence_group, ["reassess", flags[0]["id"], "--resolution", "revoked",
                                         "--note", "embargo in force", "--revoked-on", "2026-02-01"])
    assert done.exit_code == 0, done.output
    licence.application.refresh_from_db()
    assert licence.application.status == "revoked"
    late = runner.invoke(licence_group, ["reassess", flags[1]["id"], "--resolution", "revoked", "--note", "again"])
    assert late.exit_code == 1 and "only a licence in force or suspended can be revoked" in late.output
    assert runner.invoke(licence_group, ["reassess", flags[1]["id"], "--resolution", "maintained",
                                         "--note", "already revoked under the other flag"]).exit_code == 0
    assert sorted(ReassessmentFlag.objects.values_list("resolution", flat=True)) == ["maintained", "revoked"]
    assert "No application is waiting" in runner.invoke(licence_group, ["reassessments"]).output
