"""Uploading a registry file: the importer's own problems, by row and column; a dry run changes nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from salw.core.access import SystemActor
from salw.interchange.services import registry_import
from salw.registry.models import Event, Weapon
from tests.helpers import registry_row, write_registry_csv

BROKEN_ROWS = [
    registry_row(record_id="R-1"),
    registry_row(record_id="R-2", status="vanished"),
    registry_row(record_id="R-3", year_of_manufacture="nineteen", country_of_manufacture="XXX"),
]


def _upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")


def test_a_dry_run_reports_the_importers_problems_and_changes_nothing(caller, national_admin, tmp_path, national):
    path = write_registry_csv(tmp_path / "armoury.csv", BROKEN_ROWS)
    expected = registry_import(actor=SystemActor(), path=path, dry_run=True)
    assert expected.problem_count >= 3
    before = (Weapon.objects.count(), Event.objects.count())

    response = caller(national_admin).upload("/imports/registry", {"file": _upload(path), "dry_run": "true"})
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "import_refused" and error["message"].startswith("armoury.csv: refused")
    assert [detail["text"] for detail in error["details"]] == [p.describe() for p in expected.problems]
    located = {(detail["row"], detail["column"]) for detail in error["details"]}
    assert {(3, "status"), (4, "year_of_manufacture"), (4, "country_of_manufacture")} <= located
    assert all(detail["file"] == "armoury.csv" for detail in error["details"])
    assert (Weapon.objects.count(), Event.objects.count()) == before


def test_a_clean_dry_run_says_what_would_happen_and_changes_nothing(caller, national_admin, tmp_path):
    path = write_registry_csv(tmp_path / "clean.csv", [registry_row(record_id=f"C-{n}") for n in range(4)])
    response = caller(national_admin).upload("/imports/registry", {"file": _upload(path), "dry_run": "true"})
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["dry_run"] is True and report["rows"] == 4 and report["created"] == 4
    assert not Weapon.objects.exists()


def test_an_import_creates_the_weapons_in_the_chosen_jurisdiction(caller, east_registrar, tmp_path):
    path = write_registry_csv(tmp_path / "east.csv", [registry_row(record_id=f"E-{n}") for n in range(3)])
    api = caller(east_registrar)
    response = api.upload("/imports/registry", {"file": _upload(path), "jurisdiction": "SL-E"})
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 3
    assert set(Weapon.objects.values_list("jurisdiction__code", flat=True)) == {"SL-E"}
    assert len(api.get("/weapons").json()["items"]) == 3


def test_importing_elsewhere_is_refused(caller, east_registrar, tmp_path):
    path = write_registry_csv(tmp_path / "north.csv", [registry_row()])
    response = caller(east_registrar).upload("/imports/registry", {"file": _upload(path), "jurisdiction": "SL-N"})
    assert response.status_code == 403
    response = caller(east_registrar).upload("/imports/registry", {"file": _upload(path)})
    assert response.status_code == 403, "the default jurisdiction is the national one"
    assert not Weapon.objects.exists()
