"""Pure rules of API tokens: their format, how they are hashed, and the scopes they may carry."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from salw.core.message import Message, gettext_noop

REGISTRY_READ = "registry:read"
REGISTRY_WRITE = "registry:write"
TRACING_READ = "tracing:read"
TRACING_WRITE = "tracing:write"
REPORTS_READ = "reports:read"
CONTEXT_READ = "context:read"
AUDIT_READ = "audit:read"
LICENSING_READ = "licensing:read"
LICENSING_WRITE = "licensing:write"
ANALYTICS_READ = "analytics:read"

TOKEN_SCOPES = (REGISTRY_READ, REGISTRY_WRITE, TRACING_READ, TRACING_WRITE, REPORTS_READ, CONTEXT_READ,
                AUDIT_READ, LICENSING_READ, LICENSING_WRITE, ANALYTICS_READ)

DEFAULT_TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 366

# "salw_<prefix>_<secret>": the prefix names the token in lists and logs without revealing it;
# the secret carries 256 bits, so one SHA-256 is enough (no password stretching is needed for
# a value nobody chose and nobody can guess).
TOKEN_MARK = "salw"
PREFIX_LENGTH = 8
SECRET_BYTES = 32


def token_generate() -> tuple[str, str]:
    """A new (plain token, prefix)."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return f"{TOKEN_MARK}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}", prefix


def token_hash(plain: str) -> str:
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def token_prefix(plain: str) -> str | None:
    """The prefix of a well-formed token, None for anything else."""
    mark, _, rest = plain.partition("_")
    prefix, _, secret = rest.partition("_")
    if mark != TOKEN_MARK or len(prefix) != PREFIX_LENGTH or not secret:
        return None
    return prefix


def token_matches(plain: str, stored_hash: str) -> bool:
    return hmac.compare_digest(token_hash(plain), stored_hash)


def scope_problems(scopes: list[str]) -> list[Message]:
    known = ", ".join(TOKEN_SCOPES)
    problems = [Message(gettext_noop("unknown scope %(scope)r; scopes: %(scopes)s"), {"scope": scope, "scopes": known})
                for scope in scopes if scope not in TOKEN_SCOPES]
    if not scopes:
        problems.append(Message(gettext_noop("a token needs at least one scope: %(scopes)s"), {"scopes": known}))
    return problems


def scopes_text(scopes: list[str]) -> str:
    """Canonical stored form: known order, no repeats, space-separated (as in OAuth)."""
    return " ".join(scope for scope in TOKEN_SCOPES if scope in set(scopes))
