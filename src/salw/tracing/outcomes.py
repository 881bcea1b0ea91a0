"""Pure rules of a traced weapon's outcome: point of diversion and SDG indicator 16.4.2.

SDG 16.4.2 counts, among the arms seized, found or surrendered in a period, those whose point of
diversion was established or identified, through tracing or by a competent authority by other
means (e.g. intelligence). In outcome codes (domain reference §3): ``diversion_established``
and ``origin_established_other`` count; every other outcome does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from salw.core.message import Message, gettext_noop

DIVERSION_ESTABLISHED = "diversion_established"
ORIGIN_ESTABLISHED_OTHER = "origin_established_other"
LAST_LEGAL_HOLDER = "last_legal_holder"
PARTIAL = "partial"
NO_RECORD = "no_record"
UNIDENTIFIABLE = "unidentifiable"
RESTRICTED = "restricted"
NO_RESPONSE = "no_response"

OUTCOMES = (DIVERSION_ESTABLISHED, ORIGIN_ESTABLISHED_OTHER, LAST_LEGAL_HOLDER, PARTIAL, NO_RECORD,
            UNIDENTIFIABLE, RESTRICTED, NO_RESPONSE)
SDG_NUMERATOR_OUTCOMES = frozenset({DIVERSION_ESTABLISHED, ORIGIN_ESTABLISHED_OTHER})

DIVERSION_MECHANISMS = (
    "stockpile_theft_or_loss",
    "illicit_transfer_or_retransfer",
    "battlefield_capture",
    "civilian_leakage",
    "embezzlement",
    "unknown",
)

ESTABLISHMENT_METHODS = ("registry_record", "trace_response", "manufacturer_records", "other")


@dataclass(frozen=True)
class OutcomeFacts:
    outcome: str
    illicit_origin_established: bool
    establishment_method: str = ""
    diversion_country: str = ""
    diversion_admin1: str = ""
    diversion_place: str = ""
    diversion_from: date | None = None
    diversion_to: date | None = None
    diversion_mechanism: str = ""


def counts_towards_sdg_16_4_2(outcome: str) -> bool:
    return outcome in SDG_NUMERATOR_OUTCOMES


def outcome_problems(facts: OutcomeFacts) -> list[Message]:
    """What makes a coded outcome inconsistent; empty when it can be stored."""
    problems = []
    if facts.outcome not in OUTCOMES:
        return [Message(gettext_noop("unknown outcome %(outcome)r; outcomes: %(outcomes)s"),
                        {"outcome": facts.outcome, "outcomes": ", ".join(OUTCOMES)})]
    if facts.diversion_mechanism and facts.diversion_mechanism not in DIVERSION_MECHANISMS:
        problems.append(Message(gettext_noop("unknown diversion mechanism %(mechanism)r; mechanisms: %(mechanisms)s"),
                                {"mechanism": facts.diversion_mechanism,
                                 "mechanisms": ", ".join(DIVERSION_MECHANISMS)}))
    if facts.establishment_method and facts.establishment_method not in ESTABLISHMENT_METHODS:
        problems.append(Message(gettext_noop("unknown method %(method)r; methods: %(methods)s"),
                                {"method": facts.establishment_method, "methods": ", ".join(ESTABLISHMENT_METHODS)}))
    if facts.diversion_from and facts.diversion_to and facts.diversion_from > facts.diversion_to:
        problems.append(Message(gettext_noop("the diversion period ends before it starts")))
    # The flag and the outcome say the same thing twice; they must not contradict each other,
    # or the indicator would depend on which of the two a report reads.
    if counts_towards_sdg_16_4_2(facts.outcome) and not facts.illicit_origin_established:
        problems.append(Message(gettext_noop("outcome %(outcome)s means the illicit origin is established"),
                                {"outcome": facts.outcome}))
    if not counts_towards_sdg_16_4_2(facts.outcome) and facts.illicit_origin_established:
        problems.append(Message(gettext_noop("outcome %(outcome)s leaves the illicit origin open; "
                                             "use %(established)s or %(other)s"),
                                {"outcome": facts.outcome, "established": DIVERSION_ESTABLISHED,
                                 "other": ORIGIN_ESTABLISHED_OTHER}))
    if facts.illicit_origin_established and not facts.establishment_method:
        problems.append(Message(gettext_noop("say how the illicit origin was established")))
    if facts.outcome == DIVERSION_ESTABLISHED:
        if not (facts.diversion_country or facts.diversion_admin1 or facts.diversion_place):
            problems.append(Message(gettext_noop("an established point of diversion needs a place")))
        if not (facts.diversion_from or facts.diversion_to):
            problems.append(Message(gettext_noop("an established point of diversion needs a date or a period")))
        if not facts.diversion_mechanism:
            problems.append(Message(gettext_noop(
                "an established point of diversion needs a mechanism (use 'unknown' if so)")))
    return problems
