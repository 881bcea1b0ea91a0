"""API tokens: stored hashed, expiring, revocable, limited to their scopes, issued by administrators."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import timezone

from salw.accounts.domain import REGISTRY_READ, token_hash
from salw.accounts.models import ApiToken
from salw.accounts.selectors import token_authenticate
from salw.accounts.services import token_create, token_revoke, user_disable
from salw.core.errors import PermissionRefused, ValidationFailed
from salw.core.models import AuditEntry
from tests.api.conftest import ApiCaller


def test_only_a_hash_and_a_prefix_are_stored(system_actor, east_registrar):
    token, plain = token_create(actor=system_actor, user=east_registrar, scopes=[REGISTRY_READ])
    stored = ApiToken.objects.get(pk=token.pk)
    assert plain.startswith(f"salw_{stored.prefix}_") and len(plain) > 40
    assert stored.token_hash == token_hash(plain) and plain not in stored.token_hash
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert all(plain not in str(value) for value in row.values())
    # The secret is what follows the prefix; it may itself contain "_" (URL-safe base64).
    secret = plain[len(f"salw_{stored.prefix}_"):]
    assert len(secret) > 30 and not AuditEntry.objects.filter(changes__contains=secret).exists()


def test_a_token_acts_as_its_user(caller, east_registrar):
    response = caller(east_registrar, [REGISTRY_READ]).get("/me")
    assert response.status_code == 200, response.content
    me = response.json()
    assert me["username"] == "east-registrar" and me["authenticated_by"] == "token"
    assert me["scopes"] == [REGISTRY_READ]
    assert me["roles"] == [{"role": "registrar", "jurisdiction": "SL-E", "jurisdiction_name": "Eastern",
                            "scope": "capture"}]


def test_use_is_stamped(caller, east_registrar):
    api = caller(east_registrar)
    assert ApiToken.objects.get(user=east_registrar).last_used_at is None
    assert api.get("/me").status_code == 200
    assert ApiToken.objects.get(user=east_registrar).last_used_at is not None


def test_default_lifetime_is_ninety_days(system_actor, east_registrar):
    token, _ = token_create(actor=system_actor, user=east_registrar, scopes=[REGISTRY_READ])
    assert abs(token.expires_at - timezone.now() - timedelta(days=90)) < timedelta(minutes=1)


def test_an_expired_token_is_refused(token_for, east_registrar):
    plain = token_for(east_registrar, [REGISTRY_READ], days=1)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = ApiCaller(Client(), plain).get("/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    assert "expired" in response.json()["error"]["message"]


def test_a_revoked_token_is_refused_at_once(system_actor, token_for, east_registrar):
    plain = token_for(east_registrar, [REGISTRY_READ])
    api = ApiCaller(Client(), plain)
    assert api.get("/me").status_code == 200
    token_revoke(actor=system_actor, token=ApiToken.objects.get(user=east_registrar))
    response = api.get("/me")
    assert response.status_code == 401 and "revoked" in response.json()["error"]["message"]
    assert AuditEntry.objects.filter(action="token_revoke").count() == 1


def test_a_disabled_users_token_is_refused(system_actor, token_for, east_registrar):
    plain = token_for(east_registrar, [REGISTRY_READ])
    user_disable(actor=system_actor, username=east_registrar.username)
    assert ApiCaller(Client(), plain).get("/me").status_code == 401


@pytest.mark.parametrize("plain", ["", "salw_", "salw_0000000_x", "Bearer", "salw_abcdefgh_forged-secret"])
def test_unknown_or_forged_tokens_are_refused(plain, token_for, east_registrar):
    real = token_for(east_registrar, [REGISTRY_READ])
    forged = plain.replace("abcdefgh", real.split("_")[1])
    assert token_authenticate(forged) == (None, "unknown token")
    response = Client().get("/api/v1/me", headers={"Authorization": f"Bearer {forged}x"})
    assert response.status_code == 401


def test_a_token_without_the_scope_is_refused_and_audited(caller, east_registrar, eastern):
    api = caller(east_registrar, [REGISTRY_READ])
    response = api.post("/weapons", {"jurisdiction": "SL-E", "record_id": "X-1", "serial_number": "A1"})
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "permission_denied" and "registry:write" in error["message"]
    refusal = AuditEntry.objects.filter(action="permission_refused").latest("seq")
    assert refusal.actor_name == "east-registrar"
    changes = json.loads(refusal.changes)
    assert changes["path"] == "/api/v1/weapons" and changes["method"] == "POST"
    assert changes["via"].startswith("token ") and "registry:write" in changes["reason"]


def test_the_scope_is_checked_before_the_request_is_read(caller, east_registrar):
    response = caller(east_registrar, [REGISTRY_READ]).post("/weapons", {"not": "a weapon"})
    assert response.status_code == 403 and "registry:write" in response.json()["error"]["message"]


def test_the_document_names_each_operations_scope(db):
    from salw.api.openapi_document import openapi_text

    paths = json.loads(openapi_text())["paths"]
    assert paths["/api/v1/weapons"]["get"]["x-token-scope"] == "registry:read"
    assert paths["/api/v1/weapons"]["post"]["x-token-scope"] == "registry:write"
    assert paths["/api/v1/audit"]["get"]["x-token-scope"] == "audit:read"
    assert "x-token-scope" not in paths["/api/v1/me"]["get"]


def test_scopes_and_lifetime_are_checked(system_actor, east_registrar):
    with pytest.raises(ValidationFailed, match="unknown scope"):
        token_create(actor=system_actor, user=east_registrar, scopes=["registry:delete"])
    with pytest.raises(ValidationFailed, match="at least one scope"):
        token_create(actor=system_actor, user=east_registrar, scopes=[])
    with pytest.raises(ValidationFailed, match="366"):
        token_create(actor=system_actor, user=east_registrar, scopes=[REGISTRY_READ], days=1000)
    assert not ApiToken.objects.exists()


def test_only_an_administrator_of_all_the_users_places_issues_tokens(make_user, eastern, national,
                                                                     east_registrar):
    east_admin = make_user("east-admin", ("administrator", eastern, "capture"))
    national_user = make_user("national-analyst", ("analyst", national, "view"))
    national_admin = make_user("national-admin", ("administrator", national, "capture"))
    token_create(actor=east_admin, user=east_registrar, scopes=[REGISTRY_READ])
    with pytest.raises(PermissionRefused):
        token_create(actor=east_admin, user=national_user, scopes=[REGISTRY_READ])
    with pytest.raises(PermissionRefused):
        token_create(actor=east_registrar, user=east_registrar, scopes=[REGISTRY_READ])
    token, _ = token_create(actor=national_admin, user=national_user, scopes=[REGISTRY_READ])
    audit = AuditEntry.objects.filter(action="token_create").latest("seq")
    assert audit.actor_name == "national-admin" and json.loads(audit.changes)["prefix"] == token.prefix


def test_the_owner_may_revoke_their_own_token(system_actor, east_registrar, north_registrar):
    token, _ = token_create(actor=system_actor, user=east_registrar, scopes=[REGISTRY_READ])
    with pytest.raises(PermissionRefused):
        token_revoke(actor=north_registrar, token=token)
    token_revoke(actor=east_registrar, token=token)
    with pytest.raises(ValidationFailed, match="already revoked"):
        token_revoke(actor=east_registrar, token=ApiToken.objects.get(pk=token.pk))


def test_the_command_line_issues_lists_and_revokes_tokens(east_registrar):
    from salw.cli.main import cli

    runner = CliRunner()
    created = runner.invoke(cli, ["tokens", "create", "--user", "east-registrar", "--scope", "registry:read",
                                  "--scope", "tracing:read", "--days", "30", "--name", "border sync"])
    assert created.exit_code == 0, created.output
    plain = created.stdout.strip()
    token = ApiToken.objects.get(user=east_registrar)
    assert token.scopes == "registry:read tracing:read" and token.token_hash == token_hash(plain)
    assert abs(token.expires_at - timezone.now() - timedelta(days=30)) < timedelta(minutes=1)
    listed = runner.invoke(cli, ["tokens", "list"])
    assert token.prefix in listed.stdout and "active" in listed.stdout and plain not in listed.stdout
    revoked = runner.invoke(cli, ["tokens", "revoke", token.prefix])
    assert revoked.exit_code == 0, revoked.output
    assert "revoked" in runner.invoke(cli, ["tokens", "list"]).stdout
    assert ApiCaller(Client(), plain).get("/me").status_code == 401
