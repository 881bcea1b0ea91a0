"""The arms embargo list (ATT Article 6(1)) and the reassessment flags (Article 7(7)) on the web:
reading and filtering the list, the administrator's forms with errors by their fields, the flags
and their resolution, and what the application and assessment pages say about both."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from salw.licensing import services
from salw.licensing.models import ArmsEmbargo, ReassessmentFlag
from salw.registry.services import actor_create
from salw.tracing.services import seizure_record, trace_outcome_record
from tests.licensing.conftest import CONGO, SOUTH_SUDAN, licensed, new_export

pytestmark = pytest.mark.django_db



@pytest.fixture
def administrator(make_user, national):
    return make_user("embargo-admin", ("administrator", national, "capture"))


def _embargo(actor, country="SSD", scope="all", starts_on=date(2018, 7, 13), ends_on=None, resolution="",
             **fields):
    return services.embargo_record(actor=actor, country=country, regime=f"{country} sanctions",
                                   resolution=resolution or f"S/RES/{country} (2000)", scope=scope,
                                   starts_on=starts_on, ends_on=ends_on, **fields)


def _text(response) -> str:
    return response.content.decode()


def _rows(response) -> list[str]:
    """The body rows of the page's table, one string each."""
    body = _text(response).split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row for row in re.split(r"<tr\b", body)[1:]]


# --- the list -----------------------------------------------------------------------------------

def test_the_list_shows_the_entries_in_force_and_filters_by_day_and_country(client, officer, system_actor):
    _embargo(system_actor, "SSD", resolution="S/RES/2428 (2018)", source_url="https://main.un.org/securitycouncil/")
    _embargo(system_actor, "COD", scope="non_state", starts_on=date(2003, 7, 28), ends_on=date(2008, 3, 31),
             ended_by="S/RES/1807 (2008)", covers_exports_from=True, verified_on=date(2024, 2, 1),
             notes="Government supplies notified to the 1533 Committee")
    client.force_login(officer)

    page = client.get("/licensing/embargoes/")
    assert page.status_code == 200
    [row] = _rows(page)
    assert "South Sudan" in row and "SSD" in row and "S/RES/2428 (2018)" in row
    assert "every supply to the country" in row and "2018-07-13" in row and "<strong>in force</strong>" in row
    assert "not verified against the official list" in row
    assert 'href="https://main.un.org/securitycouncil/"' in row
    assert f"1 embargo in force on {timezone.localdate():%Y-%m-%d}" in _text(page)

    every = _rows(client.get("/licensing/embargoes/", {"show": "all"}))
    assert len(every) == 2
    congo = next(row for row in every if "COD" in row)
    assert "2008-03-31" in congo and "S/RES/1807 (2008)" in congo and "2024-02-01" in congo
    assert "procurement from the country is banned too" in congo and "1533 Committee" in congo
    assert "not verified against the official list" not in congo and "<strong>in force</strong>" not in congo

    in_2005 = _rows(client.get("/licensing/embargoes/", {"show": "in_force", "on": "2005-01-01"}))
    assert len(in_2005) == 1 and "COD" in in_2005[0] and "non-governmental entities" in in_2005[0]
    only_congo = _rows(client.get("/licensing/embargoes/", {"show": "all", "country": "COD"}))
    assert len(only_congo) == 1 and "S/RES/COD (2000)" in only_congo[0]
    nothing = client.get("/licensing/embargoes/", {"show": "in_force", "on": "1990-01-01"})
    assert "No arms embargo matches these filters." in _text(nothing)

    # htmx asks for the table alone.
    partial = client.get("/licensing/embargoes/", {"show": "all"}, headers={"HX-Request": "true"})
    assert "<table" in _text(partial) and "<nav" not in _text(partial)


def test_a_licensing_officer_reads_the_list_but_gets_no_administrator_forms(client, officer, system_actor,
                                                                            make_user, national):
    entry = _embargo(system_actor)
    client.force_login(officer)
    html = _text(client.get("/licensing/embargoes/"))
    assert "Add an embargo" not in html and "/licensing/embargoes/new/" not in html
    assert f"/licensing/embargoes/{entry.id}/" not in html
    assert client.get("/licensing/embargoes/new/").status_code == 403
    assert client.post("/licensing/embargoes/new/", {"country": "SSD"}).status_code == 403
    for action in ("end", "verify", "withdraw"):
        assert client.get(f"/licensing/embargoes/{entry.id}/{action}/").status_code == 403
    assert client.post(f"/licensing/embargoes/{entry.id}/withdraw/", {"reason": "x"}).status_code == 403
    assert ArmsEmbargo.objects.get().voided_at is None
    # The navigation leads there and to the reassessments.
    assert 'href="/licensing/embargoes/"' in html and 'href="/licensing/reassessments/"' in html
    client.force_login(make_user("registrar", ("registrar", national, "capture")))
    assert client.get("/licensing/embargoes/").status_code == 403


