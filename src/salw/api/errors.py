"""One error envelope for every error the API returns.

``{"error": {"code": "...", "message": "...", "details": [...]}}``, whatever raised it: a
service refusing input, a policy refusing the actor, Ninja rejecting a request, or a bug.
Refusals of an authenticated actor are written to the audit log.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid

from salw.core.audit import audit_record
from salw.core.errors import NotFound, PermissionRefused, Problem, ValidationFailed

logger = logging.getLogger("salw.api")

CODE_BY_STATUS = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation_failed",
    429: "too_many_requests",
    500: "server_error",
}


class ErrorBody(Schema):
    code: str
    message: str
    details: list[dict[str, Any]] = []


class ErrorOut(Schema):
    error: ErrorBody


def error_responses(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The ``response=`` entries documenting an operation's errors in the OpenAPI document.

    Any request can be malformed (a body that is not JSON, a form that is not multipart), and Ninja
    answers those with a 400 before the operation runs, so every operation documents one.
    """
    return dict.fromkeys((400, 401, 403, 422, *statuses), ErrorOut)


class ApiError(Exception):
    """A refusal raised by the adapter itself (a malformed cursor, an unknown code in a filter)."""

    def __init__(self, status: int, message: str, *, code: str | None = None,
                 details: list[dict[str, Any]] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code or CODE_BY_STATUS.get(status, "error")
        self.message = message
        self.details = details or []


def error_body(status: int, message: str, *, code: str | None = None,
               details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code or CODE_BY_STATUS.get(status, "error"), "message": message,
                      "details": details or []}}


def problem_detail(problem: Problem) -> dict[str, Any]:
    """A service's problem, located as precisely as the service located it."""
    return {"file": problem.file, "row": problem.row, "column": problem.column, "value": problem.value,
            "message": problem.message, "text": problem.describe()}


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, message: str, **extra) -> HttpResponse:
        return api.create_response(request, error_body(status, message, **extra), status=status)

    def refused(request, exc):
        _audit_refusal(request, str(exc) or "permission denied")
        return respond(request, 403, str(exc) or _("permission denied"))

    def request_invalid(request, exc: RequestInvalid):
        details = [{"location": _location(error.get("loc", ())), "message": error.get("msg", ""),
                    "type": error.get("type", "")} for error in exc.errors]
        return respond(request, 422, _("the request does not match the API's schema"), code="invalid_request",
                       details=details)

    def unexpected(request, exc):
        logger.exception("API request failed: %s %s", request.method, request.path, exc_info=exc)
        return respond(request, 500, _("the server failed to handle the request; the failure was logged"))

    handlers = {
        ApiError: lambda request, exc: respond(request, exc.status, exc.message, code=exc.code,
                                               details=exc.details),
        ValidationFailed: lambda request, exc: respond(request, 422, str(exc),
                                                       details=[problem_detail(p) for p in exc.problems]),
        NotFound: lambda request, exc: respond(request, 404, str(exc) or _("not found")),
        Http404: lambda request, exc: respond(request, 404, _("not found")),
        PermissionRefused: refused,
        PermissionDenied: refused,
        AuthenticationError: lambda request, exc: respond(request, 401, _authentication_message(exc)),
        HttpError: lambda request, exc: respond(request, exc.status_code, str(exc)),
        RequestInvalid: request_invalid,
        # The database refusing a value (a NUL character PostgreSQL cannot store, a number too large for
        # its column) is the caller's input, not a failure of the server.
        DataError: lambda request, exc: respond(
            request, 422, _("the request holds a value the database cannot store (a NUL character, or a "
                            "number too large)"), code="invalid_request"),
        IntegrityError: lambda request, exc: respond(
            request, 409, _("the change conflicts with data written at the same time; read it again and retry")),
        Exception: unexpected,
    }
    for exception_class, handler in handlers.items():
        api.add_exception_handler(exception_class, handler)


def _location(parts) -> str:
    parts = [str(part) for part in parts]
    # Every operation names its JSON body parameter "body"; Ninja repeats it after the source.
    if parts[:2] == ["body", "body"]:
        parts = parts[1:]
    return ".".join(parts)


def _authentication_message(exc: AuthenticationError) -> str:
    if exc.message and exc.message != "Unauthorized":
        return exc.message
    return _("log in, or send a token: Authorization: Bearer <token>")


def _audit_refusal(request: HttpRequest, reason: str) -> None:
    caller = getattr(request, "auth", None)
    if caller is None:
        return
    try:
        audit_record(actor=caller.user, action="permission_refused", object_type="api_request",
                     changes={"method": request.method, "path": request.path, "reason": reason,
                              "via": caller.via})
    except Exception:  # noqa: BLE001 - the refusal must still reach the caller
        logger.exception("could not audit a refused API request")
