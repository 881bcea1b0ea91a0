"""The licensing pages: list, application, assessment with the risk panel, forms with errors by
their fields, licence and delivery, and refusals."""

from __future__ import annotations

import pytest

from salw.licensing import services
from tests.licensing.conftest import assessed, licensed, new_export

pytestmark = pytest.mark.django_db


def test_the_navigation_and_the_list(client, officer, national):
    application = new_export(officer, national)
    client.force_login(officer)
    page = client.get("/licensing/")
    assert page.status_code == 200
    assert b'href="/licensing/"' in page.content and application.reference.encode() in page.content


def test_receiving_an_application_shows_errors_next_to_fields(client, officer, national):
    client.force_login(officer)
    refused = client.post("/licensing/new/", {"jurisdiction": str(national.id), "direction": "export",
                                              "applicant": "", "received_on": "2023-01-10"})
    assert refused.status_code == 200 and b'id="id_applicant_error"' in refused.content
    created = client.post("/licensing/new/", {"jurisdiction": str(national.id), "direction": "export",
                                              "applicant": "Freetown Arms Ltd", "received_on": "2023-01-10",
                                              "reference": "APP-W-1"})
    assert created.status_code == 302 and created["Location"] == "/licensing/APP-W-1/"
    bad_country = client.post("/licensing/APP-W-1/parties/new/", {"role": "importer", "name": "Ghana Police",
                                                                  "country": "XXX"})
    assert b'id="id_country_error"' in bad_country.content and b"not a known country" in bad_country.content
    assert client.post("/licensing/APP-W-1/parties/new/", {"role": "importer", "name": "Ghana Police",
                                                           "country": "GHA"}).status_code == 302
    page = client.get("/licensing/APP-W-1/")
    assert b"Ghana Police" in page.content and b"<label" in client.get("/licensing/APP-W-1/items/new/").content


def test_the_assessment_page_and_the_refusal_rule(client, officer, national):
    application = new_export(officer, national)
    services.application_submit(actor=officer, application=application)
    client.force_login(officer)
    started = client.post(f"/licensing/{application.reference}/step/assess/")
    assert started["Location"] == f"/licensing/{application.reference}/assessment/"
    page = client.get(started["Location"])
    assert page.status_code == 200
    # No country context is loaded in this test: the panel says so rather than showing a score.
    assert b"Ghana" in page.content and b"No explained risk" in page.content
    assert b"own evidence of diversion" in page.content and b"No trace outcome recorded here" in page.content
    fields = {f"a6_{code}": "no" for code in ("6.1", "6.2", "6.3")} | {"a6_6.1": "yes"}
    assert client.post(started["Location"], fields).status_code == 302
    page = client.get(started["Location"])
    assert b"must be refused" in page.content
    decision = client.post(f"/licensing/{application.reference}/decision/", {"outcome": "approve", "reasons": "ok"})
    assert b"Article 6 prohibits this transfer" in decision.content


def test_licence_and_delivery_pages(client, officer, national):
    licence = licensed(officer, new_export(officer, national))
    client.force_login(officer)
    too_many = client.post(f"/licensing/licences/{licence.number}/deliveries/new/",
                           {"shipped_on": "2023-03-01", "quantity_1": "11", "quantity_2": "0"})
    assert b"would exceed the licence" in too_many.content
    done = client.post(f"/licensing/licences/{licence.number}/deliveries/new/",
                       {"shipped_on": "2023-03-01", "quantity_1": "10", "quantity_2": "1", "transit_countries": "CIV",
                        "serials_2": "P-1"})
    assert done.status_code == 302
    page = client.get(f"/licensing/licences/{licence.number}/")
    assert b"P-1" in page.content and b"CIV" in page.content and b"not yet checked" in page.content


def test_refusals_outside_the_jurisdiction_and_for_other_roles(client, east_officer, officer, northern, make_user,
                                                               national):
    north = new_export(officer, northern)
    assessed(officer, north)
    client.force_login(east_officer)
    assert client.get(f"/licensing/{north.reference}/").status_code == 404
    client.force_login(make_user("registrar", ("registrar", national, "capture")))
    assert client.get("/licensing/").status_code == 403
    analyst = make_user("analyst", ("analyst", national, "view"))
    client.force_login(analyst)
    assert client.get(f"/licensing/{north.reference}/assessment/").status_code == 200
    assert client.get(f"/licensing/{north.reference}/decision/").status_code == 403
