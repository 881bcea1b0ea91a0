"""Import wizard: upload, preview (changes nothing), confirm (imports); uploads belong to their owner."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from salw.core.models import AuditEntry
from salw.registry.models import Event, Weapon
from tests.helpers import registry_row, write_registry_csv


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT / "uploads"


def _upload(client, tmp_path, rows, jurisdiction, name="holdings.csv"):
    path = write_registry_csv(tmp_path / name, rows)
    response = client.post("/import/", {"file": SimpleUploadedFile(name, path.read_bytes(), "text/csv"),
                                        "jurisdiction": str(jurisdiction.id)})
    assert response.status_code == 302, response.context and response.context["form"].errors
    return response["Location"]


def _state():
    return Weapon.objects.count(), Event.objects.count(), AuditEntry.objects.count()


def test_preview_changes_nothing_and_confirm_imports(login, east_registrar, eastern, tmp_path, uploads_in_tmp):
    client = login(east_registrar)
    rows = [registry_row(record_id=f"R-{n}", serial_number=f"KT44{n:02d}") for n in range(3)]
    preview_url = _upload(client, tmp_path, rows, eastern)
    before = _state()
    preview = client.get(preview_url)
    assert preview.status_code == 200 and preview.context["report"].ok
    assert "No problems found" in preview.content.decode() and "Import 3 rows" in preview.content.decode()
    assert _state() == before
    done = client.post(preview_url + "confirm/")
    assert done.status_code == 200 and "3 new, 0 changed, 0 unchanged" in done.content.decode()
    assert Weapon.objects.filter(record_id__startswith="R-").count() == 3
    assert AuditEntry.objects.filter(actor_name="east-registrar").exists()
    assert not any(uploads_in_tmp.iterdir())  # the file is gone once imported
    assert client.get(preview_url).status_code == 404


def test_preview_lists_problems_by_file_row_and_column(login, east_registrar, eastern, tmp_path):
    client = login(east_registrar)
    rows = [registry_row(record_id="R-1"), registry_row(record_id="R-2", year_of_manufacture="19x5"),
            registry_row(record_id="R-3", status="misplaced")]
    preview_url = _upload(client, tmp_path, rows, eastern, name="bad rows.csv")
    before = _state()
    response = client.get(preview_url)
    report = response.context["report"]
    assert not report.ok
    located = {(problem.row, problem.column) for problem in report.problems}
    assert (3, "year_of_manufacture") in located and (4, "status") in located
    html = response.content.decode()
    assert "bad_rows.csv" in html and "19x5" in html and "misplaced" in html
    assert "Import 3 rows" not in html
    refused = client.post(preview_url + "confirm/")
    assert "nothing was changed" in refused.content.decode()
    assert _state() == before


def test_upload_form_errors(login, east_registrar, eastern, northern):
    client = login(east_registrar)
    response = client.post("/import/", {"jurisdiction": str(eastern.id)})
    assert "file" in response.context["form"].errors
    response = client.post("/import/", {"file": SimpleUploadedFile("notes.pdf", b"%PDF"),
                                        "jurisdiction": str(eastern.id)})
    assert "file" in response.context["form"].errors
    response = client.post("/import/", {"file": SimpleUploadedFile("r.csv", b"record_id\n"),
                                        "jurisdiction": str(northern.id)})
    assert "jurisdiction" in response.context["form"].errors


def test_an_upload_is_visible_only_to_its_owner(login, make_user, east_registrar, eastern, tmp_path):
    preview_url = _upload(login(east_registrar), tmp_path, [registry_row()], eastern)
    other = login(make_user("east-registrar-2", ("registrar", eastern, "capture")))
    assert other.get(preview_url).status_code == 404
    assert other.post(preview_url + "confirm/").status_code == 404
    assert other.get("/import/../../etc/").status_code == 404
    assert Weapon.objects.count() == 0


def test_upload_record_names_the_owner_not_a_path(login, east_registrar, eastern, tmp_path, uploads_in_tmp):
    _upload(login(east_registrar), tmp_path, [registry_row()], eastern)
    (directory,) = list(uploads_in_tmp.iterdir())
    assert len(directory.name) >= 20 and Path(directory, "holdings.csv").exists()


def test_cancel_discards_the_file(login, east_registrar, eastern, tmp_path, uploads_in_tmp):
    client = login(east_registrar)
    preview_url = _upload(client, tmp_path, [registry_row()], eastern)
    assert client.post(preview_url + "cancel/").status_code == 302
    assert not any(uploads_in_tmp.iterdir()) and Weapon.objects.count() == 0


def test_viewers_cannot_import(login, east_viewer):
    assert login(east_viewer).post("/import/", {}).status_code == 403
