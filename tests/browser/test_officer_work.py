"""What an officer does in the browser, end to end, on a live server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from salw.registry.models import Weapon
from salw.registry.services import weapon_register
from tests.helpers import registry_row, write_registry_csv

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registrar(make_user, eastern):
    return make_user("kenema-registrar", ("registrar", eastern, "capture"))


def test_register_a_weapon_then_record_its_loss(sign_in, screenshot, registrar, live_server, policy_violations):
    page = sign_in(registrar)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Register a weapon").click()
    page.get_by_label("Jurisdiction").select_option(label="Eastern")
    page.get_by_label("Serial number").fill("A10520")
    page.get_by_label("Manufacturer").fill("Izhmash")
    page.get_by_label("Model").fill("AKM")
    page.get_by_label("Calibre").fill("7.62x39mm")
    page.get_by_label("Weapon type").select_option(label="Assault rifles")
    page.get_by_label("Current status").select_option("in_service")
    page.get_by_label("Holder type").select_option("state_armed_forces")
    page.get_by_label("Holder name").fill("4th Battalion")
    screenshot("register-weapon", for_docs=True)
    page.get_by_role("button", name="Register", exact=True).click()
    expect(page.get_by_text("Weapon A10520 registered.")).to_be_visible()
    weapon = Weapon.objects.get(serial_number="A10520")
    assert page.url == f"{live_server.url}/weapons/{weapon.id}/"

    page.get_by_role("link", name="Record an event").click()
    page.get_by_label("What happened").select_option("lost")
    page.get_by_label("Date:", exact=True).fill("2025-02-14")
    page.get_by_label("Document reference").fill("KPD/25/031")
    page.get_by_label("Note").fill("Lost during river crossing")
    screenshot("record-event", for_docs=True)
    page.get_by_role("button", name="Record", exact=True).click()
    expect(page.get_by_text("Recorded: lost.")).to_be_visible()
    expect(page.locator(".timeline")).to_contain_text("2025-02-14")
    expect(page.locator(".timeline")).to_contain_text("Lost during river crossing")
    screenshot("weapon-page", for_docs=True)
    weapon.refresh_from_db()
    assert weapon.status == "lost"
    assert policy_violations == []


def test_form_errors_appear_next_to_their_fields(sign_in, screenshot, registrar, live_server):
    page = sign_in(registrar)
    page.goto(f"{live_server.url}/weapons/new/")
    page.get_by_label("Year of manufacture").fill("75")
    page.get_by_role("button", name="Register", exact=True).click()
    serial_field = page.locator(".field", has=page.get_by_label("Serial number"))
    expect(serial_field.locator(".field-error")).to_contain_text("Give the serial number")
    year_field = page.locator(".field", has=page.get_by_label("Year of manufacture"))
    expect(year_field.locator(".field-error")).to_be_visible()
    screenshot("register-errors", for_docs=True)
    assert Weapon.objects.count() == 0


def test_find_a_weapon_by_a_misread_serial(sign_in, screenshot, registrar, eastern, system_actor, live_server,
                                           policy_violations):
    weapon = weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-1", serial_number="A10520",
                             manufacturer="Izhmash", model="AKM", status="stolen")
    page = sign_in(registrar)
    page.get_by_role("link", name="Marking search").click()
    # Typed as read off worn metal: letter O for the digit 0. No button press: results come as one types.
    page.get_by_label("Serial number as read").press_sequentially("A1O52O", delay=30)
    result = page.locator("#search-results").get_by_role("link", name="A10520")
    expect(result).to_be_visible()
    expect(page.locator("#search-results .explanation").first).not_to_be_empty()
    screenshot("marking-search", for_docs=True)
    result.click()
    expect(page).to_have_url(f"{live_server.url}/weapons/{weapon.id}/")
    assert policy_violations == []


def test_import_a_file_with_errors_then_a_corrected_one(sign_in, screenshot, registrar, tmp_path, live_server):
    bad = write_registry_csv(tmp_path / "kenema-armoury.csv", [
        registry_row(record_id="K-1", serial_number="KA1001"),
        registry_row(record_id="K-2", serial_number="KA1002", year_of_manufacture="19x5"),
        registry_row(record_id="K-3", serial_number="KA1003", status="misplaced"),
    ])
    page = sign_in(registrar)
    page.get_by_role("link", name="Import").click()
    page.get_by_label("Registry file (CSV or Excel)").set_input_files(str(bad))
    page.get_by_label("Import into").select_option(label="Eastern")
    page.get_by_role("button", name="Upload and check").click()
    problems = page.locator("table.problems tbody tr")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("year_of_manufacture")
    expect(problems.nth(0).locator("td").nth(1)).to_have_text("3")
    expect(problems.nth(1)).to_contain_text("status")
    expect(problems.nth(1).locator("td").nth(1)).to_have_text("4")
    expect(page.get_by_role("button", name=re.compile("^Import"))).to_have_count(0)
    screenshot("import-problems", for_docs=True)
    assert Weapon.objects.count() == 0

    page.get_by_role("button", name="Discard the file and upload a corrected one").click()
    good = write_registry_csv(tmp_path / "kenema-armoury.csv", [
        registry_row(record_id=f"K-{n}", serial_number=f"KA100{n}") for n in (1, 2, 3)])
    page.get_by_label("Registry file (CSV or Excel)").set_input_files(str(good))
    page.get_by_label("Import into").select_option(label="Eastern")
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_text("No problems found")).to_be_visible()
    assert Weapon.objects.count() == 0
    screenshot("import-preview", for_docs=True)
    page.get_by_role("button", name="Import 3 rows").click()
    expect(page.get_by_text("3 new, 0 changed, 0 unchanged")).to_be_visible()
    assert Weapon.objects.filter(record_id__startswith="K-").count() == 3


def test_refused_outside_ones_jurisdiction(sign_in, screenshot, make_user, northern, eastern, system_actor,
                                           live_server):
    east_weapon = weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-1", serial_number="KT4411")
    page = sign_in(make_user("bombali-analyst", ("analyst", northern, "view")))
    page.goto(f"{live_server.url}/weapons/{east_weapon.id}/")
    expect(page.get_by_role("heading", name="Not found")).to_be_visible()
    expect(page.get_by_text("KT4411")).to_have_count(0)
    page.goto(f"{live_server.url}/weapons/?serial=KT4411")
    expect(page.get_by_text("No weapon matches these filters.")).to_be_visible()
    response = page.goto(f"{live_server.url}/import/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    screenshot("refused")


def test_registry_filters_update_in_place(sign_in, screenshot, registrar, eastern, system_actor, live_server,
                                          policy_violations):
    weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-1", serial_number="KT4411",
                    manufacturer="Izhmash", model="AKM", weapon_type="sa_assault_rifle", status="stolen")
    weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-2", serial_number="GL2290",
                    manufacturer="Glock", model="17", weapon_type="sa_revolver_pistol.pistol", status="in_service",
                    location_admin1="Kenema")
    page = sign_in(registrar)
    screenshot("dashboard", for_docs=True)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Registry").click()
    rows = page.locator("#weapon-results tbody tr")
    expect(rows).to_have_count(2)
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Status").select_option("stolen")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("KT4411")
    assert page.evaluate("window.notReloaded") is True  # the results changed without a page load
    expect(page).to_have_url(re.compile(r"status=stolen"))
    screenshot("registry", for_docs=True)
    assert policy_violations == []


def test_keyboard_and_phone(sign_in, screenshot, registrar, eastern, system_actor, live_server, page):
    weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-1", serial_number="KT4411",
                    manufacturer="Izhmash", model="AKM", calibre="7.62x39mm", status="in_service")
    sign_in(registrar)
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#content")).to_be_focused()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/weapons/")
    expect(page.locator("#weapon-results tbody tr")).to_have_count(1)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot("registry-phone", for_docs=True, full_page=False)


def test_auditor_reads_the_audit_log(sign_in, screenshot, make_user, national, eastern, system_actor,
                                     live_server, policy_violations):
    weapon_register(actor=system_actor, jurisdiction=eastern, record_id="E-1", serial_number="KT4411")
    page = sign_in(make_user("national-auditor", ("auditor", national, "view")))
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Register a weapon")).to_have_count(0)
    nav.get_by_role("link", name="Audit log").click()
    rows = page.locator("#audit-results tbody tr")
    expect(rows.first).to_be_visible()
    page.get_by_label("Action").select_option("weapon_register")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("cli:test")
    screenshot("audit-log", for_docs=True)
    assert policy_violations == []
