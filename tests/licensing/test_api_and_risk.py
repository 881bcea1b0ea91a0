"""The API, and the risk panel an assessor reads: the importer's explained context risk from the
shipped data and this State's own evidence of diversion, each with its source."""

from __future__ import annotations

import json
from datetime import date

import pytest

from salw.tracing.services import seizure_record, trace_outcome_record
from tests.api.conftest import ApiCaller
from tests.context.conftest import shipped_context  # noqa: F401 - the shipped country data, once per module
from tests.licensing.conftest import EXPORT_ITEMS, LOW_RISKS, NO_PROHIBITION

pytestmark = pytest.mark.usefixtures("shipped_context")




def put(caller: ApiCaller, path: str, body: dict):
    return caller.client.put("/api/v1" + path, json.dumps(body), content_type="application/json",
                             headers=caller.headers)


@pytest.fixture
def ghana_diversion(system_actor, national):
    """A rifle seized at home and traced to a point of diversion in Ghana: the State's own evidence."""
    seizure = seizure_record(actor=system_actor, jurisdiction=national, kind="seized", occurred_on=date(2022, 5, 2),
                             legal_justification="illicit_possession", case_reference="KEN-2022-14",
                             items=[{"serial_number": "GH-77", "weapon_type": "sa_assault_rifle"}])
    return trace_outcome_record(actor=system_actor, item=seizure.items.get(), outcome="diversion_established",
                                establishment_method="trace_response", diversion_country="GHA",
                                diversion_place="Accra police armoury", diversion_from=date(2021, 1, 1),
                                diversion_mechanism="stockpile_theft_or_loss")


APPLICATION = {
    "jurisdiction": "SLE", "direction": "export", "applicant": "Freetown Arms Ltd", "received_on": "2023-01-10",
    "reference": "APP-T-1", "end_use": "police service weapons",
    "parties": [{"role": "exporter", "name": "Freetown Arms Ltd", "country": "SLE"},
                {"role": "importer", "name": "Ghana Police Service", "country": "GHA"},
                {"role": "end_user", "name": "Ghana Police Service", "country": "gha"},
                {"role": "transit_state", "name": "Côte d'Ivoire", "country": "CIV"}],
    "items": EXPORT_ITEMS,
}


