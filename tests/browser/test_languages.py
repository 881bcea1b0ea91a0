"""Switching the interface to Arabic in the browser: the page turns right to left."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from salw.registry.services import actor_create, weapon_register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registrar(make_user, eastern, system_actor):
    for number, (weapon_type, holder_type) in enumerate([
        ("sa_assault_rifle", "state_armed_forces"), ("sa_assault_rifle", "state_law_enforcement"),
        ("sa_revolver_pistol.pistol", "state_law_enforcement"), ("sa_other.shotgun", "licensed_civilian"),
    ]):
        weapon_register(actor=system_actor, jurisdiction=eastern, record_id=f"E-{number}",
                        serial_number=f"KT44{number:02}", manufacturer="Izhmash", model="AKM",
                        weapon_type=weapon_type, status="in_service",
                        holder=actor_create(actor=system_actor, holder_type=holder_type, name=f"Holder {number}"))
    return make_user("kenema-registrar", ("registrar", eastern, "capture"))


def test_switch_to_arabic_and_the_layout_mirrors(sign_in, screenshot, registrar, live_server, policy_violations):
    page = sign_in(registrar)
    english_nav = page.get_by_role("navigation", name="Main").get_by_role("link").first.bounding_box()

    page.get_by_label("Language").select_option(label="العربية")
    page.get_by_role("button", name="Change language").click()

    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_role("heading", level=1)).to_have_text("لوحة المتابعة")
    navigation = page.get_by_role("navigation", name="الرئيسية")
    first_link = navigation.get_by_role("link").first
    expect(first_link).to_have_text("لوحة المتابعة")
    arabic_nav = first_link.bounding_box()
    viewport = page.viewport_size["width"]
    # The first link starts the line: at the left edge in English, at the right edge in Arabic.
    assert english_nav["x"] < viewport / 4
    assert arabic_nav["x"] + arabic_nav["width"] > viewport * 3 / 4
    # The search box's label comes before its field, so it too sits to the right of it.
    label = page.locator("label[for=quick-serial]").bounding_box()
    field = page.locator("#quick-serial").bounding_box()
    assert label["x"] > field["x"]

    page.evaluate("document.fonts.ready")
    loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Noto Sans Arabic" in family for family in loaded), loaded
    screenshot("arabic-dashboard", for_docs=True, full_page=False)

    # The choice stays for the next page, and the switcher turns the interface back.
    page.get_by_role("link", name="السجل", exact=True).first.click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.get_by_label("اللغة").select_option("en")
    page.get_by_role("button", name="تغيير اللغة").click()
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registry")
    assert policy_violations == []
