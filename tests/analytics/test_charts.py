"""Charts as SVG files: drawn to scale from the tables, scoped like them, from the web, the API and the CLI."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from django.utils import translation

from salw.analytics.chart_files import chart_file
from salw.analytics.chart_svg import chart_svg, nice_ceiling
from salw.analytics.flows import Breakdown
from salw.analytics.scope import analytics_scope
from tests.api.conftest import ApiCaller, caller, token_for  # noqa: F401 - fixtures

SVG = "{http://www.w3.org/2000/svg}"


def _shapes(svg_text: str, tag: str) -> list[ET.Element]:
    return list(ET.fromstring(svg_text).iter(SVG + tag))


def _titled(svg_text: str, tag: str) -> dict[str, ET.Element]:
    return {shape.find(SVG + "title").text: shape for shape in _shapes(svg_text, tag)
            if shape.find(SVG + "title") is not None}


@pytest.mark.parametrize(("value", "ceiling"), [(0, 1), (1, 1), (3, 5), (5, 5), (7, 10), (11, 20), (230, 500)])
def test_the_value_axis_ends_on_a_round_number(value, ceiling):
    assert nice_ceiling(value) == ceiling


def test_stacked_bars_are_drawn_to_scale():
    table = Breakdown("weapon_types_by_year", ["year", "pistols", "rifles"],
                      [{"year": 2020, "pistols": 2, "rifles": 3}, {"year": 2021, "pistols": 0, "rifles": 1}])
    bars = _titled(chart_svg(table, "Types"), "rect")
    # Axis to 5; the plot is 260 px high with its base at y=316.
    assert set(bars) == {"2020, pistols: 2", "2020, rifles: 3", "2021, rifles: 1"}
    assert (bars["2020, pistols: 2"].get("y"), bars["2020, pistols: 2"].get("height")) == ("212.0", "104.0")
    assert (bars["2020, rifles: 3"].get("y"), bars["2020, rifles: 3"].get("height")) == ("56.0", "156.0")
    assert bars["2021, rifles: 1"].get("height") == "52.0"


def test_an_unknown_table_has_no_chart():
    with pytest.raises(ValueError, match="no chart for table 'origins'"):
        chart_svg(Breakdown("origins", ["origin"], []), "x")


@pytest.mark.django_db
def test_the_trend_lines_of_the_picture(picture, national_analyst):
    svg = chart_file("trends", analytics_scope(national_analyst))
    points = _titled(svg, "circle")
    # Seizures 0, 3, 2 in 2020-2022 on an axis to 5: 3 is at 316 - 260 * 3/5.
    assert points["2021, Weapons seized: 3"].get("cy") == "160.0"
    assert points["2022, Weapons seized: 2"].get("cy") == "212.0"
    assert "2022, Trace requests sent: 1" in points
    assert "(all years)" in ET.fromstring(svg).find(SVG + "text").text


@pytest.mark.django_db
def test_the_armed_group_bars_are_scoped(picture, east_analyst, north_analyst):
    bars = _titled(chart_file("armed_groups", analytics_scope(east_analyst)), "rect")
    assert list(bars) == ["West Side Boys remnant (B): 2"]
    assert bars["West Side Boys remnant (B): 2"].get("width") == "480.0"
    assert _titled(chart_file("armed_groups", analytics_scope(north_analyst)), "rect") == {}


@pytest.mark.django_db
def test_a_chart_in_arabic(picture, national_analyst):
    with translation.override("ar"):
        svg = chart_file("trends", analytics_scope(national_analyst, first_year=2021, last_year=2021))
    title = ET.fromstring(svg).find(SVG + "text").text
    assert title.endswith("(2021)")
    assert not any("a" <= letter <= "z" for letter in title.lower())


@pytest.mark.django_db
def test_svg_download_from_the_web(picture, client, national_analyst):
    client.force_login(national_analyst)
    response = client.get("/analytics/charts/mechanisms_by_year.svg", {"first_year": "2021", "last_year": "2021"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert set(_titled(response.content.decode(), "rect")) == {
        "2021, battlefield capture: 1", "2021, embezzlement: 1", "2021, stockpile theft or loss: 1"}
    assert client.get("/analytics/charts/origins.svg").status_code == 404


@pytest.mark.django_db
def test_svg_from_the_api(picture, caller, east_analyst, north_registrar):  # noqa: F811
    response = caller(east_analyst).get("/analytics/charts/armed_groups")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    assert list(_titled(response.content.decode(), "rect")) == ["West Side Boys remnant (B): 2"]
    assert caller(east_analyst).get("/analytics/charts/origins").status_code == 422
    assert caller(north_registrar).get("/analytics/charts/trends").status_code == 403


@pytest.mark.django_db
def test_svg_from_the_command_line(picture, tmp_path, monkeypatch):
    from salw.cli import analytics as analytics_cli

    monkeypatch.setattr(analytics_cli, "require_initialised", lambda: None)
    out = tmp_path / "groups.svg"
    result = CliRunner().invoke(analytics_cli.analytics_group,
                                ["chart", "armed_groups", "--out", str(out), "--jurisdiction", "SL-E"])
    assert result.exit_code == 0, result.output
    assert list(_titled(out.read_text(encoding="utf-8"), "rect")) == ["West Side Boys remnant (B): 2"]
    result = CliRunner().invoke(analytics_cli.analytics_group, ["chart", "pie", "--out", str(out)])
    assert result.exit_code == 2
    assert "'pie' is not one of" in result.output
