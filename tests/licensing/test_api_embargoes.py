"""The API of the UN arms embargo list (ATT Article 6(1)) and of the flags calling for reassessment
(Article 7(7)): administrators keep the list, licensing readers read it, and the officers of an
application's jurisdiction see its embargo findings and flags and resolve them."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from salw.core.models import AuditEntry
from salw.licensing.models import ArmsEmbargo, ReassessmentFlag
from salw.tracing.services import seizure_record, trace_outcome_record
from tests.api.conftest import ApiCaller
from tests.licensing.conftest import licensed, new_export

SOUTH_SUDAN = {"country": "ssd", "regime": "South Sudan sanctions (2206 Committee)",
               "resolution": "S/RES/2428 (2018)", "scope": "all", "starts_on": "2018-07-13"}



@pytest.fixture
def admin(make_user, national):
    return make_user("embargo-admin", ("administrator", national, "capture"))


@pytest.fixture
def admin_api(api, admin):
    return api(admin)


def _create(caller: ApiCaller, **fields) -> dict:
    response = caller.post("/licensing/embargoes", {**SOUTH_SUDAN, **fields})
    assert response.status_code == 201, response.content
    return response.json()


# --- the list -----------------------------------------------------------------------------------

def test_an_administrator_adds_verifies_ends_and_withdraws_an_entry(admin_api):
    created = _create(admin_api, notes="renewed yearly")
    assert {name: created[name] for name in ("country", "regime", "resolution", "scope", "starts_on", "ends_on",
                                            "ended_by", "covers_exports_from", "notes", "verified", "verified_on",
                                            "verified_by", "recorded_by", "in_force_today", "withdrawn")} == {
        "country": "SSD", "regime": "South Sudan sanctions (2206 Committee)", "resolution": "S/RES/2428 (2018)",
        "scope": "all", "starts_on": "2018-07-13", "ends_on": None, "ended_by": "", "covers_exports_from": False,
        "notes": "renewed yearly", "verified": False, "verified_on": None, "verified_by": "",
        "recorded_by": "embargo-admin", "in_force_today": True, "withdrawn": False}
    assert created["scope_text"] == "every supply to the country is prohibited"
    entry = f"/licensing/embargoes/{created['id']}"
    assert admin_api.get(entry).json() == created

    verified = admin_api.post(f"{entry}/verify", {"verified_on": "2025-01-15",
                                                  "source_url": "https://www.un.org/securitycouncil/sanctions/2206"})
    assert verified.status_code == 200, verified.content
    assert (verified.json()["verified"], verified.json()["verified_on"], verified.json()["verified_by"],
            verified.json()["source_url"]) == (True, "2025-01-15", "embargo-admin",
                                               "https://www.un.org/securitycouncil/sanctions/2206")

    ended = admin_api.post(f"{entry}/end", {"ends_on": "2024-05-30", "ended_by": "S/RES/2731 (2024)"})
    assert ended.status_code == 200, ended.content
    assert (ended.json()["ends_on"], ended.json()["ended_by"], ended.json()["in_force_today"]) == (
        "2024-05-30", "S/RES/2731 (2024)", False)
    stored = ArmsEmbargo.objects.get(pk=created["id"])
    assert (stored.ends_on, stored.verified_on) == (date(2024, 5, 30), date(2025, 1, 15))

    withdrawn = admin_api.post(f"{entry}/withdraw", {"reason": "entered twice"})
    assert withdrawn.status_code == 200, withdrawn.content
    assert withdrawn.json()["withdrawn"] is True and withdrawn.json()["id"] == created["id"]
    assert ArmsEmbargo.objects.get(pk=created["id"]).void_reason == "entered twice"
    # A withdrawn entry is no longer on the list, nor found.
    assert admin_api.get("/licensing/embargoes").json() == []
    gone = admin_api.get(entry)
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "not_found"
    assert admin_api.post(f"{entry}/verify", {"verified_on": "2025-02-01"}).status_code == 404
    actions = list(AuditEntry.objects.filter(object_type="arms_embargo", object_id=UUID(created["id"]).hex)
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["embargo_record", "embargo_verify", "embargo_end", "embargo_void"]


def test_a_licensing_officer_reads_the_list_but_may_not_change_it(api, admin_api, officer, make_user, national):
    created = _create(admin_api)
    caller = api(officer)
    listed = caller.get("/licensing/embargoes")
    assert listed.status_code == 200
    assert [(entry["id"], entry["country"]) for entry in listed.json()] == [(created["id"], "SSD")]
    assert caller.get(f"/licensing/embargoes/{created['id']}").json()["resolution"] == "S/RES/2428 (2018)"

    refused = caller.post("/licensing/embargoes", {**SOUTH_SUDAN, "country": "LBY"})
    assert refused.status_code == 403
    assert refused.json()["error"] == {"code": "permission_denied", "message": "only an administrator may add arms "
                                                                               "embargoes", "details": []}
    entry = f"/licensing/embargoes/{created['id']}"
    assert caller.post(f"{entry}/end", {"ends_on": "2024-05-30", "ended_by": "S/RES/1 (2024)"}).status_code == 403
    assert caller.post(f"{entry}/verify", {"verified_on": "2025-01-15"}).status_code == 403
    assert caller.post(f"{entry}/withdraw", {"reason": "mine"}).status_code == 403
    assert ArmsEmbargo.objects.filter(voided_at__isnull=True).count() == 1
    assert ArmsEmbargo.objects.get().ends_on is None and ArmsEmbargo.objects.get().verified_on is None

    # An administrator's token without the write scope is refused the write before the policy is asked.
    reader = api(make_user("reading-admin", ("administrator", national, "capture")), scopes=("licensing:read",))
    assert reader.get("/licensing/embargoes").status_code == 200
    assert reader.post("/licensing/embargoes", {**SOUTH_SUDAN, "country": "LBY"}).status_code == 403
    # A registrar reads no licensing data at all.
    registrar = api(make_user("embargo-registrar", ("registrar", national, "capture")))
    assert registrar.get("/licensing/embargoes").status_code == 403


def test_a_bad_entry_is_refused_with_its_problems_named(admin_api):
    malformed = admin_api.post("/licensing/embargoes", {"country": "SSD", "regime": "x", "scope": "some",
                                                        "starts_on": "2018-13-40"})
    assert malformed.status_code == 422
    error = malformed.json()["error"]
    assert error["code"] == "invalid_request"
    assert {detail["location"] for detail in error["details"]} == {"body.resolution", "body.scope",
                                                                   "body.starts_on"}

    invalid = admin_api.post("/licensing/embargoes", {**SOUTH_SUDAN, "country": "QQQ", "resolution": " ",
                                                      "ends_on": "2018-01-01"})
    assert invalid.status_code == 422
    error = invalid.json()["error"]
    assert error["code"] == "validation_failed"
    assert [detail["message"] for detail in error["details"]] == [
        "embargoed country: QQQ is not a known country",
        "the embargo would end (2018-01-01) before it starts (2018-07-13)",
        "name the Security Council resolution (e.g. S/RES/2428 (2018))"]
    assert not ArmsEmbargo.objects.exists()

    created = _create(admin_api)
    entry = f"/licensing/embargoes/{created['id']}"
    early = admin_api.post(f"{entry}/end", {"ends_on": "2017-01-01", "ended_by": " "})
    assert early.status_code == 422
    assert [detail["message"] for detail in early.json()["error"]["details"]] == [
        "the embargo would end (2017-01-01) before it starts (2018-07-13)",
        "name the resolution that lifted the embargo"]
    no_reason = admin_api.post(f"{entry}/withdraw", {"reason": "  "})
    assert no_reason.status_code == 422 and no_reason.json()["error"]["message"] == "say why the entry is withdrawn"
    assert admin_api.get(entry).json()["ends_on"] is None


def test_the_list_by_the_day_in_force_and_by_country(admin_api, officer, api):
    liberia_full = _create(admin_api, country="LBR", regime="Liberia sanctions", resolution="S/RES/788 (1992)",
                           starts_on="1992-11-19", ends_on="2009-12-16", ended_by="S/RES/1903 (2009)")
    liberia_groups = _create(admin_api, country="LBR", regime="Liberia sanctions", resolution="S/RES/1903 (2009)",
                             scope="non_state", starts_on="2009-12-17", ends_on="2016-05-25",
                             ended_by="S/RES/2288 (2016)")
    south_sudan = _create(admin_api)
    caller = api(officer)

    def listed(**params) -> list[str]:
        response = caller.get("/licensing/embargoes", params)
        assert response.status_code == 200, response.content
        return [entry["resolution"] for entry in response.json()]

    # Every entry, in force or ended: by country, newest first within one.
    assert listed() == ["S/RES/1903 (2009)", "S/RES/788 (1992)", "S/RES/2428 (2018)"]
    assert listed(in_force_on="2000-01-01") == ["S/RES/788 (1992)"]
    assert listed(in_force_on="2009-12-16") == ["S/RES/788 (1992)"]  # the last day counts
    assert listed(in_force_on="2009-12-17") == ["S/RES/1903 (2009)"]  # the first day counts
    assert listed(in_force_on="2017-03-01") == []
    assert listed(in_force_on="2018-07-13") == ["S/RES/2428 (2018)"]
    assert listed(country="lbr") == ["S/RES/1903 (2009)", "S/RES/788 (1992)"]
    assert listed(country="LBR", in_force_on="2012-06-30") == ["S/RES/1903 (2009)"]
    assert listed(country="SSD", in_force_on="2010-01-01") == []
    today = {entry["id"]: entry["in_force_today"] for entry in caller.get("/licensing/embargoes").json()}
    assert today == {liberia_full["id"]: False, liberia_groups["id"]: False, south_sudan["id"]: True}
    bad_day = caller.get("/licensing/embargoes", {"in_force_on": "2020-02-30"})
    assert bad_day.status_code == 422 and bad_day.json()["error"]["details"][0]["location"] == "query.in_force_on"


# --- the application: its findings and flags --------------------------------------------------------

def test_an_embargo_on_the_destination_shows_in_the_application_and_flags_its_licence(admin_api, api, officer,
                                                                                      national):
    licence = licensed(officer, new_export(officer, national, reference="APP-E-1"))
    caller = api(officer)
    before = caller.get("/licensing/applications/APP-E-1").json()
    assert (before["embargo_findings"], before["open_reassessments"]) == ([], [])

    ghana = _create(admin_api, country="GHA", regime="Test regime", resolution="S/RES/9001 (2025)",
                    scope="non_state", starts_on="2025-01-01")
    detail = caller.get("/licensing/applications/APP-E-1").json()
    assert [(f["embargo_id"], f["country"], f["party_role"], f["party_name"], f["resolution"], f["scope"],
             f["prohibits"]) for f in detail["embargo_findings"]] == [
        (ghana["id"], "GHA", "end_user", "Ghana Police Service", "S/RES/9001 (2025)", "non_state", False),
        (ghana["id"], "GHA", "importer", "Ghana Police Service", "S/RES/9001 (2025)", "non_state", False)]
    assert detail["embargo_findings"][0]["message"].startswith(
        "end user Ghana Police Service (GHA): UN arms embargo on GHA (S/RES/9001 (2025), Test regime; "
        "since 2025-01-01) in force on ")
    assert detail["embargo_findings"][0]["message"].endswith(
        "[entry not yet verified against the official list]")
    (flag,) = detail["open_reassessments"]
    assert (flag["application"], flag["jurisdiction"], flag["embargo_id"], flag["trace_outcome_id"], flag["open"],
            flag["resolution"]) == ("APP-E-1", "SLE", ghana["id"], None, True, "")
    assert flag["reason"].startswith("a new arms embargo is in force: end user Ghana Police Service (GHA)")
    assert ReassessmentFlag.objects.get().application_id == licence.application_id

    # The embargo is lifted: today's findings are gone, the flag stays until it is resolved.
    admin_api.post(f"/licensing/embargoes/{ghana['id']}/end", {"ends_on": "2025-02-01", "ended_by": "S/RES/9002"})
    detail = caller.get("/licensing/applications/APP-E-1").json()
    assert detail["embargo_findings"] == [] and [f["id"] for f in detail["open_reassessments"]] == [flag["id"]]


@pytest.fixture
def ghana_police(system_actor):
    from salw.registry.services import actor_create

    return actor_create(actor=system_actor, holder_type="state_law_enforcement", name="Ghana Police Service",
                        country="GHA")


def _trace_to(system_actor, jurisdiction, holder):
    seizure = seizure_record(actor=system_actor, jurisdiction=jurisdiction, kind="seized",
                             occurred_on=date(2024, 5, 1), legal_justification="illicit_possession", country="SLE",
                             case_reference="SLE-2024-7",
                             items=[{"item_kind": "weapon", "serial_number": "X-1", "manufacturer": "Izhmash"}])
    return trace_outcome_record(actor=system_actor, item=seizure.items.get(), outcome="diversion_established",
                                establishment_method="trace_response", diversion_country="GHA",
                                diversion_from=date(2023, 6, 1), diversion_to=date(2023, 9, 1),
                                diversion_mechanism="stockpile_theft_or_loss", last_legal_holder=holder)


def test_a_trace_outcome_flag_is_listed_shown_and_resolved_by_the_jurisdiction(
        api, officer, east_officer, auditor, national, system_actor, ghana_police):
    parties = [{"role": "importer", "name": "Ghana Police Service", "country": "GHA"},
               {"role": "end_user", "name": "Ghana Police Service", "country": "GHA", "registry_actor": ghana_police}]
    kept = licensed(officer, new_export(officer, national, reference="APP-R-1", parties=parties))
    revoked = licensed(officer, new_export(officer, national, reference="APP-R-2", parties=parties))
    outcome = _trace_to(system_actor, national, ghana_police)
    caller = api(officer)

    listed = caller.get("/licensing/reassessments")
    assert listed.status_code == 200, listed.content
    page = listed.json()
    assert page["next_cursor"] is None
    assert [(item["application"], item["party_role"], item["party_name"], item["trace_outcome_id"],
             item["embargo_id"], item["open"]) for item in page["items"]] == [
        ("APP-R-1", "end_user", "Ghana Police Service", str(outcome.id), None, True),
        ("APP-R-2", "end_user", "Ghana Police Service", str(outcome.id), None, True)]
    assert page["items"][0]["reason"] == ("the trace of seized item X-1 (SLE-2024-7, SLE, 2024-05-01) ends at "
                                          "Ghana Police Service, end user of this application")
    first = caller.get("/licensing/reassessments", {"limit": 1}).json()
    assert [item["application"] for item in first["items"]] == ["APP-R-1"] and first["next_cursor"]
    second = caller.get("/licensing/reassessments", {"limit": 1, "cursor": first["next_cursor"]}).json()
    assert ([item["application"] for item in second["items"]], second["next_cursor"]) == (["APP-R-2"], None)
    flags = {item["application"]: item["id"] for item in page["items"]}

    detail = caller.get("/licensing/applications/APP-R-1").json()
    assert [(f["id"], f["trace_outcome_id"]) for f in detail["open_reassessments"]] == [
        (flags["APP-R-1"], str(outcome.id))]
    assert detail["embargo_findings"] == []

    # Another jurisdiction's officer does not see the flags; a reader of this one may not resolve them.
    east = api(east_officer)
    assert east.get("/licensing/reassessments").json()["items"] == []
    assert east.get("/licensing/applications/APP-R-1").status_code == 404
    unseen = east.post(f"/licensing/reassessments/{flags['APP-R-1']}/resolve",
                       {"resolution": "maintained", "note": "not ours"})
    assert unseen.status_code == 404 and unseen.json()["error"]["code"] == "not_found"
    audit = api(auditor)
    assert [item["id"] for item in audit.get("/licensing/reassessments").json()["items"]] == [
        flags["APP-R-1"], flags["APP-R-2"]]
    refused = audit.post(f"/licensing/reassessments/{flags['APP-R-1']}/resolve",
                         {"resolution": "maintained", "note": "read only"})
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "permission_denied"
    read_only = api(officer, scopes=("licensing:read",))
    assert read_only.post(f"/licensing/reassessments/{flags['APP-R-1']}/resolve",
                          {"resolution": "maintained", "note": "no write scope"}).status_code == 403
    bad = caller.post(f"/licensing/reassessments/{flags['APP-R-1']}/resolve", {"resolution": "ignored"})
    assert bad.status_code == 422
    assert {d["location"] for d in bad.json()["error"]["details"]} == {"body.resolution", "body.note"}
    assert ReassessmentFlag.objects.filter(resolved_at__isnull=True).count() == 2

    resolved = caller.post(f"/licensing/reassessments/{flags['APP-R-1']}/resolve",
                           {"resolution": "maintained", "note": "stolen from the armoury after delivery"})
    assert resolved.status_code == 200, resolved.content
    body = resolved.json()
    assert (body["open"], body["resolution"], body["resolution_note"], body["resolved_by"]) == (
        False, "maintained", "stolen from the armoury after delivery", "licensing-officer")
    assert body["resolved_at"] is not None
    again = caller.post(f"/licensing/reassessments/{flags['APP-R-1']}/resolve",
                        {"resolution": "maintained", "note": "again"})
    assert again.status_code == 422 and again.json()["error"]["message"] == "this flag was already resolved"

    revoking = caller.post(f"/licensing/reassessments/{flags['APP-R-2']}/resolve",
                           {"resolution": "revoked", "note": "end user cannot keep its stock",
                            "revoked_on": "2024-06-01"})
    assert revoking.status_code == 200, revoking.content
    licence = caller.get(f"/licensing/licences/{revoked.number}").json()
    assert licence["status"] == "revoked"
    assert caller.get(f"/licensing/licences/{kept.number}").json()["status"] == "licence_issued"

    assert caller.get("/licensing/reassessments").json()["items"] == []
    closed = caller.get("/licensing/reassessments", {"open_only": "false"}).json()["items"]
    assert [(item["application"], item["resolution"]) for item in closed] == [("APP-R-1", "maintained"),
                                                                             ("APP-R-2", "revoked")]
    assert caller.get("/licensing/applications/APP-R-1").json()["open_reassessments"] == []


def test_a_registrar_is_refused_the_reassessment_list(api, make_user, national):
    registrar = api(make_user("flag-registrar", ("registrar", national, "capture")))
    response = registrar.get("/licensing/reassessments")
    assert response.status_code == 403
    assert "licence applications" in response.json()["error"]["message"]
