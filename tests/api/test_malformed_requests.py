"""What schemathesis found: a malformed request gets a documented error, never a server error."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from salw.api.application import api
from tests.helpers import REGISTRY_HEADER


def test_a_body_that_is_not_json_gets_the_documented_400(caller, national_admin, east_rifle):
    admin = caller(national_admin)
    response = admin.client.post(f"/api/v1/weapons/{east_rifle.id}/events", b"\x00not json",
                                 content_type="application/json", headers=admin.headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    assert 400 in document["paths"]["/api/v1/weapons/{weapon_id}/events"]["post"]["responses"]


@pytest.mark.parametrize("delimiter", ["null", ";;", '"', "\n"])
def test_an_unusable_delimiter_is_refused_by_name(caller, national_admin, delimiter):
    file = SimpleUploadedFile("armoury.csv", (",".join(REGISTRY_HEADER) + "\n").encode(), content_type="text/csv")
    response = caller(national_admin).upload("/imports/registry", {"file": file, "delimiter": delimiter,
                                                                   "jurisdiction": "SLE"})
    assert response.status_code == 422, response.content
    assert "delimiter must be one character" in json.dumps(response.json())


def test_a_nul_character_is_refused_as_input_on_every_database(caller, national_admin):
    response = caller(national_admin).post("/weapons", {"jurisdiction": "SL\x00E", "record_id": "NUL-1"})
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] in {"invalid_request", "validation_failed"}
