"""The committed OpenAPI document matches the code, and the docs page loads nothing from outside."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client

from salw.api.docs import CONTENT_SECURITY_POLICY, SWAGGER_UI_VERSION
from salw.api.openapi_document import openapi_text

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "docs" / "openapi.json"
EXTERNAL_URL = re.compile(r"https?://", re.IGNORECASE)


def test_the_committed_document_is_the_generated_one(db):
    assert COMMITTED.read_text(encoding="utf-8") == openapi_text(), (
        "docs/openapi.json is out of date: run `salw api schema --output docs/openapi.json`"
    )


def test_the_served_document_is_the_committed_one(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_the_document_describes_both_ways_in_and_every_area(db):
    document = json.loads(openapi_text())
    assert set(document["components"]["securitySchemes"]) == {"BearerToken", "BrowserSession"}
    for path in ("/api/v1/weapons", "/api/v1/weapons/{weapon_id}/timeline", "/api/v1/events/{seq}/void",
                 "/api/v1/stats", "/api/v1/imports/registry", "/api/v1/audit", "/api/v1/me"):
        assert path in document["paths"], path
    refused = document["paths"]["/api/v1/weapons/{weapon_id}"]["get"]["responses"]["404"]
    assert refused["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")


def test_the_schema_command_writes_the_document(db, tmp_path):
    from click.testing import CliRunner

    from salw.cli.main import cli

    output = tmp_path / "openapi.json"
    result = CliRunner().invoke(cli, ["api", "schema", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8") == openapi_text()


def _docs_page():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    return response, response.content.decode()


def test_the_docs_page_references_no_external_url(db):
    _, html = _docs_page()
    assert not EXTERNAL_URL.search(html), EXTERNAL_URL.findall(html)
    init = Path(finders.find("api/swagger-init.js")).read_text(encoding="utf-8")
    assert not EXTERNAL_URL.search(init)


def test_the_docs_page_loads_only_vendored_local_assets(db):
    _, html = _docs_page()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) == 3
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not served by the app"
    assert f"/static/vendor/swagger-ui-dist/{SWAGGER_UI_VERSION}/swagger-ui-bundle.js" in assets


def test_the_docs_page_works_under_a_strict_content_security_policy(db):
    response, html = _docs_page()
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert CONTENT_SECURITY_POLICY.startswith("default-src 'self'")
    for tag in re.findall(r"<script[^>]*>", html):
        assert 'src="' in tag or 'type="application/json"' in tag, f"inline script: {tag}"
    assert not re.search(r"<[^>]*\son\w+\s*=", html, re.IGNORECASE), "inline event handler"
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))
    assert settings["url"] == "/api/v1/openapi.json" and settings["validatorUrl"] is None


def test_the_vendored_swagger_ui_is_in_the_manifest_with_its_licence():
    vendor = ROOT / "src" / "salw" / "web" / "static" / "vendor"
    manifest = (vendor / "MANIFEST.md").read_text(encoding="utf-8")
    assert f"`swagger-ui-dist/{SWAGGER_UI_VERSION}/`" in manifest and "Apache-2.0" in manifest
    shipped = {path.name for path in (vendor / "swagger-ui-dist" / SWAGGER_UI_VERSION).iterdir()}
    assert {"swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"} <= shipped
