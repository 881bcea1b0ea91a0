"""The analytics map and charts in a browser with no network beyond the app itself."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.analytics.picture import build_picture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offline(page):
    """Every request to another host is refused, as on a ministry network with no internet."""
    refused = []

    def route(request_route):
        host = urlparse(request_route.request.url).hostname
        if host in ("localhost", "127.0.0.1"):
            request_route.continue_()
        else:
            refused.append(request_route.request.url)
            request_route.abort()

    page.route("**/*", route)
    return refused


@pytest.fixture
def analyst(make_user, national, system_actor, eastern, northern):
    build_picture(system_actor, eastern, northern)
    return make_user("national-analyst", ("analyst", national, "view"))


def _map_ready(page):
    expect(page.locator("#analytics-map")).to_have_attribute("data-ready", "true")


def test_the_map_draws_offline_and_a_flow_line_lists_its_records(sign_in, screenshot, analyst, live_server,
                                                                 offline, policy_violations):
    page = sign_in(analyst)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Analytics").click()
    _map_ready(page)
    # 177 countries and 53 admin-1 areas, drawn from the shipped boundaries.
    assert page.locator("#analytics-map").get_attribute("data-shapes") == "230"
    assert page.locator(".leaflet-overlay-pane path").count() >= 230
    expect(page.locator("path.seizure-cluster")).to_have_count(4)
    line = page.locator('path.flow-line[data-key="LBR-787>SLE-790"]')
    expect(line).to_have_count(1)
    line.click()
    records = page.locator("#analytics-records")
    expect(records).to_be_visible()
    expect(page.locator("#records-title")).to_have_text(re.compile("Lofa.*Eastern"))
    expect(records).to_contain_text("KEN/21/001")
    expect(records).to_contain_text("KEN/22/014")
    expect(records.locator("tbody tr")).to_have_count(2)
    screenshot("analytics-map", for_docs=True)

    page.locator("#period-all").uncheck()
    page.locator("#period-year").fill("2021")
    page.locator("#period-year").dispatch_event("change")
    _map_ready(page)
    expect(page.locator("path.flow-line")).to_have_count(2)  # 2021: Lofa -> Eastern, Kindia -> Northern
    assert offline == []
    assert policy_violations == []


def test_charts_draw_and_list_the_armed_groups(sign_in, screenshot, analyst, live_server, offline,
                                               policy_violations):
    page = sign_in(analyst)
    page.goto(f"{live_server.url}/analytics/charts/")
    expect(page.locator("#analytics-charts")).to_have_attribute("data-ready", "true")
    for chart in ("chart-trends", "chart-mechanisms", "chart-types", "chart-groups"):
        assert page.locator(f"#{chart}").bounding_box()["height"] > 50
    expect(page.get_by_role("cell", name="West Side Boys remnant")).to_be_visible()
    with page.expect_download() as download:
        page.locator('button[data-png="chart-trends"]').click()
    assert download.value.suggested_filename == "salw-chart-trends.png"
    with page.expect_download() as download:
        page.locator('a[data-table="armed_groups"]', has_text="SVG").click()
    assert download.value.suggested_filename == "salw-armed_groups.svg"
    assert "West Side Boys remnant" in open(download.value.path(), encoding="utf-8").read()
    screenshot("analytics-charts", for_docs=True)
    assert offline == []
    assert policy_violations == []


def test_the_arabic_interface_mirrors_the_page_but_not_the_map(sign_in, screenshot, analyst, live_server, offline,
                                                               policy_violations):
    page = sign_in(analyst)
    page.context.add_cookies([{"name": "django_language", "value": "ar", "url": live_server.url}])
    page.goto(f"{live_server.url}/analytics/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    _map_ready(page)
    assert page.locator("#analytics-map").evaluate("element => getComputedStyle(element).direction") == "ltr"
    controls = page.locator(".analytics-controls").bounding_box()
    first_control = page.locator("#map-metric").bounding_box()
    # Right to left: the first control sits at the right-hand end of the row.
    assert first_control["x"] > controls["x"] + controls["width"] / 2
    screenshot("analytics-map-arabic", for_docs=True)
    assert offline == []
    assert policy_violations == []