def test_an_administrator_adds_ends_verifies_and_withdraws_an_entry(client, administrator):
    client.force_login(administrator)
    listing = _text(client.get("/licensing/embargoes/"))
    assert 'href="/licensing/embargoes/new/"' in listing
    form = {"country": "SSD", "regime": "South Sudan sanctions", "resolution": "S/RES/2428 (2018)", "scope": "all",
            "starts_on": "2018-07-13", "notes": "Arms embargo and asset freeze"}

    unknown = client.post("/licensing/embargoes/new/", {**form, "country": "XXX"})
    assert unknown.status_code == 200
    assert re.search(r'id="id_country_error">[^<]*XXX is not a known country', _text(unknown))
    backwards = client.post("/licensing/embargoes/new/", {**form, "ends_on": "2017-01-01"})
    assert re.search(r'id="id_ends_on_error">[^<]*would end \(2017-01-01\) before it starts', _text(backwards))
    missing = client.post("/licensing/embargoes/new/", {**form, "resolution": ""})
    assert 'id="id_resolution_error"' in _text(missing)
    assert not ArmsEmbargo.objects.exists()

    added = client.post("/licensing/embargoes/new/", {**form, "country": "ssd"})
    assert added.status_code == 302 and added["Location"] == "/licensing/embargoes/"
    entry = ArmsEmbargo.objects.get()
    assert (entry.country, entry.scope, entry.starts_on, entry.verified_on, entry.recorded_by_name) == (
        "SSD", "all", date(2018, 7, 13), None, "embargo-admin")
    listing = _text(client.get("/licensing/embargoes/"))
    for action in ("end", "verify", "withdraw"):
        assert f'href="/licensing/embargoes/{entry.id}/{action}/"' in listing

    end = f"/licensing/embargoes/{entry.id}/end/"
    assert "<label" in _text(client.get(end))
    no_resolution = client.post(end, {"ends_on": "2030-05-30", "ended_by": ""})
    assert 'id="id_ended_by_error"' in _text(no_resolution)
    before_start = client.post(end, {"ends_on": "2010-01-01", "ended_by": "S/RES/9999 (2030)"})
    assert re.search(r'id="id_ends_on_error">[^<]*before it starts', _text(before_start))
    ended = client.post(end, {"ends_on": "2030-05-30", "ended_by": "S/RES/9999 (2030)"})
    assert ended.status_code == 302
    entry.refresh_from_db()
    assert (entry.ends_on, entry.ended_by) == (date(2030, 5, 30), "S/RES/9999 (2030)")

    verify = f"/licensing/embargoes/{entry.id}/verify/"
    bad_url = client.post(verify, {"verified_on": "2025-01-02", "source_url": "not a link"})
    assert 'id="id_source_url_error"' in _text(bad_url)
    assert client.post(verify, {"verified_on": "2025-01-02",
                                "source_url": "https://main.un.org/securitycouncil/en/sanctions/2206"}).status_code == 302
    entry.refresh_from_db()
    assert entry.verified_on == date(2025, 1, 2) and entry.verified_by_name == "embargo-admin"
    assert entry.source_url.endswith("/2206")
    [row] = _rows(client.get("/licensing/embargoes/"))
    assert "2025-01-02" in row and "not verified against the official list" not in row and "2030-05-30" in row

    withdraw = f"/licensing/embargoes/{entry.id}/withdraw/"
    blank = client.post(withdraw, {"reason": "   "})
    assert blank.status_code == 200 and 'id="id_reason_error"' in _text(blank)
    assert client.post(withdraw, {"reason": "entered twice"}).status_code == 302
    entry.refresh_from_db()
    assert entry.voided_at is not None and entry.void_reason == "entered twice"
    assert "No arms embargo matches these filters." in _text(client.get("/licensing/embargoes/", {"show": "all"}))
    assert client.get(withdraw).status_code == 404


# --- reassessment -------------------------------------------------------------------------------

