"""/api/v1/: the API, with the error envelope also for paths and methods it does not know."""

from functools import wraps

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _

from salw.api.application import api
from salw.api.errors import error_body
from salw.api.openapi_document import API_ROOT


def api_index(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"docs": f"{API_ROOT}docs", "openapi": f"{API_ROOT}openapi.json"})


def unknown_path(request: HttpRequest, rest: str = "") -> JsonResponse:
    message = _("no API operation at %(path)s; see %(docs)s") % {"path": request.path, "docs": f"{API_ROOT}docs"}
    return JsonResponse(error_body(404, message), status=404)


def _enveloped_method_refusal(view):
    # Ninja answers a method a path does not take with plain text, before any exception handler.
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code != 405:
            return response
        allowed = response.get("Allow", "")
        message = _("%(method)s is not allowed here; allowed: %(allowed)s") % {"method": request.method,
                                                                              "allowed": allowed}
        refusal = JsonResponse(error_body(405, message), status=405)
        refusal["Allow"] = allowed
        return refusal

    return wrapper


def _api_patterns():
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _enveloped_method_refusal(pattern.callback)
    return patterns, app_name, namespace


urlpatterns = [
    path("api/v1/", api_index, name="api-index"),
    path("api/v1/", _api_patterns()),
    re_path(r"^api/v1/(?P<rest>.*)$", unknown_path),
]
