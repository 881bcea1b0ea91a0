"""The trace exchange message (docs/tracing.md, "Exchange message"): writing and strict reading.

One JSON object per file, ``{"format": "salw-trace-message", "version": 1, "kind": ...}``, carrying
either a trace request or a reply to one. Version 1 only ever grows by optional fields, so a
reader ignores fields it does not know; anything it does know must be right, and every problem
is reported with the file and the JSON path (``$.request.weapon.year_of_manufacture``).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from salw.core.errors import Problem, ValidationFailed
from salw.core.json_fields import JsonFields
from salw.tracing import codes, outcomes, workflow

FORMAT = "salw-trace-message"
VERSION = 1
TRACE_REQUEST = "trace_request"
TRACE_RESPONSE = "trace_response"
KINDS = (TRACE_REQUEST, TRACE_RESPONSE)



# --- writing ---------------------------------------------------------------------------------

def _envelope(kind: str) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "kind": kind}


def _date(value: date | None) -> str | None:
    return value.isoformat() if value else None


def request_message(request) -> dict[str, Any]:
    return {
        **_envelope(TRACE_REQUEST),
        "request": {
            "id": str(request.exchange_id),
            "reference": request.reference,
            "requesting_country": request.requesting_country,
            "requesting_agency": request.requesting_agency,
            "recipient_country": request.recipient_country,
            "recipient_agency": request.recipient_agency,
            "channel": request.channel,
            "priority": request.priority,
            "illicit_basis": request.illicit_basis,
            "legal_basis": request.legal_basis,
            "intended_use": request.intended_use,
            "confidentiality": request.confidentiality,
            "language": request.language,
            "sent_on": _date(request.sent_on),
            "due_on": _date(request.due_on),
            "weapon": {name: getattr(request, name) for name in codes.WEAPON_FIELDS},
            "seizure": {"kind": request.seizure_kind, "date": _date(request.seizure_date),
                        "country": request.seizure_country, "place": request.seizure_place},
        },
    }


def response_message(request, response) -> dict[str, Any]:
    return {
        **_envelope(TRACE_RESPONSE),
        "request": {"id": str(request.exchange_id), "reference": request.reference},
        "response": {
            "id": str(response.exchange_id),
            "received_on": _date(response.received_on),
            "result": response.result,
            "responder": response.responder,
            "responder_country": response.responder_country,
            "last_legal_holder": {"name": response.last_legal_holder_name,
                                  "country": response.last_legal_holder_country},
            "point_of_diversion": {
                "country": response.diversion_country, "admin1": response.diversion_admin1,
                "place": response.diversion_place, "from": _date(response.diversion_from),
                "to": _date(response.diversion_to), "mechanism": response.diversion_mechanism,
            },
            "findings": response.findings,
        },
    }


def message_text(content: dict[str, Any]) -> str:
    return json.dumps(content, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


# --- reading ---------------------------------------------------------------------------------

@dataclass
class ParsedMessage:
    kind: str
    request: dict[str, Any] = field(default_factory=dict)
    response: dict[str, Any] = field(default_factory=dict)


_COUNTRY = re.compile(r"^[A-Z]{3}$")


def at_path(path: str, message: str) -> str:
    """A problem with the value at a JSON path (``$.request.id``), as the reader words it."""
    return _("at %(path)s: %(message)s") % {"path": path, "message": message}


class _Reader(JsonFields):
    """Walks the decoded JSON, collecting every problem with its path instead of stopping."""

    def __init__(self, file_name: str, countries: Container[str] | None):
        super().__init__(file_name)
        self.countries = countries

    def object(self, parent: dict, name: str, path: str, required: bool = True) -> dict:
        value = parent.get(name)
        if value is None:
            if required:
                self.problem(f"{path}.{name}", _("required object is missing"))
            return {}
        if not isinstance(value, dict):
            self.problem(f"{path}.{name}", _("expected an object"), value)
            return {}
        return value

    def text(self, parent: dict, name: str, path: str, required: bool = False) -> str:
        value = parent.get(name)
        if value is None or value == "":
            if required:
                self.problem(f"{path}.{name}", _("required text is missing"))
            return ""
        if not isinstance(value, str):
            self.problem(f"{path}.{name}", _("expected text"), value)
            return ""
        return value.strip()

    def country(self, parent: dict, name: str, path: str, required: bool = False) -> str:
        value = self.text(parent, name, path, required)
        if value and not (_COUNTRY.match(value) and (self.countries is None or value in self.countries)):
            self.problem(f"{path}.{name}", _("expected an ISO 3166-1 alpha-3 country code"), value)
            return ""
        return value

    def uuid(self, parent: dict, name: str, path: str) -> uuid.UUID | None:
        value = self.text(parent, name, path, required=True)
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            self.problem(f"{path}.{name}", _("expected an id in UUID form"), value)
            return None

    def year(self, parent: dict, name: str, path: str) -> int | None:
        value = parent.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1300 <= value <= 2200:
            self.problem(f"{path}.{name}", _("expected a year (a whole number) or null"), value)
            return None
        return value


def parse_message(text: str, file_name: str, countries: Container[str] | None = None) -> ParsedMessage:
    """Read and check a whole message; raise ValidationFailed listing every problem found."""
    try:
        content = json.loads(text)
    except json.JSONDecodeError as error:
        invalid = _("not valid JSON (line %(line)s, column %(column)s: %(error)s)") % {
            "line": error.lineno, "column": error.colno, "error": error.msg}
        raise ValidationFailed([Problem(file=file_name, message=at_path("$", invalid))]) from None
    reader = _Reader(file_name, countries)
    if not isinstance(content, dict):
        reader.problem("$", _("expected a JSON object"))
        raise ValidationFailed(reader.problems)
    if content.get("format") != FORMAT:
        reader.problem("$.format", _("expected %(format)r") % {"format": FORMAT}, content.get("format"))
    version = content.get("version")
    if version != VERSION or isinstance(version, bool):
        reader.problem("$.version", _("this installation reads version %(version)s only") % {"version": VERSION},
                       version)
    kind = content.get("kind")
    if kind not in KINDS:
        reader.problem("$.kind", _("expected one of %(choices)s") % {"choices": ", ".join(KINDS)}, kind)
    if reader.problems:  # an unknown kind or format: reading on would only list noise
        raise ValidationFailed(reader.problems)
    read: Callable[[_Reader, dict], ParsedMessage] = _read_request if kind == TRACE_REQUEST else _read_response
    parsed = read(reader, content)
    if reader.problems:
        raise ValidationFailed(reader.problems)
    return parsed


def _read_request(reader: _Reader, content: dict) -> ParsedMessage:
    node = reader.object(content, "request", "$")
    path = "$.request"
    fields: dict[str, Any] = {
        "id": reader.uuid(node, "id", path),
        "reference": reader.text(node, "reference", path, required=True),
        "requesting_country": reader.country(node, "requesting_country", path, required=True),
        "requesting_agency": reader.text(node, "requesting_agency", path),
        "recipient_country": reader.country(node, "recipient_country", path, required=True),
        "recipient_agency": reader.text(node, "recipient_agency", path),
        "channel": reader.choice(node, "channel", path, codes.CHANNELS, "national_point_of_contact"),
        "priority": reader.choice(node, "priority", path, codes.PRIORITIES, codes.ROUTINE),
        "illicit_basis": reader.text(node, "illicit_basis", path, required=True),
        "legal_basis": reader.text(node, "legal_basis", path, required=True),
        "intended_use": reader.text(node, "intended_use", path),
        "confidentiality": reader.text(node, "confidentiality", path),
        "language": reader.text(node, "language", path) or "en",
        "sent_on": reader.date(node, "sent_on", path, required=True),
        "due_on": reader.date(node, "due_on", path),
    }
    if fields["sent_on"] and fields["due_on"] and fields["due_on"] < fields["sent_on"]:
        reader.problem(f"{path}.due_on", _("the reply is due before the request was sent"))
    weapon_path = f"{path}.weapon"
    weapon_node = reader.object(node, "weapon", path)
    weapon = {
        "serial_number": reader.text(weapon_node, "serial_number", weapon_path),
        "marking_status": reader.choice(weapon_node, "marking_status", weapon_path, codes.MARKING_STATUSES,
                                        "legible"),
        "manufacturer": reader.text(weapon_node, "manufacturer", weapon_path),
        "model": reader.text(weapon_node, "model", weapon_path),
        "calibre": reader.text(weapon_node, "calibre", weapon_path),
        "weapon_type": reader.text(weapon_node, "weapon_type", weapon_path),
        "country_of_manufacture": reader.country(weapon_node, "country_of_manufacture", weapon_path),
        "year_of_manufacture": reader.year(weapon_node, "year_of_manufacture", weapon_path),
        "other_marks": reader.text(weapon_node, "other_marks", weapon_path),
    }
    if weapon_node and not any(weapon[name] for name in ("serial_number", "manufacturer", "model",
                                                          "other_marks")):
        reader.problem(weapon_path, _("a weapon to trace needs a serial number, maker, model or other marks"))
    seizure_path = f"{path}.seizure"
    seizure_node = reader.object(node, "seizure", path, required=False)
    fields["weapon"] = weapon
    fields["seizure"] = {
        "kind": reader.choice(seizure_node, "kind", seizure_path, codes.SEIZURE_KINDS),
        "date": reader.date(seizure_node, "date", seizure_path),
        "country": reader.country(seizure_node, "country", seizure_path),
        "place": reader.text(seizure_node, "place", seizure_path),
    }
    return ParsedMessage(TRACE_REQUEST, request=fields)


def _read_response(reader: _Reader, content: dict) -> ParsedMessage:
    request_node = reader.object(content, "request", "$")
    request = {"id": reader.uuid(request_node, "id", "$.request"),
               "reference": reader.text(request_node, "reference", "$.request")}
    node = reader.object(content, "response", "$")
    path = "$.response"
    holder = reader.object(node, "last_legal_holder", path, required=False)
    diversion = reader.object(node, "point_of_diversion", path, required=False)
    holder_path, diversion_path = f"{path}.last_legal_holder", f"{path}.point_of_diversion"
    findings = {
        "responder": reader.text(node, "responder", path),
        "responder_country": reader.country(node, "responder_country", path),
        "last_legal_holder_name": reader.text(holder, "name", holder_path),
        "last_legal_holder_country": reader.country(holder, "country", holder_path),
        "diversion_country": reader.country(diversion, "country", diversion_path),
        "diversion_admin1": reader.text(diversion, "admin1", diversion_path),
        "diversion_place": reader.text(diversion, "place", diversion_path),
        "diversion_from": reader.date(diversion, "from", diversion_path),
        "diversion_to": reader.date(diversion, "to", diversion_path),
        "diversion_mechanism": reader.choice(diversion, "mechanism", diversion_path,
                                             outcomes.DIVERSION_MECHANISMS),
        "findings": reader.text(node, "findings", path),
    }
    if findings["diversion_from"] and findings["diversion_to"] and findings["diversion_from"] > findings["diversion_to"]:
        reader.problem(f"{diversion_path}.to", _("the period ends before it starts"))
    response = {
        "id": reader.uuid(node, "id", path),
        "received_on": reader.date(node, "received_on", path, required=True),
        "result": reader.choice(node, "result", path, workflow.REPLY_RESULTS, required=True),
        "findings": findings,
    }
    return ParsedMessage(TRACE_RESPONSE, request=request, response=response)