def _trace_ends_at(system_actor, national, holder):
    seizure = seizure_record(actor=system_actor, jurisdiction=national, kind="seized", occurred_on=date(2024, 5, 1),
                             legal_justification="illicit_possession", country="SLE",
                             items=[{"item_kind": "weapon", "serial_number": "X-1", "manufacturer": "Izhmash"}])
    return trace_outcome_record(actor=system_actor, item=seizure.items.get(), outcome="diversion_established",
                                establishment_method="trace_response", diversion_country="GHA",
                                diversion_from=date(2023, 6, 1), diversion_to=date(2023, 9, 1),
                                diversion_mechanism="stockpile_theft_or_loss", last_legal_holder=holder)


def test_the_flags_raised_by_a_trace_are_listed_and_resolved_through_the_form(
        client, officer, east_officer, national, system_actor, make_user):
    police = actor_create(actor=system_actor, holder_type="state_law_enforcement", name="Ghana Police Service",
                          country="GHA")
    parties = [{"role": "importer", "name": "Ghana Police Service", "country": "GHA"},
               {"role": "end_user", "name": "Ghana Police Service", "country": "GHA", "registry_actor": police}]
    kept = licensed(officer, new_export(officer, national, reference="APP-KEPT", parties=parties))
    revoked = licensed(officer, new_export(officer, national, reference="APP-REVOKED", parties=parties))
    _trace_ends_at(system_actor, national, police)
    flags = {flag.application.reference: flag for flag in ReassessmentFlag.objects.all()}
    assert set(flags) == {"APP-KEPT", "APP-REVOKED"}

    client.force_login(officer)
    assert "2 open reassessment flags" in _text(client.get("/licensing/"))
    rows = _rows(client.get("/licensing/reassessments/"))
    assert len(rows) == 2
    for reference, flag in flags.items():
        row = next(row for row in rows if reference in row)
        assert f'href="/licensing/{reference}/"' in row and "the trace of seized item X-1" in row
        assert "ends at Ghana Police Service" in row and "end user" in row
        assert f"{flag.created_at:%Y-%m-%d}" in row
        assert f'href="/licensing/reassessments/{flag.id}/resolve/"' in row

    kept_url = f"/licensing/reassessments/{flags['APP-KEPT'].id}/resolve/"
    form = _text(client.get(kept_url))
    assert "reassessed: the licence stands" in form and "reassessed: the licence is revoked" in form
    assert "not linked to this licence" in form and 'name="revoked_on"' in form and 'class="when-revoking"' in form
    empty_note = client.post(kept_url, {"resolution": "maintained", "note": ""})
    assert 'id="id_note_error"' in _text(empty_note)
    assert client.post(kept_url, {"resolution": "maintained",
                                  "note": "stolen from a police armoury after delivery"}).status_code == 302
    again = client.post(kept_url, {"resolution": "maintained", "note": "again"})
    assert again.status_code == 200 and "this flag was already resolved" in _text(again)

    revoked_url = f"/licensing/reassessments/{flags['APP-REVOKED'].id}/resolve/"
    done = client.post(revoked_url, {"resolution": "revoked", "note": "end user cannot keep its stock",
                                     "revoked_on": "2024-06-01"})
    assert done.status_code == 302 and done["Location"] == "/licensing/APP-REVOKED/"
    revoked.refresh_from_db()
    revoked.application.refresh_from_db()
    assert revoked.application.status == "revoked" and revoked.ended_on == date(2024, 6, 1)
    assert revoked.end_reason == "Article 7(7) reassessment: end user cannot keep its stock"
    kept.application.refresh_from_db()
    assert kept.application.status == "licence_issued"
    flags["APP-KEPT"].refresh_from_db()
    assert (flags["APP-KEPT"].resolution, flags["APP-KEPT"].resolved_by_name) == ("maintained", "licensing-officer")

    assert "No open reassessment flag in your jurisdictions." in _text(client.get("/licensing/reassessments/"))
    resolved = _rows(client.get("/licensing/reassessments/", {"resolved": "1"}))
    assert len(resolved) == 2 and not any("/resolve/" in row for row in resolved)
    assert any("reassessed: the licence is revoked" in row and "cannot keep its stock" in row for row in resolved)
    assert "0 open reassessment flags" in _text(client.get("/licensing/"))

    # Another region's officer neither sees nor resolves them; a reader sees them but may not resolve.
    client.force_login(east_officer)
    assert "No open reassessment flag" in _text(client.get("/licensing/reassessments/"))
    assert client.get(kept_url).status_code == 404


