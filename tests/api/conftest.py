"""API fixtures: callers with tokens or sessions, and one weapon in each of two regions."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from salw.accounts.domain import TOKEN_SCOPES
from salw.accounts.services import token_create
from salw.registry.services import event_record, weapon_register

PASSWORD = "correct-horse-battery"


class ApiCaller:
    """A test client that sends a bearer token (or a session cookie) with every request."""

    def __init__(self, client: Client, token: str | None = None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def get(self, path: str, params: dict | None = None):
        return self.client.get(_url(path), params or {}, headers=self.headers)

    def post(self, path: str, body: dict | None = None, **extra):
        return self.client.post(_url(path), body or {}, content_type="application/json", headers=self.headers,
                                **extra)

    def upload(self, path: str, data: dict):
        return self.client.post(_url(path), data, headers=self.headers)


def _url(path: str) -> str:
    return path if path.startswith("/api/") else "/api/v1" + path


@pytest.fixture
def token_for(system_actor):
    """token_for(user, scopes=all, days=90) -> plain token."""

    def make(user, scopes=TOKEN_SCOPES, days: int = 90) -> str:
        _, plain = token_create(actor=system_actor, user=user, scopes=list(scopes), days=days)
        return plain

    return make


@pytest.fixture
def caller(token_for):
    """caller(user, scopes=all) -> ApiCaller authenticated by a fresh token."""

    def make(user, scopes=TOKEN_SCOPES) -> ApiCaller:
        return ApiCaller(Client(), token_for(user, scopes))

    return make


@pytest.fixture
def east_registrar(make_user, eastern):
    return make_user("east-registrar", ("registrar", eastern, "capture"))


@pytest.fixture
def north_registrar(make_user, northern):
    return make_user("north-registrar", ("registrar", northern, "capture"))


@pytest.fixture
def national_admin(make_user, national):
    return make_user("national-admin", ("administrator", national, "capture"))


@pytest.fixture
def east_rifle(system_actor, eastern):
    weapon = weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-1", serial_number="KT 4411",
                             manufacturer="Izhmash", model="AKM", status="in_service",
                             status_date=date(2012, 5, 1))
    event_record(actor=system_actor, weapon=weapon, event_type="stolen", occurred_on=date(2019, 3, 4),
                 note="armoury break-in")
    return weapon


@pytest.fixture
def north_pistol(system_actor, northern):
    return weapon_register(actor=system_actor, jurisdiction=northern, record_id="N-1", serial_number="KT 4412",
                           manufacturer="Glock", model="17", status="in_storage", status_date=date(2016, 1, 9))
