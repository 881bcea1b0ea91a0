"""The OpenAPI document as committed to docs/openapi.json (``salw api schema``)."""

from __future__ import annotations

import json

API_ROOT = "/api/v1/"


def openapi_text() -> str:
    from salw.api.application import api

    schema = api.get_openapi_schema(path_prefix=API_ROOT)
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