def test_in_another_language_the_refusals_still_sit_next_to_their_fields(client, administrator):
    client.force_login(administrator)
    form = {"country": "XXX", "regime": "South Sudan sanctions", "resolution": "S/RES/2428 (2018)", "scope": "all",
            "starts_on": "2018-07-13", "ends_on": "2017-01-01"}
    page = _text(client.post("/licensing/embargoes/new/", form, HTTP_ACCEPT_LANGUAGE="fr"))
    country = re.search(r'id="id_country_error">([^<]*)<', page).group(1)
    ends = re.search(r'id="id_ends_on_error">([^<]*)<', page).group(1)
    assert "XXX" in country and "known country" not in country
    assert "2017-01-01" in ends and "before it starts" not in ends
    assert not ArmsEmbargo.objects.exists()


def test_a_revocation_the_service_refuses_shows_next_to_the_choice(client, officer, national, system_actor,
                                                                   make_user):
    application = new_export(officer, national, reference="APP-SSD", parties=SOUTH_SUDAN)
    services.application_submit(actor=officer, application=application)
    _embargo(system_actor, starts_on=timezone.localdate())  # flags the application being decided
    flag = ReassessmentFlag.objects.get()
    url = f"/licensing/reassessments/{flag.id}/resolve/"
    client.force_login(make_user("analyst", ("analyst", national, "view")))
    rows = _rows(client.get("/licensing/reassessments/"))
    assert len(rows) == 1 and "APP-SSD" in rows[0] and "/resolve/" not in rows[0]
    assert client.get(url).status_code == 403
    client.force_login(officer)
    refused = client.post(url, {"resolution": "revoked", "note": "embargo"})
    assert re.search(r'id="id_resolution_error">[^<]*only a licence in force', _text(refused))
    assert ReassessmentFlag.objects.get().is_open


# --- the application and assessment pages ---------------------------------------------------------

def test_the_application_page_shows_the_open_flags_and_the_embargoes(client, officer, national, system_actor):
    licence = licensed(officer, new_export(officer, national, reference="APP-SSD", parties=SOUTH_SUDAN))
    ghana = new_export(officer, national, reference="APP-GHA")
    client.force_login(officer)
    before = _text(client.get("/licensing/APP-SSD/"))
    assert "Arms embargoes (Article 6(1))" in before and "reassessment-banner" not in before
    assert "No UN arms embargo in force on" in before

    _embargo(system_actor, starts_on=timezone.localdate())  # every supply to South Sudan, from today
    flag = ReassessmentFlag.objects.get(application=licence.application)
    page = _text(client.get("/licensing/APP-SSD/"))
    banner = page.split('class="reassessment-banner"', 1)[1].split("</section>", 1)[0]
    assert "To reassess (ATT Article 7(7))" in banner and "a new arms embargo is in force" in banner
    assert f'href="/licensing/reassessments/{flag.id}/resolve/"' in banner
    section = page.split('class="embargo-findings"', 1)[1].split("</section>", 1)[0]
    assert section.count('class="finding prohibition"') == 2 and 'class="finding caution"' not in section
    assert "Prohibited: the transfer must be refused" in section
    assert "end user South Sudan National Police Service (SSD): UN arms embargo on SSD" in section
    assert page.index("reassessment-banner") < page.index("embargo-findings") < page.index('id="parties"')

    ghana_page = _text(client.get(f"/licensing/{ghana.reference}/"))
    assert "reassessment-banner" not in ghana_page and "No UN arms embargo in force on" in ghana_page

    congo = new_export(officer, national, reference="APP-COD", parties=CONGO)
    _embargo(system_actor, "COD", scope="non_state")
    congo_page = _text(client.get(f"/licensing/{congo.reference}/"))
    assert 'class="finding caution"' in congo_page and 'class="finding prohibition"' not in congo_page
    assert "non-governmental entities and armed groups are prohibited" in congo_page
    assert "entry not yet verified against the official list" in congo_page

    services.application_submit(actor=officer, application=congo)
    services.assessment_start(actor=officer, application=congo)
    assessment = _text(client.get(f"/licensing/{congo.reference}/assessment/"))
    assert "Arms embargoes (Article 6(1))" in assessment and 'class="finding caution"' in assessment
    assert assessment.index("embargo-findings") < assessment.index("risk-panel")


def test_the_new_pages_carry_no_inline_script_or_style(client, administrator, system_actor):
    entry = _embargo(system_actor)
    client.force_login(administrator)
    for url in ["/licensing/embargoes/", "/licensing/embargoes/new/", f"/licensing/embargoes/{entry.id}/end/",
                "/licensing/reassessments/"]:
        html = _text(client.get(url))
        assert "<style" not in html and " style=" not in html, url
        assert all(tag.lstrip().startswith("src=") for tag in html.split("<script")[1:]), url
