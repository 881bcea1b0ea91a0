"""The records the access matrix reads and writes: the same set in the Eastern and the Northern region.

Everything is made through the services, as an officer would make it. Every Northern record is
named by what would identify it in a response (ids, record ids, serials, references, numbers):
those are the markers that must never reach an Eastern user.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from salw.accounts.domain import TOKEN_SCOPES
from salw.accounts.services import token_create, user_create
from salw.core.access import CAPTURE, VIEW, SystemActor
from salw.core.models import Jurisdiction
from salw.core.roles import ROLE_CHOICES
from salw.licensing import services as licensing
from salw.registry.services import event_record, weapon_register
from salw.reporting.selectors import report_build
from salw.reporting.services import report_snapshot_create
from salw.tracing.services import trace_request_create
from tests.licensing.conftest import assessed, licensed, new_export
from tests.tracing.cases.builders import record_seizure, weapon_item

YEAR = 2023
PASSWORD = "correct-horse-battery"
ROLES = tuple(role for role, _ in ROLE_CHOICES)
# Roles that only ever read get a view assignment; the others capture.
VIEW_ONLY_ROLES = ("analyst", "auditor")


@dataclass
class RegionRecords:
    """One region's records, one of each kind an operation or a page can be about."""

    jurisdiction: Jurisdiction
    weapon: object
    event: object
    seizure: object
    item: object
    trace_request: object
    draft: object  # a licence application still being prepared
    submitted: object
    assessing: object  # under assessment, the assessment complete
    approved: object
    licence: object
    delivery: object
    document: object
    snapshot: object

    def markers(self) -> set[str]:
        """Every string that identifies one of these records in a response."""
        uuids = [self.weapon.id, self.seizure.id, self.item.id, self.trace_request.id, self.delivery.id,
                 self.document.id, self.snapshot.id,
                 *(application.id for application in self.applications())]
        texts = {self.weapon.record_id, self.weapon.serial_number, self.item.serial_number,
                 self.trace_request.reference, self.licence.number, self.delivery.reference,
                 self.document.number, *(application.reference for application in self.applications())}
        return {str(value) for value in uuids} | {value.hex for value in uuids} | {text for text in texts if text}

    def applications(self) -> list:
        return [self.draft, self.submitted, self.assessing, self.approved, self.licence.application]


@dataclass
class World:
    east: RegionRecords
    north: RegionRecords
    users: dict[str, object] = field(default_factory=dict)  # role -> a user holding it in the Eastern region
    tokens: dict[str, str] = field(default_factory=dict)  # role -> that user's token with every scope
    report_cell: tuple[str, str, str] = ("", "", "")  # section, row, column of an Eastern figure


def build_world() -> World:
    actor = SystemActor(name="cli:test")
    eastern = Jurisdiction.objects.get(code="SL-E")
    northern = Jurisdiction.objects.get(code="SL-N")
    world = World(east=_region(actor, eastern, "EAST"), north=_region(actor, northern, "NORTH"))
    for role in ROLES:
        scope = VIEW if role in VIEW_ONLY_ROLES else CAPTURE
        user = user_create(actor=actor, username=f"east-{role}", password=PASSWORD,
                           roles=[(role, eastern, scope)])
        world.users[role] = user
        _, world.tokens[role] = token_create(actor=actor, user=user, scopes=list(TOKEN_SCOPES))
    world.report_cell = _first_figure_with_records(actor, eastern)
    return world


def _region(actor, jurisdiction, mark: str) -> RegionRecords:
    weapon = weapon_register(actor=actor, jurisdiction=jurisdiction, record_id=f"{mark}-REC-1",
                             serial_number=f"{mark}SN4411", manufacturer="Izhmash", model="AKM",
                             weapon_type="sa_assault_rifle", country_of_manufacture="RUS",
                             status="in_service", status_date=date(2012, 5, 1))
    event = event_record(actor=actor, weapon=weapon, event_type="stolen", occurred_on=date(YEAR, 3, 4),
                         note="armoury break-in")
    seizure = record_seizure(actor, jurisdiction, date(YEAR, 4, 2), [weapon_item(f"{mark}SZ9031")],
                             case_reference=f"{mark}-CASE-1")
    item = seizure.items.get()
    trace_request = trace_request_create(actor=actor, item=item, recipient_country="RUS", legal_basis="ITI",
                                         illicit_basis="illicit possession", reference=f"{mark}-TR-1")
    draft = new_export(actor, jurisdiction, reference=f"{mark}-APP-DRAFT")
    document = licensing.end_user_document_add(
        actor=actor, application=draft, document_type="euc", number=f"{mark}-EUC-1",
        issuing_authority="Ministry of Defence", issuing_country="GHA", issued_on=date(YEAR, 1, 5))
    submitted = new_export(actor, jurisdiction, reference=f"{mark}-APP-SUBMITTED")
    licensing.application_submit(actor=actor, application=submitted)
    assessing = assessed(actor, new_export(actor, jurisdiction, reference=f"{mark}-APP-ASSESSING"))
    approved = assessed(actor, new_export(actor, jurisdiction, reference=f"{mark}-APP-APPROVED"))
    licensing.application_decide(actor=actor, application=approved, outcome="approve", reasons="low risk")
    licence = licensed(actor, new_export(actor, jurisdiction, reference=f"{mark}-APP-LICENSED"))
    delivery = licensing.delivery_record(actor=actor, licence=licence, shipped_on=date(YEAR, 3, 1),
                                         reference=f"{mark}-DLV-1", lines=[{"line": 1, "quantity": 2}])
    snapshot = report_snapshot_create(actor=actor, instrument="poa", year=YEAR, jurisdiction=jurisdiction)
    return RegionRecords(jurisdiction=jurisdiction, weapon=weapon, event=event, seizure=seizure, item=item,
                         trace_request=trace_request, draft=draft, submitted=submitted, assessing=assessing,
                         approved=approved, licence=licence, delivery=delivery, document=document,
                         snapshot=snapshot)


def _first_figure_with_records(actor, jurisdiction) -> tuple[str, str, str]:
    report = report_build(actor, instrument="poa", year=YEAR, jurisdiction=jurisdiction)
    for section in report.sections:
        for row in section.rows:
            for column, cell in row.cells.items():
                if cell.record_ids:
                    return section.key, row.key, column
    raise AssertionError("the Eastern records give the PoA report no figure to drill into")
