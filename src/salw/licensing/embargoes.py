"""UN Security Council arms embargoes as dated entries, and what they mean for one transfer (ATT Article 6(1)).

An embargo covers a country from the day its resolution was adopted to the day it was lifted
(open-ended while in force). What it prohibits depends on its scope:

- ``all``: any supply to anyone in the country. A transfer whose destination (importer,
  consignee, intermediate consignee, end user or transit State) is there must be refused.
- ``non_state``: supplies to non-governmental entities and armed groups; supplies to the
  government are allowed under the regime's notification or exemption procedure. The officer
  must say, in the Article 6(1) note, why this transfer is not covered.
- ``listed``: supplies to the individuals and entities the sanctions committee lists. The officer
  must check every party against the list and say so in the note.

A two-way embargo (``covers_exports_from``) also bans procurement from the country: an import
whose exporter is there is covered in the same way. Pure rules: no Django.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from salw.core.message import Message, gettext_noop
from salw.licensing.domain import DESTINATION_ROLES, EXPORTER

SCOPE_ALL = "all"
SCOPE_NON_STATE = "non_state"
SCOPE_LISTED = "listed"
SCOPES = (SCOPE_ALL, SCOPE_NON_STATE, SCOPE_LISTED)
SCOPE_TEXT = {
    SCOPE_ALL: Message(gettext_noop("every supply to the country is prohibited")),
    SCOPE_NON_STATE: Message(gettext_noop("supplies to non-governmental entities and armed groups are prohibited; "
                                          "supplies to the government only under the regime's notification or "
                                          "exemption procedure")),
    SCOPE_LISTED: Message(gettext_noop("supplies to the individuals and entities listed by the sanctions committee "
                                       "are prohibited")),
}


@dataclass(frozen=True)
class Embargo:
    id: str
    country: str
    regime: str
    resolution: str
    scope: str
    starts_on: date
    ends_on: date | None = None
    covers_exports_from: bool = False
    verified: bool = False

    def in_force_on(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def describe(self) -> str:
        values = {"country": self.country, "resolution": self.resolution, "regime": self.regime,
                  "start": self.starts_on.isoformat()}
        if self.ends_on is None:
            return Message(gettext_noop("UN arms embargo on %(country)s (%(resolution)s, %(regime)s; "
                                        "since %(start)s)"), values)
        return Message(gettext_noop("UN arms embargo on %(country)s (%(resolution)s, %(regime)s; "
                                    "%(start)s to %(end)s)"), {**values, "end": self.ends_on.isoformat()})


@dataclass(frozen=True)
class PartyPlace:
    role: str
    name: str
    country: str


@dataclass(frozen=True)
class EmbargoFinding:
    embargo: Embargo
    party: PartyPlace
    day: date

    @property
    def prohibits(self) -> bool:
        """True when the treaty leaves no choice: the transfer must be refused."""
        return self.embargo.scope == SCOPE_ALL

    @property
    def message(self) -> str:
        values = {"role": self.party.role.replace("_", " "), "name": self.party.name, "country": self.party.country,
                  "embargo": self.embargo.describe(), "day": self.day.isoformat(),
                  "scope": SCOPE_TEXT[self.embargo.scope]}
        if self.embargo.verified:
            return Message(gettext_noop("%(role)s %(name)s (%(country)s): %(embargo)s in force on %(day)s: "
                                        "%(scope)s"), values)
        return Message(gettext_noop("%(role)s %(name)s (%(country)s): %(embargo)s in force on %(day)s: "
                                    "%(scope)s [entry not yet verified against the official list]"), values)


def embargo_findings(embargoes: Iterable[Embargo], parties: Iterable[PartyPlace], day: date) -> list[EmbargoFinding]:
    """Every embargo in force on ``day`` that covers a party of the transfer, prohibitions first."""
    in_force = [embargo for embargo in embargoes if embargo.in_force_on(day)]
    findings = []
    for party in parties:
        for embargo in in_force:
            if embargo.country != party.country:
                continue
            if party.role in DESTINATION_ROLES or (party.role == EXPORTER and embargo.covers_exports_from):
                findings.append(EmbargoFinding(embargo, party, day))
    return sorted(findings, key=lambda finding: (not finding.prohibits, finding.party.role, finding.embargo.country))


def embargo_problems(scope: str, starts_on: date | None, ends_on: date | None, resolution: str) -> list[str]:
    """Why an embargo entry cannot be stored as given."""
    problems = []
    if scope not in SCOPES:
        problems.append(Message(gettext_noop("scope %(scope)r is not one of %(scopes)s"),
                                {"scope": scope, "scopes": ", ".join(SCOPES)}))
    if starts_on is None:
        problems.append(Message(gettext_noop("give the day the embargo was imposed (the resolution's adoption)")))
    if starts_on and ends_on and ends_on < starts_on:
        problems.append(Message(gettext_noop("the embargo would end (%(end)s) before it starts (%(start)s)"),
                                {"end": ends_on, "start": starts_on}))
    if not resolution.strip():
        problems.append(Message(gettext_noop("name the Security Council resolution (e.g. S/RES/2428 (2018))")))
    return problems
