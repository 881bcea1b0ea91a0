"""Each report's print version in chromium: A4 pages, nothing wider than the printable area.

A screenshot of each (in print media, at the width of an A4 page inside its margins) and the PDF
chromium prints are left in the test artifacts.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.reporting.conftest import (  # noqa: F401 - fixtures
    YEAR,
    poa_records,
    reporting_officer,
    seizure_records,
    transfer_records,
)

pytestmark = pytest.mark.browser

# 210 mm less the two 15 mm side margins of the print style, at the 96 px per inch of CSS.
PRINTABLE_WIDTH_PX = round(180 / 25.4 * 96)
A4_POINTS = (595.92, 842.88)  # 210 x 297 mm, as chromium writes the page box

RECORDS_OF = {"att": "transfer_records", "unroca": "transfer_records", "poa": "poa_records",
              "iafq": "seizure_records"}


def _page_boxes(pdf: bytes) -> list[tuple[float, float]]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(float(width), float(height)) for width, height in boxes]


def _print_and_check(page, url: str, name: str) -> None:
    page.set_viewport_size({"width": PRINTABLE_WIDTH_PX, "height": 1100})
    page.goto(url)
    page.emulate_media(media="print")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"report-{name}-print.png"), full_page=True)
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (ARTIFACTS / f"report-{name}.pdf").write_bytes(pdf)
    assert overflow <= 0, f"{name}: {overflow} px wider than the printable width of A4"
    boxes = _page_boxes(pdf)
    assert boxes, f"{name}: no page in the PDF"
    assert all(abs(width - A4_POINTS[0]) < 2 and abs(height - A4_POINTS[1]) < 2 for width, height in boxes), boxes


@pytest.mark.parametrize("instrument", ["att", "unroca", "poa", "iafq"])
def test_each_report_prints_on_a4(instrument, request, sign_in, live_server, reporting_officer,  # noqa: F811
                                  policy_violations):
    request.getfixturevalue(RECORDS_OF[instrument])
    page = sign_in(reporting_officer)
    _print_and_check(page, f"{live_server.url}/reports/{instrument}/print/?year={YEAR}", instrument)
    assert policy_violations == []


def test_an_arabic_report_prints_right_to_left_on_a4(sign_in, live_server, reporting_officer,  # noqa: F811
                                                    transfer_records):  # noqa: F811
    page = sign_in(reporting_officer)
    page.get_by_label("Language").select_option(label="العربية")
    page.get_by_role("button", name="Change language").click()
    _print_and_check(page, f"{live_server.url}/reports/att/print/?year={YEAR}", "att-ar")
    assert page.evaluate("document.documentElement.dir") == "rtl"
