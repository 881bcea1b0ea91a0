"""Report pages: figures that link to their records, print version, downloads, snapshots, data quality."""

from __future__ import annotations

import re
from html import unescape

import pytest

from salw.reporting.models import ReportSnapshot
from tests.reporting.conftest import YEAR

PASSWORD = "correct-horse-battery"


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        assert client.login(username=user.username, password=PASSWORD)
        return client
    return sign_in


def links_to_records(html: str) -> dict[str, str]:
    """Figure -> its drill-down address, for every linked figure on the page."""
    return {unescape(href): text for href, text in re.findall(r'<a href="([^"]*/records/[^"]*)">([^<]*)</a>', html)}


@pytest.mark.django_db
def test_every_figure_links_to_the_records_it_counts(transfer_records, reporting_officer, signed_in):
    client = signed_in(reporting_officer)
    page = client.get("/reports/att/", {"year": YEAR})
    assert page.status_code == 200
    links = links_to_records(page.content.decode())
    (address,) = [href for href in links if "row=SA4%2FGHA" in href and "column=items" in href]
    assert links[address] == "2"
    records = client.get(address)
    assert records.status_code == 200
    listed = set(re.findall(r"event:\d+", records.content.decode()))
    assert listed == {f"event:{transfer_records['W5-export'].seq}", f"event:{transfer_records['W6-export'].seq}"}


@pytest.mark.django_db
def test_print_version_downloads_and_snapshots(transfer_records, reporting_officer, signed_in):
    client = signed_in(reporting_officer)
    printed = client.get("/reports/unroca/print/", {"year": YEAR})
    assert printed.status_code == 200 and b"size: A4" in printed.content
    assert "style-src 'sha256-" in printed["Content-Security-Policy"]
    xlsx = client.get("/reports/att/download/", {"year": YEAR, "format": "xlsx"})
    assert xlsx["Content-Disposition"] == 'attachment; filename="att-2023-SLE.xlsx"'
    saved = client.post(f"/reports/att/snapshots/?year={YEAR}&jurisdiction=SLE", {"note": "submitted 31 May"})
    assert saved.status_code == 302
    snapshot = ReportSnapshot.objects.get()
    assert (snapshot.version, snapshot.note) == (1, "submitted 31 May")
    page = client.get("/reports/att/", {"year": YEAR}).content.decode()
    assert "submitted 31 May" in page and "same data as now" in page
    assert client.get(f"/reports/snapshots/{snapshot.id}/").status_code == 200


@pytest.mark.django_db
def test_arabic_page_is_right_to_left(transfer_records, reporting_officer, signed_in):
    client = signed_in(reporting_officer)
    printed = client.get("/reports/att/print/", {"year": YEAR}, headers={"Accept-Language": "ar"})
    assert b'dir="rtl"' in printed.content


@pytest.mark.django_db
def test_data_quality_page(transfer_records, reporting_officer, signed_in):
    page = signed_in(reporting_officer).get("/reports/quality/", {"year": YEAR})
    assert page.status_code == 200
    text = page.content.decode()
    assert f"event:{transfer_records['W10-export'].seq}" in text
    assert "4 record(s) to fix." in text  # W9 without a type; W9, W11 without a category; W10 without a partner


@pytest.mark.django_db
def test_pages_refuse_other_roles_and_other_places(transfer_records, national_registrar,
                                                   east_reporting_officer, signed_in, client):
    assert client.get("/reports/").status_code == 302  # to the login page
    signed_in(national_registrar)
    assert client.get("/reports/att/", {"year": YEAR}).status_code == 403
    client.logout()
    signed_in(east_reporting_officer)
    assert client.get("/reports/att/", {"year": YEAR}).status_code == 403
    assert client.get("/reports/att/", {"year": YEAR, "jurisdiction": "SL-N"}).status_code == 403
    assert client.get("/reports/att/", {"year": YEAR, "jurisdiction": "SL-E"}).status_code == 200
    assert client.get("/reports/nato/", {"year": YEAR, "jurisdiction": "SL-E"}).status_code == 404
