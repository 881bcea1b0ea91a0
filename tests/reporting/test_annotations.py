"""The reporting officer's own text in a report, through the web, the API and the command line:
a row's note (comments column) and withholding flag (ATT Art 13(3)), and the narrative parts."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import pytest
from click.testing import CliRunner
from django.test import Client
from openpyxl import load_workbook

from salw.accounts.domain import REGISTRY_READ, REPORTS_READ
from salw.accounts.services import token_create
from salw.cli.reports import report_group
from salw.core.models import AuditEntry
from salw.reporting.models import NarrativeSection, RowAnnotation
from salw.reporting.renderers import render
from salw.reporting.selectors import report_build
from tests.reporting.conftest import YEAR

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"
GHANA_ROW = ["SA4 Assault rifles", "Ghana (GHA)"]  # exports, row key SA4/GHA: W5 and W6
CONTACT = "National Commission on Small Arms and Light Weapons, Freetown"


def csv_row(content: bytes, labels: list[str]) -> list[str]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    (row,) = [row for row in rows if row[:len(labels)] == labels]
    return row


def xlsx_exports_row(content: bytes, labels: list[str]) -> list:
    exports = load_workbook(io.BytesIO(content)).worksheets[1]
    (row,) = [[cell.value for cell in row] for row in exports.iter_rows() if
              [cell.value for cell in row][:len(labels)] == labels]
    return row


def ghana_row(report):
    return report.section("exports").row("SA4/GHA")


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.logout()
        assert client.login(username=user.username, password=PASSWORD)
        return client
    return sign_in


@pytest.fixture
def api_as(system_actor):
    def make(user, scopes=(REPORTS_READ,)):
        _, plain = token_create(actor=system_actor, user=user, scopes=list(scopes), days=30)
        return Client(headers={"Authorization": f"Bearer {plain}"})
    return make


@pytest.fixture
def view_only_reporting_officer(make_user, national):
    return make_user("reporting-reader", ("reporting_officer", national, "view"))


# --- web ---------------------------------------------------------------------------------------

def _links(html: str, path: str) -> dict[str, str]:
    """Address -> visible text of every link to ``path`` on the page."""
    return {unescape(href): re.sub(r"<[^>]+>.*", "", text, flags=re.S)
            for href, text in re.findall(rf'<a href="({re.escape(path)}[^"]*)">(.*?)</a>', html, flags=re.S)}


def test_web_note_and_withholding_reach_the_report_and_its_files(transfer_records, reporting_officer, signed_in):
    client = signed_in(reporting_officer)
    page = client.get("/reports/att/", {"year": YEAR}).content.decode()
    links = _links(page, "/reports/att/rows/")
    (address,) = [href for href in links if "section=exports" in href and "row=SA4%2FGHA" in href]
    assert links[address] == "Note / withhold" and "year=2023" in address and "jurisdiction=SLE" in address
    assert "(SA4 Assault rifles · Ghana (GHA))" in page  # the link says which row to a screen reader

    form = client.get(address)
    assert form.status_code == 200
    html = form.content.decode()
    assert '<label for="id_note">' in html and '<label for="id_withheld">' in html
    assert '<option value="" selected>Not withheld</option>' in html
    assert '<option value="national_security">Withheld: national security</option>' in html

    saved = client.post(address, {"note": "Police equipment programme", "withheld": "national_security"})
    assert saved.status_code == 302
    assert saved["Location"] == f"/reports/att/?year={YEAR}&jurisdiction=SLE#section-exports"

    row = ghana_row(report_build(reporting_officer, instrument="att", year=YEAR))
    assert (row.note, row.withheld) == ("Police equipment programme", "national_security")
    downloaded = client.get("/reports/att/download/", {"year": YEAR, "format": "csv"}).content
    assert csv_row(downloaded, GHANA_ROW)[2:] == ["—", "—", "—", "Police equipment programme",
                                                  "Withheld: national security"]
    xlsx = client.get("/reports/att/download/", {"year": YEAR, "format": "xlsx"}).content
    assert xlsx_exports_row(xlsx, GHANA_ROW)[-2:] == ["Police equipment programme", "Withheld: national security"]
    assert "Police equipment programme" in client.get(saved["Location"]).content.decode()

    # The form opens again on what was saved; clearing the flag keeps the figures in the files again.
    again = client.get(address).content.decode()
    assert '<option value="national_security" selected>' in again and ">\nPolice equipment programme</textarea>" in again
    client.post(address, {"note": "Police equipment programme", "withheld": ""})
    assert csv_row(client.get("/reports/att/download/", {"year": YEAR, "format": "csv"}).content,
                   GHANA_ROW)[2:4] == ["2", ""]


def test_web_narrative_part_is_edited_and_printed(reporting_officer, signed_in):
    client = signed_in(reporting_officer)
    page = client.get("/reports/poa/", {"year": YEAR}).content.decode()
    links = _links(page, "/reports/poa/narrative/")
    address = f"/reports/poa/narrative/point_of_contact/?year={YEAR}&jurisdiction=SLE"
    assert links[address] == "Edit" and len(links) == 9  # one per narrative part of the PoA report
    form = client.get(address).content.decode()
    assert '<label for="id_text">National point of contact and coordination agency:</label>' in form

    saved = client.post(address, {"text": f"{CONTACT}\r\n\r\nFocal point: the Commissioner."})
    assert saved.status_code == 302
    assert saved["Location"] == f"/reports/poa/?year={YEAR}&jurisdiction=SLE#narrative-point_of_contact"
    printed = client.get("/reports/poa/print/", {"year": YEAR}).content.decode()
    assert f"<p>{CONTACT}</p>" in printed and "<p>Focal point: the Commissioner.</p>" in printed
    assert "/narrative/" not in printed and "/rows/" not in printed  # the print version has no edit links
    assert f">\n{CONTACT}\n\nFocal point: the Commissioner.</textarea>" in client.get(address).content.decode()
    assert NarrativeSection.objects.get().text == f"{CONTACT}\n\nFocal point: the Commissioner."
    (entry,) = AuditEntry.objects.filter(action="narrative_section_save")
    assert entry.actor_name == reporting_officer.username


def test_web_refuses_bad_input_on_the_form(transfer_records, reporting_officer, signed_in):
    client = signed_in(reporting_officer)
    row_form = f"/reports/att/rows/?year={YEAR}&jurisdiction=SLE&section=exports&row=SA4%2FGHA"
    refused = client.post(row_form, {"note": "x", "withheld": "secret"})
    assert refused.status_code == 200
    assert "Select a valid choice. secret is not one of the available choices." in refused.content.decode()
    assert not RowAnnotation.objects.exists()
    assert client.get(row_form.replace("SA4%2FGHA", "SA9%2FGHA")).status_code == 404

    unknown = client.post(f"/reports/poa/narrative/budget/?year={YEAR}", {"text": "x"})
    assert unknown.status_code == 200
    assert ("the poa report has no narrative part &#x27;budget&#x27;; parts: point_of_contact, laws"
            in unknown.content.decode())
    assert "the att report has no narrative part &#x27;laws&#x27;; parts: none" in client.post(
        f"/reports/att/narrative/laws/?year={YEAR}", {"text": "x"}).content.decode()
    assert not NarrativeSection.objects.exists()
    assert client.get(f"/reports/poa/narrative/budget/?year={YEAR}").status_code == 404


def test_web_refuses_those_who_may_not_save_reports(transfer_records, national_registrar, east_reporting_officer,
                                                    view_only_reporting_officer, signed_in):
    row_form = "/reports/att/rows/?year={year}&jurisdiction={code}&section=exports&row=SA4%2FGHA"
    narrative_form = f"/reports/poa/narrative/laws/?year={YEAR}&jurisdiction=SLE"
    client = signed_in(national_registrar)
    assert client.get(row_form.format(year=YEAR, code="SLE")).status_code == 403
    assert client.post(narrative_form, {"text": "x"}).status_code == 403

    client = signed_in(view_only_reporting_officer)
    page = client.get("/reports/poa/", {"year": YEAR}).content.decode()
    assert "/narrative/" not in page and "/rows/" not in page and "Note / withhold" not in page
    assert client.get(narrative_form).status_code == 403
    assert client.post(row_form.format(year=YEAR, code="SLE"), {"note": "x"}).status_code == 403

    # A region's officer writes in the region's report, not in the national one.
    client = signed_in(east_reporting_officer)
    assert client.post(row_form.format(year=YEAR, code="SLE"), {"note": "x"}).status_code == 403
    assert client.post(row_form.format(year=YEAR, code="SL-E"), {"note": "Eastern only"}).status_code == 302
    assert not NarrativeSection.objects.exists()
    assert list(RowAnnotation.objects.values_list("jurisdiction__code", "note")) == [("SL-E", "Eastern only")]


# --- API ---------------------------------------------------------------------------------------

def test_api_note_and_withholding_reach_the_report_and_its_files(transfer_records, reporting_officer, api_as):
    client = api_as(reporting_officer)
    saved = client.put("/api/v1/reports/att/rows", {
        "year": YEAR, "section": "exports", "row_key": "SA4/GHA", "note": "Police equipment programme",
        "withheld": "commercially_sensitive"}, content_type="application/json")
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert (body["jurisdiction"], body["note"], body["withheld"], body["updated_by"]) == (
        "SLE", "Police equipment programme", "commercially_sensitive", reporting_officer.username)

    report = client.get("/api/v1/reports/att", {"year": YEAR}).json()
    exports = next(section for section in report["sections"] if section["key"] == "exports")
    row = next(row for row in exports["rows"] if row["key"] == "SA4/GHA")
    assert (row["note"], row["withheld"]) == ("Police equipment programme", "commercially_sensitive")
    assert any("withheld in accordance with Article 13(3)" in note for note in report["notes"])
    downloaded = client.get("/api/v1/reports/att", {"year": YEAR, "format": "csv"}).content
    assert csv_row(downloaded, GHANA_ROW)[2:] == ["—", "—", "—", "Police equipment programme",
                                                  "Withheld: commercially sensitive"]


def test_api_narrative_part_reaches_the_printed_report(reporting_officer, api_as):
    client = api_as(reporting_officer)
    saved = client.put("/api/v1/reports/poa/narrative/point_of_contact", {"year": YEAR, "text": CONTACT},
                       content_type="application/json")
    assert saved.status_code == 200, saved.content
    assert (saved.json()["key"], saved.json()["text"]) == ("point_of_contact", CONTACT)
    html = client.get("/api/v1/reports/poa", {"year": YEAR, "format": "html"}).content.decode()
    assert f'<h2 id="narrative-point_of_contact">National point of contact and coordination agency</h2>\n' \
           f"<p>{CONTACT}</p>" in html
    rewritten = client.put("/api/v1/reports/poa/narrative/point_of_contact", {"year": YEAR, "text": ""},
                           content_type="application/json")
    assert rewritten.status_code == 200
    assert report_build(reporting_officer, instrument="poa", year=YEAR).narrative[0].text == ""


def test_api_refuses_bad_input(transfer_records, reporting_officer, api_as):
    client = api_as(reporting_officer)
    row = {"year": YEAR, "section": "exports", "row_key": "SA4/GHA", "note": "x"}
    secret = client.put("/api/v1/reports/att/rows", {**row, "withheld": "secret"}, content_type="application/json")
    assert secret.status_code == 422
    (detail,) = secret.json()["error"]["details"]
    assert detail["location"] == "body.withheld"
    assert detail["message"] == "Input should be '', 'commercially_sensitive' or 'national_security'"

    unknown_row = client.put("/api/v1/reports/att/rows", {**row, "row_key": "SA9/GHA"},
                             content_type="application/json")
    assert unknown_row.status_code == 422
    assert unknown_row.json()["error"]["message"] == (
        "section 'exports' of the att report for 2023 has no row 'SA9/GHA'; rows: SA2/FRA, SA4/GHA, total")
    unknown_section = client.put("/api/v1/reports/att/rows", {**row, "section": "brokering"},
                                 content_type="application/json")
    assert unknown_section.json()["error"]["message"] == (
        "the att report has no section 'brokering'; sections: exports, imports, not_reported")

    unknown_part = client.put("/api/v1/reports/poa/narrative/budget", {"year": YEAR, "text": "x"},
                              content_type="application/json")
    assert unknown_part.status_code == 422
    assert unknown_part.json()["error"]["message"].startswith(
        "the poa report has no narrative part 'budget'; parts: point_of_contact, laws, marking")
    assert client.put("/api/v1/reports/poa/narrative/laws", {"year": 1900, "text": "x"},
                      content_type="application/json").status_code == 422
    assert client.put("/api/v1/reports/poa/narrative/laws", {"year": YEAR, "text": "x", "jurisdiction": "XX"},
                      content_type="application/json").status_code == 404
    assert not RowAnnotation.objects.exists() and not NarrativeSection.objects.exists()


def test_api_refuses_those_who_may_not_save_reports(transfer_records, reporting_officer, national_registrar,
                                                    east_reporting_officer, view_only_reporting_officer, api_as):
    row = {"year": YEAR, "section": "exports", "row_key": "SA4/GHA", "note": "x"}
    narrative = {"year": YEAR, "text": "x"}
    for client in (api_as(national_registrar, (REPORTS_READ, REGISTRY_READ)), api_as(view_only_reporting_officer),
                   api_as(east_reporting_officer), api_as(reporting_officer, (REGISTRY_READ,))):
        assert client.put("/api/v1/reports/att/rows", row, content_type="application/json").status_code == 403
        assert client.put("/api/v1/reports/poa/narrative/laws", narrative,
                          content_type="application/json").status_code == 403
    assert Client().put("/api/v1/reports/att/rows", row, content_type="application/json").status_code == 401
    east = api_as(east_reporting_officer).put("/api/v1/reports/att/rows", {**row, "jurisdiction": "SL-E"},
                                              content_type="application/json")
    assert east.status_code == 200 and east.json()["jurisdiction"] == "SL-E"
    assert RowAnnotation.objects.count() == 1 and not NarrativeSection.objects.exists()


# --- command line ------------------------------------------------------------------------------

def test_cli_note_and_withholding_reach_the_files(transfer_records, reporting_officer, tmp_path):
    runner = CliRunner()
    noted = runner.invoke(report_group, ["note", "att", "--year", YEAR, "--section", "exports", "--row", "SA4/GHA",
                                         "--note", "Police equipment programme", "--withheld", "national_security"])
    assert noted.exit_code == 0, noted.output
    assert noted.output == ("att 2023 SLE, exports SA4/GHA: note 'Police equipment programme', "
                            "withheld: national_security.\n")
    # The public command (interchange.md) still makes the file, with the note and the flag in it.
    out = tmp_path / "att.csv"
    made = runner.invoke(report_group, ["att", "--year", YEAR, "--format", "csv", "--out", out])
    assert made.exit_code == 0, made.output
    assert csv_row(out.read_bytes(), GHANA_ROW)[2:] == ["—", "—", "—", "Police equipment programme",
                                                        "Withheld: national security"]

    # Giving only the note keeps the flag; '' clears the flag and keeps the note.
    runner.invoke(report_group, ["note", "att", "--year", YEAR, "--section", "exports", "--row", "SA4/GHA",
                                 "--note", "Police equipment, phase 2"])
    assert (ghana_row(report_build(reporting_officer, instrument="att", year=YEAR)).withheld) == "national_security"
    runner.invoke(report_group, ["note", "att", "--year", YEAR, "--section", "exports", "--row", "SA4/GHA",
                                 "--withheld", ""])
    row = ghana_row(report_build(reporting_officer, instrument="att", year=YEAR))
    assert (row.note, row.withheld) == ("Police equipment, phase 2", "")
    xlsx = tmp_path / "att.xlsx"
    assert runner.invoke(report_group, ["att", "--year", YEAR, "--out", xlsx]).exit_code == 0
    assert xlsx_exports_row(xlsx.read_bytes(), GHANA_ROW)[2] == 2
    assert xlsx_exports_row(xlsx.read_bytes(), GHANA_ROW)[-1] == "Police equipment, phase 2"


def test_cli_narrative_from_a_file_and_the_list(reporting_officer, tmp_path):
    runner = CliRunner()
    text = tmp_path / "contact.txt"
    text.write_text(f"{CONTACT}\n\nFocal point: the Commissioner.\n", encoding="utf-8")
    saved = runner.invoke(report_group, ["narrative", "poa", "--year", YEAR, "--part", "point_of_contact",
                                         "--file", text])
    assert saved.exit_code == 0, saved.output
    assert saved.output == "poa 2023 SLE: narrative part point_of_contact saved (93 characters).\n"
    runner.invoke(report_group, ["narrative", "poa", "--year", YEAR, "--part", "laws", "--text", "Arms Act 2012"])

    listed = runner.invoke(report_group, ["narrative", "poa", "--year", YEAR, "--list"])
    assert listed.exit_code == 0, listed.output
    assert listed.output.startswith(
        "point_of_contact: National point of contact and coordination agency\n"
        f"    {CONTACT}\n    \n    Focal point: the Commissioner.\n"
        "laws: Laws, regulations and administrative procedures\n    Arms Act 2012\n"
        "marking: Marking (ITI section III)\n    (to be completed)\n")
    as_json = json.loads(runner.invoke(report_group, ["narrative", "poa", "--year", YEAR, "--list",
                                                      "--format", "json"]).output)
    assert as_json[1] == {"key": "laws", "title": "Laws, regulations and administrative procedures",
                          "text": "Arms Act 2012"}

    out = tmp_path / "poa.html"
    assert runner.invoke(report_group, ["poa", "--year", YEAR, "--format", "html", "--out", out]).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert f"<p>{CONTACT}</p>" in html and "<p>Arms Act 2012</p>" in html
    assert render(report_build(reporting_officer, instrument="poa", year=YEAR), "html").decode() \
        .count("To be completed.") == 7


def test_cli_refuses_bad_input_with_exit_1(transfer_records, tmp_path):
    runner = CliRunner()
    note = ["note", "att", "--year", YEAR, "--section", "exports", "--row", "SA4/GHA"]
    secret = runner.invoke(report_group, [*note, "--withheld", "secret"])
    assert secret.exit_code == 1
    assert secret.output == "withholding reason must be one of commercially_sensitive, national_security\n"
    unknown_row = runner.invoke(report_group, [*note[:-1], "SA9/GHA", "--note", "x"])
    assert unknown_row.exit_code == 1 and "has no row 'SA9/GHA'; rows: SA2/FRA, SA4/GHA, total" in unknown_row.output
    unknown_part = runner.invoke(report_group, ["narrative", "poa", "--year", YEAR, "--part", "budget",
                                                "--text", "x"])
    assert unknown_part.exit_code == 1
    assert unknown_part.output.startswith("the poa report has no narrative part 'budget'; parts: point_of_contact")
    nothing = runner.invoke(report_group, ["narrative", "att", "--year", YEAR, "--list"])
    assert nothing.exit_code == 0 and nothing.output == "The att report has no narrative parts.\n"
    not_utf8 = tmp_path / "latin1.txt"
    not_utf8.write_bytes("Comisión".encode("latin-1"))
    refused = runner.invoke(report_group, ["narrative", "poa", "--year", YEAR, "--part", "laws", "--file", not_utf8])
    assert refused.exit_code == 1 and "not UTF-8 text" in refused.output
    # Usage mistakes are usage errors (exit 2), before anything is read or written.
    assert runner.invoke(report_group, note).exit_code == 2
    assert runner.invoke(report_group, ["narrative", "poa", "--year", YEAR, "--part", "laws"]).exit_code == 2
    assert runner.invoke(report_group, ["narrative", "poa", "--year", YEAR]).exit_code == 2
    assert not RowAnnotation.objects.exists() and not NarrativeSection.objects.exists()
