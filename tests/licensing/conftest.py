"""Transfer-control fixtures: officers by jurisdiction, and applications taken through the services."""

from __future__ import annotations

from datetime import date

import pytest

from salw.licensing import services

RECEIVED = date(2023, 1, 10)


@pytest.fixture
def officer(make_user, national):
    return make_user("licensing-officer", ("licensing_officer", national, "capture"))


@pytest.fixture
def east_officer(make_user, eastern):
    return make_user("east-licensing-officer", ("licensing_officer", eastern, "capture"))


@pytest.fixture
def north_analyst(make_user, northern):
    return make_user("north-analyst", ("analyst", northern, "view"))


@pytest.fixture
def auditor(make_user, national):
    return make_user("auditor", ("auditor", national, "view"))


EXPORT_PARTIES = [
    {"role": "exporter", "name": "Freetown Arms Ltd", "country": "SLE"},
    {"role": "importer", "name": "Ghana Police Service", "country": "GHA"},
    {"role": "end_user", "name": "Ghana Police Service", "country": "GHA"},
]
EXPORT_ITEMS = [
    {"description": "AKM assault rifle", "quantity": 10, "weapon_type": "sa_assault_rifle", "calibre": "7.62x39mm",
     "value": "5000.00", "currency": "USD"},
    {"description": "Pistol", "quantity": 4, "weapon_type": "sa_revolver_pistol.pistol", "calibre": "9x19mm"},
]
# Parties of transfers to countries under a UN arms embargo (every supply; armed groups only).
SOUTH_SUDAN = [{"role": "exporter", "name": "Freetown Arms Ltd", "country": "SLE"},
               {"role": "importer", "name": "Ministry of Interior", "country": "SSD"},
               {"role": "end_user", "name": "South Sudan National Police Service", "country": "SSD"}]
CONGO = [{"role": "exporter", "name": "Freetown Arms Ltd", "country": "SLE"},
         {"role": "importer", "name": "Police nationale congolaise", "country": "COD"},
         {"role": "end_user", "name": "Police nationale congolaise", "country": "COD"}]
API_SCOPES = ("licensing:read", "licensing:write")
NO_PROHIBITION = {code: {"answer": "no", "note": "checked the UN list"} for code in ("6.1", "6.2", "6.3")}
LOW_RISKS = {code: {"risk": "low", "evidence": "no reports"}
             for code in ("7.1a", "7.1b.i", "7.1b.ii", "7.1b.iii", "7.1b.iv", "7.4")}


def new_export(actor, jurisdiction, *, reference: str = "", parties=EXPORT_PARTIES, items=EXPORT_ITEMS,
               direction: str = "export"):
    return services.application_create(actor=actor, jurisdiction=jurisdiction, direction=direction,
                                       applicant="Freetown Arms Ltd", received_on=RECEIVED, reference=reference,
                                       end_use="Police service weapons", parties=parties, items=items)


def assessed(actor, application, **overrides):
    services.application_submit(actor=actor, application=application)
    services.assessment_start(actor=actor, application=application)
    fields = {"article_6": NO_PROHIBITION, "article_7": LOW_RISKS, "mitigation_measures": "EUC verified",
              "overriding_risk": False, "overriding_risk_rationale": "risks are low and mitigated",
              "diversion_risk": "low", "diversion_measures": "delivery verification certificate"}
    fields.update(overrides)
    services.assessment_save(actor=actor, application=application, **fields)
    return application


def licensed(actor, application, *, valid_from=date(2023, 2, 1), valid_until=date(2024, 1, 31), quantities=None):
    assessed(actor, application)
    services.application_decide(actor=actor, application=application, outcome="approve",
                                reasons="low risk, verified end user")
    return services.licence_issue(actor=actor, application=application, valid_from=valid_from,
                                  valid_until=valid_until, quantities=quantities)


@pytest.fixture
def api(system_actor):
    """An API caller for a user, with a token of the given scopes."""
    from django.test import Client

    from salw.accounts.services import token_create
    from tests.api.conftest import ApiCaller

    def make(user, scopes=API_SCOPES) -> ApiCaller:
        _, plain = token_create(actor=system_actor, user=user, scopes=list(scopes), days=5)
        return ApiCaller(Client(), plain)

    return make
