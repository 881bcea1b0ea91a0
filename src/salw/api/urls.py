"""/api/v1/: the API, and an error envelope (not an HTML page) for paths it does not know."""

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path

from salw.api.application import api
from salw.api.errors import error_body


def unknown_path(request: HttpRequest, rest: str = "") -> JsonResponse:
    return JsonResponse(error_body(404, f"no API operation at {request.path}; see /api/v1/docs"), status=404)


urlpatterns = [
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown_path),
]