def test_an_export_through_the_api_with_the_risk_panel(api, make_user, national, ghana_diversion):
    officer = make_user("api-officer", ("licensing_officer", national, "capture"))
    caller = api(officer)
    created = caller.post("/licensing/applications", APPLICATION)
    assert created.status_code == 201, created.content
    assert [item["unroca"] for item in created.json()["items"]] == ["SA4", "SA1"]
    assert caller.post("/licensing/applications/APP-T-1/submit").status_code == 200
    started = caller.post("/licensing/applications/APP-T-1/assessment")
    assert started.status_code == 201, started.content

    panel = caller.get("/licensing/applications/APP-T-1/assessment").json()["risk_panel"]
    countries = {entry["country"]: entry for entry in panel["countries"]}
    assert set(countries) == {"GHA", "CIV"}
    assert countries["GHA"]["roles"] == ["importer", "end_user"] and countries["CIV"]["roles"] == ["transit_state"]
    ghana = countries["GHA"]["risk"]
    parts = {part["component"]: part for part in ghana["components"]}
    assert {"governance_weakness", "economic_weakness", "conflict_in_country", "conflict_in_neighbours",
            "neighbour_weakness", "diversion_evidence"} <= set(parts)
    governance = parts["governance_weakness"]
    assert governance["source"] == "WGI 2023 update (data to 2022)"
    assert governance["year"] == ghana["year"] and 0 <= governance["percentile"] <= 100
    assert governance["contribution"] == pytest.approx(governance["coefficient"] * governance["standardised"])
    # The State's own trace counts in Ghana's score and is listed with where it comes from.
    assert parts["diversion_evidence"]["value"] > 0 and "1 weapon(s)" in parts["diversion_evidence"]["note"]
    (case,) = panel["diversion_evidence"]
    assert (case["seizure_reference"], case["diversion_country"]) == ("KEN-2022-14", "GHA")
    assert case["why"] == "point of diversion in GHA"
    assert "established by" not in case["source"] and "seizure KEN-2022-14" in case["source"]

    saved = put(caller, "/licensing/applications/APP-T-1/assessment", {
        "article_6": NO_PROHIBITION, "article_7": LOW_RISKS, "overriding_risk": False,
        "overriding_risk_rationale": "mitigated by post-shipment checks", "diversion_risk": "substantial",
        "diversion_measures": "on-site inspection within 90 days"})
    assert saved.status_code == 200, saved.content
    assert saved.json()["risk_snapshot_at"] and saved.json()["required_outcome"] is None
    decided = caller.post("/licensing/applications/APP-T-1/decision", {
        "outcome": "approve_with_conditions", "reasons": "low risk", "conditions": "no re-export without consent"})
    assert decided.status_code == 201 and decided.json()["status"] == "approved"
    issued = caller.post("/licensing/applications/APP-T-1/licence", {
        "valid_from": "2023-02-01", "valid_until": "2023-12-31", "number": "LIC-T-1", "quantities": {"1": 8}})
    assert issued.status_code == 201, issued.content
    assert issued.json()["conditions"] == "no re-export without consent"
    too_many = caller.post("/licensing/licences/LIC-T-1/deliveries", {
        "shipped_on": "2023-03-01", "lines": [{"line": 1, "quantity": 9}]})
    assert too_many.status_code == 422 and "would exceed the licence" in too_many.json()["error"]["message"]
    delivered = caller.post("/licensing/licences/LIC-T-1/deliveries", {
        "shipped_on": "2023-03-01", "transit_countries": ["CIV"], "lines": [{"line": 1, "quantity": 8}]})
    assert delivered.status_code == 201, delivered.content
    licence = caller.get("/licensing/licences/LIC-T-1").json()
    assert [(q["licensed"], q["delivered"], q["remaining"]) for q in licence["quantities"]] == [(8, 8, 0), (4, 0, 4)]
    assert licence["status"] == "partially_delivered"


def test_scopes_roles_and_jurisdictions(api, make_user, national, eastern):
    officer = make_user("api-officer", ("licensing_officer", national, "capture"))
    assert api(officer).post("/licensing/applications", APPLICATION).status_code == 201
    reader = api(officer, scopes=("licensing:read",))
    assert reader.post("/licensing/applications", {**APPLICATION, "reference": "APP-T-2"}).status_code == 403
    east = make_user("east-officer", ("licensing_officer", eastern, "capture"))
    assert api(east).get("/licensing/applications/APP-T-1").status_code == 404
    assert api(east).post("/licensing/applications", APPLICATION).status_code == 403
    registrar = make_user("registrar", ("registrar", national, "capture"))
    assert api(registrar).get("/licensing/applications").status_code == 403  # refused, as the page is
    refused = api(officer).post("/licensing/applications/APP-T-1/decision", {"outcome": "approve", "reasons": "x"})
    assert refused.status_code == 422


def test_the_assessment_page_shows_the_importers_components_and_the_states_evidence(client, make_user, national,
                                                                                  ghana_diversion):
    from salw.licensing import services
    from tests.licensing.conftest import new_export

    officer = make_user("web-officer", ("licensing_officer", national, "capture"))
    application = new_export(officer, national)
    services.application_submit(actor=officer, application=application)
    services.assessment_start(actor=officer, application=application)
    client.force_login(officer)
    page = client.get(f"/licensing/{application.reference}/assessment/").content.decode()
    assert "Ghana" in page and "Governance weakness" in page and "Economic weakness" in page
    assert "WGI 2023 update (data to 2022)" in page and "Contribution" in page and "Percentile" in page
    assert "point of diversion in GHA" in page and "seizure KEN-2022-14" in page
