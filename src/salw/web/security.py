"""Security headers for every page the app serves.

The policy forbids inline scripts and styles and anything from another origin: the app
must work with no internet, and a policy this strict turns most injection bugs into
harmless text. A view that needs a different policy sets the header itself; it is kept.
"""

from __future__ import annotations

from functools import wraps

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response


def content_security_policy(policy: str):
    """For a view whose page cannot live under the default policy (a standalone printable
    document with its own inline style, say): the view's response carries ``policy`` instead."""
    def decorator(view):
        @wraps(view)
        def with_policy(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.headers["Content-Security-Policy"] = policy
            return response
        return with_policy
    return decorator
