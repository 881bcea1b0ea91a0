"""A licence can be suspended (no deliveries) and reinstated to where it was, or revoked while
suspended; a reassessment can conclude with a suspension."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from salw.cli.licensing import licence_group
from salw.core.errors import PermissionRefused, ValidationFailed
from salw.licensing import domain, services
from salw.licensing.models import ApplicationStatusChange, ReassessmentFlag
from salw.registry.services import actor_create
from salw.tracing.services import seizure_record, trace_outcome_record
from tests.licensing.conftest import licensed, new_export


def test_transitions_of_a_suspended_licence():
    assert domain.next_status("licence_issued", "suspend") == "suspended"
    assert domain.next_status("partially_delivered", "suspend") == "suspended"
    assert domain.next_status("suspended", domain.reinstate_action(False)) == "licence_issued"
    assert domain.next_status("suspended", domain.reinstate_action(True)) == "partially_delivered"
    assert domain.next_status("suspended", "revoke") == "revoked"
    assert domain.next_status("suspended", "expire") == "expired"
    assert domain.transition_problem("delivered", "suspend") is not None
    assert domain.transition_problem("suspended", "deliver_part") is not None


def test_no_delivery_while_suspended_and_reinstated_to_where_it_was(officer, east_officer, national):
    licence = licensed(officer, new_export(officer, national))
    services.delivery_record(actor=officer, licence=licence, shipped_on=date(2023, 3, 1),
                             lines=[{"line": 1, "quantity": 2}])
    with pytest.raises(PermissionRefused):
        services.licence_suspend(actor=east_officer, licence=licence, reason="x")
    with pytest.raises(ValidationFailed, match="say why"):
        services.licence_suspend(actor=officer, licence=licence, reason=" ")
    services.licence_suspend(actor=officer, licence=licence, reason="end user under investigation")
    licence.application.refresh_from_db()
    assert licence.application.status == "suspended"
    with pytest.raises(ValidationFailed, match="is not in force"):
        services.delivery_record(actor=officer, licence=licence, shipped_on=date(2023, 4, 1),
                                 lines=[{"line": 1, "quantity": 1}])
    services.licence_reinstate(actor=officer, licence=licence, reason="investigation closed")
    licence.application.refresh_from_db()
    assert licence.application.status == "partially_delivered"
    history = list(ApplicationStatusChange.objects.filter(application=licence.application)
                   .values_list("action", "note").order_by("at", "id"))[-2:]
    assert history == [("suspend", "end user under investigation"),
                       ("reinstate_after_deliveries", "investigation closed")]


def test_a_reassessment_can_suspend_the_licence(officer, national, system_actor):
    holder = actor_create(actor=system_actor, holder_type="state_law_enforcement", name="Ghana Police Service",
                          country="GHA")
    parties = [{"role": "importer", "name": "Ghana Police Service", "country": "GHA"},
               {"role": "end_user", "name": "Ghana Police Service", "country": "GHA", "registry_actor": holder}]
    licence = licensed(officer, new_export(officer, national, parties=parties))
    seizure = seizure_record(actor=system_actor, jurisdiction=national, kind="seized", occurred_on=date(2024, 5, 1),
                             legal_justification="illicit_possession", country="SLE",
                             items=[{"item_kind": "weapon", "serial_number": "Q-1"}])
    trace_outcome_record(actor=system_actor, item=seizure.items.get(), outcome="diversion_established",
                         establishment_method="trace_response", diversion_country="GHA",
                         diversion_from=date(2023, 1, 1), diversion_mechanism="embezzlement",
                         last_legal_holder=holder)
    flag = ReassessmentFlag.objects.get()
    services.reassessment_resolve(actor=officer, flag=flag, resolution="suspended", note="until the audit of stocks")
    licence.application.refresh_from_db()
    assert licence.application.status == "suspended"

    runner = CliRunner()
    reinstated = runner.invoke(licence_group, ["reinstate", licence.number, "--reason", "audit satisfactory"])
    assert reinstated.exit_code == 0, reinstated.output
    assert "reinstated (licence issued)" in reinstated.output
    suspended = runner.invoke(licence_group, ["suspend", licence.number, "--reason", "new report"])
    assert "suspended (suspended)" in suspended.output
    revoked = runner.invoke(licence_group, ["revoke", licence.number, "--reason", "confirmed diversion"])
    assert revoked.exit_code == 0 and "revoked (revoked)" in revoked.output
    again = runner.invoke(licence_group, ["suspend", licence.number, "--reason", "x"])
    assert again.exit_code == 1 and "cannot suspend" in again.output


def test_suspend_and_reinstate_through_the_api(officer, east_officer, national, system_actor):
    from django.test import Client

    from salw.accounts.services import token_create
    from tests.api.conftest import ApiCaller

    licence = licensed(officer, new_export(officer, national))

    def caller(user):
        _, plain = token_create(actor=system_actor, user=user, scopes=["licensing:read", "licensing:write"], days=1)
        return ApiCaller(Client(), plain)

    api = caller(officer)
    assert caller(east_officer).post(f"/licensing/licences/{licence.number}/suspend",
                                     {"reason": "x"}).status_code == 404
    suspended = api.post(f"/licensing/licences/{licence.number}/suspend", {"reason": "stock audit"})
    assert suspended.status_code == 200, suspended.content
    assert suspended.json()["status"] == "suspended"
    refused = api.post(f"/licensing/licences/{licence.number}/deliveries",
                       {"shipped_on": "2023-03-01", "lines": [{"line": 1, "quantity": 1}]})
    assert refused.status_code == 422 and "is not in force" in refused.content.decode()
    assert api.post(f"/licensing/licences/{licence.number}/reinstate", {"reason": " "}).status_code == 422
    reinstated = api.post(f"/licensing/licences/{licence.number}/reinstate", {"reason": "audit done"})
    assert reinstated.status_code == 200 and reinstated.json()["status"] == "licence_issued"


def test_suspend_and_reinstate_on_the_licence_page(client, officer, national):
    licence = licensed(officer, new_export(officer, national))
    client.force_login(officer)
    page = client.get(f"/licensing/licences/{licence.number}/").content.decode()
    assert f"/licensing/licences/{licence.number}/suspend/" in page and "/reinstate/" not in page
    empty = client.post(f"/licensing/licences/{licence.number}/suspend/", {"reason": ""})
    assert empty.status_code == 200 and 'id="id_reason_error"' in empty.content.decode()
    done = client.post(f"/licensing/licences/{licence.number}/suspend/", {"reason": "stock audit"})
    assert done.status_code == 302
    licence.application.refresh_from_db()
    assert licence.application.status == "suspended"
    page = client.get(f"/licensing/licences/{licence.number}/").content.decode()
    assert f"/licensing/licences/{licence.number}/reinstate/" in page and "/suspend/" not in page
    twice = client.post(f"/licensing/licences/{licence.number}/suspend/", {"reason": "again"})
    assert twice.status_code == 200 and "cannot suspend" in twice.content.decode()
    client.post(f"/licensing/licences/{licence.number}/reinstate/", {"reason": "audit done"})
    licence.application.refresh_from_db()
    assert licence.application.status == "licence_issued"
