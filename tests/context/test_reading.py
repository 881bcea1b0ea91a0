"""Reading country context and risk through the API and the web pages, and who may."""

from __future__ import annotations

import math
from datetime import date

import pytest
from django.test import Client

from salw.accounts.services import token_create
from salw.context.selectors import country_context, country_risk
from salw.core.errors import PermissionRefused
from salw.tracing.selectors import diversion_evidence_by_country
from salw.tracing.services import seizure_record, trace_outcome_record
from tests.api.conftest import ApiCaller

pytestmark = pytest.mark.usefixtures("shipped_context")


@pytest.fixture
def api(system_actor):
    def make(user, scopes=("context:read",)) -> ApiCaller:
        _, plain = token_create(actor=system_actor, user=user, scopes=list(scopes), days=5)
        return ApiCaller(Client(), plain)

    return make


def test_a_country_with_its_indicator_trends(api, licensing_officer):
    response = api(licensing_officer).get("/context/countries/lbr")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["country"], body["name"]) == ("LBR", "Liberia")
    indicators = {item["code"]: item for item in body["indicators"]}
    stability = indicators["wgi_pv"]
    assert stability["source_name"].startswith("Worldwide Governance Indicators")
    assert stability["licence"] == "CC BY 4.0" and stability["higher_is_worse"] is False
    assert 1997 not in stability["years"] and 2003 in stability["years"]
    assert {"year": 2003, "value": -2.1594, "release": "2023 update (data to 2022)"} in stability["series"]
    assert indicators["ucdp_max_intensity"]["version"] == "23.1"
    conflict = next(item for item in body["conflicts"] if item["year"] == 2003)
    assert (conflict["conflict_id"], conflict["intensity"]) == (341, 2)
    assert conflict["non_state_sides"] == ["LURD", "MODEL"]
    neighbours = {item["country"]: item for item in body["neighbours"]}
    assert set(neighbours) == {"CIV", "GIN", "SLE"} and neighbours["SLE"]["shared_border_km"] > 100


def test_a_countrys_risk_explained(api, analyst):
    body = api(analyst).get("/context/countries/SLE/risk", {"year": 2000}).json()
    assert (body["country"], body["year"], body["model_version"]) == ("SLE", 2000, "conflict_incidence-v2")
    parts = {item["component"]: item for item in body["components"]}
    assert parts["conflict_in_country"]["value"] == 1 and parts["conflict_in_country"]["source"] == "UCDP/PRIO ACD 23.1"
    assert parts["conflict_in_neighbours"]["value"] == 2  # Guinea and Liberia, 2000
    assert "GIN" in parts["conflict_in_neighbours"]["note"] and "LBR" in parts["conflict_in_neighbours"]["note"]
    assert parts["governance_weakness"]["year"] == 2000 and 0 <= parts["governance_weakness"]["percentile"] <= 100
    assert parts["diversion_evidence"]["declared"] is True
    total = body["intercept"] + sum(item["contribution"] for item in body["components"] if not item["missing"])
    assert body["logit"] == pytest.approx(total)
    assert body["score"] == pytest.approx(1 / (1 + math.exp(-total)))


def test_missing_data_is_reported_in_the_explanation(licensing_officer):
    # Gapminder has no GDP per capita for Yemen after 2018, and the model looks back two years only.
    explanation = country_risk(licensing_officer, "YEM", year=2022)
    economy = next(part for part in explanation.components if part.component == "economic_weakness")
    assert economy.missing and economy.contribution is None
    assert any("Economic weakness: missing" in note for note in explanation.notes)


def test_the_ranking_of_a_year(api, licensing_officer):
    body = api(licensing_officer).get("/context/risk", {"year": 2021}).json()
    assert body["year"] == 2021 and body["target"] == "conflict_incidence"
    scores = [item["score"] for item in body["items"]]
    assert scores == sorted(scores, reverse=True) and len(scores) > 150
    assert [item["rank"] for item in body["items"][:3]] == [1, 2, 3]


def test_the_states_own_traces_count_in_the_risk(system_actor, national, licensing_officer):
    seizure = seizure_record(actor=system_actor, jurisdiction=national, kind="seized", occurred_on=date(2021, 5, 1),
                             legal_justification="illicit_possession", country="SLE",
                             items=[{"item_kind": "weapon", "serial_number": "LB-4471", "manufacturer": "Izhmash"}])
    trace_outcome_record(actor=system_actor, item=seizure.items.get(), outcome="diversion_established",
                         establishment_method="trace_response", diversion_country="LBR",
                         diversion_from=date(2003, 6, 1), diversion_to=date(2003, 8, 1),
                         diversion_mechanism="battlefield_capture")
    evidence = diversion_evidence_by_country(licensing_officer)
    assert evidence == {"LBR": (1, 2003)}
    explanation = country_risk(licensing_officer, "LBR", year=2021, diversion_evidence=evidence)
    part = next(item for item in explanation.components if item.component == "diversion_evidence")
    assert part.value == pytest.approx(math.log1p(1)) and part.year == 2003 and part.contribution > 0

    # A weapon diverted in Liberia from an end user in Guinea counts for both, once each.
    second = seizure_record(actor=system_actor, jurisdiction=national, kind="seized", occurred_on=date(2021, 6, 1),
                            legal_justification="illicit_possession", country="SLE",
                            items=[{"item_kind": "weapon", "serial_number": "GN-10"}])
    trace_outcome_record(actor=system_actor, item=second.items.get(), outcome="diversion_established",
                         establishment_method="trace_response", diversion_country="LBR",
                         diversion_from=date(2010, 1, 1), last_legal_holder_name="Forces armées guinéennes",
                         last_legal_holder_country="GIN", diversion_mechanism="embezzlement")
    assert diversion_evidence_by_country(licensing_officer) == {"LBR": (2, 2010), "GIN": (1, 2010)}


def test_unknown_country_and_unknown_model_are_404(api, licensing_officer):
    caller = api(licensing_officer)
    assert caller.get("/context/countries/XYZ").json()["error"]["code"] == "not_found"
    assert caller.get("/context/countries/SLE/risk", {"model": "nope-v9"}).status_code == 404


def test_who_may_read(api, registrar, licensing_officer):
    refused = api(registrar).get("/context/countries/SLE")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    without_scope = api(licensing_officer, scopes=("registry:read",)).get("/context/risk")
    assert without_scope.status_code == 403
    with pytest.raises(PermissionRefused):
        country_context(registrar, "SLE")


def test_the_country_page_draws_trends_without_script(client, analyst):
    client.force_login(analyst)
    response = client.get("/context/LBR/?year=2003")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Liberia" in html and "<svg" in html and "<polyline" in html
    assert "<script>" not in html.split("</head>")[1] and "style=" not in html
    assert "LURD; MODEL" in html and "Armed conflict in land neighbours" in html
    ranking = client.get("/context/?year=2021")
    assert ranking.status_code == 200 and "/context/SLE/" in ranking.content.decode()


def test_the_country_page_refuses_other_roles(client, registrar):
    client.force_login(registrar)
    assert client.get("/context/SLE/").status_code == 403
