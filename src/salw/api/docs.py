"""The interactive API page at /api/v1/docs, built only from assets salw serves itself.

Ninja's own page loads Swagger UI from a CDN unless ninja is an installed app; this one uses
the vendored copy (see static/vendor/MANIFEST.md) and a static start-up script, so it works
with no internet and under a Content-Security-Policy of default-src 'self'.
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase

SWAGGER_UI_VERSION = "5.35.0"
SWAGGER_UI_DIR = f"vendor/swagger-ui-dist/{SWAGGER_UI_VERSION}"
# data: images are the icons inside swagger-ui.css; nothing leaves the server.
CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:"


class LocalSwagger(DocsBase):
    settings = {
        "deepLinking": True,
        # The public validator would send the whole API description to a third party.
        "validatorUrl": None,
        "persistAuthorization": False,
    }

    def render_page(self, request: HttpRequest, api: Any, **kwargs: Any) -> HttpResponse:
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        response = render(request, "api/swagger.html", {
            "api": api,
            "swagger_settings": json.dumps(settings).replace("<", "\\u003c"),
            "swagger_css": f"{SWAGGER_UI_DIR}/swagger-ui.css",
            "swagger_js": f"{SWAGGER_UI_DIR}/swagger-ui-bundle.js",
        })
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        return response
